import Foundation
import OCPP
import StationStore
import Testing

/// The store methods CustomerInformation (N09/N10) needs: every transaction record, and deleting one ended
/// record that owes the CSMS nothing.
@Suite("Customer information in the store")
struct CustomerInformationStoreTests {
    @Test(arguments: StoreKind.allCases)
    func N09_allTransactionsListsRunningAndEndedOldestFirst(_ kind: StoreKind) throws {
        let store = try kind.makeStore().store
        var older = Sample.transaction("a", evse: 2)
        older.startedAt = Sample.date(-60)
        try store.beginTransaction(Sample.transaction("b", evse: 1))
        try store.beginTransaction(older)
        try store.markTransactionEnded(id: "a", endedAt: Sample.date(0), stoppedReason: "Local")
        let all = try store.allTransactions()
        #expect(all.map(\.transactionId) == ["a", "b"])
        #expect(all.map(\.state) == [.ended, .started])
        #expect(try store.openTransactions().map(\.transactionId) == ["b"])
    }

    @Test(arguments: StoreKind.allCases)
    func N10_FR_01_onlyAnEndedRecordThatOwesNothingIsDeleted(_ kind: StoreKind) throws {
        let store = try kind.makeStore().store
        try store.beginTransaction(Sample.transaction("running", evse: 1))
        try store.beginTransaction(Sample.transaction("owing", evse: 2))
        try store.markTransactionEnded(id: "owing", endedAt: Sample.date(1), stoppedReason: nil)
        try store.appendTransactionEvent(
            transactionUpdate: try store.transaction(id: "owing"),
            message: Sample.message("m-owing")
        )
        try store.beginTransaction(Sample.transaction("delivered", evse: 3))
        try store.markTransactionEnded(id: "delivered", endedAt: Sample.date(2), stoppedReason: nil)

        #expect(try store.deleteEndedTransaction(id: "running") == false)
        #expect(try store.deleteEndedTransaction(id: "owing") == false)
        #expect(try store.deleteEndedTransaction(id: "unknown") == false)
        #expect(try store.deleteEndedTransaction(id: "delivered") == true)
        #expect(try store.transaction(id: "delivered") == nil)
        #expect(try store.allTransactions().map(\.transactionId).sorted() == ["owing", "running"])
        #expect(try store.queuedMessageCount() == 1)
    }
}
