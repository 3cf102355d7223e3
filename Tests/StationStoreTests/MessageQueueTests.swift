import Foundation
import OCPP
import StationStore
import Testing

@Suite("Transaction-message queue")
struct MessageQueueTests {
    @Test(arguments: StoreKind.allCases)
    func messagesComeBackInSequenceOrder(_ kind: StoreKind) throws {
        let store = try kind.makeStore().store
        var a = Sample.transaction("a", evse: 1)
        var b = Sample.transaction("b", evse: 2)
        var appended: [QueuedMessage] = []
        for n in 0..<6 {
            // Interleave two transactions, as two EVSEs charging at once do.
            if n.isMultiple(of: 2) {
                a.nextSeqNo += 1
                appended.append(
                    try store.appendTransactionEvent(transactionUpdate: a, message: Sample.message("a\(n)", seqNo: n))
                )
            } else {
                b.nextSeqNo += 1
                appended.append(
                    try store.appendTransactionEvent(transactionUpdate: b, message: Sample.message("b\(n)", seqNo: n))
                )
            }
        }
        let sequences = appended.map(\.sequence)
        #expect(sequences == sequences.sorted() && Set(sequences).count == 6)
        #expect(try store.queuedMessages(limit: 100) == appended)
        #expect(try store.queuedMessages(limit: 2) == Array(appended.prefix(2)))
        #expect(try store.queuedMessages(limit: 0).isEmpty)
        #expect(try store.oldestQueuedMessage() == appended[0])
        #expect(try store.queuedMessageCount() == 6)
        #expect(appended[0].transactionId == "a" && appended[1].transactionId == "b")
        #expect(appended[1].offline == true && appended[0].offline == nil)
        #expect(try store.transaction(id: "a")?.nextSeqNo == 3)
    }

    @Test(arguments: StoreKind.allCases)
    func attemptsAndRemoval(_ kind: StoreKind) throws {
        let store = try kind.makeStore().store
        let first = try store.appendTransactionEvent(
            transactionUpdate: Sample.transaction(nextSeqNo: 1),
            message: Sample.message("m1")
        )
        let second = try store.appendTransactionEvent(transactionUpdate: nil, message: Sample.message("m2"))
        #expect(second.transactionId == nil)

        #expect(try store.recordAttempt(sequence: first.sequence) == 1)
        #expect(try store.recordAttempt(sequence: first.sequence) == 2)
        #expect(try store.oldestQueuedMessage()?.attempts == 2)
        #expect(caught { try store.recordAttempt(sequence: 999) } == .notFound("queued message 999"))

        #expect(try store.removeQueuedMessage(sequence: first.sequence))
        #expect(try !store.removeQueuedMessage(sequence: first.sequence))
        #expect(try store.oldestQueuedMessage() == second)
        #expect(try store.queuedMessageCount() == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func sequencesAreNeverReused(_ kind: StoreKind) throws {
        let store = try kind.makeStore().store
        let first = try store.appendTransactionEvent(transactionUpdate: nil, message: Sample.message("m1"))
        let second = try store.appendTransactionEvent(transactionUpdate: nil, message: Sample.message("m2"))
        try store.removeQueuedMessage(sequence: second.sequence)
        let third = try store.appendTransactionEvent(transactionUpdate: nil, message: Sample.message("m3"))
        #expect(third.sequence > second.sequence)
        #expect(try store.queuedMessages(limit: 10).map(\.sequence) == [first.sequence, third.sequence])
    }

    /// A failure in the middle of appendTransactionEvent (here the message insert breaks the UNIQUE
    /// message id, after the record update already ran) leaves neither change behind.
    @Test(arguments: StoreKind.allCases)
    func appendIsAtomic(_ kind: StoreKind) throws {
        let store = try kind.makeStore().store
        var record = Sample.transaction(nextSeqNo: 1)
        let started = try store.appendTransactionEvent(transactionUpdate: record, message: Sample.message("m1"))

        record.nextSeqNo = 2
        record.state = .ended
        record.endedAt = Sample.date(60)
        #expect(
            caught {
                try store.appendTransactionEvent(transactionUpdate: record, message: Sample.message("m1", seqNo: 1))
            }
                == .constraintViolated("UNIQUE constraint failed: message_queue.message_id")
        )
        let kept = try #require(try store.transaction(id: record.transactionId))
        #expect(kept.nextSeqNo == 1)
        #expect(kept.state == .started)
        #expect(kept.endedAt == nil)
        #expect(try store.queuedMessages(limit: 10) == [started])

        // A Started event that fails leaves no transaction behind.
        #expect(
            caught {
                try store.appendTransactionEvent(
                    transactionUpdate: Sample.transaction("new", evse: 2, nextSeqNo: 1),
                    message: Sample.message("m1")
                )
            } != nil
        )
        #expect(try store.transaction(id: "new") == nil)

        // A record the store refuses (a second started transaction on EVSE 1) queues no message.
        #expect(
            caught {
                try store.appendTransactionEvent(
                    transactionUpdate: Sample.transaction("other", evse: 1, nextSeqNo: 1),
                    message: Sample.message("m9")
                )
            } == .constraintViolated("UNIQUE constraint failed: transactions.evse_id")
        )
        #expect(try store.queuedMessageCount() == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func messagesThatCouldNeverBeSentAreRefused(_ kind: StoreKind) throws {
        let store = try kind.makeStore().store
        var notJSON = Sample.message("m1")
        notJSON.payload = "{\"seqNo\":"
        var noAction = Sample.message("m2")
        noAction.action = ""
        for message in [notJSON, noAction] {
            guard
                case .invalidArgument = caught({
                    try store.appendTransactionEvent(transactionUpdate: nil, message: message)
                })
            else {
                Issue.record("\(message) must be refused")
                continue
            }
        }
        #expect(caught { _ = try store.queuedMessages(limit: -1) } != nil)
        #expect(try store.queuedMessageCount() == 0)
    }

    /// The station's actor is the usual caller, but the store is Sendable and must stay consistent
    /// when several tasks write at once.
    @Test(arguments: StoreKind.allCases)
    func concurrentAppendsKeepEveryMessage(_ kind: StoreKind) async throws {
        let fixture = try kind.makeStore()
        let store = fixture.store
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<4 {
                group.addTask {
                    for n in 0..<25 {
                        try store.appendTransactionEvent(
                            transactionUpdate: nil,
                            message: Sample.message("t\(task)-\(n)")
                        )
                    }
                }
            }
            try await group.waitForAll()
        }
        let queued = try store.queuedMessages(limit: 1000)
        #expect(queued.count == 100)
        #expect(Set(queued.map(\.messageId)).count == 100)
        #expect(queued.map(\.sequence) == queued.map(\.sequence).sorted())
        // Each task's own messages stay in the order it wrote them.
        for task in 0..<4 {
            let own = queued.filter { $0.messageId.hasPrefix("t\(task)-") }.map(\.messageId)
            #expect(own == (0..<25).map { "t\(task)-\($0)" })
        }
    }
}
