import ChargerAgent
import HAL

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `chargerctl diag --config` with the daemon stopped: the board's hardware is built from its file and
/// probed once, with the same checks the daemon runs (`BoardChecks`).
///
/// Only chargerctl does this — chargerd always has its hardware built — so it lives here and not in
/// ChargerAgent, which the daemon links.
public enum DirectDiagnostics {
    /// Loads the board file, builds its hardware (opening the GPIO chip and the meter buses), reads each
    /// meter once and probes the CSMS. `stateDirectory` replaces the board's.
    public static func run(configFile: String, stateDirectory: String? = nil) async -> DiagnosticReport {
        var config: BoardConfig
        do {
            config = try BoardConfig.load(path: configFile)
        } catch {
            return configFailure(file: configFile, error: "\(error)")
        }
        if let stateDirectory { config.stateDirectory = stateDirectory }
        let hardware: StationHardware
        do {
            hardware = try StationRuntime.openHardware(for: config)
        } catch {
            // Without hardware only the checks that need none run; the GPIO check names the problem.
            var report = await BoardChecks.run(
                config: config,
                hardware: .init(evses: []),
                storePath: nil,
                station: nil,
                hardwareNote: "\(error)",
                source: "direct"
            )
            report.checks.insert(
                .fail(
                    "hardware",
                    "Board hardware opens",
                    "\(error)",
                    hint: "the key named in the message points at a device or line that cannot be opened"
                ),
                at: 1
            )
            return report
        }
        return await BoardChecks.run(
            config: config,
            hardware: hardware,
            storePath: nil,
            station: nil,
            source: "direct"
        )
    }

    /// The board file could not be loaded: one failing check, and the checks that need no board.
    public static func configFailure(file: String, error: String, now: Date = Date()) -> DiagnosticReport {
        DiagnosticReport(
            checks: [
                .fail(
                    "config",
                    "Board file valid",
                    error,
                    hint: "fix the key named in the message; BoardConfigs/template.yaml documents every key"
                ),
                BoardChecks.clock(now),
            ],
            source: "direct"
        )
    }
}
