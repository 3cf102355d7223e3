import Foundation
import OCPP
import Testing

@testable import StationStore

/// Files as earlier builds left them: those builds used a third-party SQLite library whose migrator kept
/// its applied migrations in `grdb_migrations`. A charger upgraded in the field must keep what it queued.
@Suite("SQLite store: files from earlier builds, and inspection")
struct LegacyFileTests {
    /// Lays out `path` exactly as the earlier build left a file after migration v1 and some use: WAL
    /// journal, `grdb_migrations` with its one row, `user_version` 1, and rows in every table.
    static func writeEarlierBuildFile(_ path: String) throws {
        let db = try SQLiteConnection(path: path)
        try db.execute("PRAGMA journal_mode = WAL")
        try db.execute(
            """
            CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
            \(SQLiteStationStore.schemaV1)
            PRAGMA user_version = 1;
            INSERT INTO grdb_migrations (identifier) VALUES ('v1');
            INSERT INTO variables (component, variable, attribute, value)
                VALUES ('OCPPCommCtrlr', 'HeartbeatInterval', 'Actual', '300');
            INSERT INTO availability (evse_id, connector_id, status) VALUES (2, 0, 'Inoperative');
            INSERT INTO local_list_version (singleton, version) VALUES (1, 4);
            INSERT INTO key_values (key, value) VALUES ('bootReason', 'PowerUp');
            """
        )
        try db.execute(
            """
            INSERT INTO transactions (transaction_id, evse_id, connector_id, state, next_seq_no, started_at,
                meter_start_wh, last_meter_wh, id_token, remote_start_id, charging_state)
            VALUES ('tx-1', 1, 1, 'started', 2, 1750000000125, 12345.5, 12445.5, ?, 7, 'Charging')
            """,
            [Sample.token.jsonText()]
        )
        for (messageId, seqNo, attempts, offline) in [("m0", 0, 3, nil), ("m1", 1, 0, 1)] as [(String, Int, Int, Int?)]
        {
            try db.execute(
                """
                INSERT INTO message_queue (transaction_id, action, message_id, payload, attempts, created_at, offline)
                VALUES ('tx-1', 'TransactionEvent', ?, ?, ?, 1750000000125, ?)
                """,
                [messageId, #"{"eventType":"Updated","seqNo":\#(seqNo)}"#, attempts, offline]
            )
        }
    }

    @Test func aFileFromAnEarlierBuildGetsOnlyTheSecurityLogMigrationAndKeepsItsQueue() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("station.sqlite")
        try Self.writeEarlierBuildFile(path)

        let store = try SQLiteStationStore(path: path)
        #expect(store.migrationsAppliedAtOpen == ["v2"])
        let info = try store.storageInfo()
        #expect(info.schemaVersion == 2)
        #expect(info.appliedMigrations == ["v1", "v2"])
        #expect(info.journalMode == "wal" && info.synchronous == 2 && info.foreignKeys)

        var expected = Sample.transaction("tx-1", evse: 1, nextSeqNo: 2)
        expected.lastMeterWh = 12_445.5
        #expect(try store.openTransactions() == [expected])
        let queue = try store.queuedMessages(limit: 10)
        #expect(queue.map(\.messageId) == ["m0", "m1"])
        #expect(queue.map(\.sequence) == [1, 2])
        #expect(queue.map(\.attempts) == [3, 0])
        #expect(queue.map(\.offline) == [nil, true])
        #expect(queue.first?.createdAt == Sample.epoch)
        #expect(
            try store.variableValue(VariableKey(component: "OCPPCommCtrlr", variable: "HeartbeatInterval")) == "300"
        )
        #expect(try store.availability(for: .evse(2)) == .inoperative)
        #expect(try store.localListVersion() == 4)
        #expect(try store.value(forKey: "bootReason") == "PowerUp")

        // The queue carries on where the earlier build stopped, and the file still reopens cleanly.
        expected.nextSeqNo = 3
        let next = try store.appendTransactionEvent(transactionUpdate: expected, message: Sample.message("m2"))
        #expect(next.sequence == 3)
        try store.close()
        let reopened = try SQLiteStationStore(path: path)
        #expect(reopened.migrationsAppliedAtOpen.isEmpty)
        #expect(try reopened.queuedMessages(limit: 10).map(\.messageId) == ["m0", "m1", "m2"])
        #expect(try reopened.transaction(id: "tx-1")?.nextSeqNo == 3)
    }

    @Test func aNewFileRecordsItsMigrationWhereEarlierBuildsLookForIt() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("station.sqlite")
        try SQLiteStationStore(path: path).close()
        let db = try SQLiteConnection(path: path)
        #expect(
            try db.rows("SELECT identifier FROM grdb_migrations ORDER BY identifier").map { $0["identifier"] }
                == [.text("v1"), .text("v2")]
        )
        #expect(try db.scalar(Int.self, "PRAGMA user_version") == 2)
    }

    @Test func inspectionSummarizesWithoutTokens() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("station.sqlite")
        let store = try SQLiteStationStore(path: path)
        try SQLiteDurabilityTests.populate(store)

        #expect(try StoreInspection.integrityCheck(path: path) == "ok")
        let summary = try StoreInspection.summary(path: path)
        #expect(summary.rowCounts["transactions"] == 2)
        #expect(summary.rowCounts["message_queue"] == 4)
        #expect(summary.rowCounts["grdb_migrations"] == SQLiteStationStore.schemaVersion)
        #expect(summary.rowCounts["security_log"] == 0)
        let a = summary.transactions.first { $0["transaction_id"] == "a" }
        #expect(a?["evse_id"] == "1")
        #expect(a?["state"] == "started")
        #expect(a?["next_seq_no"] == "3")
        #expect(a?["stopped_reason"] == .some(nil))
        #expect(a?["id_token"] == nil)
        // Read-only: the writer goes on undisturbed.
        try store.setValue("x", forKey: "after")
    }

    @Test func inspectingAMissingOrGarbageFileIsAnError() throws {
        let directory = try TemporaryDirectory()
        let missing = directory.path("none.sqlite")
        #expect(caught { _ = try StoreInspection.integrityCheck(path: missing) } != nil)
        #expect(!FileManager.default.fileExists(atPath: missing), "a read-only look must not create the file")

        let garbage = directory.path("garbage.sqlite")
        try Data(repeating: 0x5A, count: 4096).write(to: URL(fileURLWithPath: garbage))
        guard case .cannotOpen = caught({ _ = try StoreInspection.summary(path: garbage) }) else {
            Issue.record("a file that is no database must be reported as such")
            return
        }
    }
}
