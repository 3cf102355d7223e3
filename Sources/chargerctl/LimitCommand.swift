import ArgumentParser
import ChargerAgent
import OCPP

/// `chargerctl limit set|clear|show`: an external charging limit from outside OCPP (OCPP 2.0.1 K11-K13), as a
/// local energy manager sets it. The station applies it at once and tells the CSMS (NotifyChargingLimit,
/// ClearedChargingLimit).
struct Limit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "limit",
        abstract: "Set, clear or show external charging limits (an energy manager's or grid operator's).",
        subcommands: [SetLimit.self, ClearLimit.self, ShowLimits.self],
        defaultSubcommand: ShowLimits.self
    )

    struct SetLimit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Limit an EVSE (or the whole station: EVSE 0), e.g. `chargerctl limit set 1 10 A --source EMS`."
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The EVSE id; 0 for the whole station.")
        var evse: Int

        @Argument(help: "The limit, at least 0.")
        var value: Double

        @Argument(help: "A (per phase) or W.")
        var unit: String

        @Option(name: .long, help: "Who sets it: EMS, Other or SO (a grid operator).")
        var source: String = "EMS"

        func validate() throws {
            guard unit == "A" || unit == "W" else { throw ValidationError("the unit must be A or W, not \(unit)") }
            guard ["EMS", "Other", "SO"].contains(source) else {
                throw ValidationError("--source must be EMS, Other or SO, not \(source)")
            }
            guard value >= 0, value.isFinite else { throw ValidationError("the limit must be at least 0") }
        }

        func run() async throws {
            let client = try CLI.connect(global)
            let result = try CLI.request(
                client,
                global,
                "limit",
                [
                    "action": "set", "evse": .number(Double(evse)), "limit": .number(value), "unit": .string(unit),
                    "source": .string(source),
                ]
            )
            CLI.output(result["outcome"]?.stringValue ?? result.jsonText)
        }
    }

    struct ClearLimit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "clear",
            abstract: "Clear the limit set here on an EVSE, or every limit set here when no EVSE is given."
        )

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The EVSE id (0: the station); all when left out.")
        var evse: Int?

        func run() async throws {
            let client = try CLI.connect(global)
            var args: JSONObject = ["action": "clear"]
            if let evse { args["evse"] = .number(Double(evse)) }
            let result = try CLI.request(client, global, "limit", .object(args))
            CLI.output("\(Int(result["cleared"]?.numberValue ?? 0)) limit(s) cleared")
        }
    }

    struct ShowLimits: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "The external limits in force, from any source."
        )

        @OptionGroup var global: GlobalOptions

        @Flag(name: .long, help: "Print the JSON object instead of lines.")
        var json = false

        func run() async throws {
            let client = try CLI.connect(global)
            let result = try CLI.request(client, global, "limit", ["action": "show"])
            if json {
                CLI.output(result.jsonText)
                return
            }
            let limits = result["limits"]?.arrayValue ?? []
            if limits.isEmpty { CLI.output("no external limits") }
            for limit in limits {
                let evse = Int(limit["evse"]?.numberValue ?? 0)
                CLI.output(
                    "evse \(evse): \(limit["limit"]?.numberValue ?? 0) \(limit["unit"]?.stringValue ?? "?")"
                        + "  source \(limit["source"]?.stringValue ?? "?")  from \(limit["origin"]?.stringValue ?? "?")"
                )
            }
        }
    }
}
