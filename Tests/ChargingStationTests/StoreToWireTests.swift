import Foundation
import OCPP
import OCPPTestSupport
import StationStore
import Testing

@testable import ChargingStation

/// One path from store to wire (issue 13 item 4) and the energy register across a restart (item 8).
@Suite struct StoreToWireTests {
    typealias SessionCSMS = TransactionTests.SessionCSMS

    /// E13: a failed TransactionEvent is retried as the frame that was stored: the same message id and the
    /// same payload, byte for byte, so the CSMS can recognise the repeat.
    @Test func E13_retryResendsTheStoredFrameWithTheSameMessageId() async throws {
        let h = StationHarness()
        defer { h.stop() }
        let csms = try await TransactionTests.pluggedIn(h)
        let (firstId, first) = try await csms.nextTransactionEvent()
        let stored = try #require(try h.store.oldestQueuedMessage())
        #expect(stored.messageId == firstId, "sent with the message id it was stored with")
        #expect(try JSONValue.parse(stored.payload) == first.jsonValue(), "sent as stored")
        try await h.csms.transport.send(
            OCPPFrame.error(messageId: firstId, code: .internalError, description: "busy").encoded()
        )
        #expect(await h.scheduled(.transactionMessageRetry) == .seconds(60))
        h.clock.advance(by: .seconds(60))
        let (secondId, second) = try await csms.nextTransactionEvent()
        #expect(secondId == firstId, "a retry resends the same message id")
        #expect(second == first)
        try await h.csms.reply(to: secondId, with: TransactionEventResponse())
        #expect(await h.until { (try? $0.store.queuedMessageCount()) == 0 })
    }

    /// After a power cut the meter may read less than before (a simulated meter restarts at zero, a real
    /// one may be replaced): the Ended event of the interrupted transaction never reports a register below
    /// the last one sent for it.
    @Test func endedRegisterNeverBelowTheLastSentAfterAPowerCut() async throws {
        let store = InMemoryStationStore()
        let clock = ManualClock()
        let first = StationHarness(store: store, clock: clock)
        _ = try await first.bootAccepted()
        try await TransactionTests.configure(first, start: "EVConnected", txUpdatedInterval: 10, alignedInterval: 0)
        let csms = SessionCSMS(first)
        first.simulation[evse: 1].ev.plugIn()
        first.simulation.tokenReader.present(TransactionTests.card)
        _ = try await TransactionTests().chargingEvent(csms, first)
        let ticker = Task { await TransactionTests.advance(first, seconds: 30) }
        _ = try await csms.acceptEvents { $0.triggerReason == .meterValuePeriodic }
        ticker.cancel()
        #expect(Self.register(of: csms.events.last) ?? 0 > 0)
        first.stop()

        // A new station and new simulated hardware: its meter starts again at zero.
        let second = StationHarness(store: store, clock: clock)
        defer { second.stop() }
        try await second.boot(.accepted, interval: 3600)
        let after = SessionCSMS(second)
        let ended = try await after.acceptEvents { $0.eventType == .ended }
        #expect(ended.transactionInfo.stoppedReason == .powerLoss)
        // Every register the CSMS saw before the Ended event, from either boot (queued ones are resent).
        let sent = (csms.events + after.events.dropLast()).compactMap { Self.register(of: $0) }.max() ?? 0
        #expect(second.simulation[evse: 1].meter.energyImport < sent, "the new meter starts below")
        let register = try #require(Self.register(of: ended))
        #expect(register >= sent, "Ended reports \(register) Wh after \(sent) Wh was sent")
    }

    static func register(of event: TransactionEventRequest?) -> Double? {
        event?.meterValue?.last?.sampledValue.first {
            $0.measurand == nil || $0.measurand == .energyActiveImportRegister
        }?.value
    }
}
