extension Duration {
    /// The duration in seconds, as a floating-point number for physics.
    var inSeconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}

/// A function returning the time elapsed on `clock` since this call, so the simulation can measure
/// time on any `Clock<Duration>` without knowing its `Instant` type.
func makeStopwatch<C: Clock<Duration>>(_ clock: C) -> @Sendable () -> Duration {
    let start = clock.now
    return { start.duration(to: clock.now) }
}

/// Sleeps on `clock` unless `duration` is zero; a cancelled sleep just ends early, because the
/// simulated hardware answers a cancelled caller the same way it answers any other.
func simulatedDelay(_ duration: Duration, on clock: any Clock<Duration>) async {
    guard duration > .zero else { return }
    try? await clock.sleep(for: duration)
}
