import Foundation
import HALGPIO
import OCPPTestSupport
import Testing

struct GPIOChipsTests {
    let clock = ManualClock()

    @Test func linesAreFoundByOffsetOrName() throws {
        let chip = FakeGPIOChip(clock: clock, names: ["RELAY1": 5])
        let chips = GPIOChips(open: FakeGPIOChip.opener([chip]))
        let byName = try chips.line(GPIOLineAddress(chip: "gpiochip0", line: .named("RELAY1"), activeLow: true))
        #expect(byName.driver.name == "gpiochip0:5")
        #expect(byName.activeLow)
        #expect(try chips.line(GPIOLineAddress(chip: "gpiochip0", line: .offset(2))).driver.name == "gpiochip0:2")
    }

    @Test func aMissingChipOrLineIsNamed() {
        let chips = GPIOChips(open: FakeGPIOChip.opener([FakeGPIOChip(clock: clock)]))
        #expect(throws: GPIOError.chipNotFound("gpiochip4")) {
            try chips.line(GPIOLineAddress(chip: "gpiochip4", line: .offset(0)))
        }
        #expect(throws: GPIOError.lineNotFound(chip: "gpiochip0", line: "40")) {
            try chips.line(GPIOLineAddress(chip: "gpiochip0", line: .offset(40)))
        }
        #expect(throws: GPIOError.lineNotFound(chip: "gpiochip0", line: "DOOR")) {
            try chips.line(GPIOLineAddress(chip: "gpiochip0", line: .named("DOOR")))
        }
        #expect(GPIOError.chipNotFound("gpiochip4").description == "GPIO chip gpiochip4 not found")
    }

    @Test func aLineAlreadyInUseCannotBeRequestedTwice() throws {
        let chips = GPIOChips(open: FakeGPIOChip.opener([FakeGPIOChip(clock: clock)]))
        let line = try chips.line(GPIOLineAddress(chip: "gpiochip0", line: .offset(0)))
        let first = try GPIOContactor(coil: line, clock: clock)
        #expect(throws: GPIOError.requestFailed(line: "gpiochip0:0", reason: "busy")) {
            try GPIOContactor(coil: line, clock: clock)
        }
        _ = first
    }
}

/// The real libgpiod v1 shim, built and linked in every test run.
struct LibgpiodV1ChipTests {
    @Test func theShimIsLinked() {
        #expect(LibgpiodV1Chip.libraryVersion.hasPrefix("1."))
    }

    @Test func aMissingChipIsChipNotFound() {
        #expect(throws: GPIOError.chipNotFound("/dev/gpiochip-none")) {
            try LibgpiodV1Chip.open("/dev/gpiochip-none")
        }
        #expect(throws: GPIOError.chipNotFound("gpiochip-none")) {
            try LibgpiodV1Chip.open("gpiochip-none")
        }
    }

    /// On a machine with GPIO support this reads a real line; here (no GPIO in the kernel) it checks the
    /// error instead and says so.
    @Test func gpiochip0() throws {
        guard FileManager.default.fileExists(atPath: "/dev/gpiochip0") else {
            print("real-line read skipped: no /dev/gpiochip0 on this machine (kernel without GPIO support)")
            #expect(throws: GPIOError.chipNotFound("gpiochip0")) { try LibgpiodV1Chip.open("gpiochip0") }
            return
        }
        let chip = try LibgpiodV1Chip.open("gpiochip0")
        let line = try chip.line(.offset(0))
        try line.requestInput(consumer: "charger-agent-test", edges: false)
        defer { line.release() }
        _ = try line.get()
        #expect(throws: GPIOError.lineNotFound(chip: "gpiochip0", line: "4294967295")) {
            try chip.line(.offset(.max))
        }
    }
}
