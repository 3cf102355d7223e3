/// The randomized exponential back-off between reconnection attempts (OCPP 2.0.1 Part 4 §5.3, the
/// `OCPPCommCtrlr.RetryBackOff*` variables).
///
/// The first reconnection waits `waitMinimum` plus a random part of at most `randomRange`; every
/// further failed attempt doubles the fixed part, `repeatTimes` times at most, and adds a fresh random
/// part. A successful connection resets the count. Pure value type: the transport supplies the random
/// fraction, tests pass a fixed one.
public struct ReconnectBackOff: Sendable, Hashable {
    /// `RetryBackOffWaitMinimum`: the fixed part of the first delay.
    public var waitMinimum: Duration
    /// `RetryBackOffRandomRange`: the upper bound of the random part added to every delay.
    public var randomRange: Duration
    /// `RetryBackOffRepeatTimes`: how many times the fixed part is doubled before it stays constant.
    public var repeatTimes: Int

    public init(waitMinimum: Duration = .seconds(10), randomRange: Duration = .seconds(10), repeatTimes: Int = 5) {
        self.waitMinimum = waitMinimum
        self.randomRange = randomRange
        self.repeatTimes = repeatTimes
    }

    /// The delay before the next attempt after the `failure`-th consecutive failure (1-based):
    /// `waitMinimum · 2^min(failure − 1, repeatTimes) + randomFraction · randomRange`.
    ///
    /// - Parameter randomFraction: a value in `0...1` (clamped), the random part as a share of `randomRange`.
    public func delay(forFailure failure: Int, randomFraction: Double) -> Duration {
        // Capping the exponent at 30 keeps absurd RepeatTimes values from overflowing Duration.
        let exponent = min(max(failure, 1) - 1, max(repeatTimes, 0), 30)
        let fixed = waitMinimum * (1 << exponent)
        let fraction = randomFraction.isFinite ? min(max(randomFraction, 0), 1) : 0
        return fixed + randomRange * fraction
    }
}
