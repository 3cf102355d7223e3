/// One debounced binary input: an emergency stop, a door switch, a tamper contact, a plug-present switch.
///
/// What an input means is configuration (the board config names its role), not a type: the station
/// receives, for example, its emergency-stop input as an `any DigitalInput`.
///
/// Levels are logical: `true` means the input is asserted, after the configured polarity (active-low
/// wiring) has been applied. Implementations debounce, so every level they report is stable.
public protocol DigitalInput: Sendable {
    /// The current debounced level.
    func level() async throws(DigitalInputError) -> Bool
    /// A new stream on every access: it yields the current level first, then each debounced change.
    ///
    /// Starting with the current level means a subscriber never misses a change that happened
    /// between reading `level()` and subscribing.
    var levels: AsyncStream<Bool> { get }
}

/// Why a digital input could not be read.
public enum DigitalInputError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The input line could not be read (GPIO chip gone, line claimed by another process).
    case readFailure(reason: String)

    public var description: String {
        switch self {
        case .readFailure(let reason): "digital input could not be read: \(reason)"
        }
    }
}
