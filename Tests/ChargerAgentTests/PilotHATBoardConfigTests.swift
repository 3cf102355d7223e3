import Foundation
import HAL
import HALGPIO
import HALLinux
import OCPPTestSupport
import Testing

@testable import ChargerAgent

/// A board with one EVSE whose EV board is `evBoard`, everything else simulated.
private func pilotBoard(_ evBoard: String) throws(BoardConfigError) -> BoardConfig {
    let yaml = """
        station: {id: CP-PILOT-TEST, vendor: ChargerAgent, model: PilotHATTest}
        csms: {url: "ws://127.0.0.1:9/ocpp", securityProfile: 0}
        stateDirectory: /tmp/chargerd-pilot-test
        evses:
          - id: 1
            connectorType: sType2
            maxCurrentA: 32
            phases: 3
            meter: simulated
            contactor: simulated
            evBoard: \(evBoard)
        """
    return try BoardConfig.parse(
        yaml: yaml,
        file: "pilot-test.yaml",
        metersDirectory: TestRepository.path("BoardConfigs/meters")
    )
}

/// A `pilot-hat` EV board rooted at `root` (a fake sysfs tree in the hardware tests).
private func hatYAML(root: String = "/sys", extra: String = "") -> String {
    """
    {type: pilot-hat, pwm: {chip: \(root)/class/pwm/pwmchip0, channel: 0},
              adcDevice: "\(root)/bus/iio/devices/iio:device0",
              pilotPositive: {channel: voltage0, zeroV: 1.65, ratio: 10},
              pilotNegative: {channel: voltage1, zeroV: 1.65, ratio: 10},
              proximity: {channel: voltage2, pullUpOhm: 1000, pullUpV: 3.3}\(extra)}
    """
}

