/// One channel of a PWM chip through the kernel's sysfs PWM class (`Documentation/ABI/testing/sysfs-class-pwm`).
///
/// The chip directory (`/sys/class/pwm/pwmchipN`) has `export`; writing a channel number to it creates
/// `pwmM/` with `period` and `duty_cycle` (both in ns) and `enable` (0 or 1). The kernel refuses a duty
/// cycle longer than the period, so a shorter period is written only after the duty cycle fits in it.
public struct SysfsPWM: Sendable, CustomStringConvertible {
    /// What the channel's attributes hold, read back from sysfs.
    public struct Readback: Sendable, Hashable {
        public var periodNs: Int
        public var dutyCycleNs: Int
        public var enabled: Bool

        public init(periodNs: Int, dutyCycleNs: Int, enabled: Bool) {
            self.periodNs = periodNs
            self.dutyCycleNs = dutyCycleNs
            self.enabled = enabled
        }
    }

    /// The chip's directory, e.g. `/sys/class/pwm/pwmchip0`.
    public let chip: String
    public let channel: Int

    /// Opens the channel, exporting it first if it is not yet; a missing chip, a channel that does not
    /// appear after the export, or a missing attribute is an error naming the path.
    public init(chip: String, channel: Int) throws(PilotHATError) {
        self.chip = chip.hasSuffix("/") ? String(chip.dropLast()) : chip
        self.channel = channel
        guard PilotHATSysfsFile.isDirectory(self.chip) else {
            throw .missingPath(self.chip, what: "PWM chip", hint: "is the PWM overlay enabled?")
        }
        if !PilotHATSysfsFile.isDirectory(directory) {
            try PilotHATSysfsFile.write("\(channel)", to: "\(self.chip)/export")
            guard PilotHATSysfsFile.isDirectory(directory) else {
                throw .missingPath(
                    directory,
                    what: "PWM channel",
                    hint: "still absent after writing \(channel) to export"
                )
            }
        }
        for path in [periodPath, dutyCyclePath, enablePath] where !PilotHATSysfsFile.exists(path) {
            throw .missingPath(path, what: "PWM attribute")
        }
    }

    /// The channel's directory, e.g. `/sys/class/pwm/pwmchip0/pwm0`.
    public var directory: String { "\(chip)/pwm\(channel)" }
    var periodPath: String { "\(directory)/period" }
    var dutyCyclePath: String { "\(directory)/duty_cycle" }
    var enablePath: String { "\(directory)/enable" }

    public var description: String { directory }

    /// Sets the period and the duty cycle, in the order the kernel accepts from whatever was there.
    public func configure(periodNs: Int, dutyCycleNs: Int) throws(PilotHATError) {
        let currentPeriod = try PilotHATSysfsFile.readInteger(periodPath)
        if currentPeriod != periodNs {
            if try PilotHATSysfsFile.readInteger(dutyCyclePath) > periodNs {
                try PilotHATSysfsFile.write("0", to: dutyCyclePath)
            }
            try PilotHATSysfsFile.write("\(periodNs)", to: periodPath)
        }
        try setDutyCycle(ns: dutyCycleNs)
    }

    public func setDutyCycle(ns: Int) throws(PilotHATError) {
        try PilotHATSysfsFile.write("\(ns)", to: dutyCyclePath)
    }

    public func setEnabled(_ enabled: Bool) throws(PilotHATError) {
        try PilotHATSysfsFile.write(enabled ? "1" : "0", to: enablePath)
    }

    public func readback() throws(PilotHATError) -> Readback {
        Readback(
            periodNs: try PilotHATSysfsFile.readInteger(periodPath),
            dutyCycleNs: try PilotHATSysfsFile.readInteger(dutyCyclePath),
            enabled: try PilotHATSysfsFile.readInteger(enablePath) != 0
        )
    }
}
