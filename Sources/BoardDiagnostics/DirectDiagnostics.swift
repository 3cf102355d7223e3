#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension BoardDiagnostics {
    /// `chargerctl diag --config` with the daemon stopped: loads the board file, builds its hardware
    /// (opening the GPIO chip and the meter buses), reads each meter once and probes the CSMS.
    public static func direct(configFile: String, stateDirectory: String? = nil) async -> DiagnosticReport {
        var config: BoardConfig
        do {
            config = try BoardConfig.load(path: configFile)
        } catch {
            return configFailure(file: configFile, error: "\(error)")
        }
        if let stateDirectory { config.stateDirectory = stateDirectory }
        let built: StationRuntime.BuiltHardware
        do {
            built = try StationRuntime.buildHardware(for: config, clock: ContinuousClock())
        } catch {
            // Without hardware only the checks that need none run; the GPIO check names the problem.
            var report = await run(
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
        return await run(
            config: config,
            hardware: built.hardware,
            storePath: nil,
            station: nil,
            source: "direct"
        )
    }
}
