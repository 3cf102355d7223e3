import Foundation
import HAL
import HALSimulated
import OCPPTestSupport
import Testing

@testable import ChargerAgent

/// Issue 17 item 2 on a board file: a simulated EVSE with a DC connector is a simulated DC EVSE (a converter the
/// station limits with a power setpoint, its meter at the rating's DC voltage); an AC one has no converter.
@Suite struct BoardDCSimulationTests {
    static func board() throws -> BoardConfig {
        try BoardConfig.parse(
            yaml: """
                station: {id: CP-DC-SIM, vendor: ChargerAgent, model: DCSim}
                csms: {url: "ws://127.0.0.1:9/ocpp", securityProfile: 0}
                stateDirectory: /tmp/chargerd-dc-sim-test
                evses:
                  - {id: 1, connectorType: cCCS2, maxCurrentA: 125, maxPowerW: 50000, phases: 3, meter: simulated,
                     contactor: simulated, evBoard: simulated}
                  - {id: 2, connectorType: cType2, maxCurrentA: 32, phases: 3, meter: simulated, contactor: simulated,
                     evBoard: simulated}
                """,
            file: "dc-sim.yaml",
            metersDirectory: TestRepository.path("BoardConfigs/meters")
        )
    }

    @Test func aSimulatedDCEVSEHasAConverterAndItsMeterShowsDC() async throws {
        let built = try StationRuntime.buildHardware(for: try Self.board(), clock: ContinuousClock())
        let dc = try #require(built.hardware.evse(1))
        let supply = try #require(dc.powerSupply)
        #expect(supply.ratedPower == 50_000)
        #expect(built.hardware.evse(2)?.powerSupply == nil)
        try await supply.setPowerLimit(20_000)
        let evse = try #require(built.simulation?.evses[0])
        evse.ev.plugIn(EVProfile(maxPower: 150_000, phases: 1))
        try await dc.board.offerCurrent(80)
        try await dc.contactor.set(.closed)
        let reading = try await dc.meter.read()
        #expect(reading.activePower == 20_000)
        #expect(reading.voltage == PhaseValues(l1: 400) && reading.current == PhaseValues(l1: 50))
    }
}
