import HAL
import HALSimulated
import Testing

@testable import FleetSimulation

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Issue 17 item 2: a fleet DC charger is a simulated DC EVSE whose converter takes a power setpoint; its meter
/// shows the limited power at the DC voltage.
@Suite("Fleet DC chargers: the power setpoint")
struct FleetDCSetpointTests {
    static let fleetPath: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("BoardConfigs/fleets/emart-jeju.yaml").path
    }()

    @Test("A 200 kW DC charger set to 50 kW delivers 50 kW, shown at 400 V and 125 A; lifting it gives 200 kW")
    func setpointLimitsDCPower() async throws {
        let runtime = try FleetRuntime(
            fleet: try FleetConfig.load(path: Self.fleetPath),
            options: .init(csmsURL: "ws://127.0.0.1:9", only: ["emart_jeju_01"])
        )
        let station = try #require(runtime.station("emart_jeju_01"))
        let hardware = station.hardware.evses[0]
        let supply = try #require(hardware.powerSupply, "a DC charger has a converter to set")
        #expect(supply.ratedPower == 200_000)
        let evse = station.simulation[evse: 1]
        evse.ev.plugIn(EVProfile(maxPower: 200_000, phases: 1))
        try await evse.board.offerCurrent(80)
        try await evse.contactor.set(.closed)
        try await supply.setPowerLimit(50_000)
        let limited = try await hardware.meter.read()
        #expect(limited.activePower == 50_000)
        #expect(limited.voltage == PhaseValues(l1: 400) && limited.current == PhaseValues(l1: 125))
        #expect(limited.frequency == nil)
        try await supply.setPowerLimit(nil)
        #expect(try await hardware.meter.read().activePower == 200_000)
        await #expect(throws: EVSEBoardError.powerOutOfRange(-1)) { try await supply.setPowerLimit(-1) }
        #expect(evse.dcSupply?.powerLimit == nil, "a refused setpoint changes nothing")
    }

    @Test("An AC fleet charger has no converter: its limit is the pilot's")
    func acHasNoSupply() throws {
        let runtime = try FleetRuntime(
            fleet: try FleetConfig.load(path: Self.fleetPath),
            options: .init(csmsURL: "ws://127.0.0.1:9", only: ["emart_jeju_06"])
        )
        let station = try #require(runtime.station("emart_jeju_06"))
        #expect(station.hardware.evses[0].powerSupply == nil)
    }
}
