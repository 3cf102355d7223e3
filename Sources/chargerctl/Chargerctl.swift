import ArgumentParser
import ChargerAgent
import Foundation
import OCPP

/// Field diagnostics and control of a running `chargerd` (or `charger-sim`) over its control socket.
struct Chargerctl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chargerctl",
        abstract: "Diagnose and control a charging station run by chargerd.",
        discussion: """
            Talks to chargerd over its control socket (default /run/chargerd/control.sock, or $CHARGERD_SOCKET).
            Exit status: 0 ok, 1 a check failed or the command was refused, 2 usage error, 3 daemon unreachable.
            """,
        version: ChargerAgentVersion.current,
        subcommands: [
            Status.self, Diag.self, Selftest.self, Meter.self, Bundle.self, Sim.self, SecurityLog.self, Limit.self,
        ]
    )

    @OptionGroup var global: GlobalOptions
}

/// Options every command accepts, before or after the command name.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "The control socket (default: $CHARGERD_SOCKET or /run/chargerd/control.sock).")
    var socket: String?

    @Option(name: .long, help: "The station id, when the socket serves several (charger-sim).")
    var station: String?

    var socketPath: String {
        socket ?? ControlServer.path(environment: ProcessInfo.processInfo.environment)
    }
}

/// Exit statuses (see the root command's discussion).
enum Exit {
    static let failed = ExitCode(1)
    static let usage = ExitCode(2)
    static let unreachable = ExitCode(3)
}

/// stdout/stderr helpers and the request plumbing shared by the commands.
enum CLI {
    static func printError(_ message: String) {
        FileHandle.standardError.write(Data(("chargerctl: " + message + "\n").utf8))
    }

    /// Colour only on a terminal, and never with NO_COLOR set (https://no-color.org).
    static var formatting: ControlFormatting {
        let environment = ProcessInfo.processInfo.environment
        return ControlFormatting(color: isatty(STDOUT_FILENO) == 1 && environment["NO_COLOR"] == nil)
    }

    static func unreachableMessage(_ path: String, _ reason: String) -> String {
        """
        cannot reach chargerd at \(path): \(reason)
        Is the daemon running? Check `systemctl status chargerd`, or pass --socket PATH (or set CHARGERD_SOCKET).
        """
    }

    /// Connects or exits with status 3 and a message naming the socket.
    static func connect(_ global: GlobalOptions) throws -> ControlClient {
        do {
            return try ControlClient.connect(path: global.socketPath)
        } catch {
            if case .unreachable(let path, let reason) = error {
                printError(unreachableMessage(path, reason))
            } else {
                printError(error.description)
            }
            throw Exit.unreachable
        }
    }

    /// Sends one command; a refused command prints its error and exits with status 1.
    static func request(
        _ client: ControlClient,
        _ global: GlobalOptions,
        _ command: String,
        _ args: JSONValue = [:]
    ) throws -> JSONValue {
        let response: ControlResponse
        do {
            response = try client.send(command, station: global.station, args: args)
        } catch {
            printError(error.description)
            throw Exit.unreachable
        }
        switch response.outcome {
        case .success(let result):
            return result
        case .failure(let error):
            printError("\(command): \(error.message) [\(error.code)]")
            throw Exit.failed
        }
    }

    static func output(_ text: String) {
        print(text)
    }
}

@main
enum Main {
    static func main() async {
        do {
            var command = try Chargerctl.parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = Chargerctl.exitCode(for: error)
            if code == .validationFailure {
                // ArgumentParser exits 64 on usage errors; this tool's contract says 2.
                let message = Chargerctl.fullMessage(for: error)
                FileHandle.standardError.write(Data((message + "\n").utf8))
                exit(Exit.usage.rawValue)
            }
            Chargerctl.exit(withError: error)
        }
    }
}
