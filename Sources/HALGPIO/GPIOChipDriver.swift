/// The narrow seam in front of a GPIO library: open lines on one chip.
///
/// Everything HALGPIO does with hardware goes through this protocol and `GPIOLineDriver`, so the
/// contactor, LED and input logic is tested against a fake chip, and a libgpiod 2 backend is one new
/// file next to `LibgpiodV1Chip`.
public protocol GPIOChipDriver: Sendable {
    /// How the chip was addressed ("gpiochip0", "/dev/gpiochip4"), for messages.
    var name: String { get }
    /// The line at `selector`, not yet requested; throws `.lineNotFound` naming the chip and the line.
    func line(_ selector: GPIOLineSelector) throws(GPIOError) -> any GPIOLineDriver
}

/// One GPIO line of a chip. Levels are physical (high = true); polarity is applied by `GPIOLine`.
///
/// Calls other than `waitEdge` are expected to return at once (one ioctl on a real chip).
public protocol GPIOLineDriver: Sendable {
    /// The chip and line, for messages ("gpiochip0:17", "gpiochip0:RELAY1").
    var name: String { get }
    /// Claims the line as an output driving `initial`.
    func requestOutput(consumer: String, initial: Bool) throws(GPIOError)
    /// Claims the line as an input; with `edges`, edges are queued for `waitEdge`.
    func requestInput(consumer: String, edges: Bool) throws(GPIOError)
    /// Drives a requested output.
    func set(_ level: Bool) throws(GPIOError)
    /// Reads the level of a requested line.
    func get() throws(GPIOError) -> Bool
    /// Waits about `timeout` and tells whether the line saw an edge meanwhile (a bounce counts, even if
    /// the level reads the same again); an implementation may return early when an edge arrives.
    func waitEdge(timeout: Duration) async throws(GPIOError) -> Bool
    /// Gives the line back to the kernel.
    func release()
}

/// Which line of a chip: by offset, or by the name the device tree gives it.
public enum GPIOLineSelector: Sendable, Hashable, CustomStringConvertible {
    case offset(UInt32)
    case named(String)

    public var description: String {
        switch self {
        case .offset(let offset): "\(offset)"
        case .named(let name): name
        }
    }
}

/// Where a line is and how it is wired, as a board config states it.
public struct GPIOLineAddress: Sendable, Hashable, CustomStringConvertible {
    /// A chip path ("/dev/gpiochip4") or name, number or label ("gpiochip0").
    public var chip: String
    public var line: GPIOLineSelector
    /// True when the asserted (logical true) level is the low voltage, as with most relay HATs' inputs.
    public var activeLow: Bool

    public init(chip: String, line: GPIOLineSelector, activeLow: Bool = false) {
        self.chip = chip
        self.line = line
        self.activeLow = activeLow
    }

    public var description: String { "\(chip):\(line)\(activeLow ? " (active-low)" : "")" }
}

/// A line with its polarity: what the backends drive and read, in logical levels.
public struct GPIOLine: Sendable {
    public let driver: any GPIOLineDriver
    public let activeLow: Bool

    public init(_ driver: any GPIOLineDriver, activeLow: Bool = false) {
        self.driver = driver
        self.activeLow = activeLow
    }

    /// The physical level for a logical one, and back (the same inversion both ways).
    func physical(_ logical: Bool) -> Bool { logical != activeLow }

    func requestOutput(consumer: String, initial: Bool) throws(GPIOError) {
        try driver.requestOutput(consumer: consumer, initial: physical(initial))
    }

    func set(_ logical: Bool) throws(GPIOError) { try driver.set(physical(logical)) }

    func get() throws(GPIOError) -> Bool { physical(try driver.get()) }
}
