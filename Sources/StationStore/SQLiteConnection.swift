import CSQLite

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One value as SQLite stores it: its five storage classes.
enum SQLiteValue: Sendable, Equatable, CustomStringConvertible {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    /// How the value reads in an error message: text quoted, a blob by its size.
    var description: String {
        switch self {
        case .null: "NULL"
        case .integer(let value): "\(value)"
        case .real(let value): "\(value)"
        case .text(let value): "'\(value)'"
        case .blob(let bytes): "a blob of \(bytes.count) bytes"
        }
    }
}

/// A Swift value that can be bound as a statement argument.
protocol SQLiteBindable {
    var sqliteValue: SQLiteValue { get }
}

/// A Swift value that can be read back from a column.
protocol SQLiteDecodable {
    /// The value, or nil when the stored value does not fit this type (wrong storage class, out of range).
    static func decode(_ value: SQLiteValue) -> Self?
}

typealias SQLiteValueConvertible = SQLiteBindable & SQLiteDecodable

/// A statement's arguments, in order; nil binds NULL.
typealias SQLiteArguments = [(any SQLiteBindable)?]

extension Int64: SQLiteValueConvertible {
    var sqliteValue: SQLiteValue { .integer(self) }
    static func decode(_ value: SQLiteValue) -> Int64? {
        if case .integer(let integer) = value { return integer }
        return nil
    }
}

extension Int: SQLiteValueConvertible {
    var sqliteValue: SQLiteValue { .integer(Int64(self)) }
    static func decode(_ value: SQLiteValue) -> Int? {
        if case .integer(let integer) = value { return Int(exactly: integer) }
        return nil
    }
}

extension Bool: SQLiteValueConvertible {
    var sqliteValue: SQLiteValue { .integer(self ? 1 : 0) }
    static func decode(_ value: SQLiteValue) -> Bool? {
        if case .integer(let integer) = value { return integer != 0 }
        return nil
    }
}

extension Double: SQLiteValueConvertible {
    var sqliteValue: SQLiteValue { .real(self) }
    /// An integer reads as a Double too: SQLite keeps a whole REAL as an integer in some expressions.
    static func decode(_ value: SQLiteValue) -> Double? {
        switch value {
        case .real(let real): real
        case .integer(let integer): Double(integer)
        default: nil
        }
    }
}

extension String: SQLiteValueConvertible {
    var sqliteValue: SQLiteValue { .text(self) }
    static func decode(_ value: SQLiteValue) -> String? {
        if case .text(let text) = value { return text }
        return nil
    }
}

extension [UInt8]: SQLiteValueConvertible {
    var sqliteValue: SQLiteValue { .blob(self) }
    static func decode(_ value: SQLiteValue) -> [UInt8]? {
        if case .blob(let bytes) = value { return bytes }
        return nil
    }
}

extension Data: SQLiteValueConvertible {
    var sqliteValue: SQLiteValue { .blob([UInt8](self)) }
    static func decode(_ value: SQLiteValue) -> Data? {
        if case .blob(let bytes) = value { return Data(bytes) }
        return nil
    }
}

extension Optional: SQLiteDecodable where Wrapped: SQLiteDecodable {
    /// NULL reads as nil; any other value must fit `Wrapped`.
    static func decode(_ value: SQLiteValue) -> Wrapped?? {
        if case .null = value { return .some(.none) }
        return Wrapped.decode(value).map { .some($0) }
    }
}

/// An SQLite failure: the primary and extended result codes, SQLite's message and the SQL that failed.
struct SQLiteError: Error, Sendable, CustomStringConvertible {
    /// The primary result code (`SQLITE_CONSTRAINT`, `SQLITE_NOTADB`, ...).
    var resultCode: Int32
    /// The extended result code (`SQLITE_CONSTRAINT_UNIQUE`, ...), the primary code in its low byte.
    var extendedResultCode: Int32
    /// `sqlite3_errmsg` at the time of the failure.
    var message: String
    var sql: String?

    init(extendedResultCode: Int32, message: String, sql: String? = nil) {
        self.resultCode = extendedResultCode & 0xFF
        self.extendedResultCode = extendedResultCode
        self.message = message
        self.sql = sql
    }

    var description: String {
        let base = "SQLite error \(extendedResultCode): \(message)"
        guard let sql else { return base }
        return "\(base) - while executing `\(sql)`"
    }
}

