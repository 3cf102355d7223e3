import ChargingStation

extension StationRuntime {
    /// The control-socket controller for the daemon's station; `diag` runs the board checks on the
    /// daemon's own hardware.
    static func makeController(
        station: ChargingStation,
        built: BuiltHardware,
        config: BoardConfig,
        storePath: String
    ) -> StationController {
        let hardware = built.hardware
        let selftests = SelftestLog()
        return StationController(
            station: station,
            hardware: hardware,
            simulation: built.simulation,
            configFile: config.file,
            storePath: storePath,
            selftestLog: selftests,
            diagnose: {
                let snapshot = await station.statusSnapshot()
                return await BoardChecks.run(
                    config: config,
                    hardware: hardware,
                    storePath: storePath,
                    station: .init(snapshot: snapshot, selftestFailures: selftests.failures),
                    source: "daemon"
                )
            }
        )
    }
}
