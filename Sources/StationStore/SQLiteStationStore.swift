import CSQLite
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The station store in an SQLite file, durable across power cuts.
///
/// One connection: the station writes from one actor, so a pool's concurrent readers would only add
/// threads and memory. Every write is one SQLite transaction (`BEGIN IMMEDIATE`), committed with
/// `journal_mode = WAL` and `synchronous = FULL`.
///
/// Why FULL and not NORMAL: in WAL mode a commit only appends to the `-wal` file. With `NORMAL`, SQLite
/// fsyncs that file at checkpoints only, so a power cut can roll back the last transactions that were
/// reported as committed (the file stays consistent, but not durable). A TransactionEvent whose enqueue
/// "succeeded" and then vanished is exactly the loss this store exists to prevent. With `FULL`, every
/// commit fsyncs the WAL before returning, at the price of one fsync per write. Both are per-connection
/// settings, so every open sets them.
///
/// The schema is versioned by migrations recorded in the `grdb_migrations` table (the name earlier builds,
/// on a third-party SQLite library, used; files they wrote open unchanged) and mirrored in
/// `PRAGMA user_version`; a file whose version or migrations this build does not know is refused with
/// `StoreError.newerSchema`.
public final class SQLiteStationStore: StationStore {
    /// The schema version this build writes and reads.
    public static let schemaVersion = 2

    /// The file the store lives in.
    public let path: String
    /// The migrations this open applied, in order: all of them on a new file, none on an up-to-date one.
    public let migrationsAppliedAtOpen: [String]

    /// The connection, nil once `close()` ran. The lock serializes every use of the connection (which
    /// is opened without SQLite's own mutex), so the store can be shared between tasks.
    private let connection: Mutex<SQLiteConnection?>

    /// Opens (creating if needed) the store at `path` and brings its schema up to date.
    ///
    /// The directory must exist: it is the service's state directory, which the store does not create.
    public init(path: String) throws(StoreError) {
        self.path = path
        let db: SQLiteConnection
        do {
            db = try SQLiteConnection(path: path)
            try Self.configure(db)
        } catch {
            throw Self.openError(path: path, error)
        }
        migrationsAppliedAtOpen = try Self.migrate(db, path: path)
        connection = Mutex(db)
    }

    /// Per-connection settings, applied at every open.
    private static func configure(_ db: SQLiteConnection) throws(SQLiteError) {
        // A second connection (chargerctl reading while chargerd writes) waits for the lock instead of failing.
        db.setBusyTimeout(milliseconds: 5_000)
        try db.execute("PRAGMA foreign_keys = ON")
        // The first statement that reads the file: a file that is no database fails here.
        let mode = try db.scalar(String.self, "PRAGMA journal_mode = WAL")
        guard mode == "wal" else {
            throw SQLiteError(
                extendedResultCode: SQLITE_ERROR,
                message: "cannot switch to WAL journaling (journal_mode is \(mode ?? "unknown"))"
            )
        }
        try db.execute("PRAGMA synchronous = FULL")
    }

    /// Closes the connection; later calls fail with a `StoreError`. Not needed for durability: every
    /// successful write is already on disk.
    public func close() throws(StoreError) {
        // Dropping the last reference finalizes the statements and closes the file (sqlite3_close_v2).
        connection.withLock { $0 = nil }
    }

    /// How the open file is configured, for diagnostics (`chargerctl`) and tests.
    public func storageInfo() throws(StoreError) -> SQLiteStorageInfo {
        let path = path
        return try read { db in
            SQLiteStorageInfo(
                path: path,
                journalMode: try db.scalar(String.self, "PRAGMA journal_mode") ?? "",
                synchronous: try db.scalar(Int.self, "PRAGMA synchronous") ?? -1,
                foreignKeys: try db.scalar(Bool.self, "PRAGMA foreign_keys") ?? false,
                schemaVersion: try db.scalar(Int.self, "PRAGMA user_version") ?? 0,
                appliedMigrations: try Self.appliedMigrations(db)
            )
        }
    }

    // MARK: Access

    /// Runs `body` in one read transaction, so all its statements see the same committed state.
    func read<T: Sendable>(_ body: (SQLiteConnection) throws -> T) throws(StoreError) -> T {
        try access { db in try db.transaction(.deferred) { try body(db) } }
    }

    /// Runs `body` in one write transaction: it commits (durably) when `body` returns and rolls back
    /// entirely when it throws.
    func write<T: Sendable>(_ body: (SQLiteConnection) throws -> T) throws(StoreError) -> T {
        try access { db in try db.transaction(.immediate) { try body(db) } }
    }

    /// Runs SQL outside the store's API: for tests that damage or age a file on purpose.
    func executeForTesting(_ sql: String) throws(StoreError) {
        try access { db in try db.execute(sql) }
    }

    private func access<T: Sendable>(_ body: (SQLiteConnection) throws -> T) throws(StoreError) -> T {
        let path = path
        let outcome = connection.withLock { (db: inout SQLiteConnection?) -> Result<T, StoreError> in
            guard let db else { return .failure(.database("the store at \(path) is closed")) }
            do {
                return .success(try body(db))
            } catch {
                return .failure(StoreError(error))
            }
        }
        return try outcome.get()
    }

    static func openError(path: String, _ error: any Error) -> StoreError {
        guard let error = error as? SQLiteError else { return .cannotOpen(path: path, reason: "\(error)") }
        let message = error.message
        switch error.resultCode {
        case SQLITE_NOTADB, SQLITE_CORRUPT:
            return .cannotOpen(path: path, reason: "the file is not an SQLite database or is damaged (\(message))")
        case SQLITE_CANTOPEN:
            let directory = StorePath.directory(of: path)
            if !directory.isEmpty, !StorePath.isDirectory(directory) {
                return .cannotOpen(path: path, reason: "the directory \(directory) does not exist")
            }
            return .cannotOpen(path: path, reason: "\(message) (check the path and its permissions)")
        default:
            return .cannotOpen(path: path, reason: message)
        }
    }
}

/// Path helpers without Foundation's `NSString` and `ObjCBool` (not in FoundationEssentials).
enum StorePath {
    /// The path without its last component, as `deletingLastPathComponent` gives it: "" for a bare
    /// name, "/" for a file at the root.
    static func directory(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        if slash == trimmed.startIndex { return "/" }
        var directory = trimmed[..<slash]
        while directory.count > 1, directory.hasSuffix("/") { directory = directory.dropLast() }
        return String(directory)
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
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