/// A row read from a statement, its values copied out so it outlives the statement.
struct SQLiteRow {
    /// The result column names, shared by every row of one query.
    let columns: [String]
    let values: [SQLiteValue]

    /// The value of the named column; NULL for a column the query does not have.
    subscript(column: String) -> SQLiteValue {
        guard let index = columns.firstIndex(of: column) else { return .null }
        return values[index]
    }

    func hasColumn(_ column: String) -> Bool { columns.contains(column) }
}

/// One connection to an SQLite file, with prepared statements kept for reuse.
///
/// Not thread-safe on purpose (it is opened with `SQLITE_OPEN_NOMUTEX`): its owner serializes every use,
/// the store behind a `Mutex`, the inspector by using it from one call only. It is not `Sendable`, so
/// the compiler holds the owner to that.
final class SQLiteConnection {
    enum TransactionKind: String {
        /// Takes the write lock at BEGIN, so a write never fails half-way with SQLITE_BUSY on lock upgrade.
        case immediate = "IMMEDIATE"
        /// Takes a read snapshot at the first read.
        case deferred = "DEFERRED"
    }

    private let handle: OpaquePointer
    /// Prepared statements by SQL text. The store runs a fixed set of statements, so this stays small.
    private var statements: [String: OpaquePointer] = [:]

    /// Opens (creating it unless `readOnly`) the database at `path`.
    ///
    /// SQLite opens lazily: a file that is not a database is only reported by the first statement.
    init(path: String, readOnly: Bool = false) throws(SQLiteError) {
        var flags = SQLITE_OPEN_NOMUTEX
        flags |= readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        var pointer: OpaquePointer?
        let code = sqlite3_open_v2(path, &pointer, flags, nil)
        guard let pointer else {
            throw SQLiteError(extendedResultCode: code, message: String(cString: sqlite3_errstr(code)))
        }
        guard code == SQLITE_OK else {
            let error = SQLiteError(
                extendedResultCode: sqlite3_extended_errcode(pointer),
                message: String(cString: sqlite3_errmsg(pointer))
            )
            sqlite3_close_v2(pointer)
            throw error
        }
        handle = pointer
        sqlite3_extended_result_codes(handle, 1)
    }

    deinit {
        for statement in statements.values { sqlite3_finalize(statement) }
        sqlite3_close_v2(handle)
    }

    /// How long a statement waits for another connection's lock before failing with SQLITE_BUSY.
    func setBusyTimeout(milliseconds: Int32) {
        sqlite3_busy_timeout(handle, milliseconds)
    }

    // MARK: Running SQL

    /// Runs one or more statements without arguments, discarding any rows (schema scripts, PRAGMAs).
    func execute(_ sql: String) throws(SQLiteError) {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        defer { sqlite3_free(errorMessage) }
        guard code == SQLITE_OK else {
            let message = errorMessage.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            throw SQLiteError(extendedResultCode: sqlite3_extended_errcode(handle), message: message, sql: sql)
        }
    }

    /// Runs one statement with arguments, discarding any rows.
    func execute(_ sql: String, _ arguments: SQLiteArguments) throws(SQLiteError) {
        try withStatement(sql, arguments) { (statement) throws(SQLiteError) in
            while try step(statement, sql) {}
        }
    }

    /// Runs one statement and returns all its rows.
    func rows(_ sql: String, _ arguments: SQLiteArguments = []) throws(SQLiteError) -> [SQLiteRow] {
        try withStatement(sql, arguments) { (statement) throws(SQLiteError) in
            let count = sqlite3_column_count(statement)
            let columns = (0..<count).map { String(cString: sqlite3_column_name(statement, $0)) }
            var rows: [SQLiteRow] = []
            while try step(statement, sql) {
                rows.append(SQLiteRow(columns: columns, values: (0..<count).map { Self.value(statement, $0) }))
            }
            return rows
        }
    }

    /// The first row, if any. The statement still runs to completion (an `UPDATE ... RETURNING` finishes).
    func row(_ sql: String, _ arguments: SQLiteArguments = []) throws(SQLiteError) -> SQLiteRow? {
        try rows(sql, arguments).first
    }

    /// The first column of the first row; nil when there is no row or the value is NULL.
    func scalar<Value: SQLiteDecodable>(
        _ type: Value.Type,
        _ sql: String,
        _ arguments: SQLiteArguments = []
    ) throws(SQLiteError) -> Value? {
        guard let value = try row(sql, arguments)?.values.first, value != .null else { return nil }
        guard let decoded = Value.decode(value) else {
            throw SQLiteError(
                extendedResultCode: SQLITE_MISMATCH,
                message: "the result \(value) is not a \(Value.self)",
                sql: sql
            )
        }
        return decoded
    }

