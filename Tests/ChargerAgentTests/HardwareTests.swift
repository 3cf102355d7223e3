import Foundation
import HAL
import HALGPIO
import Logging
import OCPPTestSupport
import ServiceLifecycle
import Synchronization
import Testing

@testable import ChargerAgent

/// A board with one EVSE: the given meter, contactor and extra top-level keys, the rest simulated.
private func board(
    meter: String = "simulated",
    contactor: String = "simulated",
    indicator: String? = nil,
    extra: String = "",
    csmsURL: String = "ws://127.0.0.1:9/ocpp"
) throws -> BoardConfig {
    let yaml = """
        station: {id: CP-HW-TEST, vendor: ChargerAgent, model: HardwareTest}
        csms: {url: "\(csmsURL)", securityProfile: 0}
        stateDirectory: /tmp/chargerd-hardware-test
        tokenReader: simulated
        \(extra)
        evses:
          - id: 1
            connectorType: cType2
            maxCurrentA: 32
            phases: 3
            meter: \(meter)
            contactor: \(contactor)
            evBoard: simulated
        \(indicator.map { "    indicator: \($0)" } ?? "")
        """
    return try BoardConfig.parse(
        yaml: yaml,
        file: "hardware-test.yaml",
        metersDirectory: TestRepository.path("BoardConfigs/meters")
    )
}

/// The Eastron SDM630 keeps import energy in kWh as a big-endian float32 in input registers 0x48-0x49.
private func sdm630Image(unit: Int, importKWh: Float, powerW: Float) -> String {
    func words(_ value: Float) -> (Int, Int) {
        let bits = value.bitPattern
        return (Int(bits >> 16), Int(bits & 0xFFFF))
    }
    let energy = words(importKWh)
    let power = words(powerW)
    return """
        {"unit": \(unit), "input": {"0x48": \(energy.0), "0x49": \(energy.1), \
        "0x34": \(power.0), "0x35": \(power.1)}}
        """
}

@Suite("chargerd wires real hardware from the board file", .timeLimit(.minutes(1)))
struct HardwareTests {
    @Test("two Modbus TCP meters on one bus share it and read the pymodbus server's registers")
    func modbusMetersShareOneBus() async throws {
        let image =
            "{\"devices\": [\(sdm630Image(unit: 1, importKWh: 1234.5, powerW: 0)), "
            + "\(sdm630Image(unit: 2, importKWh: 77.25, powerW: 1500))]}"
        let server = try await ModbusServerPeer.tcp(image: image)
        defer { server.stop() }
        var config = try board(
            meter: "{type: modbus, model: eastron-sdm630-v2, bus: lan, unitId: 1, maxPowerW: 22000}",
            extra: "buses: {lan: {tcp: {host: 127.0.0.1, port: \(server.port)}}}"
        )
        var second = config.evses[0]
        second.id = 2
        if case .modbus(var meter) = second.meter {
            meter.unitId = 2
            second.meter = .modbus(meter)
        }
        config.evses.append(second)

        let built = try StationRuntime.buildHardware(for: config, clock: ContinuousClock())
        #expect(built.buses.count == 1, "both meters use the bus 'lan'")
        let first = try await built.hardware.evses[0].meter.read()
        let other = try await built.hardware.evses[1].meter.read()
        #expect(first.energyImport == 1_234_500)
        #expect(other.energyImport == 77_250)
        #expect(other.activePower == 1500)
    }

