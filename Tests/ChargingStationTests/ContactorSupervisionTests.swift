import Foundation
import HAL
import HALSimulated
import OCPP
import Testing

@testable import ChargingStation

/// Contactor supervision: between commands, the feedback is checked on every meter poll, so a contactor
/// that closes or opens on its own faults its EVSE within a tick.
@Suite(.timeLimit(.minutes(1)))
struct ContactorSupervisionTests {
    typealias SessionCSMS = TransactionTests.SessionCSMS

    /// Expects the next CALL to be a StatusNotification for `evseId` with `status`, and answers it.
    static func expectStatus(
        _ h: StationHarness,
        evseId: Int,
        _ status: ConnectorStatusEnumType,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let (id, report) = try await h.csms.expectCall(StatusNotificationRequest.self, sourceLocation: sourceLocation)
        #expect(report.evseId == evseId, sourceLocation: sourceLocation)
        #expect(report.connectorStatus == status, sourceLocation: sourceLocation)
        try await h.csms.reply(to: id, with: StatusNotificationResponse())
    }

    static func faults(_ h: StationHarness, evseId: Int) async -> [String]? {
        await h.station.statusSnapshot().evses.first { $0.id == evseId }?.faults
    }

    @Test func aContactorClosingOnItsOwnFaultsTheIdleEVSE() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await h.bootAccepted()
        h.simulation[evse: 1].contactor.injectFault(.stuckClosed)
        await TransactionTests.advance(h, seconds: 1)
        try await Self.expectStatus(h, evseId: 1, .faulted)
        // Reported once: later ticks neither report again nor command the coil.
        await TransactionTests.advance(h, seconds: 3)
        await h.csms.expectSilence()
        #expect(await Self.faults(h, evseId: 1) == ["contactor-welded", "contactor-failed-to-open"])
        #expect(h.simulation[evse: 1].contactor.commandedState == .open)
        #expect(await h.station.contactorAlarms[1] == .closedWhileOpen)
        // No energy is offered there: a session goes to the other EVSE, which is untouched.
        #expect(await h.station.offeredCurrent[1] == nil)
        #expect(await h.station.evseForNewSession() == 2)
        #expect(await Self.faults(h, evseId: 2) == [])
        #expect(await h.station.availability.status(evseId: 2) == .available)
    }

    @Test func aContactorDroppingOutEndsTheSessionAndFaultsTheEVSE() async throws {
        let h = StationHarness()
        defer { h.stop() }
        let csms = try await SafetyTests.charging(h)
        h.simulation[evse: 1].contactor.injectFault(.stuckOpen)  // the coil supply is lost
        let ticker = Task { await TransactionTests.advance(h, seconds: 5) }
        defer { ticker.cancel() }
        let ended = try await csms.acceptEvents { $0.eventType == .ended }
        #expect(ended.triggerReason == .abnormalCondition)
        #expect(ended.transactionInfo.stoppedReason == .other)
        #expect(ended.meterValue?.isEmpty == false, "the Ended event carries the final reading")
        // Every event of the transaction was recorded and delivered, in order, none lost.
        TransactionTests.expectOneContiguousTransaction(csms.events)
        #expect(try h.store.openTransactions().isEmpty)
        #expect(await h.until { (try? $0.store.oldestQueuedMessage()) == nil })
        if !csms.statuses.contains(where: { $0.evseId == 1 && $0.connectorStatus == .faulted }) {
            try await Self.expectStatus(h, evseId: 1, .faulted)
        }
        #expect(await h.station.availability.status(evseId: 1) == .faulted)
        #expect(await Self.faults(h, evseId: 1) == ["contactor-opened"])
        // The offer is withdrawn and the coil released; the other EVSE is untouched.
        #expect(await h.until { $0.offeredCurrent[1] == nil })
        #expect(
            await h.until("the contactor of EVSE 1 open and idle") {
                $0.evseStates[1]?.transaction.facts.powerPathClosed == false
                    && $0.evseStates[1]?.contactor.commandsInFlight == 0
            }
        )
        #expect(h.simulation[evse: 1].contactor.commandedState == .open)
        #expect(h.simulation[evse: 1].ev.power == 0)
        #expect(csms.statuses.allSatisfy { $0.evseId == 1 })
        #expect(await Self.faults(h, evseId: 2) == [])
    }

    @Test func aNormalSessionWithASlowContactorRaisesNoAlarm() async throws {
        // The contacts take longer to settle than two supervision ticks, closing and opening.
        let h = StationHarness(evse: SimulatedEVSE.Configuration(contactorSettleTime: .milliseconds(2500)))
        defer { h.stop() }
        // Before booting, the station opens both contactors, one after the other.
        // (The BootNotification's timeout sleeps on the same clock: wait for the contactor's own sleep.)
        for _ in 0..<2 {
            await h.clock.waitForSleeper(until: h.clock.now.advanced(by: .milliseconds(2500)))
            h.clock.advance(by: .milliseconds(2500))
        }
        let csms = try await SafetyTests.charging(h)
        h.simulation.tokenReader.present(TransactionTests.card)  // the driver stops the session
        let ticker = Task { await TransactionTests.advance(h, seconds: 10) }
        let ended = try await csms.acceptEvents { $0.eventType == .ended }
        await ticker.value
        #expect(ended.triggerReason == .stopAuthorized)
        TransactionTests.expectOneContiguousTransaction(csms.events)
        #expect(csms.statuses.allSatisfy { $0.connectorStatus != .faulted })
        #expect(await Self.faults(h, evseId: 1) == [])
        #expect(await Self.faults(h, evseId: 2) == [])
        #expect(await h.station.contactorAlarms.isEmpty)
        #expect(h.simulation[evse: 1].contactor.contacts == .open)
    }

    @Test func unreadableFeedbackFaultsTheEVSEUntilItReadsAgain() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await h.bootAccepted()
        h.simulation[evse: 2].contactor.injectFault(.feedbackLost)
        await TransactionTests.advance(h, seconds: 1)
        try await Self.expectStatus(h, evseId: 2, .faulted)
        // Named in the status, not just Faulted: the technician sees why.
        #expect(await Self.faults(h, evseId: 2) == ["contactor-feedback-unavailable"])
        await TransactionTests.advance(h, seconds: 3)
        await h.csms.expectSilence()
        // Readable again and agreeing: the position is known, the fault clears.
        h.simulation[evse: 2].contactor.clearFault()
        await TransactionTests.advance(h, seconds: 1)
        try await Self.expectStatus(h, evseId: 2, .available)
        #expect(await h.station.contactorAlarms.isEmpty)
        #expect(await Self.faults(h, evseId: 2) == [])
    }

    @Test func aWeldedFaultStaysUntilASelftestPasses() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await h.bootAccepted()
        let contactor = h.simulation[evse: 1].contactor
        contactor.injectFault(.stuckClosed)
        await TransactionTests.advance(h, seconds: 1)
        try await Self.expectStatus(h, evseId: 1, .faulted)
        // The technician repairs it: the feedback agrees again, but the fault is latched.
        contactor.clearFault()
        await TransactionTests.advance(h, seconds: 3)
        await h.csms.expectSilence()
        #expect(await h.station.availability.status(evseId: 1) == .faulted)
        // A self-test (as `chargerctl selftest` runs it) shows the contactor following both commands.
        try await h.station.beginMaintenance(evseId: 1)
        try await contactor.set(.closed)
        try await contactor.set(.open)
        await h.station.contactorPassedSelftest(evseId: 1)
        try await Self.expectStatus(h, evseId: 1, .unavailable)  // still held for the self-test
        await h.station.endMaintenance(evseId: 1)
        try await Self.expectStatus(h, evseId: 1, .available)
        await TransactionTests.advance(h, seconds: 3)
        await h.csms.expectSilence()
        #expect(await Self.faults(h, evseId: 1) == [])
    }
}
