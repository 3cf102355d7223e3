import Foundation
import HAL
import OCPPTestSupport
import Testing

@testable import ChargerAgent

/// The two shipped boards with a real vehicle side (issue 14 item 6) load and say what their comments say.
@Suite struct ShippedVehicleBoardTests {
    private static func load(_ name: String) throws -> BoardConfig {
        try BoardConfig.load(
            path: TestRepository.path("BoardConfigs/\(name).yaml"),
            metersDirectory: TestRepository.path("BoardConfigs/meters")
        )
    }

    @Test("Pi 4: EVSE-DIN and SDM630 on one RS-485 bus (distinct unit ids), relay contactor, HID reader, socket lock")
    func evseDinBoard() throws {
        let config = try Self.load("rpi4-evse-din-hid-lock")
        #expect(!config.isFullySimulated)
        let evse = try #require(config.evses.first)
        guard case .modbusController(let controller) = evse.evBoard, case .modbus(let meter) = evse.meter else {
            Issue.record("not a controller and a Modbus meter: \(evse.evBoard), \(evse.meter)")
            return
        }
        #expect(controller.bus == meter.bus)
        #expect(controller.unit != meter.unitId)
        #expect(controller.map.name == "EVSE-DIN (SimpleEVSE-WB)")
        guard case .gpio = evse.contactor else {
            Issue.record("contactor is \(evse.contactor)")
            return
        }
        guard case .hid(let reader) = config.tokenReader else {
            Issue.record("token reader is \(config.tokenReader)")
            return
        }
        #expect(reader.device.hasPrefix("/dev/input/by-id/"))
        guard case .gpio = evse.lock else {
            Issue.record("lock is \(evse.lock)")
            return
        }
    }

    @Test("Pi: pilot HAT on sysfs PWM + IIO, PN532 over UART through libnfc, tethered cable (no PP, no lock)")
    func pilotHATBoard() throws {
        let config = try Self.load("rpi-pilot-hat-pn532")
        let evse = try #require(config.evses.first)
        guard case .pilotHAT(let board) = evse.evBoard else {
            Issue.record("evBoard is \(evse.evBoard)")
            return
        }
        #expect(board.hat.pwm.chip == "/sys/class/pwm/pwmchip0")
        #expect(board.hat.pilotPositive.device == "/sys/bus/iio/devices/iio:device0")
        #expect(board.hat.proximity == nil, "a tethered cable has no PP to read")
        guard case .nfc(let reader) = config.tokenReader else {
            Issue.record("token reader is \(config.tokenReader)")
            return
        }
        #expect(reader.connstring == "pn532_uart:/dev/ttyAMA0")
        #expect(evse.lock == .tethered)
    }
}
