import Foundation
import HAL
import HALGPIO
import HALLinux
import HALModbus
import OCPPTestSupport
import Testing

@testable import ChargerAgent

/// A board with one EVSE: `evBoard`, `lock` and `tokenReader` as given, everything else simulated.
private func vehicleBoard(
    evBoard: String = "simulated",
    lock: String? = nil,
    tokenReader: String = "none",
    buses: String = ""
) throws -> BoardConfig {
    var yaml = """
        station: {id: CP-DIAG-VEHICLE, vendor: ChargerAgent, model: DiagTest}
        csms: {url: "ws://127.0.0.1:9/ocpp", securityProfile: 0}
        stateDirectory: \(FileManager.default.temporaryDirectory.path)
        tokenReader: \(tokenReader)
        \(buses)
        evses:
          - id: 1
            connectorType: sType2
            maxCurrentA: 32
            phases: 3
            meter: simulated
            contactor: simulated
            evBoard: \(evBoard)
        """
    if let lock { yaml += "\n    lock: \(lock)" }
    return try BoardConfig.parse(
        yaml: yaml,
        file: "diag-vehicle.yaml",
        metersDirectory: TestRepository.path("BoardConfigs/meters")
    )
}

/// Runs every check on `config`'s hardware as `chargerctl diag --config` does (no daemon, no CSMS probe).
private func checks(
    _ config: BoardConfig,
    built: StationRuntime.BuiltHardware,
    timeout: Duration = .seconds(3)
) async -> [String: DiagnosticCheck] {
    let report = await BoardChecks.run(
        config: config,
        hardware: built.hardware,
        storePath: "/nonexistent/station.sqlite",
        station: nil,
        source: "direct",
        meterTimeout: timeout,
        probeCSMS: false
    )
    return Dictionary(uniqueKeysWithValues: report.checks.map { ($0.id, $0) })
}

