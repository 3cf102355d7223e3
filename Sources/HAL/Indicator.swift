/// A status light (an RGB LED ring, a light bar, or a few single-colour LEDs).
public protocol Indicator: Sendable {
    /// Shows `signal` until told otherwise; blinking and pulsing are the implementation's job.
    ///
    /// An implementation that cannot show a colour (a red/green-only LED) throws `.unsupportedSignal`
    /// rather than showing something else silently.
    func show(_ signal: IndicatorSignal) async throws(IndicatorError)

    /// What the light shows now, for status displays: nil when the implementation cannot tell (for example
    /// after a failure left its lines in an unknown state).
    var shown: IndicatorSignal? { get }
}

extension Indicator {
    /// An indicator that keeps no record of what it shows.
    public var shown: IndicatorSignal? { nil }
}

/// What a status light shows: a colour and how it is animated.
public struct IndicatorSignal: Sendable, Hashable, CustomStringConvertible {
    public var color: IndicatorColor
    public var pattern: IndicatorPattern

    public init(_ color: IndicatorColor, _ pattern: IndicatorPattern = .steady) {
        self.color = color
        self.pattern = pattern
    }

    /// The light switched off.
    public static let off = IndicatorSignal(.off)

    public var description: String {
        color == .off ? "off" : "\(color) \(pattern)"
    }
}

/// The colour of a status light; `off` is the dark light.
public enum IndicatorColor: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case off
    case red
    case green
    case blue
    /// Yellow or amber, whichever the hardware has.
    case yellow
    case white
    case cyan
    case magenta

    public var description: String { rawValue }
}

/// How a status light is animated.
///
/// The timings are a recommendation for implementations, so different boards look alike.
public enum IndicatorPattern: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// On continuously.
    case steady
    /// 1 Hz: 500 ms on, 500 ms off.
    case slowBlink
    /// 4 Hz: 125 ms on, 125 ms off; reserved for conditions that need attention.
    case fastBlink
    /// Brightness rising and falling smoothly over about 2 s ("breathing").
    case pulse

    public var description: String { rawValue }
}

/// Why a status light could not show a signal.
public enum IndicatorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The hardware cannot show this colour or pattern.
    case unsupportedSignal(IndicatorSignal)
    /// The light could not be driven (GPIO or LED driver failure).
    case driveFailure(reason: String)

    public var description: String {
        switch self {
        case .unsupportedSignal(let signal): "indicator cannot show \(signal)"
        case .driveFailure(let reason): "indicator could not be driven: \(reason)"
        }
    }
}