    @Test("the running station reports the Modbus meter's energy register in MeterValues")
    func stationReadsEnergyFromModbusMeter() async throws {
        let server = try await ModbusServerPeer.tcp(image: sdm630Image(unit: 1, importKWh: 4321.5, powerW: 0))
        defer { server.stop() }
        let csms = try await CSMSPeer.start()
        defer { csms.kill() }
        let stateDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("chargerd-hw-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: stateDirectory) }

        let config = try board(
            meter: "{type: modbus, model: eastron-sdm630-v2, bus: lan, unitId: 1, maxPowerW: 22000}",
            extra: "buses: {lan: {tcp: {host: 127.0.0.1, port: \(server.port)}}}",
            csmsURL: "ws://127.0.0.1:\(csms.port)/ocpp"
        )
        let runtime = try StationRuntime(config: config, options: .init(stateDirectory: stateDirectory))
        let run = Task { try await runtime.run() }
        defer { run.cancel() }
        do {
            try await csms.waitFor("BootNotification", timeout: .seconds(20)) { csms in
                csms.frames.contains { $0.action == "BootNotification" && $0.direction == .toStation } ? true : nil
            }
            // The station polls its meter every second; trigger until a reading is there.
            var energy: Double?
            for _ in 0..<20 where energy == nil {
                _ = try? csms.post(
                    "Call",
                    ["action": "TriggerMessage", "payload": ["requestedMessage": "MeterValues", "evse": ["id": 1]]]
                )
                energy = try? await csms.waitFor("MeterValues", timeout: .seconds(1)) { csms in
                    csms.frames.lazy.compactMap(Self.importRegister).first
                }
            }
            #expect(energy == 4_321_500, "MeterValues carried \(String(describing: energy)) Wh")
        } catch {
            await runtime.triggerGracefulShutdown()
            throw error
        }
        await runtime.triggerGracefulShutdown()
        _ = try? await run.value
    }

    /// The Energy.Active.Import.Register value (Wh) of an incoming MeterValues frame, if it is one.
    static func importRegister(_ frame: PeerFrame) -> Double? {
        guard frame.direction == .fromStation, frame.action == "MeterValues" else { return nil }
        for value in frame.payload["meterValue"].elements {
            for sample in value["sampledValue"].elements {
                let measurand = sample["measurand"].string ?? "Energy.Active.Import.Register"
                guard measurand == "Energy.Active.Import.Register" else { continue }
                return sample["value"].number
            }
        }
        return nil
    }

    @Test("a missing serial device is an error naming the bus and the device")
    func missingSerialDevice() throws {
        let config = try board(
            meter: "{type: modbus, model: eastron-sdm630-v2, bus: rs485, unitId: 1, maxPowerW: 22000}",
            extra: "buses: {rs485: {rtu: {device: /dev/ttyUSB-chargerd-test-missing, baud: 9600}}}"
        )
        let error = #expect(throws: StationRuntimeError.self) {
            try StationRuntime.buildHardware(for: config, clock: ContinuousClock())
        }
        #expect(error?.description.contains("buses.rs485") == true)
        #expect(error?.description.contains("/dev/ttyUSB-chargerd-test-missing") == true)
    }

    @Test("a missing gpiochip is an error naming the board key and the chip")
    func missingGPIOChip() throws {
        let config = try board(
            contactor: "{type: gpio, output: {chip: gpiochip-chargerd-test, offset: 5}, settleMs: 50}"
        )
        let error = #expect(throws: StationRuntimeError.self) {
            try StationRuntime.buildHardware(for: config, clock: ContinuousClock())
        }
        #expect(error?.description.contains("evses[0].contactor") == true)
        #expect(error?.description.contains("gpiochip-chargerd-test") == true)
    }

    @Test("GPIO contactor, emergency stop and input come from the chip; the EV board stays simulated")
    func gpioPartsFromTheChip() async throws {
        let chip = MemoryGPIOChip(name: "gpiochip0")
        let environment = StationRuntime.HardwareEnvironment(
            gpio: GPIOChips(open: { (descriptor: String) throws(GPIOError) -> any GPIOChipDriver in
                guard descriptor == chip.name else { throw .chipNotFound(descriptor) }
                return chip
            }),
            serialDeviceProblem: { _ in "no serial devices here" }
        )
        let config = try board(
            contactor: "{type: gpio, output: {chip: gpiochip0, offset: 5}, settleMs: 50}",
            indicator:
                "{type: gpio, lines: {red: {chip: gpiochip0, offset: 16}, green: {chip: gpiochip0, offset: 20}}}",
            extra: """
                emergencyStop: {type: gpio, line: {chip: gpiochip0, offset: 27, activeLow: true}, debounceMs: 30}
                inputs: {door: {type: gpio, line: {chip: gpiochip0, offset: 22}, debounceMs: 30}}
                """
        )
        chip.levels.withLock { $0[27] = true }  // active-low: high means not pressed
        let built = try StationRuntime.buildHardware(for: config, clock: ContinuousClock(), environment: environment)
        #expect(built.gpioInputs.count == 2)
        #expect(built.simulation != nil)
        #expect(chip.requested.withLock { $0 } == [5, 16, 20, 22, 27])

        try await built.hardware.evses[0].contactor.set(.closed)
        #expect(chip.levels.withLock { $0[5] } == true)
        try await built.hardware.evses[0].contactor.set(.open)
        #expect(chip.levels.withLock { $0[5] } == false)
        #expect(try await built.hardware.emergencyStop?.level() == false)
        #expect(try await built.hardware.inputs["door"]?.level() == false)

        let indicator = try #require(built.hardware.evses[0].indicator)
        try await indicator.show(IndicatorSignal(.green))
        #expect(chip.levels.withLock { [$0[16], $0[20]] } == [false, true])
        try await indicator.show(IndicatorSignal(.yellow))  // red + green mixed
        #expect(chip.levels.withLock { [$0[16], $0[20]] } == [true, true])
        await #expect(throws: IndicatorError.self) { try await indicator.show(IndicatorSignal(.blue)) }
    }
}

