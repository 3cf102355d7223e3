import Foundation
import OCPP
import StationStore
import Testing

@Suite("Transactions")
struct TransactionStoreTests {
    @Test(arguments: StoreKind.allCases)
    func beginGetUpdate(_ kind: StoreKind) throws {
        let store = try kind.makeStore().store
        let record = Sample.transaction()
        try store.beginTransaction(record)
        #expect(try store.transaction(id: record.transactionId) == record)
        #expect(try store.transaction(id: "unknown") == nil)

        var updated = record
        updated.nextSeqNo = 3
        updated.lastMeterWh = 15_000
        updated.chargingState = "SuspendedEV"
        updated.totalCost = 1.25
        try store.updateTransaction(updated)
        #expect(try store.transaction(id: record.transactionId) == updated)
    }

    @Test(arguments: StoreKind.allCases)
    func beginTwiceAndUpdateUnknownAreRefused(_ kind: StoreKind) throws {
        let store = try kind.makeStore().store
        try store.beginTransaction(Sample.transaction("a"))
        #expect(
            caught { try store.beginTransaction(Sample.transaction("a", evse: 2)) }
                == .constraintViolated("UNIQUE constraint failed: transactions.transaction_id")
        )
        #expect(caught { try store.updateTransaction(Sample.transaction("b")) } == .notFound("transaction b"))
        #expect(try store.transaction(id: "b") == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func oneStartedTransactionPerEVSE(_ kind: StoreKind) throws {
        let store = try kind.makeStore().store
        try store.beginTransaction(Sample.transaction("a", evse: 1))
        #expect(
            caught { try store.beginTransaction(Sample.transaction("b", evse: 1, connector: 2)) }
                == .constraintViolated("UNIQUE constraint failed: transactions.evse_id")
        )
        try store.markTransactionEnded(id: "a", endedAt: Sample.date(60), stoppedReason: "Local")
        try store.beginTransaction(Sample.transaction("b", evse: 1))
        #expect(try store.openTransaction(evseId: 1)?.transactionId == "b")
    }

    @Test(arguments: StoreKind.allCases)
    func openTransactionsAndMarkEnded(_ kind: StoreKind) throws {
        let store = try kind.makeStore().store
        var second = Sample.transaction("b", evse: 2)
        second.startedAt = Sample.date(10)
        try store.beginTransaction(second)
        try store.beginTransaction(Sample.transaction("a", evse: 1))
        #expect(try store.openTransactions().map(\.transactionId) == ["a", "b"])
        #expect(try store.openTransaction(evseId: 2) == second)
        #expect(try store.openTransaction(evseId: 3) == nil)

        try store.markTransactionEnded(id: "a", endedAt: Sample.date(90), stoppedReason: "EVDisconnected")
        let ended = try #require(try store.transaction(id: "a"))
        #expect(ended.state == .ended)
        #expect(ended.endedAt == Sample.date(90))
        #expect(ended.stoppedReason == "EVDisconnected")
        #expect(try store.openTransactions().map(\.transactionId) == ["b"])
        #expect(try store.openTransaction(evseId: 1) == nil)
        #expect(
            caught { try store.markTransactionEnded(id: "zz", endedAt: Sample.date(0), stoppedReason: nil) }
                == .notFound("transaction zz")
        )
    }

    @Test(arguments: StoreKind.allCases)
    func endedTransactionsGoOnlyOnceTheirMessagesAreDelivered(_ kind: StoreKind) throws {
        let store = try kind.makeStore().store
        var ended = Sample.transaction("a", evse: 1, nextSeqNo: 1)
        ended.state = .ended
        ended.endedAt = Sample.date(30)
        let pending = try store.appendTransactionEvent(transactionUpdate: ended, message: Sample.message("m1"))
        try store.beginTransaction(Sample.transaction("b", evse: 2))

        #expect(try store.deleteDeliveredEndedTransactions() == 0)
        #expect(try store.transaction(id: "a") != nil)

        try store.removeQueuedMessage(sequence: pending.sequence)
        #expect(try store.deleteDeliveredEndedTransactions() == 1)
        #expect(try store.transaction(id: "a") == nil)
        #expect(try store.transaction(id: "b") != nil)
    }

    @Test(arguments: StoreKind.allCases)
    func invalidRecordsAreRefusedBeforeWriting(_ kind: StoreKind) throws {
        let store = try kind.makeStore().store
        var badEVSE = Sample.transaction()
        badEVSE.evseId = 0
        #expect(caught { try store.beginTransaction(badEVSE) } != nil)

        var badToken = Sample.transaction()
        badToken.idToken = IdTokenType(idToken: String(repeating: "x", count: 37), type: .central)
        guard case .invalidArgument = caught({ try store.beginTransaction(badToken) }) else {
            Issue.record("an idToken over 36 characters must be refused: it could never be read back")
            return
        }
        #expect(try store.openTransactions().isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func datesAreKeptToTheMillisecond(_ kind: StoreKind) throws {
        let store = try kind.makeStore().store
        var record = Sample.transaction()
        record.startedAt = Date(timeIntervalSince1970: 1_750_000_000.123_456)
        try store.beginTransaction(record)
        let read = try #require(try store.transaction(id: record.transactionId))
        #expect(read.startedAt == Date(timeIntervalSince1970: 1_750_000_000.123))
    }
}
