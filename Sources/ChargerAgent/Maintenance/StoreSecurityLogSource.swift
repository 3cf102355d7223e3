import OCPP
import StationStore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// GetLog's SecurityLog (N01) from the station's own security log (A04, the store's `security_log` table):
/// one line per event, oldest first, in the window asked for. techInfo never holds a secret (A04's rule for
/// every caller of `raiseSecurityEvent`), so the lines go out as they are.
public struct StoreSecurityLogSource: LogLineSource {
    let store: any StationStore

    public init(store: any StationStore) {
        self.store = store
    }

    public func write(from oldest: Date?, to latest: Date?, into path: String) async throws -> Int {
        let entries = try store.securityLog(from: oldest, to: latest)
        var text = ""
        for entry in entries {
            text += "\(RFC3339.string(from: entry.timestamp)) \(entry.type)"
            text += entry.critical ? " critical" : ""
            text += entry.critical ? (entry.delivered ? " delivered" : " undelivered") : ""
            if let info = entry.techInfo, !info.isEmpty { text += " techInfo=\(Self.oneLine(info))" }
            text += "\n"
        }
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return entries.count
    }

    /// techInfo on one line: a line break in it would read as a second event.
    static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }
}
