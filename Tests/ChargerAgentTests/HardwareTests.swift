import Foundation
import HAL
import HALGPIO
import Logging
import ServiceLifecycle
import Synchronization
import Testing

@testable import ChargerAgent

private let hardwareRepositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

private struct HardwareTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

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
        metersDirectory: hardwareRepositoryRoot.appendingPathComponent("BoardConfigs/meters").path
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
        let server = try await JSONLinesPeer.modbusServer(image: image)
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
        let server = try await JSONLinesPeer.modbusServer(
            image: sdm630Image(unit: 1, importKWh: 4321.5, powerW: 0)
        )
        defer { server.stop() }
        let csms = try await JSONLinesPeer.csms()
        defer { csms.stop() }
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
            try await csms.waitFor("BootNotification") { lines in
                lines.contains { $0["action"] as? String == "BootNotification" && $0["direction"] as? String == "out" }
                    ? true : nil
            }
            // The station polls its meter every second; trigger until a reading is there.
            var energy: Double?
            for attempt in 0..<20 where energy == nil {
                csms.send(
                    #"{"cmd":"Call","action":"TriggerMessage","tag":"t\#(attempt)","#
                        + #""payload":{"requestedMessage":"MeterValues","evse":{"id":1}}}"#
                )
                energy = try? await csms.waitFor("MeterValues", timeout: .seconds(1)) { lines in
                    lines.lazy.compactMap(Self.importRegister).first
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

    /// The Energy.Active.Import.Register value (Wh) of an incoming MeterValues line, if it is one.
    static func importRegister(_ line: [String: Any]) -> Double? {
        guard line["direction"] as? String == "in", line["action"] as? String == "MeterValues",
            let payload = line["payload"] as? [String: Any],
            let values = payload["meterValue"] as? [[String: Any]]
        else { return nil }
        for value in values {
            for sample in value["sampledValue"] as? [[String: Any]] ?? [] {
                let measurand = sample["measurand"] as? String ?? "Energy.Active.Import.Register"
                guard measurand == "Energy.Active.Import.Register" else { continue }
                return (sample["value"] as? NSNumber)?.doubleValue
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

/// A Python peer printing one JSON object a line on stdout and reading commands on stdin; it exits
/// when its stdin closes, so it never outlives the test.
final class JSONLinesPeer: @unchecked Sendable {
    // Set up before `run()` and then only read; the parsed lines are behind `lock`.
    private let process = Process()
    private let stdin = Pipe()
    private let stdout = Pipe()
    private let lock = NSLock()
    private var parsed: [[String: Any]] = []
    private var pending = Data()
    private(set) var port = 0
    private var temporaryFile: String?

    static func python() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        let python =
            environment["CHARGER_AGENT_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }
            ?? hardwareRepositoryRoot.appendingPathComponent(".venv/bin/python3").path
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw HardwareTestFailure("no Python at \(python): run Scripts/test.sh or set CHARGER_AGENT_PYTHON")
        }
        return python
    }

    /// `Tests/Peers/modbus_server.py` serving `image` over TCP on loopback.
    static func modbusServer(image: String) async throws -> JSONLinesPeer {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("image-\(UUID().uuidString).json")
        try Data(image.utf8).write(to: file)
        let peer = try await start(script: "Tests/Peers/modbus_server.py", arguments: ["--image", file.path, "tcp"])
        peer.temporaryFile = file.path
        return peer
    }

    /// `Tests/Peers/ocpp_csms.py` on loopback.
    static func csms() async throws -> JSONLinesPeer {
        try await start(script: "Tests/Peers/ocpp_csms.py", arguments: [])
    }

    private static func start(script: String, arguments: [String]) async throws -> JSONLinesPeer {
        let peer = JSONLinesPeer()
        peer.process.executableURL = URL(fileURLWithPath: try python())
        peer.process.arguments = [hardwareRepositoryRoot.appendingPathComponent(script).path] + arguments
        peer.process.standardInput = peer.stdin
        peer.process.standardOutput = peer.stdout
        peer.process.standardError = FileHandle.nullDevice
        peer.stdout.fileHandleForReading.readabilityHandler = { [weak peer] handle in
            let data = handle.availableData
            guard !data.isEmpty else {
                handle.readabilityHandler = nil
                return
            }
            peer?.collect(data)
        }
        try peer.process.run()
        do {
            peer.port = try await peer.waitFor("\(script) to listen") { lines in
                lines.first { $0["event"] as? String == "listening" }?["port"] as? Int
            }
        } catch {
            peer.stop()
            throw error
        }
        return peer
    }

    private func collect(_ data: Data) {
        lock.withLock {
            pending.append(data)
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Data(pending[pending.startIndex..<newline])
                pending = Data(pending[pending.index(after: newline)...])
                let object = (try? JSONSerialization.jsonObject(with: line)) as? [String: Any]
                parsed.append(object ?? ["unparsed": String(decoding: line, as: UTF8.self)])
            }
        }
    }

    func send(_ line: String) {
        try? stdin.fileHandleForWriting.write(contentsOf: Data((line + "\n").utf8))
    }

    /// Polls `match` over the lines printed so far, for at most `timeout`.
    @discardableResult
    func waitFor<T>(
        _ what: String,
        timeout: Duration = .seconds(20),
        _ match: ([[String: Any]]) -> T?
    ) async throws
        -> T
    {
        let deadline = ContinuousClock.now + timeout
        while true {
            let snapshot = lock.withLock { parsed }
            if let value = match(snapshot) { return value }
            if ContinuousClock.now >= deadline || !process.isRunning {
                throw HardwareTestFailure(
                    "gave up waiting for \(what); the peer printed:\n"
                        + snapshot.suffix(20).map { "\($0)" }.joined(separator: "\n")
                )
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Waits until `predicate` holds for the lines printed so far.
    func waitUntil(_ what: String, _ predicate: @escaping ([[String: Any]]) -> Bool) async throws {
        try await waitFor(what) { lines -> Bool? in predicate(lines) ? true : nil }
    }

    func stop() {
        try? stdin.fileHandleForWriting.close()
        if let temporaryFile { try? FileManager.default.removeItem(atPath: temporaryFile) }
        guard process.processIdentifier != 0, process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(2)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    deinit { stop() }
}
