import ArgumentParser
import ChargerAgent
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The daemon: one station on the hardware a board file describes, linked to its CSMS.
@main
struct Chargerd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chargerd",
        abstract: "Runs one OCPP 2.0.1 charging station on the hardware a board file describes.",
        version: ChargerAgentVersion.current
    )

    /// Exit status when the CSMS asked for a reset: the supervisor (systemd) starts the daemon again.
    static let restartExitCode: Int32 = 75

    @Option(name: .long, help: "The board file (BoardConfigs/<board>.yaml).")
    var config: String

    @Option(name: .customLong("csms-url"), help: "The CSMS URL, instead of the board file's csms.url.")
    var csmsURL: String?

    @Option(name: .customLong("station-id"), help: "The OCPP identity, instead of the board file's station.id.")
    var stationId: String?

    @Option(name: .customLong("state-dir"), help: "Where the station store lives, instead of stateDirectory.")
    var stateDirectory: String?

    @Option(
        name: .customLong("control-socket"),
        help: "The control socket for chargerctl (default: $CHARGERD_SOCKET or /run/chargerd/control.sock)."
    )
    var controlSocket: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    func validate() throws {
        guard StationRuntime.logLevelNames.contains(logLevel.lowercased()) else {
            throw ValidationError(
                "unknown log level '\(logLevel)'; use one of \(StationRuntime.logLevelNames.joined(separator: ", "))"
            )
        }
    }

    func run() async throws {
        _ = StationRuntime.bootstrapLogging(level: logLevel)
        let board: BoardConfig
        do {
            board = try BoardConfig.load(path: config)
        } catch {
            throw Self.failure("chargerd: board config error: \(error)")
        }
        let socket = controlSocket ?? ControlServer.path(environment: ProcessInfo.processInfo.environment)
        let runtime: StationRuntime
        do {
            runtime = try StationRuntime(
                config: board,
                options: .init(
                    csmsURL: csmsURL,
                    stationId: stationId,
                    stateDirectory: stateDirectory,
                    controlSocket: socket,
                    handlesShutdownSignals: true
                )
            )
        } catch {
            throw Self.failure("chargerd: \(error)")
        }
        switch try await runtime.run() {
        case .stopped:
            return
        case .restartRequested:
            throw ExitCode(Self.restartExitCode)
        }
    }

    /// Prints `message` on stderr; the returned error exits with status 1 without further output.
    /// Under systemd the line carries the journal's error priority (`<3>`), like every other log line.
    static func failure(_ message: String) -> ExitCode {
        let journal = JournalLogHandler.detectFormat(environment: ProcessInfo.processInfo.environment) == .journal
        JournalLogHandler.writeToStandardError((journal ? "<3>" : "") + message + "\n")
        return ExitCode.failure
    }
}
