import Foundation
import OCPP
import OCPPRPC
import OCPPTestSupport
import StationStore
import Testing

@testable import ChargingStation

/// Reset (B11 without, B12 with ongoing transactions) against a scripted CSMS, and the reset planner alone.
@Suite struct ResetTests {
    // MARK: the planner

    @Test func planner_immediateEndsEveryTransactionThenRestarts() {
        var planner = ResetPlanner()
        let (status, actions) = planner.request(.immediate, evseId: nil, evseIds: [1, 2], busy: [2, 1])
        #expect(status == .accepted)
        #expect(
            actions == [
                .endTransaction(evseId: 1), .endTransaction(evseId: 2),
                .restartStation(StationReset(type: .immediate, bootReason: .remoteReset)),
            ]
        )
        #expect(planner.transactionEnded(evseId: 1, busy: [2]) == [], "already restarting")
    }

    @Test func planner_onIdleWaitsForTheLastTransaction() {
        var planner = ResetPlanner()
        let (status, actions) = planner.request(.onIdle, evseId: nil, evseIds: [1, 2], busy: [1, 2])
        #expect(status == .scheduled)
        #expect(actions == [.persistSchedule])
        #expect(planner.transactionEnded(evseId: 1, busy: [2]) == [])
        #expect(
            planner.transactionEnded(evseId: 2, busy: [])
                == [.restartStation(StationReset(type: .onIdle, bootReason: .scheduledReset))]
        )
        #expect(planner.request(.immediate, evseId: nil, evseIds: [1, 2], busy: []) == (.accepted, []))
    }

    @Test func planner_onIdleWhenIdleRestartsAtOnce() {
        var planner = ResetPlanner()
        let (status, actions) = planner.request(.onIdle, evseId: 0, evseIds: [1, 2], busy: [])
        #expect(status == .accepted)
        #expect(actions == [.restartStation(StationReset(type: .onIdle, bootReason: .remoteReset))])
    }

    @Test func planner_evseResets() {
        var planner = ResetPlanner()
        #expect(planner.request(.immediate, evseId: 3, evseIds: [1, 2], busy: []) == (.rejected, []))
        #expect(
            planner.request(.onIdle, evseId: 2, evseIds: [1, 2], busy: [1]) == (.accepted, [.evseReset(evseId: 2)])
        )
        #expect(
            planner.request(.immediate, evseId: 1, evseIds: [1, 2], busy: [1])
                == (.accepted, [.endTransaction(evseId: 1), .evseReset(evseId: 1)])
        )
        #expect(planner.request(.onIdle, evseId: 1, evseIds: [1, 2], busy: [1]) == (.scheduled, []))
        #expect(planner.transactionEnded(evseId: 2, busy: [1]) == [])
        #expect(planner.transactionEnded(evseId: 1, busy: []) == [.evseReset(evseId: 1)])
        #expect(!planner.restarting, "an EVSE reset never restarts the station")
    }

    // MARK: against the CSMS

    @Test func TC_B_20_CS_resetOnIdleWithoutTransaction() async throws {
        let store = InMemoryStationStore()
        let clock = ManualClock()
        let h = StationHarness(store: store, clock: clock)
        _ = try await h.bootAccepted()
        let response = try await RemoteControlBlockTests.call(ResetRequest(type: .onIdle), h)
        #expect(response.status == .accepted)
        let reset = await Self.nextReset(h)
        #expect(reset == StationReset(type: .onIdle, bootReason: .remoteReset))
        h.stop()

        // The composition root restarts the station with the boot reason the store remembers.
        let bootReason = try #require(ChargingStation.bootReason(after: store))
        #expect(bootReason == .remoteReset)
        let rebooted = StationHarness(store: store, clock: clock, bootReason: bootReason)
        defer { rebooted.stop() }
        let (id, boot) = try await rebooted.csms.expectCall(BootNotificationRequest.self)
        #expect(boot.reason == .remoteReset)
        try await rebooted.csms.reply(
            to: id,
            with: BootNotificationResponse(currentTime: StationHarness.csmsTime, interval: 3600, status: .accepted)
        )
        let reports = try await rebooted.answerStatusNotifications(count: 2)
        #expect(reports.allSatisfy { $0.connectorStatus == .available })
        #expect(
            await rebooted.until { _ in ChargingStation.bootReason(after: store) == nil },
            "markers cleared once used"
        )
    }

    @Test func TC_B_21_CS_resetOnIdleWithTransactionIsScheduled() async throws {
        let h = StationHarness()
        defer { h.stop() }
        let csms = try await Self.transactionRunning(h)
        let response = try await RemoteControlBlockTests.call(ResetRequest(type: .onIdle), h)
        #expect(response.status == .scheduled)
        #expect(ChargingStation.bootReason(after: h.store) == .scheduledReset, "a restart meanwhile performs it")
        #expect(try h.store.value(forKey: ChargingStation.resetBootReasonKey) == nil, "no restart asked yet")

        h.simulation[evse: 1].ev.unplug()
        let ended = try await csms.acceptEvents { $0.eventType == .ended }
        #expect(ended.transactionInfo.stoppedReason == .evDisconnected, "the transaction ends normally")
        let reset = await Self.nextReset(h)
        #expect(reset == StationReset(type: .onIdle, bootReason: .scheduledReset))
    }

    @Test func TC_B_22_CS_resetImmediateWithTransaction() async throws {
        let h = StationHarness()
        defer { h.stop() }
        let csms = try await Self.transactionRunning(h)
        let response = try await RemoteControlBlockTests.call(ResetRequest(type: .immediate), h)
        #expect(response.status == .accepted)
        let (id, ended) = try await csms.nextTransactionEvent()
        #expect(ended.eventType == .ended)
        #expect(ended.triggerReason == .resetCommand)
        #expect(ended.transactionInfo.stoppedReason == .immediateReset)
        #expect(ended.transactionInfo.chargingState == .evConnected)
        try await h.csms.reply(to: id, with: TransactionEventResponse())
        let reset = await Self.nextReset(h)
        #expect(reset == StationReset(type: .immediate, bootReason: .remoteReset))
        #expect(try h.store.openTransactions().isEmpty, "the Ended event was stored before the restart")
        #expect(ChargingStation.bootReason(after: h.store) == .remoteReset)
    }

    @Test func TC_B_23_CS_unavailablePersistsOverReset() async throws {
        let store = InMemoryStationStore()
        let clock = ManualClock()
        let h = StationHarness(store: store, clock: clock)
        _ = try await h.bootAccepted()
        let change = try await RemoteControlBlockTests.call(
            ChangeAvailabilityRequest(evse: EVSEType(id: 1), operationalStatus: .inoperative),
            h
        )
        #expect(change.status == .accepted)
        let reports = try await h.answerStatusNotifications(count: 1)
        #expect(reports.first?.connectorStatus == .unavailable)
        let response = try await RemoteControlBlockTests.call(ResetRequest(type: .immediate), h)
        #expect(response.status == .accepted)
        #expect(await Self.nextReset(h) == StationReset(type: .immediate, bootReason: .remoteReset))
        h.stop()

        let rebooted = StationHarness(store: store, clock: clock, bootReason: ChargingStation.bootReason(after: store)!)
        defer { rebooted.stop() }
        let (id, boot) = try await rebooted.csms.expectCall(BootNotificationRequest.self)
        #expect(boot.reason == .remoteReset)
        try await rebooted.csms.reply(
            to: id,
            with: BootNotificationResponse(currentTime: StationHarness.csmsTime, interval: 3600, status: .accepted)
        )
        let after = try await rebooted.answerStatusNotifications(count: 2)
        #expect(after.first { $0.evseId == 1 }?.connectorStatus == .unavailable)
        #expect(after.first { $0.evseId == 2 }?.connectorStatus == .available)
    }

    @Test func TC_B_26_CS_evseResetOnIdleWithTransaction() async throws {
        let h = StationHarness()
        defer { h.stop() }
        let csms = try await Self.transactionRunning(h)
        let response = try await RemoteControlBlockTests.call(ResetRequest(type: .onIdle, evseId: 1), h)
        #expect(response.status == .scheduled)
        h.simulation[evse: 1].ev.unplug()
        _ = try await csms.acceptEvents { $0.eventType == .ended }
        #expect(try h.store.value(forKey: ChargingStation.resetBootReasonKey) == nil, "an EVSE reset, not a restart")
    }

    @Test func TC_B_27_CS_evseResetImmediateWithTransaction() async throws {
        let h = StationHarness()
        defer { h.stop() }
        let csms = try await Self.transactionRunning(h)
        let response = try await RemoteControlBlockTests.call(ResetRequest(type: .immediate, evseId: 1), h)
        #expect(response.status == .accepted)
        let ended = try await csms.acceptEvents { $0.eventType == .ended }
        #expect(ended.triggerReason == .resetCommand)
        #expect(ended.transactionInfo.stoppedReason == .immediateReset)
        #expect(ChargingStation.bootReason(after: h.store) == nil, "the station itself is not restarted")
    }

    @Test func resetOfAnUnknownEVSEIsRejected() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await h.bootAccepted()
        let response = try await RemoteControlBlockTests.call(ResetRequest(type: .immediate, evseId: 9), h)
        #expect(response.status == .rejected)
    }

    // MARK: support

    /// Boots, and starts a transaction on EVSE 1 by plugging in (TxStartPoint EVConnected, no periodic values).
    static func transactionRunning(_ h: StationHarness) async throws -> TransactionTests.SessionCSMS {
        _ = try await h.bootAccepted()
        try await TransactionTests.configure(h, start: "EVConnected", txUpdatedInterval: 0)
        let csms = TransactionTests.SessionCSMS(h)
        h.simulation[evse: 1].ev.plugIn()
        let started = try await csms.acceptEvents { $0.eventType == .started }
        #expect(started.triggerReason == .cablePluggedIn)
        // The Occupied StatusNotification may still be on its way; answer it before the test's own CALLs.
        #expect(await h.until { $0.availability.status(evseId: 1) == .occupied })
        return csms
    }

    /// The next restart the station asks for; nil after 5 s of real time (a hang guard).
    static func nextReset(_ h: StationHarness) async -> StationReset? {
        let requests = h.station.resetRequests
        return try? await withDeadline("a restart request", within: .seconds(5)) {
            for await reset in requests { return reset }
            return nil
        }
    }
}
