import Foundation
import HAL
import HALSimulated
import OCPP
import Testing

@testable import ChargingStation

/// The power path: energy flows only for an authorized session with the EV ready; faults stop it.
@Suite struct SafetyTests {
    typealias SessionCSMS = TransactionTests.SessionCSMS

    /// A charging session on EVSE 1 (plugged in, card presented, energy flowing).
    static func charging(_ h: StationHarness) async throws -> SessionCSMS {
        try await TransactionTests.chargingSession(h, start: "EVConnected")
    }

    @Test func noPowerWithoutAuthorization() async throws {
        let h = StationHarness()
        defer { h.stop() }
        let csms = try await TransactionTests.pluggedIn(h)
        _ = try await csms.acceptEvents { $0.eventType == .started }
        await TransactionTests.advance(h, seconds: 5)
        #expect(h.simulation[evse: 1].ev.power == 0)
        #expect(try await h.simulation[evse: 1].contactor.feedback() == .open)
    }

    @Test func emergencyStopEndsTheSessionAndOpensTheContactor() async throws {
        let h = StationHarness()
        defer { h.stop() }
        let csms = try await Self.charging(h)
        h.simulation.emergencyStop.set(true)
        let ended = try await csms.acceptEvents { $0.eventType == .ended }
        #expect(ended.transactionInfo.stoppedReason == .emergencyStop)
        #expect(ended.triggerReason == .abnormalCondition)
        #expect(
            await h.until("the contactor of EVSE 1 open and idle") {
                $0.evseStates[1]?.transaction.facts.powerPathClosed == false
                    && $0.evseStates[1]?.contactor.commandsInFlight == 0
            }
        )
        #expect((try? await h.simulation[evse: 1].contactor.feedback()) == .open)
    }

    @Test func meterFailureStopsCharging() async throws {
        let h = StationHarness()
        defer { h.stop() }
        let csms = try await Self.charging(h)
        h.simulation[evse: 1].meter.injectFault(.garbage)
        let ticker = Task { await TransactionTests.advance(h, seconds: 5) }
        defer { ticker.cancel() }
        let ended = try await csms.acceptEvents { $0.eventType == .ended }
        #expect(ended.triggerReason == .abnormalCondition)
        #expect(
            await h.until("the contactor of EVSE 1 open and idle") {
                $0.evseStates[1]?.transaction.facts.powerPathClosed == false
                    && $0.evseStates[1]?.contactor.commandsInFlight == 0
            }
        )
        #expect((try? await h.simulation[evse: 1].contactor.feedback()) == .open)
    }

    @Test func pilotErrorStopsCharging() async throws {
        let h = StationHarness()
        defer { h.stop() }
        let csms = try await Self.charging(h)
        h.simulation[evse: 1].ev.fail()
        let ended = try await csms.acceptEvents { $0.eventType == .ended }
        #expect(ended.triggerReason == .abnormalCondition)
        #expect(
            await h.until("the contactor of EVSE 1 open and idle") {
                $0.evseStates[1]?.transaction.facts.powerPathClosed == false
                    && $0.evseStates[1]?.contactor.commandsInFlight == 0
            }
        )
        #expect((try? await h.simulation[evse: 1].contactor.feedback()) == .open)
    }

    @Test func weldedContactorFaultsTheEVSE() async throws {
        let h = StationHarness()
        defer { h.stop() }
        let csms = try await Self.charging(h)
        h.simulation[evse: 1].contactor.injectFault(.welded)
        h.simulation.tokenReader.present(TransactionTests.card)  // the driver stops the session
        _ = try await csms.acceptEvents { $0.eventType == .ended }
        #expect(await h.until { $0.availability.status(evseId: 1) == .faulted })
        // A new session is refused on the faulted EVSE.
        #expect(await h.station.evseForNewSession() != 1)
    }
}

/// Findings of the safety review, each pinned by a test.
@Suite struct SafetyReviewTests {
    typealias SessionCSMS = TransactionTests.SessionCSMS

    @Test func noTransactionOnAnInoperativeEVSE() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await h.bootAccepted()
        try await TransactionTests.configure(h, start: "EVConnected", txUpdatedInterval: 0, alignedInterval: 0)
        let frame = try await h.csms.call(
            ChangeAvailabilityRequest(evse: EVSEType(id: 1), operationalStatus: .inoperative)
        )
        guard case .callResult = frame else { throw ScriptedCSMS.Timeout() }
        _ = try await h.answerStatusNotifications(count: 1)
        h.simulation[evse: 1].ev.plugIn()
        h.simulation.tokenReader.present(TransactionTests.card)
        await TransactionTests.advance(h, seconds: 3)
        #expect(await h.station.runningTransactions[1] == nil)
        #expect(try await h.simulation[evse: 1].contactor.feedback() == .open)
    }

    @Test func noTransactionBeforeTheCSMSAcceptedTheStation() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.boot(.pending, interval: 300)
        h.simulation[evse: 1].ev.plugIn()
        await TransactionTests.advance(h, seconds: 2)
        #expect(await h.station.runningTransactions.isEmpty, "TxBeforeAcceptedEnabled is false")
    }

    @Test func TC_E_17_CS_unplugDeauthorizesWhenAuthorizedIsTheStopPoint() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await h.bootAccepted()
        try await TransactionTests.configure(
            h,
            start: "Authorized",
            stop: "Authorized",
            txUpdatedInterval: 0,
            alignedInterval: 0
        )
        let csms = SessionCSMS(h)
        h.simulation[evse: 1].ev.plugIn()
        h.simulation.tokenReader.present(TransactionTests.card)
        _ = try await TransactionTests().chargingEvent(csms, h)
        h.simulation[evse: 1].ev.unplug()
        let ended = try await csms.acceptEvents { $0.eventType == .ended }
        #expect(ended.transactionInfo.stoppedReason == .evDisconnected)
        #expect(await h.station.evseStates[1]?.transaction.facts.authorization == nil, "no token outlives the cable")
    }
}
