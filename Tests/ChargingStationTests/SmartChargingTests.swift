import Foundation
import HAL
import HALSimulated
import OCPP
import OCPPRPC
import OCPPTestSupport
import StationStore
import Testing

@testable import ChargingStation

/// Smart charging (K) against a scripted CSMS on a manual clock, with the simulated board: what a profile does
/// to the pilot and the meter, profiles over a restart, a remote start with a profile, and the reports.
@Suite struct SmartChargingTests {
    typealias D = SmartChargingDecisionTests

    /// Sends `request` and decodes the station's answer.
    static func send<R: OCPPRequest>(
        _ h: StationHarness,
        _ request: R,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> R.Response {
        let frame = try await h.csms.call(request)
        guard case .callResult(_, let payload) = frame else {
            Issue.record("\(R.action.rawValue) answered \(frame.encoded())", sourceLocation: sourceLocation)
            throw ScriptedCSMS.Timeout()
        }
        return try R.Response(json: payload)
    }

    /// The station's time now (the harness's wall clock, corrected by the CSMS's time at boot).
    static func now(_ h: StationHarness) async -> Date { await h.station.now }

    static func profile(
        id: Int,
        purpose: ChargingProfilePurposeEnumType,
        start: Date,
        periods: [(Int, Double)],
        transactionId: String? = nil,
        stackLevel: Int = 0
    ) -> ChargingProfileType {
        D.profile(
            id: id,
            stackLevel: stackLevel,
            purpose: purpose,
            start: start,
            periods: periods,
            transactionId: transactionId
        )
    }

    /// Lets the board's command queue and a meter poll run: one second of the manual clock.
    static func oneSecond(_ h: StationHarness) async { await h.advance(seconds: 1) }

    static func boardOffers(_ h: StationHarness, _ amps: Double?) async throws {
        let board = h.simulation[evse: 1].board
        try await wait(until: "the pilot to offer \(amps.map { "\($0) A" } ?? "nothing")", within: .seconds(5)) {
            board.offeredCurrent == amps
        }
    }

    // MARK: limits reach the pilot

    @Test func TC_K_60_CS_aTxProfileReachesThePilotWithinASecondAndTheMeterShowsIt() async throws {
        let h = StationHarness(evse: SimulatedEVSE.Configuration(phases: 3))
        defer { h.stop() }
        let csms = try await SafetyTests.charging(h)
        #expect(h.simulation[evse: 1].board.offeredCurrent == 32)
        let transactionId = try #require(await h.station.evseStates[1]?.running?.transactionId)
        let profile = Self.profile(
            id: 10,
            purpose: .txProfile,
            start: await Self.now(h),
            periods: [(0, 10)],
            transactionId: transactionId
        )

        let sent = ContinuousClock.now
        let response = try await Self.send(h, SetChargingProfileRequest(evseId: 1, chargingProfile: profile))
        #expect(response.status == .accepted)
        // Applied on the station before the answer left it; the board follows through its command queue.
        #expect(await h.station.evseStates[1]?.chargingLimit == 10)
        #expect(await h.station.evseStates[1]?.offeredCurrent == 10)
        try await Self.boardOffers(h, 10)
        print("SetChargingProfile -> pilot 10 A on the simulated board: \(ContinuousClock.now - sent) (real time)")
        await h.advance(seconds: 3)
        let power = h.simulation[evse: 1].ev.power
        #expect(abs(power - 10 * 230 * 3) < 1, "the EV draws what is offered on its 3 phases: \(power) W")
        let reading = try await h.simulation[evse: 1].meter.read()
        #expect(abs(reading.activePower - power) < 1, "the meter shows it")
        _ = csms
    }

    @Test func TC_K_28_CS_aTxDefaultProfileLimitsTheRunningTransaction() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await SafetyTests.charging(h)
        let profile = Self.profile(id: 3, purpose: .txDefaultProfile, start: await Self.now(h), periods: [(0, 16)])
        #expect(
            try await Self.send(h, SetChargingProfileRequest(evseId: 0, chargingProfile: profile)).status == .accepted
        )
        try await Self.boardOffers(h, 16)
    }

    @Test func TC_K_09_CS_clearingTheTxDefaultProfileDuringATransactionLiftsItsLimit() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await SafetyTests.charging(h)
        let profile = Self.profile(id: 3, purpose: .txDefaultProfile, start: await Self.now(h), periods: [(0, 12.37)])
        #expect(
            try await Self.send(h, SetChargingProfileRequest(evseId: 1, chargingProfile: profile)).status == .accepted
        )
        try await Self.boardOffers(h, 12.3)
        let cleared = try await Self.send(
            h,
            ClearChargingProfileRequest(
                chargingProfileCriteria: ClearChargingProfileType(chargingProfilePurpose: .txDefaultProfile)
            )
        )
        #expect(cleared.status == .accepted)
        try await Self.boardOffers(h, 32)
        let again = try await Self.send(h, ClearChargingProfileRequest(chargingProfileId: 3))
        #expect(again.status == .unknown)
    }

    @Test func belowSixAmpsTheSessionPausesAndResumesAtThePeriodBoundary() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await SafetyTests.charging(h)
        let start = await Self.now(h)
        let profile = Self.profile(id: 4, purpose: .txDefaultProfile, start: start, periods: [(0, 5.5), (60, 16)])
        #expect(
            try await Self.send(h, SetChargingProfileRequest(evseId: 1, chargingProfile: profile)).status == .accepted
        )
        try await Self.boardOffers(h, nil)
        #expect(h.simulation[evse: 1].board.dutyCycle == 100, "a steady pilot, not state F")
        await h.advance(seconds: 2)
        #expect(h.simulation[evse: 1].ev.power == 0)
        #expect(await h.station.evseStates[1]?.running != nil, "paused, not ended")
        // The boundary at 60 s is a timer of its own (data, on the manual clock).
        let wait = try #require(await h.scheduled(.chargingLimit))
        #expect(wait <= .seconds(58))
        await h.advance(seconds: 58)
        try await Self.boardOffers(h, 16)
        await h.advance(seconds: 2)
        #expect(h.simulation[evse: 1].ev.power > 0)
    }

    // MARK: K01 over a restart

    @Test func TC_K_13_CS_profilesSurviveARebootOfTheStore() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("profiles-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("station.sqlite").path
        let clock = ManualClock()
        let max = Self.profile(
            id: 21,
            purpose: .chargingStationMaxProfile,
            start: StationHarness.csmsTime,
            periods: [(0, 20)]
        )
        do {
            let h = StationHarness(store: try SQLiteStationStore(path: path), clock: clock)
            _ = try await h.bootAccepted()
            #expect(
                try await Self.send(h, SetChargingProfileRequest(evseId: 0, chargingProfile: max)).status == .accepted
            )
            h.stop()
        }
        let h = StationHarness(store: try SQLiteStationStore(path: path), clock: clock, bootReason: .powerUp)
        defer { h.stop() }
        let csms = try await TransactionTests.chargingSession(h, start: "EVConnected")
        // The profile read back from the store limits the first session after the restart.
        try await Self.boardOffers(h, 20)
        let get = try await Self.send(h, GetChargingProfilesRequest(requestId: 5, evseId: 0, chargingProfile: .init()))
        #expect(get.status == .accepted)
        let (id, report) = try await h.csms.expectCall(ReportChargingProfilesRequest.self)
        try await h.csms.reply(to: id, with: ReportChargingProfilesResponse())
        #expect(report.chargingProfile == [max])
        #expect(report.evseId == 0)
        _ = csms
    }

    // MARK: K05 remote start with a profile

    @Test func TC_K_37_CS_remoteStartWithAChargingProfileLimitsItsTransaction() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await h.bootAccepted()
        try await TransactionTests.configure(h, start: "EVConnected", txUpdatedInterval: 0, alignedInterval: 0)
        let csms = TransactionTests.SessionCSMS(h)
        h.simulation[evse: 1].ev.plugIn()
        let (startedId, _) = try await csms.nextTransactionEvent()
        try await h.csms.reply(to: startedId, with: TransactionEventResponse())
        let profile = D.profile(id: 30, purpose: .txProfile, kind: .relative, periods: [(0, 6)])
        let token = IdTokenType(idToken: "REMOTE-K37", type: .central)
        let start = try await Self.send(
            h,
            RequestStartTransactionRequest(evseId: 1, idToken: token, remoteStartId: 37, chargingProfile: profile)
        )
        #expect(start.status == .accepted)
        _ = try await TransactionTests().chargingEvent(csms, h)
        try await Self.boardOffers(h, 6)
        let get = try await Self.send(
            h,
            GetChargingProfilesRequest(requestId: 37, chargingProfile: .init(chargingProfileId: [30]))
        )
        #expect(get.status == .accepted)
        let (id, report) = try await h.csms.expectCall(ReportChargingProfilesRequest.self)
        try await h.csms.reply(to: id, with: ReportChargingProfilesResponse())
        let transactionId = await h.station.evseStates[1]?.running?.transactionId
        #expect(report.chargingProfile.map(\.transactionId) == [transactionId])
        #expect(report.evseId == 1)

        // The TxProfile goes with its transaction (K01): the session ends, the profile is gone.
        h.simulation[evse: 1].ev.unplug()
        _ = try await csms.acceptEvents { $0.eventType == .ended }
        #expect(await h.until("the TxProfile removed") { $0.installedProfiles().isEmpty })
    }

    @Test func K05_aRemoteStartWithAProfileThatIsNotATxProfileIsRejected() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await h.bootAccepted()
        let profile = D.profile(id: 31, purpose: .txDefaultProfile, kind: .relative, periods: [(0, 6)])
        let response = try await Self.send(
            h,
            RequestStartTransactionRequest(
                evseId: 1,
                idToken: IdTokenType(idToken: "R", type: .central),
                remoteStartId: 1,
                chargingProfile: profile
            )
        )
        #expect(response.status == .rejected)
        #expect(await h.station.evseStates[1]?.startingRemotely == false)
    }

    @Test func TC_K_38_CS_withSmartChargingOffTheProfileOfARemoteStartIsIgnored() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await h.bootAccepted()
        let off = SetVariablesRequest(setVariableData: [
            SetVariableDataType(
                attributeValue: "false",
                component: ComponentType(name: "SmartChargingCtrlr"),
                variable: VariableType(name: "Enabled")
            )
        ])
        #expect(try await Self.send(h, off).setVariableResult.first?.attributeStatus == .accepted)
        let set = try await Self.send(h, SetChargingProfileRequest(evseId: 1, chargingProfile: D.profile(id: 39)))
        #expect(set.status == .rejected, "SetChargingProfile is refused while Smart Charging is off")
        let profile = D.profile(id: 38, purpose: .txProfile, kind: .relative, periods: [(0, 6)])
        let response = try await Self.send(
            h,
            RequestStartTransactionRequest(
                evseId: 1,
                idToken: IdTokenType(idToken: "R38", type: .central),
                remoteStartId: 38,
                chargingProfile: profile
            )
        )
        #expect(response.status == .accepted)
        #expect(await h.station.evseStates[1]?.remoteStartProfile == nil)
        #expect(await h.station.installedProfiles().isEmpty)
    }

    // MARK: K08 over the wire

    @Test func TC_K_41_CS_theCompositeScheduleOverTheWireInWatts() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await h.bootAccepted()
        let now = await Self.now(h)
        let max = Self.profile(
            id: 1,
            purpose: .chargingStationMaxProfile,
            start: now,
            periods: [(0, 22_080), (600, 6_900)]
        )
        .with { $0.chargingSchedule[0].chargingRateUnit = .w }
        let txDefault = Self.profile(id: 2, purpose: .txDefaultProfile, start: now, periods: [(0, 16)])
        #expect(try await Self.send(h, SetChargingProfileRequest(evseId: 0, chargingProfile: max)).status == .accepted)
        #expect(
            try await Self.send(h, SetChargingProfileRequest(evseId: 1, chargingProfile: txDefault)).status == .accepted
        )
        let response = try await Self.send(
            h,
            GetCompositeScheduleRequest(duration: 1200, chargingRateUnit: .w, evseId: 1)
        )
        #expect(response.status == .accepted)
        let periods = response.schedule?.chargingSchedulePeriod.map { [Double($0.startPeriod), $0.limit] }
        #expect(periods == [[0, 11_040], [600, 6_900]])
        #expect(response.schedule?.scheduleStart == now)
    }
}
