import ChargerAgent
import HALGPIO
import HALModbus
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The repository's `BoardConfigs` folder, found from this file's path.
private let boardConfigs: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.appendingPathComponent("BoardConfigs").path
}()

private let meters = boardConfigs + "/meters"

/// A board with a real RS-485 meter, GPIO contactor and a simulated EV board; each test breaks one thing.
private let mixedBoard = """
    station: {id: CP-TEST, vendor: Test, model: Bench}
    csms:
      url: ws://127.0.0.1:9000/ocpp
      securityProfile: 1
      password: {env: CSMS_PASSWORD}
    stateDirectory: /tmp/state
    buses:
      rs485:
        rtu: {device: /dev/ttyUSB0, baud: 9600}
    emergencyStop: simulated
    evses:
      - id: 1
        connectorType: cType2
        maxCurrentA: 32
        phases: 3
        meter: {type: modbus, model: eastron-sdm630-v2, bus: rs485, unitId: 1, maxPowerW: 22000}
        contactor:
          type: gpio
          output: {chip: gpiochip0, offset: 5}
          feedback: {chip: gpiochip0, offset: 6}
        evBoard: simulated
      - id: 2
        connectorType: cType2
        maxCurrentA: 16
        phases: 1
        meter: simulated
        contactor: simulated
        evBoard: simulated
    """

