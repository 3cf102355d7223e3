import ArgumentParser
import ChargerAgent
import FleetSimulation
import Logging
import OCPPWebSocket
import ServiceLifecycle

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The fleet simulator: many OCPP 2.0.1 stations on simulated hardware in one process.
@main
struct ChargerSim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "charger-sim",
        abstract: "Runs a fleet of simulated OCPP 2.0.1 charging stations, each with its own identity and link.",
        discussion: """
            Every charger of the fleet file becomes one station connecting to <csms-url>/<station id>. The \
            control socket serves all of them: `chargerctl --socket PATH --station ID status`.
            """,
        version: ChargerAgentVersion.current
    )

    @Option(name: .long, help: "The fleet file (BoardConfigs/fleets/<fleet>.yaml).")
    var fleet: String

    @Option(name: .customLong("csms-url"), help: "The CSMS URL (ws://host:port[/path]); stations append their id.")
    var csmsURL: String

    @Option(name: .long, help: "Run N stations, repeating the fleet with suffixed ids (_x1, _x2, …) for scale runs.")
    var stations: Int?

    @Option(name: .long, help: "Run only these chargers (comma-separated ids).")
    var only: String?

    @Option(
        name: .customLong("control-socket"),
        help: "The control socket (default $CHARGERD_SOCKET or \(ControlServer.defaultPath))."
    )
    var controlSocket: String?

    @Flag(name: .customLong("no-control-socket"), help: "Serve no control socket (scale runs).")
    var noControlSocket = false

    @Option(name: .customLong("state-dir"), help: "Keep a SQLite store per station here (default: in memory).")
    var stateDirectory: String?

    @Flag(name: .long, help: "No automatic EV arrivals: drive sessions with `chargerctl sim` and the CSMS.")
    var manual = false

    @Option(name: .customLong("connect-rate"), help: "New connections a second at start, so the CSMS is not stampeded.")
    var connectRate: Double = 100

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    func validate() throws {
        guard StationRuntime.logLevelNames.contains(logLevel.lowercased()) else {
            throw ValidationError(
                "unknown log level '\(logLevel)'; use one of \(StationRuntime.logLevelNames.joined(separator: ", "))"
            )
        }
        if let stations, stations < 1 { throw ValidationError("--stations must be 1 or more, not \(stations)") }
        guard connectRate > 0, connectRate.isFinite else {
            throw ValidationError("--connect-rate must be above 0, not \(connectRate)")
        }
        if noControlSocket, controlSocket != nil {
            throw ValidationError("--control-socket and --no-control-socket exclude each other")
        }
    }

    func run() async throws {
        _ = StationRuntime.bootstrapLogging(level: logLevel)
        let config: FleetConfig
        do {
            config = try FleetConfig.load(path: fleet)
        } catch {
            throw Self.failure("charger-sim: fleet file error: \(error)")
        }
        let selection = only.map { list in
            list.split(separator: ",").map(\.trimmingSpaces).filter { !$0.isEmpty }
        }
        let runtime: FleetRuntime
        do {
            runtime = try FleetRuntime(
                fleet: config,
                options: .init(
                    csmsURL: csmsURL,
                    stationCount: stations,
                    only: selection,
                    stateDirectory: stateDirectory,
                    manual: manual,
                    connectRate: connectRate,
                    handlesShutdownSignals: true
                )
            )
        } catch {
            throw Self.failure("charger-sim: \(error)")
        }
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        var register: @Sendable (FleetStation) -> Void = { _ in }
        if !noControlSocket {
            let path = controlSocket ?? ControlServer.path(environment: ProcessInfo.processInfo.environment)
            let router = ControlRouter()
            let fleetFile = fleet
            register = { station in
                router.register(
                    station.id,
                    StationController(
                        station: station.station,
                        hardware: station.hardware,
                        simulation: station.simulation,
                        configFile: fleetFile
                    )
                )
            }
            for station in runtime.stations { register(station) }
            // Scenarios drive the fleet through the socket they name: not getting it is an error then.
            let server = ControlServer(path: path, router: router, required: controlSocket != nil)
            services.append(.init(service: server, serviceName: "control"))
        }
        // A station restarted after a reset has a new ChargingStation: its controller follows it.
        try await runtime.run(with: services, restarted: register)
    }

    /// Prints `message` on stderr; the returned error exits with status 1 without further output.
    static func failure(_ message: String) -> ExitCode {
        JournalLogHandler.writeToStandardError(message + "\n")
        return ExitCode.failure
    }
}
