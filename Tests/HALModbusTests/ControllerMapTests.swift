import Foundation
import HAL
import OCPPTestSupport
import Testing

@testable import HALModbus

@Suite("Controller maps: the shipped files and what a broken file is told")
struct ControllerMapTests {
    static let minimal = """
        name: Test controller
        vendor: Test
        document: {title: "Register list", version: "1", url: "https://example.invalid/doc.pdf"}
        vehicleState:
          register: {function: 3, address: 100}
          A: [1]
          B: [2]
          C: [3]
        current: {address: 200}
        notAvailable: [{holding: 201, value: 0}]
        """

    @Test("every shipped controller map loads, names its document and decodes A, B and C")
    func shipped() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: ControllerRig.directory.path)
            .filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(files.count >= 3)
        for file in files {
            let map = try ControllerMap.load(path: ControllerRig.directory.appendingPathComponent(file).path)
            #expect(map.document.url.hasPrefix("https://"), "\(file)")
            #expect(!map.document.version.isEmpty, "\(file)")
            let states = Set(map.vehicleState.values.values)
            for state in [ControlPilotState.a, .b, .c] { #expect(states.contains(.pilot(state)), "\(file)") }
            #expect(!map.notAvailable.isEmpty, "\(file)")
        }
    }

    @Test("Phoenix Contact's two-ASCII-character states decode: \"C2\" is 0x4332")
    func asciiStates() throws {
        let map = try ControllerCase.all[1].map()
        #expect(map.vehicleState.values[0x4332] == .pilot(.c))
        #expect(map.vehicleState.values[0x4530] == .pilot(.e))  // "E0"
        #expect(map.pollPlan(maxGap: 8) == [ReadBlock(function: .readHoldingRegisters, address: 24000, count: 6)])
    }

    @Test("the current setpoint rounds down to the register's unit: 16 A is 160 in 0.1 A, 13.37 A is 133")
    func currentScaling() {
        let setpoint = CurrentSetpoint(address: 261, multiplier: 0.1, maximum: 16)
        #expect(setpoint.raw(forAmps: 16) == 160)
        #expect(setpoint.raw(forAmps: 13.37) == 133)
        #expect(CurrentSetpoint(address: 1000).raw(forAmps: 20.9) == 20)
    }

    @Test(
        "a broken map names the key",
        arguments: [
            (
                "document: {title: \"Register list\", version: \"1\", url: \"https://example.invalid/doc.pdf\"}",
                "document: {title: x}", "document.version"
            ),
            ("  C: [3]", "  C: [3]\n  Z: [4]", "vehicleState.Z"),
            ("  C: [3]", "  C: [2]", "vehicleState.C[0]"),
            ("  C: [3]", "", "vehicleState.C"),
            ("  A: [1]", "  A: [\"A\"]", "vehicleState.A[0]"),
            ("current: {address: 200}", "current: {address: 200, max: 100}", "current"),
            (
                "notAvailable: [{holding: 201, value: 0}]", "notAvailable: [{coil: 201, value: 2}]",
                "notAvailable[0].value"
            ),
            ("notAvailable: [{holding: 201, value: 0}]", "notAvailable: []", "notAvailable"),
            ("current: {address: 200}", "current: {address: 200}\nwriteFunction: 5", "writeFunction"),
        ]
    )
    func broken(original: String, replacement: String, key: String) {
        let text = Self.minimal.replacingOccurrences(of: original, with: replacement)
        #expect(text != Self.minimal)
        do {
            _ = try ControllerMap.parse(yaml: text, file: "test.yaml")
            Issue.record("the map loaded")
        } catch {
            #expect(error.file == "test.yaml")
            #expect(error.key == key, "\(error)")
        }
    }
}

@Suite(
    "A charge controller and a meter on one 9600-baud RTU bus (socat pty pairs joined by rtu_wire.py at line speed)",
    .serialized
)
struct ControllerSharedBusTests {
    @Test("controller (unit 2, EVSE-DIN) and meter (unit 1, SDM630) polled in turn: both answer; polls per second")
    func sharedBus() async throws {
        let controllerMap = try ControllerCase.all[0].map()
        let meterMap = try RegisterMap.load(
            path: TestEnvironment.metersDirectory.appendingPathComponent("eastron-sdm630-v2.yaml").path
        )
        let meterImage = RegisterImage(map: meterMap, values: ExpectedValues.values).json(unit: 1)
        let controllerImage = ControllerRig.image(controllerMap, state: 3)
            .replacingOccurrences(of: "\"unit\": \(ControllerRig.unit)", with: "\"unit\": 2")
        let wire = try await WireRelay(baud: 9600)
        defer { wire.stop() }
        let server = try await ModbusServerPeer.rtu(
            image: "{\"devices\": [\(meterImage), \(controllerImage)]}",
            device: wire.device
        )
        defer { server.stop() }
        let bus = ModbusBus(
            transport: .rtu(RTUSettings(device: wire.master, baud: 9600)),
            options: ModbusBusOptions(responseTimeout: .seconds(1), retries: 0)
        )
        let controller = ModbusChargeController(unit: 2, map: controllerMap, bus: bus)
        let meter = ModbusEnergyMeter(unit: 1, map: meterMap, bus: bus, maxPowerW: 22_000)
        #expect(try await controller.poll() == .c)  // warm-up, reads the firmware id once
        _ = try await meter.read()
        let rounds = max(5, PollFigures.polls)
        let clock = ContinuousClock()
        var controllerTime = Duration.zero
        var meterTime = Duration.zero
        for _ in 0..<rounds {
            var state: ControlPilotState?
            var energy: Double?
            controllerTime += try await clock.measure { state = try await controller.poll() }
            meterTime += try await clock.measure { energy = try await meter.read().energyImport }
            #expect(state == .c)
            #expect(energy == 1_234_500)
        }
        func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }
        let controllerPoll = seconds(controllerTime) / Double(rounds)
        let meterPoll = seconds(meterTime) / Double(rounds)
        let floor = wire.wireTime(
            requests: controller.pollPlan.count,
            registers: controller.pollPlan.reduce(0) { $0 + $1.count }
        )
        #expect(controllerPoll >= floor, "a controller poll took \(controllerPoll) s, the wire needs \(floor) s")
        print(
            String(
                format:
                    "controller+meter on one 9600-baud bus: controller poll %.1f ms (%d request(s)), meter poll %.1f ms (%d), "
                    + "%.1f controller polls/s alone, %.1f rounds (controller + meter)/s",
                controllerPoll * 1000,
                controller.pollPlan.count,
                meterPoll * 1000,
                meter.readPlan.count,
                1 / controllerPoll,
                1 / (controllerPoll + meterPoll)
            )
        )
        await bus.close()
    }
}