@Suite("chargerctl diag: the vehicle side (controller, pilot HAT, card reader, connector lock)", .serialized)
struct VehicleDiagnosticsTests {
    @Test(
        "controller (pymodbus EVSE-DIN stand-in): state A passes, B warns with no car known, a failure state fails, silence fails"
    )
    func chargeController() async throws {
        let server = try await ModbusServerPeer.tcp(image: #"{"unit": 2, "holding": {"1002": 1, "1005": 18}}"#)
        defer { server.stop() }
        let config = try vehicleBoard(
            evBoard: "{type: modbus-controller, bus: lan, unitId: 2, model: evse-din, pollMs: 50}",
            buses: "buses: {lan: {tcp: {host: 127.0.0.1, port: \(server.port)}}}"
        )
        let built = try StationRuntime.buildHardware(for: config, clock: ContinuousClock())

        let idle = try #require(await checks(config, built: built)["controller.evse1"])
        #expect(idle.status == .pass, "\(idle.detail)")
        #expect(idle.detail.contains("EVSE-DIN") && idle.detail.contains("unit 2") && idle.detail.contains("state A"))
        #expect(idle.detail.contains("firmware 18"))

        try await server.set(unit: 2, address: 1002, values: [2])
        let plugged = try #require(await checks(config, built: built)["controller.evse1"])
        #expect(plugged.status == .warn)
        #expect(plugged.detail.contains("state B"))
        #expect(plugged.hint.contains("unplug"))

        try await server.set(unit: 2, address: 1002, values: [5])
        let failed = try #require(await checks(config, built: built)["controller.evse1"])
        #expect(failed.status == .fail)
        #expect(failed.detail.contains("fault bits set") && failed.detail.contains("1002 = 5"), "\(failed.detail)")
        #expect(failed.hint.contains("manual"))

        server.stop()
        let silent = try #require(await checks(config, built: built, timeout: .seconds(2))["controller.evse1"])
        #expect(silent.status == .fail)
        #expect(silent.hint.contains("unit id") && silent.hint.contains("RS-485"))
    }

    @Test(
        "pilot HAT (fake sysfs PWM + IIO tree): duty read back and ADC read pass; a changed duty_cycle or a lost ADC channel fails"
    )
    func pilotHAT() async throws {
        let root = try makeFakeSysfsTree()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let config = try vehicleBoard(
            evBoard: """
                {type: pilot-hat, pwm: {chip: \(root)/class/pwm/pwmchip0, channel: 0},
                          adcDevice: "\(root)/bus/iio/devices/iio:device0",
                          pilotPositive: {channel: voltage0, zeroV: 1.65, ratio: 10},
                          pilotNegative: {channel: voltage1, zeroV: 1.65, ratio: 10},
                          proximity: {channel: voltage2, pullUpOhm: 1000, pullUpV: 3.3}}
                """
        )
        let built = try StationRuntime.buildHardware(for: config, clock: ManualClock())
        let good = try #require(await checks(config, built: built)["pilot.evse1"])
        #expect(good.status == .pass, "\(good.detail)")
        #expect(good.detail.contains("pilot+ 12.0 V") && good.detail.contains("PP 3.3 V"), "\(good.detail)")
        #expect(good.detail.contains("state A"))

        // The board offers 16 A (26.7 % duty); something else then rewrites the channel.
        try await built.hardware.evses[0].board.offerCurrent(16)
        #expect(await checks(config, built: built)["pilot.evse1"]?.status == .pass)
        let pwm0 = "\(root)/class/pwm/pwmchip0/pwm0"
        try "500000\n".write(toFile: "\(pwm0)/duty_cycle", atomically: true, encoding: .utf8)
        let rewritten = try #require(await checks(config, built: built)["pilot.evse1"])
        #expect(rewritten.status == .fail)
        #expect(rewritten.detail.contains("duty_cycle reads 500000 ns, 266667 ns written"), "\(rewritten.detail)")
        #expect(rewritten.hint.contains("pwmchip0"))

        try "266667\n".write(toFile: "\(pwm0)/duty_cycle", atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: "\(root)/bus/iio/devices/iio:device0/in_voltage2_raw")
        let lostADC = try #require(await checks(config, built: built)["pilot.evse1"])
        #expect(lostADC.status == .fail)
        #expect(lostADC.detail.contains("PP") && lostADC.detail.contains("in_voltage2_raw"), "\(lostADC.detail)")
        #expect(lostADC.hint.contains("IIO"))
    }

    @Test(
        "connector lock (fake gpiochip with a lock mechanism): feedback unlocked with no car passes, a stuck switch fails"
    )
    func connectorLock() async throws {
        let chip = LockMechanismChip()
        let config = try vehicleBoard(
            lock: "{type: gpio, chip: gpiochip0, actuator: motor, lines: {lock: {offset: 12}, unlock: {offset: 13}}, "
                + "feedback: {offset: 19, activeLow: true}, pulseMs: 20, timeoutMs: 3000}"
        )
        let built = try StationRuntime.buildHardware(
            for: config,
            clock: ContinuousClock(),
            environment: StationRuntime.HardwareEnvironment(
                gpio: GPIOChips(open: LockMechanismChip.opener(chip)),
                serialDeviceProblem: { _ in nil }
            )
        )
        let open = try #require(await checks(config, built: built)["lock.evse1"])
        #expect(open.status == .pass)
        #expect(open.detail == "unlocked, as expected")

        // The switch reads locked though nothing drove the lock: stuck or miswired.
        chip.levels.withLock { $0[19] = false }
        let stuck = try #require(await checks(config, built: built)["lock.evse1"])
        #expect(stuck.status == .fail)
        #expect(stuck.detail == "expected unlocked, feedback reads locked")
        #expect(stuck.hint.contains("feedback"))

        // With the daemon's view: energy flowing needs the lock confirmed.
        let lock = try #require(built.hardware.evses[0].lock)
        chip.levels.withLock { $0[19] = true }
        let charging = BoardChecks.VehicleView(pluggedIn: true, contactorClosed: true, transactionRunning: true)
        let unlockedWhileCharging = await BoardChecks.connectorLock(lock, evseId: 1, view: charging)
        #expect(unlockedWhileCharging.status == .fail)
        #expect(unlockedWhileCharging.hint.contains("unlocked plug"))
        try await lock.lock()
        #expect(await BoardChecks.connectorLock(lock, evseId: 1, view: charging).status == .pass)
        let starting = BoardChecks.VehicleView(pluggedIn: true, contactorClosed: false, transactionRunning: true)
        #expect(await BoardChecks.connectorLock(lock, evseId: 1, view: starting).status == .pass)
    }

    @Test("HID reader (a FIFO standing in for the event node): present passes, missing fails naming the path")
    func hidReader() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("diag-hid-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let node = directory.appendingPathComponent("usb-reader-event-kbd").path
        #expect(mkfifo(node, 0o600) == 0)
        let present = try vehicleBoard(tokenReader: "{type: hid, device: \(node)}")
        let found = try #require(
            await checks(present, built: try StationRuntime.buildHardware(for: present, clock: ContinuousClock()))[
                "reader"
            ]
        )
        #expect(found.status == .pass)
        #expect(found.detail == "\(node) exists and opens")

        let missing = try vehicleBoard(tokenReader: "{type: hid, device: \(directory.path)/unplugged-event-kbd}")
        let gone = try #require(
            await checks(missing, built: try StationRuntime.buildHardware(for: missing, clock: ContinuousClock()))[
                "reader"
            ]
        )
        #expect(gone.status == .fail)
        #expect(gone.detail.contains("unplugged-event-kbd") && gone.detail.contains("No such file"), "\(gone.detail)")
        #expect(gone.hint.contains("/dev/input/by-id"))
    }

    @Test("NFC reader (libnfc's pn532_uart driver on a missing port): does not open, fails with libnfc's reason")
    func nfcReaderMissing() async throws {
        let config = try vehicleBoard(tokenReader: "{type: nfc, connstring: \"pn532_uart:/dev/nonexistent-tty\"}")
        let built = try StationRuntime.buildHardware(for: config, clock: ContinuousClock())
        let reader = try #require(await checks(config, built: built)["reader"])
        #expect(reader.status == .fail)
        #expect(
            reader.detail.contains("nfc_open") && reader.detail.contains("/dev/nonexistent-tty"),
            "\(reader.detail)"
        )
        #expect(reader.hint.contains("connstring"))
    }

    @Test("simulated parts get no vehicle rows")
    func simulatedPartsAreNotChecked() async throws {
        let config = try vehicleBoard(lock: "simulated", tokenReader: "simulated")
        let all = await checks(config, built: try StationRuntime.buildHardware(for: config, clock: ContinuousClock()))
        for id in ["controller.evse1", "pilot.evse1", "lock.evse1", "reader"] { #expect(all[id] == nil) }
    }

    /// pwmchip0 with an exported pwm0, iio:device0 with three 1 mV-per-count channels: pilot at +12 V
    /// (2850 mV at 1.65 V bias, ratio 10), negative half-wave absent under the steady +12 V, PP open (3.3 V).
    private func makeFakeSysfsTree() throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("diag-sysfs-\(UUID().uuidString)")
            .path
        let pwm0 = "\(root)/class/pwm/pwmchip0/pwm0"
        let iio = "\(root)/bus/iio/devices/iio:device0"
        for directory in [pwm0, iio] {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let files = [
            "\(root)/class/pwm/pwmchip0/export": "", "\(pwm0)/period": "0", "\(pwm0)/duty_cycle": "0",
            "\(pwm0)/enable": "0", "\(iio)/in_voltage_scale": "1.0", "\(iio)/in_voltage0_raw": "2850",
            "\(iio)/in_voltage1_raw": "2850", "\(iio)/in_voltage2_raw": "3300",
        ]
        for (path, text) in files {
            try (text + "\n").write(toFile: path, atomically: false, encoding: .utf8)
        }
        return root
    }
}
