import Foundation
import OCPP
import Testing

@testable import StationStore

/// What only the SQLite store can show: durability across a lost process, the file's configuration,
/// and clear errors for files it must not open.
@Suite("SQLite store durability")
struct SQLiteDurabilityTests {
    /// Writes one of everything the station keeps; returns the queue as written.
    @discardableResult
    static func populate(_ store: some StationStore) throws -> [QueuedMessage] {
        var a = Sample.transaction("a", evse: 1)
        var queued: [QueuedMessage] = []
        for n in 0..<3 {
            a.nextSeqNo = n + 1
            a.lastMeterWh = 12_345.5 + Double(n) * 100
            queued.append(
                try store.appendTransactionEvent(transactionUpdate: a, message: Sample.message("a\(n)", seqNo: n))
            )
        }
        var b = Sample.transaction("b", evse: 2, nextSeqNo: 1)
        b.state = .ended
        b.endedAt = Sample.date(120)
        b.stoppedReason = "Remote"
        queued.append(try store.appendTransactionEvent(transactionUpdate: b, message: Sample.message("b0")))
        try store.recordAttempt(sequence: queued[0].sequence)
        queued[0].attempts = 1

        try store.setVariable(VariableKey(component: "OCPPCommCtrlr", variable: "HeartbeatInterval"), value: "300")
        try store.setAvailability(.inoperative, for: .evse(2))
        try store.putCachedAuthorization(
            CachedAuthorization(key: IdTokenKey(Sample.token), info: Sample.info(), lastUsed: Sample.epoch)
        )
        try store.replaceLocalList(
            version: 4,
            entries: [LocalListEntry(key: Sample.key(1), info: Sample.info(.blocked))]
        )
        try store.putChargingProfile(
            StoredChargingProfile(id: 1, evseId: 0, stackLevel: 0, purpose: .txDefaultProfile, profile: "{}")
        )
        try store.setValue("PowerUp", forKey: "bootReason")
        return queued
    }

