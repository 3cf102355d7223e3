import ChargingStation
import LocalFiles
import StationStore

extension StationRuntime {
    /// The station's firmware and log I/O for `config` (L01, N01): the board's installer and version file,
    /// the daemon's journal (or CHARGERD_LOG_FILE when set, a file with timestamped lines) as its diagnostics
    /// log, the store's security log (A04) as its SecurityLog.
    static func maintenanceService(
        for config: BoardConfig,
        environment: [String: String],
        store: any StationStore
    ) -> StationMaintenanceService {
        let logFile = environment["CHARGERD_LOG_FILE"].flatMap { $0.isEmpty ? nil : $0 }
        let diagnostics: any LogLineSource =
            logFile.map { FileLogSource(path: $0) } ?? JournalLogSource(unit: "chargerd")
        // The security log is the store's (A04), whatever the diagnostics log comes from.
        let security: any LogLineSource = StoreSecurityLogSource(store: store)
        let board = (try? LocalFiles.readText(config.file)).map(Redaction.text) ?? "(board file unreadable)\n"
        var settings = config.maintenance
        if let file = settings.versionFile, !file.hasPrefix("/") {
            settings.versionFile = config.stateDirectory + "/" + file
        }
        return StationMaintenanceService(
            stateDirectory: config.stateDirectory,
            settings: settings,
            runningFirmwareVersion: StationMaintenanceService.runningVersion(settings, build: firmwareVersion),
            configuration: board,
            diagnostics: diagnostics,
            security: security,
            storePath: config.stateDirectory + "/station.sqlite"
        )
    }
}
