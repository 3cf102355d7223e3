import ChargerAgent

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The daemon: one station on the hardware a board file describes, linked to its CSMS.
@main
enum Chargerd {
    /// Exit status when the CSMS asked for a reset: the supervisor (systemd) starts the daemon again.
    static let restartExitCode: Int32 = 75

    static func main() async {
        let request: ChargerdCommandLine.Request
        do {
            request = try ChargerdCommandLine.parse(Array(CommandLine.arguments.dropFirst()))
        } catch {
            fail("chargerd: \(error)\n\(ChargerdCommandLine.usage)", status: ChargerdCommandLine.usageExitCode)
        }
        switch request {
        case .help:
            print(ChargerdCommandLine.help, terminator: "")
        case .version:
            print(ChargerAgentVersion.current)
        case .run(let options):
            exit(await run(options))
        }
    }

    /// Runs the station until it stops; the process's exit status.
    static func run(_ options: ChargerdCommandLine) async -> Int32 {
        _ = StationRuntime.bootstrapLogging(level: options.logLevel)
        let board: BoardConfig
        do {
            board = try BoardConfig.load(path: options.config)
        } catch {
            fail("chargerd: board config error: \(error)", status: 1)
        }
        let environment = ProcessInfo.processInfo.environment
        let runtime: StationRuntime
        do {
            runtime = try StationRuntime(
                config: board,
                options: .init(
                    csmsURL: options.csmsURL,
                    stationId: options.stationId,
                    stateDirectory: options.stateDirectory,
                    controlSocket: options.controlSocket ?? ControlServer.path(environment: environment),
                    handlesShutdownSignals: true
                )
            )
        } catch {
            fail("chargerd: \(error)", status: 1)
        }
        do {
            switch try await runtime.run() {
            case .stopped: return 0
            case .restartRequested: return restartExitCode
            }
        } catch {
            fail("chargerd: \(error)", status: 1)
        }
    }

    /// Prints `message` on stderr and exits with `status`. Under systemd the line carries the journal's error
    /// priority (`<3>`), like every other log line.
    static func fail(_ message: String, status: Int32) -> Never {
        let journal = JournalLogHandler.detectFormat(environment: ProcessInfo.processInfo.environment) == .journal
        JournalLogHandler.writeToStandardError((journal ? "<3>" : "") + message + "\n")
        exit(status)
    }
}
