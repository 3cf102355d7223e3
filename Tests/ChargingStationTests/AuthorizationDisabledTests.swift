import Foundation
import OCPP
import OCPPRPC
import StationStore
import Testing

@testable import ChargingStation

/// Issue 13 item 8: AuthCtrlr.Enabled = false lets a board without a card reader charge on plug-in (Part 2
/// Appendix AuthCtrlr.Enabled; IdTokenEnumType NoAuthorization, "IdToken field SHALL be left empty").
@Suite struct AuthorizationDisabledTests {
    static let noAuthorization = SessionAuthorization(idToken: IdTokenType(idToken: "", type: .noAuthorization))

    static func disableAuthorization(_ h: StationHarness) async throws {
        let results = try await DeviceModelTests.setVariables(
            h,
            [DeviceModelTests.set("AuthCtrlr", "Enabled", "false")]
        )
        #expect(results.map(\.attributeStatus) == [.accepted])
    }

    @Test func AuthCtrlr_Enabled_decidesThePlugInAuthorization() {
        #expect(AuthorizationRules.plugInAuthorization(authorizationEnabled: false) == Self.noAuthorization)
        #expect(AuthorizationRules.plugInAuthorization(authorizationEnabled: true) == nil)
    }

    @Test func AuthCtrlr_Enabled_false_plugInIsAuthorizedWithNoAuthorization() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        // Enabled (the default): a plugged-in vehicle waits for a token or the CSMS.
        #expect(await h.station.plugInAuthorization(evseId: 1) == nil)
        try await Self.disableAuthorization(h)
        #expect(await h.station.deviceModel.authorizationEnabled == false)
        #expect(await h.station.plugInAuthorization(evseId: 1) == Self.noAuthorization)
        #expect(await h.station.plugInAuthorization(evseId: 99) == nil)
    }

    @Test func AuthCtrlr_Enabled_false_sessionChargesAndReportsNoAuthorization() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        try await TransactionTests.configure(h, start: "PowerPathClosed", txUpdatedInterval: 0, alignedInterval: 0)
        try await Self.disableAuthorization(h)
        let csms = TransactionTests.SessionCSMS(h)
        h.simulation[evse: 1].ev.plugIn()
        // The plug-in alone authorizes the session: no token, no Authorize, no RequestStartTransaction.
        let charging = try await TransactionTests().chargingEvent(csms, h)
        #expect(charging.transactionInfo.chargingState == .charging)
        let withToken = csms.events.first { $0.idToken != nil }
        #expect(withToken?.idToken == IdTokenType(idToken: "", type: .noAuthorization))
        // The session has its authorization: a second plug-in decision gives none.
        #expect(await h.station.plugInAuthorization(evseId: 1) == nil)
    }

    @Test func AuthCtrlr_Enabled_false_aTokenReadIsNotAuthorized() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        try await Self.disableAuthorization(h)
        // Online and with an empty cache, yet no AuthorizeRequest: nothing is authorized while disabled.
        let decision = await h.station.authorizationDecision(
            IdTokenType(idToken: "ANY-CARD", type: .iso14443),
            evseId: 1
        )
        #expect(decision.info.status == .accepted)
        #expect(decision.source == .authorizationDisabled)
        await h.csms.expectSilence()
        #expect(try h.store.authorizationCacheCount() == 0)
    }
}
