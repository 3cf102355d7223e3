/// Drops a token read again within a window of its last reading: a card left on a reader, or a reader
/// that sends every card twice, starts one authorization, not one every second.
///
/// The window runs from the *last* reading of the same token, so a card lying on the reader stays one
/// presentation however long it lies there; another card, or the same card after the window, passes.
/// Times are offsets from any fixed origin (the reader's clock at start), so the filter is a plain value.
public struct TokenRepeatFilter: Sendable {
    public let window: Duration
    private var last: (token: PresentedToken, at: Duration)?

    public init(window: Duration) {
        self.window = window
    }

    /// Whether `token`, read at `time`, is a new presentation (and remembers it either way).
    public mutating func admit(_ token: PresentedToken, at time: Duration) -> Bool {
        defer { last = (token, time) }
        guard let last, last.token == token else { return true }
        return time - last.at >= window
    }
}
