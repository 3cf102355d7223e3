import Foundation
import HAL
import HALSimulated
import OCPP
import OCPPRPC
import OCPPTestSupport
import Testing

@testable import ChargingStation

/// External limits (K11-K13) on a station with the simulated board, a scripted CSMS and a manual clock: a
/// limit set the way the control socket, a Modbus register or an input sets it (`setExternalLimit`) reaches
/// the pilot, and the CSMS hears of it (NotifyChargingLimit, ClearedChargingLimit, TransactionEvent
/// ChargingRateChanged) and sees it (GetChargingProfiles, GetCompositeSchedule).
@Suite struct ExternalLimitsTests {
    typealias S = SmartChargingTests

    /// What the station sent while the test waited, answered as a CSMS answers.
    struct Sent {
        var notified: [NotifyChargingLimitRequest] = []
        var cleared: [ClearedChargingLimitRequest] = []
        var events: [TransactionEventRequest] = []
    }

    /// Reads and answers the station's CALLs until `done` holds for what came.
    static func receive(_ h: StationHarness, until done: (Sent) -> Bool) async throws -> Sent {
        var sent = Sent()
        while !done(sent) {
            let frame = try await h.csms.nextFrame()
            guard case .call(let id, let action, let payload) = frame else { continue }
            switch action {
            case OCPPAction.notifyChargingLimit.rawValue:
                sent.notified.append(try NotifyChargingLimitRequest(json: payload))
                try await h.csms.reply(to: id, with: NotifyChargingLimitResponse())
            case OCPPAction.clearedChargingLimit.rawValue:
                sent.cleared.append(try ClearedChargingLimitRequest(json: payload))
                try await h.csms.reply(to: id, with: ClearedChargingLimitResponse())
            case OCPPAction.transactionEvent.rawValue:
                sent.events.append(try TransactionEventRequest(json: payload))
                try await h.csms.reply(to: id, with: TransactionEventResponse())
            case OCPPAction.statusNotification.rawValue:
                try await h.csms.reply(to: id, with: StatusNotificationResponse())
            default:
                Issue.record("unexpected CALL \(action)")
            }
        }
        return sent
    }

    static func setVariable(
        _ h: StationHarness,
        _ name: String,
        _ value: String
    ) async throws -> SetVariableStatusEnumType? {
        let request = SetVariablesRequest(setVariableData: [
            SetVariableDataType(
                attributeValue: value,
                component: ComponentType(name: "SmartChargingCtrlr"),
                variable: VariableType(name: name)
            )
        ])
        return try await S.send(h, request).setVariableResult.first?.attributeStatus
    }

    static func ems(_ limit: Double, evse: Int = 1, unit: ChargingRateUnitEnumType = .a) -> ExternalLimitSignal {
        ExternalLimitSignal(origin: "control:evse\(evse)", source: .ems, evseId: evse, limit: limit, unit: unit)
    }

    // MARK: K12 without a transaction

    @Test func TC_K_52_CS_anExternalLimitWithoutATransactionIsNotifiedAndReportedAsExternalConstraints() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await h.bootAccepted()
        #expect(await h.station.setExternalLimit(Self.ems(20, evse: 0)) == .applied(notified: true))
        let sent = try await Self.receive(h) { !$0.notified.isEmpty }
        #expect(sent.notified.first?.chargingLimit.chargingLimitSource == .ems)
        #expect(sent.notified.first?.evseId == nil)

        let get = try await S.send(
            h,
            GetChargingProfilesRequest(
                requestId: 52,
                chargingProfile: ChargingProfileCriterionType(chargingLimitSource: [.ems])
            )
        )
        #expect(get.status == .accepted)
        let (id, report) = try await h.csms.expectCall(ReportChargingProfilesRequest.self)
        try await h.csms.reply(to: id, with: ReportChargingProfilesResponse())
        #expect(report.requestId == 52)
        #expect(report.chargingLimitSource == .ems)
        #expect(report.evseId == 0)
        #expect(report.chargingProfile.map(\.chargingProfilePurpose) == [.chargingStationExternalConstraints])
        #expect(report.chargingProfile.first?.chargingSchedule.first?.chargingSchedulePeriod.first?.limit == 20)
        #expect(report.tbc == nil)

