import HAL
import Synchronization

/// A simulated card reader: `present(_:)` delivers a token to every current subscriber, in order.
public final class SimulatedTokenReader: TokenReader {
    private let subscribers = Mutex(Subscribers<PresentedToken>())

    public init() {}

    deinit {
        let continuations = subscribers.withLock { $0.removeAll() }
        for continuation in continuations { continuation.finish() }
    }

    public var tokens: AsyncStream<PresentedToken> {
        makeSubscription(
            of: PresentedToken.self,
            register: { continuation in subscribers.withLock { $0.insert(continuation) } },
            unregister: { [weak self] id in self?.subscribers.withLock { $0.remove(id) } }
        )
    }

    /// Presents `token` as if held to the reader; it is lost if nobody subscribes.
    public func present(_ token: PresentedToken) {
        subscribers.withLock { $0.yield(token) }
    }

    /// Presents a token with `id` (an ISO 14443 card unless told otherwise).
    public func present(id: String, type: TokenType = .iso14443) {
        present(PresentedToken(id: id, type: type))
    }

    /// How many token streams are live (for tests).
    public var subscriberCount: Int { subscribers.withLock { $0.count } }
}
