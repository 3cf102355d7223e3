import GRDB

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Read-only looks into the station store file: its integrity and a summary for support bundles.
///
/// Opens its own read-only connection (the store is in WAL mode, so this never blocks the daemon's
/// writes) and never changes the file.
public enum StoreInspector {
    /// `PRAGMA integrity_check`: "ok", or the problems SQLite lists.
    public static func integrityCheck(path: String) -> Result<String, DiagnosticFailure> {
        do {
            let queue = try open(path)
            let rows = try queue.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
            return .success(rows.joined(separator: "; "))
        } catch {
            return .failure(DiagnosticFailure("\(error)"))
        }
    }

    /// Row counts and the transactions still in the store (ids, state, seqNo), without tokens.
    public static func summary(path: String) -> JSONValue {
        do {
            let queue = try open(path)
            return try queue.read { db -> JSONValue in
                var counts: [String: JSONValue] = [:]
                let tables = try String.fetchAll(
                    db,
                    sql:
                        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
                )
                for table in tables {
                    let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \"\(table)\"") ?? 0
                    counts[table] = .number(Double(count))
                }
                var transactions: [JSONValue] = []
                if tables.contains("transactions") {
                    let columns = Set(try db.columns(in: "transactions").map(\.name))
                    let wanted = ["transaction_id", "evse_id", "state", "next_seq_no", "started_at", "stopped_reason"]
                        .filter { columns.contains($0) }
                    if !wanted.isEmpty {
                        let rows = try Row.fetchAll(
                            db,
                            sql: "SELECT \(wanted.map { "\"\($0)\"" }.joined(separator: ", ")) FROM transactions"
                        )
                        for row in rows {
                            var object: [String: JSONValue] = [:]
                            for column in wanted {
                                let value = row[column] as (any DatabaseValueConvertible)?
                                object[column] = value.map { .string("\($0)") } ?? .null
                            }
                            transactions.append(.object(object))
                        }
                    }
                }
                return ["path": .string(path), "rows": .object(counts), "transactions": .array(transactions)]
            }
        } catch {
            return ["path": .string(path), "error": .string("\(error)")]
        }
    }

    private static func open(_ path: String) throws -> DatabaseQueue {
        guard FileManager.default.fileExists(atPath: path) else {
            throw DiagnosticFailure("no store file at \(path)")
        }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        return try DatabaseQueue(path: path, configuration: configuration)
    }
}
