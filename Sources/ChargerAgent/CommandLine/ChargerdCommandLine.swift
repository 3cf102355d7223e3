/// chargerd's command line, read by hand.
///
/// chargerd has six options and no subcommands. ArgumentParser's reflection (property wrappers found through
/// Mirror, protocol conformances looked up at run time) cost about 27 million instructions at every start, a
/// third of all chargerd did until its first BootNotification, and its code stayed resident; chargerctl, with its
/// many subcommands, keeps it. The options, their spellings (`--name value` or `--name=value`) and the exit
/// status of a usage error (64, EX_USAGE) are the same as before.
public struct ChargerdCommandLine: Sendable, Equatable {
    /// The board file.
    public var config: String
    public var csmsURL: String?
    public var stationId: String?
    public var stateDirectory: String?
    public var controlSocket: String?
    public var logLevel = "info"

    /// What the command line asks for.
    public enum Request: Sendable, Equatable {
        case run(ChargerdCommandLine)
        case help
        case version
    }

    /// A command line chargerd cannot run with; `description` says what is wrong.
    public struct UsageError: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// The exit status of a usage error (sysexits.h EX_USAGE).
    public static let usageExitCode: Int32 = 64

    public static let usage =
        "Usage: chargerd --config <config> [--csms-url <url>] [--station-id <id>] "
        + "[--state-dir <dir>] [--control-socket <path>] [--log-level <level>]"

    public static let help = """
        OVERVIEW: Runs one OCPP 2.0.1 charging station on the hardware a board file describes.

        \(usage)

        OPTIONS:
          --config <config>       The board file (BoardConfigs/<board>.yaml).
          --csms-url <url>        The CSMS URL, instead of the board file's csms.url.
          --station-id <id>       The OCPP identity, instead of the board file's station.id.
          --state-dir <dir>       Where the station store lives, instead of stateDirectory.
          --control-socket <path> The control socket for chargerctl (default: $CHARGERD_SOCKET or
                                  /run/chargerd/control.sock).
          --log-level <level>     trace, debug, info, notice, warning, error or critical. (default: info)
          --version               Show the version.
          -h, --help              Show help information.

        """

    /// Reads `arguments` (without the program name).
    public static func parse(_ arguments: [String]) throws(UsageError) -> Request {
        var values: [String: String] = [:]
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            index += 1
            if argument == "-h" || argument == "--help" { return .help }
            if argument == "--version" { return .version }
            guard argument.hasPrefix("--") else { throw UsageError(description: "unexpected argument '\(argument)'") }
            var name = argument
            var value: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
            }
            guard Self.options.contains(name) else { throw UsageError(description: "unknown option '\(name)'") }
            if value == nil {
                guard index < arguments.endIndex, !arguments[index].hasPrefix("--") else {
                    throw UsageError(description: "missing value for '\(name)'")
                }
                value = arguments[index]
                index += 1
            }
            guard values[name] == nil else { throw UsageError(description: "'\(name)' given twice") }
            values[name] = value
        }
        guard let config = values["--config"] else { throw UsageError(description: "missing '--config <config>'") }
        var line = ChargerdCommandLine(config: config)
        line.csmsURL = values["--csms-url"]
        line.stationId = values["--station-id"]
        line.stateDirectory = values["--state-dir"]
        line.controlSocket = values["--control-socket"]
        if let level = values["--log-level"] {
            guard StationRuntime.logLevelNames.contains(level.lowercased()) else {
                throw UsageError(
                    description: "unknown log level '\(level)'; use one of "
                        + StationRuntime.logLevelNames.joined(separator: ", ")
                )
            }
            line.logLevel = level
        }
        return .run(line)
    }

    private static let options: Set<String> = [
        "--config", "--csms-url", "--station-id", "--state-dir", "--control-socket", "--log-level",
    ]

    public init(config: String) {
        self.config = config
    }
}