        // The CSMS's own source has none.
        let cso = try await S.send(
            h,
            GetChargingProfilesRequest(
                requestId: 53,
                chargingProfile: ChargingProfileCriterionType(chargingLimitSource: [.cso])
            )
        )
        #expect(cso.status == .noProfiles)
    }

    @Test func K08_theCompositeScheduleIncludesTheExternalLimit() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await h.bootAccepted()
        await h.station.setExternalLimit(Self.ems(13, evse: 2))
        _ = try await Self.receive(h) { !$0.notified.isEmpty }
        let composite = try await S.send(h, GetCompositeScheduleRequest(duration: 600, chargingRateUnit: .a, evseId: 2))
        #expect(composite.status == .accepted)
        #expect(composite.schedule?.chargingSchedulePeriod.map(\.limit) == [13])
        #expect(await h.station.evseStates[2]?.chargingLimit == 13, "the limit the pilot gets when a session starts")
    }

    // MARK: K11 with a transaction, K13 released

    @Test func K11_FR_01_02_03_04_anExternalLimitMidSessionLowersThePilotAndTheCSMSHearsOfIt() async throws {
        let h = StationHarness(evse: SimulatedEVSE.Configuration(phases: 3))
        defer { h.stop() }
        _ = try await SafetyTests.charging(h)
        #expect(try await Self.setVariable(h, "NotifyChargingLimitWithSchedules", "true") == .accepted)
        try await S.boardOffers(h, 32)

        #expect(await h.station.setExternalLimit(Self.ems(10)) == .applied(notified: true))
        // K11.FR.01: no faster than the limit, on the pilot within the command queue's turn.
        try await S.boardOffers(h, 10)
        let sent = try await Self.receive(h) { !$0.notified.isEmpty && !$0.events.isEmpty }
        let notified = try #require(sent.notified.first)
        #expect(notified.evseId == 1)
        #expect(notified.chargingLimit.chargingLimitSource == .ems, "K11.FR.05: never CSO")
        #expect(notified.chargingSchedule?.first?.chargingSchedulePeriod.first?.limit == 10, "K11.FR.03")
        let event = try #require(sent.events.first)
        #expect(event.eventType == .updated)
        #expect(event.triggerReason == .chargingRateChanged, "K11.FR.04: 32 A -> 10 A")
        await h.advance(seconds: 3)
        #expect(abs(h.simulation[evse: 1].ev.power - 10 * 230 * 3) < 1, "the EV draws what the limit allows")

        // K13: the limit goes; the pilot comes back; ClearedChargingLimit and ChargingRateChanged.
        #expect(await h.station.clearExternalLimit(origin: "control:evse1") == .cleared)
        try await S.boardOffers(h, 32)
        let after = try await Self.receive(h) { !$0.cleared.isEmpty && !$0.events.isEmpty }
        #expect(after.cleared.first == ClearedChargingLimitRequest(chargingLimitSource: .ems, evseId: 1), "K13.FR.02")
        #expect(after.events.first?.triggerReason == .chargingRateChanged, "K13.FR.03")
        #expect(after.notified.isEmpty)
    }

    @Test func K11_FR_02_K11_FR_04_aChangeWithinLimitChangeSignificanceIsAppliedButNotReported() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await SafetyTests.charging(h)
        #expect(try await Self.setVariable(h, "LimitChangeSignificance", "20") == .accepted)
        await h.station.setExternalLimit(Self.ems(20))
        _ = try await Self.receive(h) { !$0.notified.isEmpty && !$0.events.isEmpty }
        try await S.boardOffers(h, 20)

        // 20 -> 17: 15 %, within 20 %: the pilot follows, the CSMS is not told.
        #expect(await h.station.setExternalLimit(Self.ems(17)) == .applied(notified: false))
        try await S.boardOffers(h, 17)
        await h.csms.expectSilence()

        // 20 (last told) -> 15: 25 %: NotifyChargingLimit. The transaction's rate goes 17 -> 15 A, 11.8 %:
        // within 20 %, so no ChargingRateChanged (K11.FR.04 compares the rate, which last moved to 17).
        #expect(await h.station.setExternalLimit(Self.ems(15)) == .applied(notified: true))
        let sent = try await Self.receive(h) { !$0.notified.isEmpty }
        #expect(sent.notified.first?.chargingSchedule == nil, "NotifyChargingLimitWithSchedules is false")
        #expect(sent.events.isEmpty)
        try await S.boardOffers(h, 15)
    }

    @Test func externalControlSignalsEnabledFalseLiftsTheLimitsInForceAndIgnoresNewOnes() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await SafetyTests.charging(h)
        await h.station.setExternalLimit(Self.ems(8))
        try await S.boardOffers(h, 8)
        _ = try await Self.receive(h) { !$0.notified.isEmpty && !$0.events.isEmpty }

        // Switched off: the limit in force no longer counts, at once.
        #expect(try await Self.setVariable(h, "ExternalControlSignalsEnabled", "false") == .accepted)
        try await S.boardOffers(h, 32)
        let lifted = try await Self.receive(h) { !$0.events.isEmpty }
        #expect(lifted.events.first?.triggerReason == .chargingRateChanged)
        #expect(await h.station.setExternalLimit(Self.ems(6)) == .ignored)
        await h.advance(seconds: 1)
        try await S.boardOffers(h, 32)
        await h.csms.expectSilence()
        let composite = try await S.send(h, GetCompositeScheduleRequest(duration: 60, chargingRateUnit: .a, evseId: 1))
        #expect(composite.schedule?.chargingSchedulePeriod.map(\.limit) == [32])
    }

    @Test func theSmallestOfTheCSMSsProfileAndTheExternalLimitReachesThePilot() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await SafetyTests.charging(h)
        let profile = S.profile(id: 7, purpose: .txDefaultProfile, start: await S.now(h), periods: [(0, 16)])
        #expect(try await S.send(h, SetChargingProfileRequest(evseId: 1, chargingProfile: profile)).status == .accepted)
        try await S.boardOffers(h, 16)
        // A station-wide 4.6 kW (6.6 A on 3 phases at 230 V) from the grid operator is below the profile.
        let so = ExternalLimitSignal(origin: "input:ripple", source: .so, evseId: 0, limit: 4600, unit: .w)
        #expect(await h.station.setExternalLimit(so) == .applied(notified: true))
        try await S.boardOffers(h, 6.6)
        let sent = try await Self.receive(h) { !$0.notified.isEmpty && !$0.events.isEmpty }
        #expect(sent.notified.first?.chargingLimit.chargingLimitSource == .so)
        #expect(await h.station.clearExternalLimit(origin: "input:ripple") == .cleared)
        try await S.boardOffers(h, 16)
    }

    // MARK: the SmartChargingCtrlr variables

    @Test func smartChargingCtrlrVariablesHaveTheirMutability() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await h.bootAccepted()
        for (name, value) in [
            ("LimitChangeSignificance", "5"), ("NotifyChargingLimitWithSchedules", "true"),
            ("ExternalControlSignalsEnabled", "true"), ("Enabled", "true"),
        ] {
            #expect(try await Self.setVariable(h, name, value) == .accepted, "\(name) is the CSMS's to change")
        }
        for (name, value) in [
            ("PeriodsPerSchedule", "5"), ("ProfileStackLevel", "3"), ("RateUnit", "A"), ("Phases3to1", "true"),
        ] {
            #expect(try await Self.setVariable(h, name, value) == .rejected, "\(name) is read-only")
        }
        #expect(try await Self.setVariable(h, "LimitChangeSignificance", "-1") == .rejected, "a percentage")
        let get = try await S.send(
            h,
            GetVariablesRequest(getVariableData: [
                GetVariableDataType(
                    component: ComponentType(name: "SmartChargingCtrlr"),
                    variable: VariableType(name: "Entries", instance: "ChargingProfiles")
                ),
                GetVariableDataType(
                    component: ComponentType(name: "SmartChargingCtrlr"),
                    variable: VariableType(name: "LimitChangeSignificance")
                ),
            ])
        )
        #expect(get.getVariableResult.map(\.attributeValue) == ["0", "5"])
    }
}
