import Foundation
import OCPP
import OCPPTestSupport
import StationStore
import Testing

@testable import ChargingStation

/// A power cut at every step of a transaction message's life, with the real SQLite store: the station is
/// torn down without any shutdown and a new one is built from the same database file. Whatever the step,
/// the CSMS ends up with one Started, one Ended and seqNos 0… without gaps; a message cut after it was
/// sent but before its answer is sent again, identically (delivery is at least once, and the repeat
/// carries the same transactionId and seqNo, so the CSMS recognises it).
@Suite struct PowerCutTests {
    enum Cut: String, CaseIterable, Sendable {
        /// The event is stored but the link is down: it was never sent.
        case beforeSend
        /// The event reached the CSMS, the answer never came back.
        case afterSendBeforeAnswer
        /// The event was answered and removed from the queue.
        case afterAnswer
    }

    @Test(arguments: Cut.allCases)
    func transactionSurvivesAPowerCut(at cut: Cut) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("powercut-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("station.sqlite").path
        let clock = ManualClock()
        var received: [TransactionEventRequest] = []

        // Before the cut: a transaction starts; a periodic meter value (every 10 s) is the message we cut.
        do {
            let h = StationHarness(store: try SQLiteStationStore(path: path), clock: clock)
            _ = try await h.bootAccepted()
            try await TransactionTests.configure(h, start: "EVConnected", txUpdatedInterval: 10)
            let csms = TransactionTests.SessionCSMS(h)
            h.simulation[evse: 1].ev.plugIn()
            let (startId, started) = try await csms.nextTransactionEvent()
            received.append(started)
            try await h.csms.reply(to: startId, with: TransactionEventResponse())
            #expect(await h.until { (try? $0.store.queuedMessageCount()) == 0 })
            #expect(await h.scheduled(.sampledMeterValues(evseId: 1)) == .seconds(10))

            switch cut {
            case .beforeSend:
                h.link.disconnect(reason: "cut")
                #expect(await h.until { $0.isOnline == false })
                h.clock.advance(by: .seconds(10))
                #expect(await h.until { (try? $0.store.queuedMessageCount()) == 1 })
            case .afterSendBeforeAnswer:
                h.clock.advance(by: .seconds(10))
                let (_, updated) = try await csms.nextTransactionEvent()
                received.append(updated)
            case .afterAnswer:
                h.clock.advance(by: .seconds(10))
                let (id, updated) = try await csms.nextTransactionEvent()
                received.append(updated)
                try await h.csms.reply(to: id, with: TransactionEventResponse())
                #expect(await h.until { (try? $0.store.queuedMessageCount()) == 0 })
            }
            h.stop()  // the power cut: no shutdown of the store, the station just stops
        }

        // After the cut: a new station on the same file, booting with reason PowerUp.
        let h = StationHarness(store: try SQLiteStationStore(path: path), clock: clock)
        defer { h.stop() }
        try await h.boot(.accepted, interval: 3600)
        let csms = TransactionTests.SessionCSMS(h)
        let ended = try await csms.acceptEvents { $0.eventType == .ended }
        received += csms.events
        #expect(ended.transactionInfo.stoppedReason == .powerLoss)
        #expect(await h.until { (try? $0.store.queuedMessageCount()) == 0 })

        // What the CSMS knows, with repeats folded by (transactionId, seqNo).
        var bySeqNo: [Int: TransactionEventRequest] = [:]
        for event in received {
            if let earlier = bySeqNo[event.seqNo] {
                #expect(earlier == event, "a repeated seqNo must be the same message")
            }
            bySeqNo[event.seqNo] = event
        }
        let distinct = bySeqNo.keys.sorted().compactMap { bySeqNo[$0] }
        #expect(distinct.map(\.seqNo) == Array(0..<distinct.count), "seqNos contiguous from 0")
        #expect(distinct.filter { $0.eventType == .started }.count == 1)
        #expect(distinct.filter { $0.eventType == .ended }.count == 1)
        #expect(distinct.last?.eventType == .ended)
        #expect(Set(distinct.map(\.transactionInfo.transactionId)).count == 1)
        if cut == .beforeSend {
            #expect(distinct.first { $0.triggerReason == .meterValuePeriodic }?.offline == true, "recorded offline")
        }
        let repeats = received.count - distinct.count
        #expect(repeats == (cut == .afterSendBeforeAnswer ? 1 : 0))
    }
}
