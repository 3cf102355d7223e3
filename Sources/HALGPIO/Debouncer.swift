/// The debounce rule of `GPIODigitalInput` as a value: a new level counts once it has held, without an
/// edge in between, for the whole debounce time.
///
/// Times are durations since an arbitrary origin, so the rule is tested without a clock.
struct Debouncer: Sendable, Hashable {
    /// The level last accepted.
    private(set) var stable: Bool
    let debounce: Duration
    /// When the raw level started to differ from `stable` (restarted by every edge), if it does.
    private(set) var candidateSince: Duration?

    init(stable: Bool, debounce: Duration) {
        self.stable = stable
        self.debounce = debounce
    }

    /// Takes one raw reading; `edge` is true if the line saw an edge since the previous one (a bounce
    /// that came back to the same level). Returns the new stable level when it changes.
    mutating func sample(_ raw: Bool, edge: Bool, at now: Duration) -> Bool? {
        guard raw != stable else {
            candidateSince = nil
            return nil
        }
        if candidateSince == nil || edge { candidateSince = now }
        guard let since = candidateSince, now - since >= debounce else { return nil }
        stable = raw
        candidateSince = nil
        return raw
    }

    /// How long until a pending change could be accepted, or nil when nothing is pending.
    func remaining(at now: Duration) -> Duration? {
        candidateSince.map { max(.zero, debounce - (now - $0)) }
    }
}