    /// The rows the last INSERT, UPDATE or DELETE changed.
    var changes: Int { Int(sqlite3_changes64(handle)) }

    /// The rowid of the last row inserted on this connection.
    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Whether no transaction is open.
    var isAutocommit: Bool { sqlite3_get_autocommit(handle) != 0 }

    // MARK: Transactions

    /// Runs `body` in one transaction: it commits when `body` returns and rolls back entirely when
    /// `body` or the COMMIT throws.
    func transaction<T>(_ kind: TransactionKind, _ body: () throws -> T) throws -> T {
        try execute("BEGIN \(kind.rawValue) TRANSACTION")
        do {
            let result = try body()
            try execute("COMMIT TRANSACTION")
            return result
        } catch {
            // SQLite may already have rolled back on its own (after SQLITE_FULL, SQLITE_IOERR, ...).
            if !isAutocommit { try? execute("ROLLBACK TRANSACTION") }
            throw error
        }
    }

    // MARK: Statements

    private func withStatement<T>(
        _ sql: String,
        _ arguments: SQLiteArguments,
        _ body: (OpaquePointer) throws(SQLiteError) -> T
    ) throws(SQLiteError) -> T {
        let statement = try prepared(sql)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        let expected = Int(sqlite3_bind_parameter_count(statement))
        guard arguments.count == expected else {
            throw SQLiteError(
                extendedResultCode: SQLITE_RANGE,
                message: "\(arguments.count) arguments for \(expected) parameters",
                sql: sql
            )
        }
        for (offset, argument) in arguments.enumerated() {
            try bind(argument?.sqliteValue ?? .null, at: Int32(offset + 1), statement, sql)
        }
        return try body(statement)
    }

    private func prepared(_ sql: String) throws(SQLiteError) -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard code == SQLITE_OK, let statement else {
            sqlite3_finalize(statement)
            throw error(sql)
        }
        statements[sql] = statement
        return statement
    }

    /// Steps once: true when a row is ready, false when the statement is done.
    private func step(_ statement: OpaquePointer, _ sql: String) throws(SQLiteError) -> Bool {
        switch sqlite3_step(statement) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw error(sql)
        }
    }

    private func bind(
        _ value: SQLiteValue,
        at index: Int32,
        _ statement: OpaquePointer,
        _ sql: String
    ) throws(SQLiteError) {
        let code: Int32
        switch value {
        case .null:
            code = sqlite3_bind_null(statement, index)
        case .integer(let integer):
            code = sqlite3_bind_int64(statement, index, integer)
        case .real(let real):
            code = sqlite3_bind_double(statement, index, real)
        case .text(let text):
            let length = UInt64(text.utf8.count)
            code = sqlite3_bind_text64(statement, index, text, length, csqlite_transient(), UInt8(SQLITE_UTF8))
        case .blob(let bytes) where bytes.isEmpty:
            // A nil pointer would bind NULL: an empty blob is a zero-length blob.
            code = sqlite3_bind_zeroblob(statement, index, 0)
        case .blob(let bytes):
            code = bytes.withUnsafeBytes { buffer in
                sqlite3_bind_blob64(statement, index, buffer.baseAddress, UInt64(buffer.count), csqlite_transient())
            }
        }
        guard code == SQLITE_OK else { throw error(sql) }
    }

    private static func value(_ statement: OpaquePointer, _ column: Int32) -> SQLiteValue {
        switch sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(statement, column))
        case SQLITE_FLOAT:
            return .real(sqlite3_column_double(statement, column))
        case SQLITE_TEXT:
            guard let text = sqlite3_column_text(statement, column) else { return .text("") }
            let count = Int(sqlite3_column_bytes(statement, column))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            guard let blob = sqlite3_column_blob(statement, column) else { return .blob([]) }
            let count = Int(sqlite3_column_bytes(statement, column))
            return .blob([UInt8](UnsafeRawBufferPointer(start: blob, count: count)))
        default:
            return .null
        }
    }

    /// The connection's last error, as SQLite reports it right after the failing call.
    private func error(_ sql: String?) -> SQLiteError {
        SQLiteError(
            extendedResultCode: sqlite3_extended_errcode(handle),
            message: String(cString: sqlite3_errmsg(handle)),
            sql: sql
        )
    }
}
