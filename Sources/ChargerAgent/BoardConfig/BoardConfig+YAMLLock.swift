import HALGPIO
import YAMLFields

/// An EVSE's connector lock: none for a tethered cable, or the actuator holding the plug in a socket outlet.
public enum LockConfig: Sendable, Hashable {
    /// A tethered cable (or no lock fitted): nothing to lock, UnlockConnector answers UnlockFailed/NoLock.
    case tethered
    case simulated
    case gpio(GPIOLockConfig)

    /// True when a real lock is wired (not tethered, not simulated).
    public var isHardware: Bool {
        if case .gpio = self { true } else { false }
    }
}

/// A connector lock on GPIO lines: its actuator, its feedback switch and its timing.
public struct GPIOLockConfig: Sendable, Hashable {
    /// Which outputs move the pin.
    public enum Actuator: Sendable, Hashable {
        /// A motor on an H-bridge, one input per direction, driven for `pulse`.
        case motor(lock: GPIOLineAddress, unlock: GPIOLineAddress)
        /// A motor driver with an enable input (high for `pulse`) and a direction input (high: lock).
        case motorWithDirection(enable: GPIOLineAddress, direction: GPIOLineAddress)
        /// A solenoid held energised while locked.
        case solenoid(coil: GPIOLineAddress)
    }

    public var actuator: Actuator
    /// The lock's switch; asserted (after `activeLow`) means locked.
    public var feedback: GPIOLineAddress
    /// How long a motor is driven per lock or unlock (zero for a solenoid).
    public var pulse: Duration
    /// How long, from the start of the drive, the feedback may take to confirm.
    public var timeout: Duration
    /// How long the feedback must hold the new position.
    public var debounce: Duration

    public init(
        actuator: Actuator,
        feedback: GPIOLineAddress,
        pulse: Duration,
        timeout: Duration,
        debounce: Duration
    ) {
        self.actuator = actuator
        self.feedback = feedback
        self.pulse = pulse
        self.timeout = timeout
        self.debounce = debounce
    }
}

/// The `lock` key of an EVSE:
///
/// ```yaml
/// lock: tethered                       # or absent: a tethered cable; `simulated` for a simulated lock
/// lock:
///   type: gpio
///   chip: gpiochip0                    # optional: the chip of every line below that names none
///   actuator: motor                    # motor or solenoid
///   lines: {lock: {offset: 12}, unlock: {offset: 13}}   # motor: lock + unlock, or enable + direction
///                                      # solenoid: {coil: ...}
///   feedback: {offset: 19, activeLow: true}             # required: the switch, asserted when locked
///   pulseMs: 200                       # motor only, required: how long the motor is driven (10-5000)
///   timeoutMs: 1000                    # default 1000: drive start to confirmed feedback (50-10000),
///                                      #   longer than pulseMs
///   debounceMs: 30                     # default 30: how long the feedback must hold (0-1000)
/// ```
extension BoardParser {
    mutating func parseLock(_ value: Any?, at path: String) throws(BoardConfigError) -> LockConfig {
        guard let value else { return .tethered }
        let (type, fields) = try part(value, at: path, types: ["tethered", "simulated", "gpio"])
        switch type {
        case "tethered":
            try allowOnly(["type"], in: fields, at: path)
            return .tethered
        case "simulated":
            try allowOnly(["type"], in: fields, at: path)
            return .simulated
        default:
            return .gpio(try parseGPIOLock(fields, at: path))
        }
    }

    private mutating func parseGPIOLock(
        _ fields: [String: Any],
        at path: String
    ) throws(BoardConfigError)
        -> GPIOLockConfig
    {
        try allowOnly(
            ["type", "chip", "actuator", "lines", "feedback", "pulseMs", "timeoutMs", "debounceMs"],
            in: fields,
            at: path
        )
        let chip = try fields["chip"].map { value throws(BoardConfigError) in try string(value, at: "\(path).chip") }
        let kind = try string(fields["actuator"], at: "\(path).actuator")
        let lines = try mapping(fields["lines"], at: "\(path).lines")
        let actuator: GPIOLockConfig.Actuator
        switch (kind, Set(lines.keys)) {
        case ("motor", ["lock", "unlock"]):
            actuator = .motor(
                lock: try lockLine(lines["lock"], chip: chip, at: "\(path).lines.lock"),
                unlock: try lockLine(lines["unlock"], chip: chip, at: "\(path).lines.unlock")
            )
        case ("motor", ["enable", "direction"]):
            actuator = .motorWithDirection(
                enable: try lockLine(lines["enable"], chip: chip, at: "\(path).lines.enable"),
                direction: try lockLine(lines["direction"], chip: chip, at: "\(path).lines.direction")
            )
        case ("motor", _):
            throw fail("\(path).lines", "a motor needs either lock and unlock, or enable and direction")
        case ("solenoid", ["coil"]):
            actuator = .solenoid(coil: try lockLine(lines["coil"], chip: chip, at: "\(path).lines.coil"))
        case ("solenoid", _):
            throw fail("\(path).lines", "a solenoid needs exactly one line, coil")
        default:
            throw fail("\(path).actuator", "must be motor or solenoid, not \"\(kind)\"")
        }
        let feedback = try lockLine(fields["feedback"], chip: chip, at: "\(path).feedback")

        let pulseMs: Int
        if kind == "motor" {
            pulseMs = try integer(fields["pulseMs"], at: "\(path).pulseMs")
            guard (10...5000).contains(pulseMs) else {
                throw fail("\(path).pulseMs", "must be 10 to 5000 ms, not \(pulseMs)")
            }
        } else {
            guard fields["pulseMs"] == nil else {
                throw fail("\(path).pulseMs", "applies to a motor only; a solenoid is held while locked")
            }
            pulseMs = 0
        }
        let timeoutMs = try milliseconds(fields["timeoutMs"], at: "\(path).timeoutMs", default: 1000, 50...10_000)
        guard timeoutMs > pulseMs else {
            throw fail("\(path).timeoutMs", "must be longer than pulseMs (\(pulseMs)), not \(timeoutMs)")
        }
        let debounceMs = try milliseconds(fields["debounceMs"], at: "\(path).debounceMs", default: 30, 0...1000)
        return GPIOLockConfig(
            actuator: actuator,
            feedback: feedback,
            pulse: .milliseconds(pulseMs),
            timeout: .milliseconds(timeoutMs),
            debounce: .milliseconds(debounceMs)
        )
    }

    /// A line of the lock; the lock's `chip` fills in a line that names none. Lines used twice on the
    /// board are rejected by `gpioLine`, as everywhere else.
    private mutating func lockLine(
        _ value: Any?,
        chip: String?,
        at path: String
    ) throws(BoardConfigError)
        -> GPIOLineAddress
    {
        guard let value else { throw fail(path, "is missing") }
        var fields = try mapping(value, at: path)
        if fields["chip"] == nil, let chip { fields["chip"] = chip }
        return try gpioLine(fields, at: path)
    }

    private func milliseconds(
        _ value: Any?,
        at path: String,
        default fallback: Int,
        _ range: ClosedRange<Int>
    ) throws(BoardConfigError) -> Int {
        guard let value else { return fallback }
        let number = try integer(value, at: path)
        guard range.contains(number) else {
            throw fail(path, "must be \(range.lowerBound) to \(range.upperBound) ms, not \(number)")
        }
        return number
    }
}