extension HardwareTests {
    @Test("a graceful shutdown opens the real contactors, after the other services stopped")
    func shutdownOpensGPIOContactors() async throws {
        let chip = MemoryGPIOChip(name: "gpiochip0")
        let chips = GPIOChips(open: { (_: String) throws(GPIOError) -> any GPIOChipDriver in chip })
        let contactor = try GPIOContactor(
            coil: try chips.line(GPIOLineAddress(chip: "gpiochip0", line: .offset(5))),
            clock: ContinuousClock()
        )
        try await contactor.set(.closed)
        #expect(chip.levels.withLock { $0[5] } == true)

        let group = ServiceGroup(
            services: [ContactorSafetyService(contactors: [contactor], logger: Logger(label: "test"))],
            logger: Logger(label: "test")
        )
        let run = Task { try await group.run() }
        try await Task.sleep(for: .milliseconds(50))
        #expect(chip.levels.withLock { $0[5] } == true, "nothing changes while the daemon runs")
        await group.triggerGracefulShutdown()
        try await run.value
        #expect(chip.levels.withLock { $0[5] } == false, "the coil is released at shutdown")
    }
}

/// A GPIO chip in memory: requested lines and their physical levels, by offset.
private final class MemoryGPIOChip: GPIOChipDriver {
    let name: String
    let levels = Mutex<[UInt32: Bool]>([:])
    let requested = Mutex<Set<UInt32>>([])

    init(name: String) { self.name = name }

    func line(_ selector: GPIOLineSelector) throws(GPIOError) -> any GPIOLineDriver {
        guard case .offset(let offset) = selector, offset < 64 else {
            throw .lineNotFound(chip: name, line: "\(selector)")
        }
        return Line(chip: self, offset: offset)
    }

    struct Line: GPIOLineDriver {
        let chip: MemoryGPIOChip
        let offset: UInt32
        var name: String { "\(chip.name):\(offset)" }

        func requestOutput(consumer: String, initial: Bool) throws(GPIOError) {
            chip.requested.withLock { _ = $0.insert(offset) }
            chip.levels.withLock { $0[offset] = initial }
        }
        func requestInput(consumer: String, edges: Bool) throws(GPIOError) {
            chip.requested.withLock { _ = $0.insert(offset) }
        }
        func set(_ level: Bool) throws(GPIOError) { chip.levels.withLock { $0[offset] = level } }
        func get() throws(GPIOError) -> Bool { chip.levels.withLock { $0[offset] ?? false } }
        func waitEdge(timeout: Duration) async throws(GPIOError) -> Bool {
            try? await Task.sleep(for: timeout)
            return false
        }
        func release() {}
    }
}
