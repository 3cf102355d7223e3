import ChargerAgent
import Foundation
import HAL
import HALSimulated
import Testing

private let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A meter answering fixed values, to test the plausibility rules.
private struct ScriptedMeter: EnergyMeter {
    let reading: MeterReading
    func read() async throws(MeterError) -> MeterReading { reading }
}

@Suite struct ControlDiagnosticsTests {
    private func report(meter: MeterReading, now: Date = Date()) async throws -> [String: DiagnosticCheck] {
        var board = try BoardConfig.load(
            path: repositoryRoot.appendingPathComponent("BoardConfigs/simulator.yaml").path
        )
        board.stateDirectory = FileManager.default.temporaryDirectory.path
        let simulation = SimulatedStation(evseCount: 2, clock: ContinuousClock(), now: { Date() })
        var hardware = simulation.hardware
        hardware.evses[0].meter = ScriptedMeter(reading: meter)
        let report = await BoardChecks.run(
            config: board,
            hardware: hardware,
            storePath: "/nonexistent/station.sqlite",
            station: nil,
            source: "direct",
            probeCSMS: false,
            now: now
        )
        return Dictionary(uniqueKeysWithValues: report.checks.map { ($0.id, $0) })
    }

    @Test(arguments: [
        (400.0, 1000.0, 10.0, "voltage"),
        (230.0, -5.0, 10.0, "import register"),
        (230.0, 1000.0, 5_000_000.0, "power"),
    ])
    func implausibleReadingsFailTheMeterCheck(volts: Double, energy: Double, power: Double, word: String) async throws {
        let checks = try await report(
            meter: MeterReading(energyImport: energy, activePower: power, voltage: .init(l1: volts), timestamp: Date())
        )
        let meter = try #require(checks["meter.evse1"])
        #expect(meter.status == .fail)
        #expect(meter.detail.contains("implausible") && meter.detail.contains(word), "\(meter.detail)")
        #expect(meter.hint.contains("register map"))
        #expect(checks["meter.evse2"]?.status == .pass)
    }

    @Test func anUnsetClockFailsAndAMissingStoreIsNotAFailure() async throws {
        let checks = try await report(
            meter: MeterReading(energyImport: 1, activePower: 0, timestamp: Date()),
            now: Date(timeIntervalSince1970: 0)
        )
        #expect(checks["clock"]?.status == .fail)
        #expect(checks["clock"]?.detail.contains("1970-01-01T00:00:00Z") == true)
        #expect(checks["store"]?.status == .pass)
        #expect(checks["meter.evse1"]?.status == .pass)
        #expect(checks["certificate"]?.status == .pass)
    }
}