/// Writes `text` to a fresh temporary board file and loads it.
private func load(_ text: String) throws(BoardConfigError) -> BoardConfig {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("board-config-tests-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let file = directory.appendingPathComponent("board.yaml").path
    try? text.write(toFile: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try BoardConfig.load(path: file, metersDirectory: meters)
}

/// Loads a broken board and returns its error, checking it names the temporary file.
private func failure(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> BoardConfigError? {
    do {
        _ = try load(text)
        Issue.record("the board loaded", sourceLocation: sourceLocation)
        return nil
    } catch {
        #expect(error.file.hasSuffix("/board.yaml"), sourceLocation: sourceLocation)
        #expect(error.description.contains("board.yaml"), sourceLocation: sourceLocation)
        return error
    }
}

private func replacing(_ old: String, with new: String) -> String {
    precondition(mixedBoard.contains(old), "fixture does not contain \(old)")
    return mixedBoard.replacingOccurrences(of: old, with: new)
}

@Suite struct ShippedBoardConfigTests {
    @Test(arguments: [
        "simulator", "rpi4-sdm630-relay", "rpi5-modbus-tcp", "rpi4-evse-din-hid-lock", "rpi-pilot-hat-pn532",
        "template",
    ])
    func loads(board: String) throws {
        let config = try BoardConfig.load(path: "\(boardConfigs)/\(board).yaml", metersDirectory: meters)
        #expect(!config.evses.isEmpty)
    }

    @Test func simulatorIsFullySimulated() throws {
        let config = try BoardConfig.load(path: "\(boardConfigs)/simulator.yaml")
        #expect(config.isFullySimulated)
        #expect(config.csms.securityProfile == 0)
        #expect(config.evses.map(\.id) == [1, 2])
    }

    @Test func rpi4HasAnSDM630OnRS485AndARelay() throws {
        let config = try BoardConfig.load(path: "\(boardConfigs)/rpi4-sdm630-relay.yaml")
        guard case .modbus(let meter) = config.evses[0].meter else {
            Issue.record("not a Modbus meter")
            return
        }
        #expect(meter.registerMap.name == "Eastron SDM630 v2")
        #expect(config.buses[meter.bus] == .rtu(RTUSettings(device: "/dev/ttyUSB0", baud: 9600)))
        guard case .gpio(let output, let feedback, let settle) = config.evses[0].contactor else {
            Issue.record("not a GPIO contactor")
            return
        }
        #expect(output == GPIOLineAddress(chip: "gpiochip0", line: .offset(5)))
        #expect(feedback?.activeLow == true)
        #expect(settle == .milliseconds(100))
        #expect(config.csms.password == .environment("CHARGER_CSMS_PASSWORD"))
    }

    @Test func rpi5UsesModbusTCPAndAClientCertificate() throws {
        let config = try BoardConfig.load(path: "\(boardConfigs)/rpi5-modbus-tcp.yaml")
        #expect(config.buses["lan"] == .tcp(host: "192.168.1.50", port: 502))
        #expect(config.csms.securityProfile == 3)
        #expect(config.csms.clientCertificate != nil)
        #expect(config.csms.password == nil)
    }
}

@Suite struct BoardConfigValidationTests {
    @Test func mixedSimulatedAndRealPartsAreAccepted() throws {
        let config = try load(mixedBoard)
        #expect(!config.isFullySimulated)
        #expect(config.evses[1].isFullySimulated)
        #expect(config.evses[0].evBoard == .simulated)
        #expect(config.emergencyStop == .simulated)
    }

    @Test func unknownMeterModel() {
        let error = failure(replacing("model: eastron-sdm630-v2", with: "model: eastron-sdm999"))
        #expect(error?.key == "evses[0].meter.model")
        #expect(error?.problem.contains("unknown meter model \"eastron-sdm999\"") == true)
    }

    @Test func duplicateGPIOLine() {
        // `/dev/gpiochip0` is the same chip as `gpiochip0`.
        let error = failure(replacing("{chip: gpiochip0, offset: 6}", with: "{chip: /dev/gpiochip0, offset: 5}"))
        #expect(error?.key == "evses[0].contactor.feedback")
        #expect(error?.problem.contains("duplicate GPIO line") == true)
        #expect(error?.problem.contains("evses[0].contactor.output") == true)
    }

    @Test func badBaudRate() {
        let error = failure(replacing("baud: 9600", with: "baud: 9601"))
        #expect(error?.key == "buses.rs485.rtu.baud")
        #expect(error?.problem.contains("9601 is not a standard baud rate") == true)
    }

    @Test func unknownBusReference() {
        let error = failure(replacing("bus: rs485", with: "bus: rs458"))
        #expect(error?.key == "evses[0].meter.bus")
        #expect(error?.problem.contains("unknown bus \"rs458\"") == true)
    }

    @Test func missingRequiredKey() {
        let error = failure(replacing("stateDirectory: /tmp/state\n", with: ""))
        #expect(error?.key == "stateDirectory")
        #expect(error?.problem == "is missing")
        let noMeter = failure(replacing("    meter: simulated\n", with: ""))
        #expect(noMeter?.key == "evses[1].meter")
    }

    @Test func securityProfileDoesNotMatchURLScheme() {
        let error = failure(replacing("securityProfile: 1", with: "securityProfile: 2"))
        #expect(error?.key == "csms.securityProfile")
        #expect(error?.problem.contains("needs a wss:// URL") == true)
        let outOfRange = failure(replacing("securityProfile: 1", with: "securityProfile: 4"))
        #expect(outOfRange?.key == "csms.securityProfile")
    }

    @Test func inlinePasswordIsRejected() {
        let error = failure(replacing("password: {env: CSMS_PASSWORD}", with: "password: hunter2"))
        #expect(error?.key == "csms.password")
        #expect(error?.description.contains("hunter2") == false)
    }

    @Test func duplicateEVSEId() {
        let error = failure(replacing("  - id: 2", with: "  - id: 1"))
        #expect(error?.key == "evses[1].id")
        #expect(error?.problem.contains("duplicate EVSE id 1") == true)
    }

    @Test(arguments: [0, 248])
    func badUnitId(unitId: Int) {
        let error = failure(replacing("unitId: 1,", with: "unitId: \(unitId),"))
        #expect(error?.key == "evses[0].meter.unitId")
        #expect(error?.problem.contains("1 to 247") == true)
    }

    @Test func unknownKey() {
        let error = failure(
            replacing("    evBoard: simulated\n  - id: 2", with: "    evBoard: simulated\n    settleMS: 100\n  - id: 2")
        )
        #expect(error?.key == "evses[0].settleMS")
    }

    @Test func yamlSyntaxErrorNamesTheLine() {
        let error = failure(replacing("stateDirectory: /tmp/state", with: "stateDirectory: [/tmp/state"))
        #expect(error?.line != nil)
        #expect(error?.description.contains("board.yaml:") == true)
    }
}
