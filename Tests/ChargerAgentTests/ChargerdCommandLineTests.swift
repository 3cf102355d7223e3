import ChargerAgent
import Testing

/// chargerd's hand-read command line: the options it always had, their two spellings, and usage errors that
/// say what is wrong (exit 64).
@Suite struct ChargerdCommandLineTests {
    @Test func everyOptionInBothSpellings() throws {
        let request = try ChargerdCommandLine.parse([
            "--config", "/etc/chargerd/board.yaml", "--csms-url=wss://csms.example/ocpp", "--station-id", "CP-7",
            "--state-dir=/var/lib/chargerd", "--control-socket", "/run/x.sock", "--log-level", "DEBUG",
        ])
        var expected = ChargerdCommandLine(config: "/etc/chargerd/board.yaml")
        expected.csmsURL = "wss://csms.example/ocpp"
        expected.stationId = "CP-7"
        expected.stateDirectory = "/var/lib/chargerd"
        expected.controlSocket = "/run/x.sock"
        expected.logLevel = "DEBUG"
        #expect(request == .run(expected))
    }

    @Test func onlyTheBoardFileIsRequired() throws {
        let request = try ChargerdCommandLine.parse(["--config", "board.yaml"])
        #expect(request == .run(ChargerdCommandLine(config: "board.yaml")))
        guard case .run(let line) = request else { return }
        #expect(line.logLevel == "info" && line.csmsURL == nil && line.controlSocket == nil)
    }

    @Test func helpAndVersionWinOverEverythingElse() throws {
        #expect(try ChargerdCommandLine.parse(["--help"]) == .help)
        #expect(try ChargerdCommandLine.parse(["-h", "--no-such"]) == .help)
        #expect(try ChargerdCommandLine.parse(["--config", "b.yaml", "--version"]) == .version)
        #expect(ChargerdCommandLine.help.contains("--control-socket <path>"))
    }

    @Test(
        "usage errors say what is wrong",
        arguments: [
            ([String](), "missing '--config <config>'"),
            (["--config"], "missing value for '--config'"),
            (["--config", "--log-level", "info"], "missing value for '--config'"),
            (["--config", "b.yaml", "--verbose"], "unknown option '--verbose'"),
            (["--config", "b.yaml", "extra"], "unexpected argument 'extra'"),
            (["--config", "a.yaml", "--config=b.yaml"], "'--config' given twice"),
            (["--config", "b.yaml", "--log-level", "loud"], "unknown log level 'loud'; use one of trace, debug"),
        ]
    )
    func usageErrors(arguments: [String], message: String) {
        do {
            _ = try ChargerdCommandLine.parse(arguments)
            Issue.record("\(arguments) was accepted")
        } catch {
            #expect(error.description.hasPrefix(message), "\(error.description)")
        }
        #expect(ChargerdCommandLine.usageExitCode == 64)
    }
}