/// The board file's `pilot-hat` EV board, and the hardware built from it on a fake sysfs tree (a temporary
/// directory laid out as the sysfs PWM class and an IIO device).
@Suite("Pilot HAT in the board file and the hardware builder (fake sysfs tree)")
struct PilotHATBoardConfigTests {
    @Test("Every path, channel and scale comes from the board file; defaults: 10 ms poll, 50 ms debounce, F by PWM")
    func parsesPilotHAT() throws {
        let config = try pilotBoard(hatYAML())
        guard case .pilotHAT(let board) = config.evses[0].evBoard else {
            Issue.record("not a pilot HAT: \(config.evses[0].evBoard)")
            return
        }
        let hat = board.hat
        #expect(hat.pwm == .init(chip: "/sys/class/pwm/pwmchip0", channel: 0, inverted: false))
        #expect(
            hat.pilotPositive
                == .init(device: "/sys/bus/iio/devices/iio:device0", channel: "voltage0", zeroV: 1.65, ratio: 10)
        )
        #expect(hat.pilotNegative.channel == "voltage1")
        #expect(hat.proximity?.pullUpOhm == 1000)
        #expect(hat.proximity?.tolerance == 0.10)
        #expect(hat.notAvailable == .pwmLow)
        #expect(hat.pollInterval == .milliseconds(10))
        #expect(hat.faultDebounce == .milliseconds(50))
        #expect(board.notAvailableLine == nil)
        #expect(!config.isFullySimulated)
    }

    @Test("State F by a GPIO line, an inverted output, a tethered cable (no proximity), own poll and debounce")
    func parsesOptions() throws {
        let yaml = """
            {type: pilot-hat, pwm: {chip: /sys/class/pwm/pwmchip1, channel: 2, inverted: true},
                      pilotPositive: {channel: voltage4, device: "/sys/bus/iio/devices/iio:device1"},
                      pilotNegative: {channel: voltage5, device: "/sys/bus/iio/devices/iio:device1", ratio: -8},
                      stateF: {type: gpio, line: {chip: gpiochip0, offset: 12}}, pollMs: 5, faultDebounceMs: 100}
            """
        let config = try pilotBoard(yaml)
        guard case .pilotHAT(let board) = config.evses[0].evBoard else {
            Issue.record("not a pilot HAT")
            return
        }
        #expect(board.hat.pwm.inverted)
        #expect(board.hat.proximity == nil)
        #expect(board.hat.pilotNegative.ratio == -8)
        #expect(board.hat.notAvailable == .output)
        #expect(board.notAvailableLine == GPIOLineAddress(chip: "gpiochip0", line: .offset(12)))
        #expect(board.hat.pollInterval == .milliseconds(5))
        #expect(board.hat.faultDebounce == .milliseconds(100))
    }

    @Test(
        "A wrong value names its key",
        arguments: [
            (", pollMs: 0", "evses[0].evBoard.pollMs"),
            (", stateF: minus-twelve", "evses[0].evBoard.stateF"),
            (", colour: red", "evses[0].evBoard.colour"),
            (", faultDebounceMs: 9000", "evses[0].evBoard.faultDebounceMs"),
        ]
    )
    func wrongValueNamesKey(extra: String, key: String) {
        #expect {
            try pilotBoard(hatYAML(extra: extra))
        } throws: { error in
            (error as? BoardConfigError)?.key == key
        }
    }

    @Test("A relative path, a zero ratio, a channel without a device and a wide PP tolerance are refused by key")
    func wrongShapes() {
        let cases: [(String, String)] = [
            (hatYAML(root: "sys"), "evses[0].evBoard.pwm.chip"),
            (
                hatYAML().replacingOccurrences(
                    of: "ratio: 10},\n          pilotNegative",
                    with: "ratio: 0},\n          pilotNegative"
                ),
                "evses[0].evBoard.pilotPositive.ratio"
            ),
            (
                hatYAML().replacingOccurrences(of: "adcDevice: \"/sys/bus/iio/devices/iio:device0\",", with: ""),
                "evses[0].evBoard.pilotPositive.device"
            ),
            (
                hatYAML().replacingOccurrences(of: "pullUpV: 3.3}", with: "pullUpV: 3.3, tolerancePercent: 40}"),
                "evses[0].evBoard.proximity.tolerancePercent"
            ),
        ]
        for (yaml, key) in cases {
            #expect(yaml != hatYAML() || key.hasSuffix("pwm.chip"), "fixture edit did not apply for \(key)")
            #expect {
                try pilotBoard(yaml)
            } throws: { error in
                (error as? BoardConfigError)?.key == key
            }
        }
    }

    @Test("The builder opens the HAT from the fake sysfs tree: the EVSE's board drives pwm0 and reads the pilot")
    func buildsTheBoard() async throws {
        let root = try makeFakeSysfsTree()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let config = try pilotBoard(hatYAML(root: root))
        let built = try StationRuntime.buildHardware(for: config, clock: ManualClock())
        #expect(built.pilotBoards.count == 1)
        let board = built.hardware.evses[0].board
        #expect(board is PilotHATBoard)
        let pwm0 = "\(root)/class/pwm/pwmchip0/pwm0"
        #expect(try String(contentsOfFile: "\(pwm0)/period", encoding: .utf8) == "1000000\n")
        #expect(try String(contentsOfFile: "\(pwm0)/enable", encoding: .utf8) == "1\n")
        #expect(try await board.pilotState() == .a)
        try await board.offerCurrent(32)
        #expect(try String(contentsOfFile: "\(pwm0)/duty_cycle", encoding: .utf8) == "533333\n")
        #expect(try await board.proximityCurrentLimit == nil)
    }

    @Test("A missing sysfs path stops the build with the board key and the path")
    func missingPathNamesKeyAndPath() throws {
        let root = try makeFakeSysfsTree()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.removeItem(atPath: "\(root)/bus/iio/devices/iio:device0/in_voltage1_raw")
        let config = try pilotBoard(hatYAML(root: root))
        let error = #expect(throws: StationRuntimeError.self) {
            try StationRuntime.buildHardware(for: config, clock: ManualClock())
        }
        #expect(error?.description.contains("evses[0].evBoard") == true)
        #expect(error?.description.contains("\(root)/bus/iio/devices/iio:device0/in_voltage1_raw") == true)
    }

    /// pwmchip0 with an exported pwm0, iio:device0 with three 1 mV-per-count channels: pilot at +12 V, PP open.
    private func makeFakeSysfsTree() throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pilot-sysfs-\(UUID().uuidString)")
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
