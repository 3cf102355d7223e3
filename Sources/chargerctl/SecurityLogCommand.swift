import ArgumentParser
import ChargerAgent
import OCPP

/// `chargerctl security-log`: the station's security log (OCPP 2.0.1 A04), what GetLog's SecurityLog uploads.
struct SecurityLog: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "security-log",
        abstract: "The security events the station recorded, newest last, and whether the CSMS has the critical ones."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "How many of the newest entries to show (1-1000, default 50).")
    var limit: Int = 50

    @Flag(name: .long, help: "Empty the log first (the station records SecurityLogWasCleared and tells the CSMS).")
    var clear = false

    @Flag(name: .long, help: "Print the JSON object instead of the table.")
    var json = false

    func run() async throws {
        let client = try CLI.connect(global)
        let result = try CLI.request(
            client,
            global,
            "security-log",
            ["limit": .number(Double(limit)), "clear": .bool(clear)]
        )
        CLI.output(json ? result.jsonText : Self.table(result))
    }

    /// One line per entry: sequence, time, type, C (critical) / D (delivered), techInfo.
    static func table(_ result: JSONValue) -> String {
        let entries = result["entries"]?.arrayValue ?? []
        var lines = entries.map { entry -> String in
            let flags =
                (entry["critical"]?.boolValue == true ? "C" : "-") + (entry["delivered"]?.boolValue == true ? "D" : "-")
            let sequence = entry["sequence"]?.numberValue.map { String(Int($0)) } ?? "?"
            let fields = [
                sequence, entry["timestamp"]?.stringValue ?? "?", flags, entry["type"]?.stringValue ?? "?",
                entry["techInfo"]?.stringValue ?? "",
            ]
            return fields.joined(separator: "  ")
        }
        let total = result["total"]?.numberValue.map { Int($0) } ?? entries.count
        let undelivered = result["undelivered"]?.numberValue.map { Int($0) } ?? 0
        lines.append(
            "\(entries.count) of \(total) entries shown; \(undelivered) critical not yet delivered (C critical, D delivered)"
        )
        return lines.joined(separator: "\n")
    }
}
