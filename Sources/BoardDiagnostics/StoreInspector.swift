import OCPP
import StationStore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Read-only looks into the station store file: its integrity and a summary for support bundles.
///
/// The reading is `StoreInspection`'s (in StationStore, which owns the file's layout); this turns its
/// answers into the diagnostics' result and JSON forms.
public enum StoreInspector {
    /// `PRAGMA integrity_check`: "ok", or the problems SQLite lists.
    public static func integrityCheck(path: String) -> Result<String, DiagnosticFailure> {
        guard FileManager.default.fileExists(atPath: path) else {
            return .failure(DiagnosticFailure("no store file at \(path)"))
        }
        do {
            return .success(try StoreInspection.integrityCheck(path: path))
        } catch {
            return .failure(DiagnosticFailure("\(error)"))
        }
    }

    /// Row counts and the transactions still in the store (ids, state, seqNo), without tokens.
    public static func summary(path: String) -> JSONValue {
        guard FileManager.default.fileExists(atPath: path) else {
            return ["path": .string(path), "error": .string("no store file at \(path)")]
        }
        do {
            let summary = try StoreInspection.summary(path: path)
            var counts = JSONObject()
            for (table, count) in summary.rowCounts { counts[table] = .number(Double(count)) }
            let transactions = summary.transactions.map { row -> JSONValue in
                var object = JSONObject()
                for (column, value) in row { object[column] = value.map(JSONValue.string) ?? .null }
                return .object(object)
            }
            return ["path": .string(path), "rows": .object(counts), "transactions": .array(transactions)]
        } catch {
            return ["path": .string(path), "error": .string("\(error)")]
        }
    }
}
