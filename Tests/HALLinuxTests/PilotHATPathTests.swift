import HAL
import HALLinux
import OCPPTestSupport
import Testing

/// Missing and unwritable sysfs paths in a fake sysfs tree: each is refused at start with the path named.
@Suite("Pilot HAT paths on a fake sysfs tree: export, missing and unwritable attributes, IIO scale and offset")
struct PilotHATPathTests {
    /// Opens the board and returns the error's text, or nil if it opened.
    func openError(_ tree: FakeSysfsTree) -> String? {
        do {
            _ = try PilotHATBoard(configuration: tree.configuration(), clock: ManualClock())
            return nil
        } catch {
            return error.description
        }
    }

    @Test("A channel not exported yet: the board writes its number to export, and names pwm0 when it does not appear")
    func exportsTheChannel() {
        let tree = FakeSysfsTree(exported: false)
        let message = openError(tree)
        #expect(tree.read("\(tree.chip)/export") == "0")
        #expect(message?.contains("\(tree.chip)/pwm0") == true)
    }

    @Test("A missing PWM chip is named")
    func missingChip() {
        let tree = FakeSysfsTree()
        tree.remove(tree.chip)
        #expect(openError(tree)?.contains("PWM chip \(tree.chip) not found") == true)
    }

    @Test("A missing duty_cycle attribute is named")
    func missingAttribute() {
        let tree = FakeSysfsTree()
        tree.remove("\(tree.channel)/duty_cycle")
        #expect(openError(tree)?.contains("\(tree.channel)/duty_cycle not found") == true)
    }

    @Test("An attribute that cannot be written (a directory where enable should be) is named with the reason")
    func unwritableAttribute() {
        let tree = FakeSysfsTree()
        tree.remove("\(tree.channel)/enable")
        tree.makeDirectory("\(tree.channel)/enable")
        let message = openError(tree)
        #expect(message?.contains("cannot write 1 to \(tree.channel)/enable") == true)
        #expect(message?.contains("Is a directory") == true)
    }

    @Test("A missing IIO device, raw channel or scale is named")
    func missingIIO() {
        let noRaw = FakeSysfsTree()
        noRaw.remove("\(noRaw.device)/in_voltage1_raw")
        #expect(openError(noRaw)?.contains("IIO channel \(noRaw.device)/in_voltage1_raw not found") == true)

        let noScale = FakeSysfsTree()
        noScale.remove("\(noScale.device)/in_voltage_scale")
        #expect(openError(noScale)?.contains("\(noScale.device)/in_voltage0_scale not found") == true)

        let noDevice = FakeSysfsTree()
        noDevice.remove(noDevice.device)
        #expect(openError(noDevice)?.contains("IIO device \(noDevice.device) not found") == true)
    }

    @Test("A channel's own scale and offset win over the shared scale: mV = (raw + offset) × scale")
    func channelScaleAndOffset() throws {
        let tree = FakeSysfsTree()
        tree.write("0.5", to: "\(tree.device)/in_voltage2_scale")
        tree.write("-100", to: "\(tree.device)/in_voltage2_offset")
        tree.write("3100", to: "\(tree.device)/in_voltage2_raw")
        let channel = try IIOChannel(device: tree.device, channel: "voltage2")
        #expect(channel.scale == 0.5)
        #expect(channel.offset == -100)
        #expect(try channel.millivolts() == 1500)
        let shared = try IIOChannel(device: tree.device, channel: "voltage0")
        #expect(shared.scale == 1)
        #expect(shared.offset == 0)
    }

    @Test("configure replaces a 20 ms period and a 15 ms duty cycle with the pilot's 1 ms and the asked duty")
    func periodOrder() throws {
        let tree = FakeSysfsTree()
        tree.write("20000000", to: "\(tree.channel)/period")
        tree.write("15000000", to: "\(tree.channel)/duty_cycle")
        let pwm = try SysfsPWM(chip: tree.chip, channel: 0)
        try pwm.configure(periodNs: 1_000_000, dutyCycleNs: 400_000)
        #expect(tree.period == "1000000")
        #expect(tree.dutyCycle == "400000")
    }
}
