import Foundation
import HALSimulated
import OCPP
import OCPPRPC
import OCPPTestSupport
import Testing

@testable import ChargingStation

/// Smart charging use cases that span several messages (Part 2 K02, K06, K07), on the simulated board with a
/// scripted CSMS and a manual clock: what the pilot offers as the CSMS's profiles, the link and the clock change.
@Suite struct SmartChargingUseCaseTests {
    typealias S = SmartChargingTests

    /// K02 Central Smart Charging: the CSMS sends a TxProfile for the running transaction; the pilot follows it
    /// at once and at each of its period boundaries, and the CSMS can read the result back.
    @Test func K02_aTxProfileDuringATransactionDrivesThePilotPeriodByPeriod() async throws {
        let h = StationHarness(evse: SimulatedEVSE.Configuration(phases: 3))
        defer { h.stop() }
        _ = try await SafetyTests.charging(h)
        try await S.boardOffers(h, 32)
        let transactionId = try #require(await h.station.evseStates[1]?.running?.transactionId)
        let profile = S.profile(
            id: 20,
            purpose: .txProfile,
            start: await S.now(h),
            periods: [(0, 8), (30, 12)],
            transactionId: transactionId
        )
        #expect(try await S.send(h, SetChargingProfileRequest(evseId: 1, chargingProfile: profile)).status == .accepted)
        try await S.boardOffers(h, 8)
        let composite = try await S.send(h, GetCompositeScheduleRequest(duration: 60, chargingRateUnit: .a, evseId: 1))
        #expect(composite.schedule?.chargingSchedulePeriod.map(\.limit) == [8, 12])
        await h.advance(seconds: 31)
        try await S.boardOffers(h, 12)
        await h.advance(seconds: 2)
        #expect(abs(h.simulation[evse: 1].ev.power - 12 * 230 * 3) < 1, "the 11 kW EV draws the 12 A offered")
    }

    /// K06 Offline Behavior Smart Charging During Transaction: with the CSMS gone, the installed profiles go on
    /// limiting the transaction and their period boundaries still take effect (the schedule is local; the
    /// timer runs on the station's clock, not on the link).
    @Test func K06_profilesKeepApplyingAndBoundariesTakeEffectWhileOffline() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await SafetyTests.charging(h)
        let profile = S.profile(id: 6, purpose: .txDefaultProfile, start: await S.now(h), periods: [(0, 16), (60, 8)])
        #expect(try await S.send(h, SetChargingProfileRequest(evseId: 1, chargingProfile: profile)).status == .accepted)
        try await S.boardOffers(h, 16)

        h.link.disconnect()
        #expect(await h.until { $0.isOnline == false })
        await h.advance(seconds: 30)
        try await S.boardOffers(h, 16)
        #expect(await h.station.evseStates[1]?.running != nil, "the transaction goes on offline")
        await h.advance(seconds: 31)
        try await S.boardOffers(h, 8)
        await h.advance(seconds: 2)
        #expect(h.simulation[evse: 1].ev.power > 0)
        #expect(h.simulation[evse: 1].ev.power <= 8 * 230 * 3 + 1)
    }

    /// K07 Offline Behavior Smart Charging at Start of Transaction: a transaction that starts while the CSMS is
    /// unreachable is limited by the TxDefaultProfile installed before (no TxProfile can come for it).
    @Test func K07_aTransactionStartedOfflineIsLimitedByTheTxDefaultProfile() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await h.bootAccepted()
        try await TransactionTests.configure(h, start: "PowerPathClosed", txUpdatedInterval: 0, alignedInterval: 0)
        try await AuthorizationDisabledTests.disableAuthorization(h)
        let profile = S.profile(id: 7, purpose: .txDefaultProfile, start: await S.now(h), periods: [(0, 10)])
        #expect(try await S.send(h, SetChargingProfileRequest(evseId: 0, chargingProfile: profile)).status == .accepted)

        h.link.disconnect()
        #expect(await h.until { $0.isOnline == false })
        h.simulation[evse: 1].ev.plugIn()
        let ticker = Task { for _ in 0..<10 { await h.advance(seconds: 1) } }
        defer { ticker.cancel() }
        try await S.boardOffers(h, 10)
        #expect(await h.until("the transaction started offline") { $0.evseStates[1]?.running != nil })
    }

    /// Absolute schedules are in the CSMS's time: when a Heartbeat corrects the station's clock, the period in
    /// force is the one of the corrected time (the limits are applied again at once).
    @Test func K01_anAbsoluteSchedulesActivePeriodFollowsTheClockTheCSMSSets() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await SafetyTests.charging(h)
        let start = await S.now(h)
        let profile = S.profile(id: 8, purpose: .txDefaultProfile, start: start, periods: [(0, 16), (3600, 8)])
        #expect(try await S.send(h, SetChargingProfileRequest(evseId: 1, chargingProfile: profile)).status == .accepted)
        try await S.boardOffers(h, 16)

        let trigger = try await S.send(h, TriggerMessageRequest(requestedMessage: .heartbeat))
        #expect(trigger.status == .accepted)
        let (id, _) = try await h.csms.expectCall(HeartbeatRequest.self)
        try await h.csms.reply(to: id, with: HeartbeatResponse(currentTime: start.addingTimeInterval(3700)))
        try await S.boardOffers(h, 8)
    }
}
