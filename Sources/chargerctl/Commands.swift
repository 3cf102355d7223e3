import ArgumentParser
import BoardDiagnostics
import ChargerAgent
import Foundation
import OCPP

struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Link and boot state, and per EVSE: connector, transaction, energy, power, contactor, LEDs, meter."
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Print the stable JSON object instead of the table.")
    var json = false

    func run() async throws {
        let client = try CLI.connect(global)
        let result = try CLI.request(client, global, "status")
        CLI.output(json ? result.jsonText : CLI.formatting.status(result))
    }
}

struct Diag: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check config, meter, GPIO, contactor, CSMS reachability, certificate, clock, disk and store.",
        discussion: """
            Asks the running daemon; with the daemon stopped, --config BOARD.yaml probes the board directly.
            Exits 1 when any check fails.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Print the report as JSON.")
    var json = false

    @Option(name: .long, help: "The board file, to probe directly when the daemon is not running.")
    var config: String?

    @Option(name: .customLong("state-dir"), help: "With --config: the state directory, instead of the board's.")
    var stateDirectory: String?

    func run() async throws {
        let report: DiagnosticReport
        if let client = try? ControlClient.connect(path: global.socketPath) {
            report = DiagnosticReport(json: try CLI.request(client, global, "diag"))
        } else if let config {
            report = await DirectDiagnostics.run(configFile: config, stateDirectory: stateDirectory)
        } else {
            _ = try CLI.connect(global)  // prints the unreachable message and exits 3
            return
        }
        CLI.output(json ? report.jsonValue.jsonText : CLI.formatting.diag(report))
        if !report.passed { throw Exit.failed }
    }
}

struct Selftest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Cycle the LEDs and click the contactor, checking its feedback; refused while a transaction runs."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Only this EVSE (default: all).")
    var evse: Int?

    @Flag(name: .long, help: "Print the result as JSON.")
    var json = false

    func run() async throws {
        let client = try CLI.connect(global)
        let result = try CLI.request(client, global, "selftest", ["evse": .optional(evse)])
        CLI.output(json ? result.jsonText : CLI.formatting.selftest(result))
        if result["passed"]?.boolValue != true { throw Exit.failed }
    }
}

struct Meter: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Live meter values.",
        subcommands: [Read.self]
    )

    struct Read: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Read the meters now (energy, power, V, A).")

        @OptionGroup var global: GlobalOptions

        @Option(name: .long, help: "Only this EVSE (default: all).")
        var evse: Int?

        @Flag(name: .long, help: "Read again every second until interrupted.")
        var watch = false

        @Flag(name: .long, help: "Print JSON (one object per line with --watch).")
        var json = false

        func run() async throws {
            let client = try CLI.connect(global)
            let formatting = CLI.formatting
            repeat {
                let result = try CLI.request(client, global, "meter", ["evse": .optional(evse)])
                if json {
                    CLI.output(result.jsonText)
                } else {
                    if watch, formatting.color { print("\u{1B}[H\u{1B}[2J", terminator: "") }
                    CLI.output(formatting.meter(result))
                }
                fflush(nil)
                if watch { try await Task.sleep(for: .seconds(1)) }
            } while watch
        }
    }
}

struct Sim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Drive the simulated EV and inject faults on a simulated board.",
        subcommands: [Plug.self, Unplug.self, Token.self, Fault.self, Clear.self]
    )

    static func send(_ global: GlobalOptions, _ args: JSONValue) throws {
        let client = try CLI.connect(global)
        let result = try CLI.request(client, global, "sim", args)
        CLI.output("ok: " + result.jsonText)
    }

    struct Plug: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Plug a simulated vehicle in.")
        @OptionGroup var global: GlobalOptions
        @Option(name: .long, help: "The EVSE id.") var evse: Int
        @Option(name: .customLong("max-power-kw"), help: "The vehicle's power limit in kW (default 11).")
        var maxPowerKW: Double?
        @Option(name: .long, help: "The phases the vehicle charges on (1-3).") var phases: Int?

        func validate() throws {
            if let maxPowerKW, !(maxPowerKW > 0) { throw ValidationError("--max-power-kw must be above 0") }
            if let phases, !(1...3).contains(phases) { throw ValidationError("--phases must be 1, 2 or 3") }
        }

        func run() async throws {
            try Sim.send(
                global,
                [
                    "action": "plug", "evse": .optional(evse), "maxPowerKW": .optional(maxPowerKW),
                    "phases": .optional(phases),
                ]
            )
        }
    }

    struct Unplug: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Unplug the simulated vehicle.")
        @OptionGroup var global: GlobalOptions
        @Option(name: .long, help: "The EVSE id.") var evse: Int

        func run() async throws {
            try Sim.send(global, ["action": "unplug", "evse": .optional(evse)])
        }
    }

    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Present an RFID card to the simulated reader.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The card's id.") var id: String
        @Option(name: .long, help: "The EVSE (the reader is shared; accepted for symmetry).") var evse: Int?

        func run() async throws {
            try Sim.send(global, ["action": "token", "id": .string(id), "evse": .optional(evse)])
        }
    }

    struct Fault: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Inject a fault into a simulated part.",
            discussion: "KIND: \(StationController.faultKinds.joined(separator: ", "))."
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The fault kind.") var kind: String
        @Option(name: .long, help: "The EVSE id.") var evse: Int

        func validate() throws {
            guard StationController.faultKinds.contains(kind) || kind == "meter-exception" else {
                throw ValidationError(
                    "unknown fault kind '\(kind)'; use \(StationController.faultKinds.joined(separator: ", "))"
                )
            }
        }

        func run() async throws {
            try Sim.send(global, ["action": "fault", "kind": .string(kind), "evse": .optional(evse)])
        }
    }

    struct Clear: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Clear every injected fault on an EVSE (and release a simulated emergency stop)."
        )
        @OptionGroup var global: GlobalOptions
        @Option(name: .long, help: "The EVSE id.") var evse: Int

        func run() async throws {
            try Sim.send(global, ["action": "clear", "evse": .optional(evse)])
        }
    }
}
