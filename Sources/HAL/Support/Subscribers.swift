import Synchronization

/// The continuations of every live stream of one event source (a pilot, an input line, a card reader), kept
/// inside the source's own lock. Every backend's `AsyncStream` property fans out through one of these.
///
/// Yielding while holding the source's lock keeps every subscriber's view in the order the state changed; it
/// is safe because `yield` never runs subscriber code synchronously. `finish` can (it runs `onTermination`),
/// so it is only called after the lock is released: see `removeAll()`.
public struct Subscribers<Element: Sendable>: Sendable {
    private var nextID: UInt64 = 0
    private var continuations: [UInt64: AsyncStream<Element>.Continuation] = [:]

    public init() {}

    public var count: Int { continuations.count }

    public mutating func insert(_ continuation: AsyncStream<Element>.Continuation) -> UInt64 {
        nextID += 1
        continuations[nextID] = continuation
        return nextID
    }

    public mutating func remove(_ id: UInt64) {
        continuations[id] = nil
    }

    public func yield(_ element: Element) {
        for continuation in continuations.values { continuation.yield(element) }
    }

    /// Empties the set and returns the continuations, to be finished outside the lock (a source's `deinit`).
    public mutating func removeAll() -> [AsyncStream<Element>.Continuation] {
        defer { continuations = [:] }
        return Array(continuations.values)
    }
}

/// Makes a stream whose continuation `register` stores (returning its id, under the owner's lock; it may
/// yield the current value first), and whose termination calls `unregister` with that id.
public func makeSubscription<Element: Sendable>(
    of _: Element.Type,
    register: (AsyncStream<Element>.Continuation) -> UInt64,
    unregister: @escaping @Sendable (UInt64) -> Void
) -> AsyncStream<Element> {
    let (stream, continuation) = AsyncStream.makeStream(of: Element.self)
    let id = register(continuation)
    continuation.onTermination = { _ in unregister(id) }
    return stream
}

/// A source's fan-out with a lock of its own, for sources with no current value to start a stream with (a card
/// reader: a card read while nobody listens is gone). Streams end when the broadcast is released.
public final class Broadcast<Element: Sendable>: Sendable {
    private let subscribers = Mutex(Subscribers<Element>())

    public init() {}

    deinit {
        for continuation in subscribers.withLock({ $0.removeAll() }) { continuation.finish() }
    }

    /// A new stream, yielding every element sent from now on.
    public func stream() -> AsyncStream<Element> {
        makeSubscription(
            of: Element.self,
            register: { continuation in subscribers.withLock { $0.insert(continuation) } },
            unregister: { [weak self] id in self?.subscribers.withLock { $0.remove(id) } }
        )
    }

    public func yield(_ element: Element) {
        subscribers.withLock { $0.yield(element) }
    }

    /// How many streams are live.
    public var count: Int { subscribers.withLock { $0.count } }
}
