import Foundation
import GRDB
import Synchronization

/// The station store in an SQLite file, durable across power cuts.
///
/// One `DatabaseQueue` connection: the station writes from one actor, so a pool's concurrent readers
/// would only add threads and memory. Every write is one SQLite transaction, committed with
/// `journal_mode = WAL` and `synchronous = FULL`.
///
/// Why FULL and not NORMAL: in WAL mode a commit only appends to the `-wal` file. With `NORMAL`, SQLite
/// fsyncs that file at checkpoints only, so a power cut can roll back the last transactions that were
/// reported as committed (the file stays consistent, but not durable). A TransactionEvent whose enqueue
/// "succeeded" and then vanished is exactly the loss this store exists to prevent. With `FULL`, every
/// commit fsyncs the WAL before returning, at the price of one fsync per write. GRDB's own WAL setup
/// picks NORMAL, so this store switches WAL on itself and sets FULL on every connection it opens.
///
/// The schema is versioned with `DatabaseMigrator` and mirrored in `PRAGMA user_version`; a file whose
/// version or migrations this build does not know is refused with `StoreError.newerSchema`.
public final class SQLiteStationStore: StationStore {
    /// The schema version this build writes and reads.
    public static let schemaVersion = 1

    /// The file the store lives in.
    public let path: String
    /// The migrations this open applied, in order: all of them on a new file, none on an up-to-date one.
    public let migrationsAppliedAtOpen: [String]

    let queue: DatabaseQueue
    /// Set by `close()`. GRDB traps on a closed connection, so every access checks this under the lock;
    /// holding it during the access costs nothing, as the queue runs one access at a time anyway.
    private let closed = Mutex(false)

    /// Opens (creating if needed) the store at `path` and brings its schema up to date.
    ///
    /// The directory must exist: it is the service's state directory, which the store does not create.
    public init(path: String) throws(StoreError) {
        self.path = path
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        // A second connection (chargerctl reading while chargerd writes) waits for the lock instead of failing.
        configuration.busyMode = .timeout(5)
        configuration.journalMode = .default  // WAL is set below, with FULL rather than GRDB's NORMAL
        configuration.label = "StationStore"
        configuration.prepareDatabase { db in
            let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
            guard mode == "wal" else {
                throw DatabaseError(message: "cannot switch to WAL journaling (journal_mode is \(mode ?? "unknown"))")
            }
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }

        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw Self.openError(path: path, error)
        }
        migrationsAppliedAtOpen = try Self.migrate(queue, path: path)
    }

    /// Closes the connection; later calls fail with a `StoreError`. Not needed for durability: every
    /// successful write is already on disk.
    public func close() throws(StoreError) {
        try closed.withLock { (closed: inout Bool) throws(StoreError) in
            guard !closed else { return }
            do {
                try queue.close()
            } catch {
                throw StoreError(error)
            }
            closed = true
        }
    }

    /// How the open file is configured, for diagnostics (`chargerctl`) and tests.
    public func storageInfo() throws(StoreError) -> SQLiteStorageInfo {
        try read { db in
            SQLiteStorageInfo(
                path: path,
                journalMode: try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "",
                synchronous: try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1,
                foreignKeys: try Bool.fetchOne(db, sql: "PRAGMA foreign_keys") ?? false,
                schemaVersion: try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0,
                appliedMigrations: try Self.migrator.appliedMigrations(db)
            )
        }
    }

    // MARK: Access

    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        try access { try queue.read(body) }
    }

    /// Runs `body` in one write transaction: it commits (durably) when `body` returns and rolls back
    /// entirely when it throws.
    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        try access { try queue.write(body) }
    }

    /// Runs SQL outside the store's API: for tests that damage or age a file on purpose.
    func executeForTesting(_ sql: String) throws(StoreError) {
        try access { try queue.writeWithoutTransaction { try $0.execute(sql: sql) } }
    }

    private func access<T>(_ body: () throws -> T) throws(StoreError) -> T {
        let outcome = closed.withLock { (closed: inout Bool) -> Result<T, StoreError> in
            guard !closed else { return .failure(.database("the store at \(path) is closed")) }
            do {
                return .success(try body())
            } catch {
                return .failure(StoreError(error))
            }
        }
        return try outcome.get()
    }

    private static func openError(path: String, _ error: any Error) -> StoreError {
        guard let error = error as? DatabaseError else { return .cannotOpen(path: path, reason: "\(error)") }
        let message = error.message ?? "\(error)"
        switch error.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return .cannotOpen(path: path, reason: "the file is not an SQLite database or is damaged (\(message))")
        case .SQLITE_CANTOPEN:
            let directory = (path as NSString).deletingLastPathComponent
            var isDirectory: ObjCBool = false
            if !directory.isEmpty,
                !FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) || !isDirectory.boolValue
            {
                return .cannotOpen(path: path, reason: "the directory \(directory) does not exist")
            }
            return .cannotOpen(path: path, reason: "\(message) (check the path and its permissions)")
        default:
            return .cannotOpen(path: path, reason: message)
        }
    }
}

/// How an SQLite station store file is configured.
public struct SQLiteStorageInfo: Sendable, Equatable {
    public var path: String
    /// `wal` for a store opened by this build.
    public var journalMode: String
    /// SQLite's `PRAGMA synchronous`: 2 is FULL.
    public var synchronous: Int
    public var foreignKeys: Bool
    /// `PRAGMA user_version`, which mirrors the last migration.
    public var schemaVersion: Int
    public var appliedMigrations: [String]
}