    /// Checks a store holds exactly what `populate` wrote.
    static func expectPopulated(_ store: some StationStore, queue: [QueuedMessage]) throws {
        var a = Sample.transaction("a", evse: 1, nextSeqNo: 3)
        a.lastMeterWh = 12_545.5
        #expect(try store.transaction(id: "a") == a)
        #expect(try store.openTransactions() == [a])
        #expect(try store.transaction(id: "b")?.state == .ended)
        #expect(try store.queuedMessages(limit: 100) == queue)
        #expect(
            try store.variableValue(VariableKey(component: "OCPPCommCtrlr", variable: "HeartbeatInterval")) == "300"
        )
        #expect(try store.availability(for: .evse(2)) == .inoperative)
        #expect(try store.cachedAuthorization(for: IdTokenKey(Sample.token))?.info == Sample.info())
        #expect(try store.localListVersion() == 4)
        #expect(try store.localListEntry(for: Sample.key(1)) == Sample.info(.blocked))
        #expect(try store.allChargingProfiles().map(\.id) == [1])
        #expect(try store.value(forKey: "bootReason") == "PowerUp")
    }

    @Test func storeDroppedWithoutCloseKeepsEverything() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("station.sqlite")
        var queue: [QueuedMessage] = []
        do {
            let store = try SQLiteStationStore(path: path)
            queue = try Self.populate(store)
            // No close(): the reference simply goes away, as when the process dies.
        }
        try Self.expectPopulated(try SQLiteStationStore(path: path), queue: queue)
    }

    /// The files as a power cut would leave them: copied while the writer still holds its connection,
    /// its WAL not checkpointed, and without the shared-memory index (which lives in RAM on a board).
    @Test func filesCopiedWhileTheWriterIsOpenHoldEverything() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("station.sqlite")
        let writer = try SQLiteStationStore(path: path)
        let queue = try Self.populate(writer)

        let walSize = try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int ?? 0
        #expect(walSize > 0, "the commits should still be in the WAL, not yet checkpointed")
        let copy = try TemporaryDirectory()
        try FileManager.default.copyItem(atPath: path, toPath: copy.path("station.sqlite"))
        try FileManager.default.copyItem(atPath: path + "-wal", toPath: copy.path("station.sqlite-wal"))

        try Self.expectPopulated(try SQLiteStationStore(path: copy.path("station.sqlite")), queue: queue)
        withExtendedLifetime(writer) {}
    }

    @Test func aSecondConnectionSeesEveryCommit() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("station.sqlite")
        let writer = try SQLiteStationStore(path: path)
        let reader = try SQLiteStationStore(path: path)
        let queue = try Self.populate(writer)
        try Self.expectPopulated(reader, queue: queue)
        try Self.expectPopulated(try SQLiteStationStore(path: path), queue: queue)
        withExtendedLifetime(writer) {}
    }

    @Test func reopeningKeepsTheSchemaVersionAndRunsNoMigration() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("station.sqlite")
        let first = try SQLiteStationStore(path: path)
        #expect(first.migrationsAppliedAtOpen == ["v1", "v2"])
        let queue = try Self.populate(first)
        try first.close()
        #expect(caught { _ = try first.queuedMessageCount() } != nil)

        for _ in 1...3 {
            let store = try SQLiteStationStore(path: path)
            #expect(store.migrationsAppliedAtOpen.isEmpty)
            let info = try store.storageInfo()
            #expect(info.schemaVersion == 2)
            #expect(info.appliedMigrations == ["v1", "v2"])
            try Self.expectPopulated(store, queue: queue)
        }
    }

    @Test func sequencesStayUniqueAcrossReopen() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("station.sqlite")
        let removed: Int64
        do {
            let store = try SQLiteStationStore(path: path)
            removed = try store.appendTransactionEvent(transactionUpdate: nil, message: Sample.message("m1")).sequence
            try store.removeQueuedMessage(sequence: removed)
        }
        let store = try SQLiteStationStore(path: path)
        #expect(
            try store.appendTransactionEvent(transactionUpdate: nil, message: Sample.message("m2")).sequence > removed
        )
    }

    @Test func journalIsWALAndCommitsAreSynchronousFull() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStationStore(path: directory.path("station.sqlite"))
        let info = try store.storageInfo()
        #expect(info.journalMode == "wal")
        #expect(info.synchronous == 2)  // FULL
        #expect(info.foreignKeys)
        // Per connection settings: a second open must set them again.
        let again = try SQLiteStationStore(path: directory.path("station.sqlite")).storageInfo()
        #expect(again.journalMode == "wal" && again.synchronous == 2)
    }

    @Test func aNewerUserVersionIsRefused() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("station.sqlite")
        try SQLiteStationStore(path: path).executeForTesting("PRAGMA user_version = 3")
        let error = caught { _ = try SQLiteStationStore(path: path) }
        #expect(error == .newerSchema(path: path, found: "schema version 3", supportedVersion: 2))
        #expect(error?.description.contains("newer version") == true)
    }

    @Test func anUnknownMigrationIsRefused() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("station.sqlite")
        try SQLiteStationStore(path: path).executeForTesting("INSERT INTO grdb_migrations (identifier) VALUES ('v99')")
        #expect(
            caught { _ = try SQLiteStationStore(path: path) }
                == .newerSchema(path: path, found: "migrations v99", supportedVersion: 2)
        )
    }

    @Test func aGarbageFileIsAClearError() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("station.sqlite")
        var generator = SystemRandomNumberGenerator()
        let garbage = Data((0..<8192).map { _ in UInt8.random(in: 0...255, using: &generator) })
        try garbage.write(to: URL(fileURLWithPath: path))
        let error = caught { _ = try SQLiteStationStore(path: path) }
        guard case .cannotOpen(let errorPath, let reason) = error else {
            Issue.record("expected cannotOpen, got \(String(describing: error))")
            return
        }
        #expect(errorPath == path)
        #expect(reason.contains("not an SQLite database"))
    }

    @Test func aMissingDirectoryIsAClearError() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("missing/station.sqlite")
        let error = caught { _ = try SQLiteStationStore(path: path) }
        guard case .cannotOpen(let errorPath, let reason) = error else {
            Issue.record("expected cannotOpen, got \(String(describing: error))")
            return
        }
        #expect(errorPath == path)
        #expect(reason.contains("does not exist"))
    }

    @Test func unreadableRowsAreReportedWithTheirTable() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStationStore(path: directory.path("station.sqlite"))
        try Self.populate(store)
        try store.executeForTesting("UPDATE authorization_cache SET id_token_info = '{\"status\":'")
        try store.executeForTesting("UPDATE local_list SET id_token_info = '{\"status\":\"Maybe\"}'")
        try store.executeForTesting("UPDATE transactions SET id_token = '[]' WHERE transaction_id = 'a'")
        try store.executeForTesting("UPDATE charging_profiles SET purpose = 'Bogus'")

        func table(_ error: StoreError?) -> String? {
            if case .corruptRow(let table, _) = error { return table }
            return nil
        }
        #expect(
            table(caught { _ = try store.cachedAuthorization(for: IdTokenKey(Sample.token)) }) == "authorization_cache"
        )
        #expect(table(caught { _ = try store.localListEntry(for: Sample.key(1)) }) == "local_list")
        #expect(table(caught { _ = try store.transaction(id: "a") }) == "transactions")
        #expect(table(caught { _ = try store.openTransactions() }) == "transactions")
        #expect(table(caught { _ = try store.allChargingProfiles() }) == "charging_profiles")
        // The rest of the state is still readable.
        #expect(try store.transaction(id: "b")?.state == .ended)
        #expect(try store.queuedMessageCount() == 4)
    }

    @Test func foreignKeysProtectQueuedMessages() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStationStore(path: directory.path("station.sqlite"))
        try Self.populate(store)
        let error = caught { try store.executeForTesting("DELETE FROM transactions WHERE transaction_id = 'a'") }
        guard case .constraintViolated = error else {
            Issue.record("deleting a transaction with queued messages must fail, got \(String(describing: error))")
            return
        }
    }
}
