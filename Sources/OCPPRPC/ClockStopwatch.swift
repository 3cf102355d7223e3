/// Time on an injected clock, as durations since a start: what is left of a clock once its instants are
/// opened (an `any Clock<Duration>` has instants of an unknown type).
///
/// Sleeping until an absolute time since the start, not for a duration, keeps a wake-up on time when the
/// clock moves between computing the wait and starting to sleep (a manual clock advanced by a test, a loaded
/// machine). Used by `RPCSession` (call timeouts) and the charging station's timers.
public struct ClockStopwatch: Sendable {
    /// Time on the clock since the stopwatch was made.
    public let elapsed: @Sendable () -> Duration
    /// Sleeps until `elapsed()` reaches the given duration; throws when the task is cancelled.
    public let sleepUntil: @Sendable (Duration) async throws -> Void

    public init<C: Clock<Duration>>(_ clock: C) {
        let start = clock.now
        elapsed = { start.duration(to: clock.now) }
        sleepUntil = { try await clock.sleep(until: start.advanced(by: $0), tolerance: nil) }
    }
}
