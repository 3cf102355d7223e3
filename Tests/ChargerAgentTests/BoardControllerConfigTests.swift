import ChargerAgent
import HALModbus
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The repository's `BoardConfigs/meters` folder; controller maps are in `controllers` beside it.
private let meters: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.appendingPathComponent("BoardConfigs/meters").path
}()

/// A Pi 4 board: an EVSE-DIN controller (unit 2) and an SDM630 meter (unit 1) on one RS-485 bus.
private func board(evBoard: String) -> String {
    """
    station: {id: CP-CTRL, vendor: Test, model: Bench}
    csms: {url: "ws://127.0.0.1:9000/ocpp", securityProfile: 0}
    stateDirectory: /tmp/state
    buses:
      rs485:
        rtu: {device: /dev/ttyUSB0, baud: 9600}
    evses:
      - id: 1
        connectorType: sType2
        maxCurrentA: 32
        phases: 3
        meter: {type: modbus, model: eastron-sdm630-v2, bus: rs485, unitId: 1, maxPowerW: 22000}
        contactor: simulated
        evBoard: \(evBoard)
    """
}

private func parse(_ text: String) throws(BoardConfigError) -> BoardConfig {
    try BoardConfig.parse(yaml: text, file: "board.yaml", metersDirectory: meters)
}

@Suite("Board files: evBoard of type modbus-controller")
struct BoardControllerConfigTests {
    @Test("a controller on the meter's bus loads with its map, unit and poll interval")
    func loads() throws {
        let config = try parse(
            board(evBoard: "{type: modbus-controller, bus: rs485, unitId: 2, model: evse-din, pollMs: 100}")
        )
        guard case .modbusController(let controller) = config.evses[0].evBoard else {
            Issue.record("evBoard is \(config.evses[0].evBoard)")
            return
        }
        #expect(controller.bus == "rs485")
        #expect(controller.unit == 2)
        #expect(controller.pollInterval == .milliseconds(100))
        #expect(controller.map.name == "EVSE-DIN (SimpleEVSE-WB)")
        #expect(!config.isFullySimulated)
    }

    @Test(
        "bad controller entries name the key and what is wrong",
        arguments: [
            (
                "{type: modbus-controller, bus: rs232, unitId: 2, model: evse-din}", "evses[0].evBoard.bus",
                "defined: rs485"
            ),
            (
                "{type: modbus-controller, bus: rs485, unitId: 0, model: evse-din}", "evses[0].evBoard.unitId",
                "1 to 247"
            ),
            (
                "{type: modbus-controller, bus: rs485, unitId: 2, model: abl-emh1}", "evses[0].evBoard.model",
                "known: evse-din, heidelberg-energy-control, phoenix-ev-charge-control-basic"
            ),
            (
                "{type: modbus-controller, bus: rs485, unitId: 2, model: ../meters/x}", "evses[0].evBoard.model",
                "not a path"
            ),
            (
                "{type: modbus-controller, bus: rs485, unitId: 2, model: evse-din, pollMs: 5}",
                "evses[0].evBoard.pollMs",
                "20 to 5000"
            ),
            (
                "{type: modbus-controller, bus: rs485, unitId: 2, model: evse-din, baud: 9600}",
                "evses[0].evBoard.baud",
                "unknown key"
            ),
            ("{type: pwm-hat}", "evses[0].evBoard.type", "modbus-controller"),
        ]
    )
    func rejects(evBoard: String, key: String, problem: String) {
        do {
            _ = try parse(board(evBoard: evBoard))
            Issue.record("the board loaded")
        } catch {
            #expect(error.file == "board.yaml")
            #expect(error.key == key, "\(error)")
            #expect(error.problem.contains(problem), "\(error)")
        }
    }
}
