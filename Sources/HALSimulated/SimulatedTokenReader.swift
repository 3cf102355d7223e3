import HAL

/// A simulated card reader: `present(_:)` delivers a token to every current subscriber, in order.
public final class SimulatedTokenReader: TokenReader {
    private let broadcast = Broadcast<PresentedToken>()

    public init() {}

    public var tokens: AsyncStream<PresentedToken> { broadcast.stream() }

    /// Presents `token` as if held to the reader; it is lost if nobody subscribes.
    public func present(_ token: PresentedToken) {
        broadcast.yield(token)
    }

    /// Presents a token with `id` (an ISO 14443 card unless told otherwise).
    public func present(id: String, type: TokenType = .iso14443) {
        present(PresentedToken(id: id, type: type))
    }

    /// How many token streams are live (for tests).
    public var subscriberCount: Int { broadcast.count }
}
