import HAL
import Synchronization

/// A simulated status light that remembers every signal it was asked to show.
public final class SimulatedIndicator: Indicator {
    private struct State {
        var history: [IndicatorSignal] = []
        var failure: String?
    }

    private let supportedColors: Set<IndicatorColor>?
    private let state = Mutex(State())

    /// `supportedColors` models a light that cannot show every colour (`off` is always supported);
    /// `nil` is a full RGB light.
    public init(supportedColors: Set<IndicatorColor>? = nil) {
        self.supportedColors = supportedColors
    }

    public func show(_ signal: IndicatorSignal) async throws(IndicatorError) {
        if let supportedColors, signal.color != .off, !supportedColors.contains(signal.color) {
            throw .unsupportedSignal(signal)
        }
        try state.withLock { (state: inout State) throws(IndicatorError) in
            if let failure = state.failure { throw .driveFailure(reason: failure) }
            state.history.append(signal)
        }
    }

    /// The signal shown now (`.off` before the first `show`).
    public var current: IndicatorSignal { state.withLock { $0.history.last ?? .off } }

    /// The simulated light never half-shows a signal: a failed `show` leaves the previous one.
    public var shown: IndicatorSignal? { current }

    /// Every signal shown, oldest first, including repeats.
    public var history: [IndicatorSignal] { state.withLock { $0.history } }

    /// Makes `show` throw `.driveFailure(reason:)`; `nil` repairs the light.
    public func injectFailure(_ reason: String?) {
        state.withLock { $0.failure = reason }
    }
}
