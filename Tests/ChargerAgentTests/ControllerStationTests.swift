import Foundation
import HAL
import HALModbus
import OCPPTestSupport
import Testing

@testable import ChargerAgent

/// The hardware builder on a board whose EV side is an EVSE-DIN charge controller served by
/// `Tests/Peers/modbus_server.py` (pymodbus, Modbus TCP on loopback). The whole station with each shipped
/// controller map is `ControllerMapStationTests`.
@Suite(
    "chargerd with a Modbus charge controller (pymodbus stand-in) as the EV board",
    .serialized,
    .timeLimit(.minutes(2))
)
struct ControllerStationTests {
    static let unit = 2

    static func board(port: Int, csms: Int) throws -> BoardConfig {
        try BoardConfig.parse(
            yaml: """
                station: {id: CP-CTRL-TEST, vendor: ChargerAgent, model: ControllerTest}
                csms: {url: "ws://127.0.0.1:\(csms)/ocpp", securityProfile: 0}
                stateDirectory: /tmp/chargerd-controller-test
                buses: {lan: {tcp: {host: 127.0.0.1, port: \(port)}}}
                evses:
                  - id: 1
                    connectorType: sType2
                    maxCurrentA: 32
                    phases: 3
                    meter: simulated
                    contactor: simulated
                    evBoard: {type: modbus-controller, bus: lan, unitId: \(unit), model: evse-din, pollMs: 50}
                """,
            file: "controller-test.yaml",
            metersDirectory: TestRepository.path("BoardConfigs/meters")
        )
    }

    @Test("buildHardware puts the controller behind EVSE 1 and it reads the stand-in's state")
    func wiring() async throws {
        let server = try await ModbusServerPeer.tcp(image: #"{"unit": 2, "holding": {"1002": 2, "1005": 18}}"#)
        defer { server.stop() }
        let built = try StationRuntime.buildHardware(
            for: try Self.board(port: server.port, csms: 9),
            clock: ContinuousClock()
        )
        #expect(built.controllers.count == 1)
        #expect(built.buses.count == 1)
        let board = try #require(built.hardware.evses[0].board as? ModbusChargeController)
        #expect(board.unit == 2)
        #expect(try await board.pilotState() == .b)
        #expect(await board.firmwareId == "18")
    }
}
