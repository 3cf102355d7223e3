#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Read-only looks into a station store file, for diagnostics and support bundles.
///
/// Each call opens its own read-only connection (the store is in WAL mode, so this never blocks the
/// daemon's writes) and never changes the file. It reads whatever tables the file has, so it also
/// describes a file from another schema version.
public enum StoreInspection {
    /// What a store file holds, without any token or payload.
    public struct Summary: Sendable, Equatable {
        /// Rows per table, by table name.
        public var rowCounts: [String: Int]
        /// The transactions still stored: for each, the identifying columns the file has
        /// (`transaction_id`, `evse_id`, `state`, `next_seq_no`, `started_at`, `stopped_reason`), each
        /// value as text, nil for NULL.
        public var transactions: [[String: String?]]
    }

    /// The transaction columns a summary shows.
    static let summaryColumns = ["transaction_id", "evse_id", "state", "next_seq_no", "started_at", "stopped_reason"]

    /// `PRAGMA integrity_check`: "ok", or the problems SQLite lists, joined with "; ".
    public static func integrityCheck(path: String) throws(StoreError) -> String {
        try inspect(path) { db in
            try db.rows("PRAGMA integrity_check").map { row in
                row.values.first.map(text) ?? ""
            }.joined(separator: "; ")
        }
    }

    /// Row counts of every table and the transactions still in the store.
    public static func summary(path: String) throws(StoreError) -> Summary {
        try inspect(path) { db in
            let tables = try db.rows(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            ).map { row throws -> String in try RowReader(row: row, table: "sqlite_master")("name") }
            var counts: [String: Int] = [:]
            for table in tables {
                counts[table] = try db.scalar(Int.self, "SELECT COUNT(*) FROM \(quoted(table))") ?? 0
            }
            var transactions: [[String: String?]] = []
            if tables.contains("transactions") {
                let columns = Set(
                    try db.rows("PRAGMA table_info(transactions)").map { row throws -> String in
                        try RowReader(row: row, table: "transactions")("name")
                    }
                )
                let wanted = summaryColumns.filter { columns.contains($0) }
                if !wanted.isEmpty {
                    let rows = try db.rows("SELECT \(wanted.map(quoted).joined(separator: ", ")) FROM transactions")
                    for row in rows {
                        var object: [String: String?] = [:]
                        for column in wanted {
                            let value = row[column]
                            object[column] = .some(value == .null ? nil : text(value))
                        }
                        transactions.append(object)
                    }
                }
            }
            return Summary(rowCounts: counts, transactions: transactions)
        }
    }

    private static func inspect<T>(_ path: String, _ body: (SQLiteConnection) throws -> T) throws(StoreError) -> T {
        let db: SQLiteConnection
        do {
            db = try SQLiteConnection(path: path, readOnly: true)
            db.setBusyTimeout(milliseconds: 5_000)
            // SQLite opens lazily: read the schema now, so a file that is no database is reported as such.
            _ = try db.scalar(Int.self, "SELECT count(*) FROM sqlite_master")
        } catch {
            throw SQLiteStationStore.openError(path: path, error)
        }
        do {
            return try db.transaction(.deferred) { try body(db) }
        } catch {
            throw StoreError(error)
        }
    }

    /// A value as text: numbers as Swift prints them, a blob by its size.
    private static func text(_ value: SQLiteValue) -> String {
        switch value {
        case .null: "NULL"
        case .integer(let integer): "\(integer)"
        case .real(let real): "\(real)"
        case .text(let text): text
        case .blob(let bytes): "\(bytes.count) bytes"
        }
    }

    private static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacing("\"", with: "\"\"") + "\""
    }
}
