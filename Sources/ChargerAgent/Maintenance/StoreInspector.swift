import OCPP
import StationStore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A read-only summary of the station store file, for support bundles (`chargerctl bundle`) and GetLog's
/// DiagnosticsLog (`store-summary.json` in both).
///
/// The reading is `StoreInspection`'s (in StationStore, which owns the file's layout); this turns its
/// answers into JSON. The store's integrity check, which the daemon's `diag` runs too, is `BoardChecks`'.
public enum StoreInspector {
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
