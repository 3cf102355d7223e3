import Synchronization

/// Opens each chip once and hands out its lines by address; the composition root owns one.
///
/// Opening is injected (`LibgpiodV1Chip.open` on a board, a fake in tests), so a missing chip is the
/// same typed error everywhere: `.chipNotFound("gpiochip0")`.
public final class GPIOChips: Sendable {
    /// Opens a chip by path, name, number or label.
    public typealias Opener = @Sendable (String) throws(GPIOError) -> any GPIOChipDriver

    private let open: Opener
    private let chips = Mutex<[String: any GPIOChipDriver]>([:])

    public init(open: @escaping Opener) {
        self.open = open
    }

    /// The chip at `descriptor`, opened on first use.
    public func chip(_ descriptor: String) throws(GPIOError) -> any GPIOChipDriver {
        try chips.withLock { (chips: inout [String: any GPIOChipDriver]) throws(GPIOError) -> any GPIOChipDriver in
            if let chip = chips[descriptor] { return chip }
            let chip = try open(descriptor)
            chips[descriptor] = chip
            return chip
        }
    }

    /// The line at `address`, with its polarity; throws if the chip or the line does not exist.
    public func line(_ address: GPIOLineAddress) throws(GPIOError) -> GPIOLine {
        GPIOLine(try chip(address.chip).line(address.line), activeLow: address.activeLow)
    }
}
