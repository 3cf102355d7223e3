import Synchronization

/// One end of an in-memory message link: what one end sends arrives as `.message` on the other.
///
/// Made with `InMemoryTransport.pair()`. The link starts down; `connect()` brings it up and both ends see
/// `.connected(subprotocol:)`, `disconnect(reason:)` takes it down and both ends see `.disconnected`,
/// `close()` ends both event streams for good. Sending while the link is down throws
/// `TransportError.notConnected`.
///
/// An end can be driven by an `RPCSession` (through `events`) or by a test acting as the raw peer:
/// `send(_:)` any text, and `nextMessage()` to await the next text the other end sent. Use one of the two
/// on a given end, not both: they read the same inbox.
public final class InMemoryTransport: MessageTransport, Sendable {
    /// Link state shared by both ends.
    private final class Link: Sendable {
        struct Inbox {
            var events: [TransportEvent] = []
            var readers: [(id: UInt64, continuation: CheckedContinuation<TransportEvent?, Never>)] = []
        }

        struct State {
            var connected = false
            var closed = false
            var inboxes = [Inbox(), Inbox()]
            var sent: [[String]] = [[], []]
            var nextReaderID: UInt64 = 0
        }

        let subprotocol: String?
        let state = Mutex(State())

        init(subprotocol: String?) { self.subprotocol = subprotocol }

        /// Appends `event` to each listed inbox and returns the readers to wake with it.
        static func post(
            _ event: TransportEvent,
            to sides: [Int],
            in s: inout State
        ) -> [(CheckedContinuation<TransportEvent?, Never>, TransportEvent)] {
            var wake: [(CheckedContinuation<TransportEvent?, Never>, TransportEvent)] = []
            for side in sides {
                if s.inboxes[side].readers.isEmpty {
                    s.inboxes[side].events.append(event)
                } else {
                    let reader = s.inboxes[side].readers.removeFirst()
                    wake.append((reader.continuation, event))
                }
            }
            return wake
        }
    }

    private let link: Link
    private let side: Int
    /// The link parameters this end was last given (`apply(_:)`); an in-memory link has no pings or
    /// back-off, so it only keeps them for tests to check what a station asked for.
    private let appliedLinkSettings = Mutex<LinkSettings?>(nil)

    private init(link: Link, side: Int) {
        self.link = link
        self.side = side
    }

    /// Two connected ends of one link (the link itself starts down: call `connect()`).
    public static func pair(subprotocol: String? = "ocpp2.0.1") -> (InMemoryTransport, InMemoryTransport) {
        let link = Link(subprotocol: subprotocol)
        return (InMemoryTransport(link: link, side: 0), InMemoryTransport(link: link, side: 1))
    }

    private var otherSide: Int { 1 - side }

    // MARK: MessageTransport

    /// This end's events. Read it from one task only; each call returns a view of the same inbox.
    public var events: AsyncStream<TransportEvent> {
        AsyncStream(unfolding: { [self] in await self.nextEvent() })
    }

    public func send(_ text: String) async throws {
        let wake = try link.state.withLock { s throws(TransportError) in
            guard s.connected, !s.closed else { throw TransportError.notConnected }
            s.sent[side].append(text)
            return Link.post(.message(text), to: [otherSide], in: &s)
        }
        for (continuation, event) in wake { continuation.resume(returning: event) }
    }

    /// The parameters last given with `apply(_:)`, nil before any.
    public var linkSettings: LinkSettings? { appliedLinkSettings.withLock { $0 } }

    public func apply(_ settings: LinkSettings) {
        appliedLinkSettings.withLock { $0 = settings }
    }

    // MARK: link control

    /// Whether the link is up.
    public var isConnected: Bool { link.state.withLock { $0.connected && !$0.closed } }

    /// Brings the link up; both ends receive `.connected(subprotocol:)`. Does nothing when already up.
    public func connect() {
        let wake = link.state.withLock { s in
            guard !s.connected, !s.closed else {
                return [(CheckedContinuation<TransportEvent?, Never>, TransportEvent)]()
            }
            s.connected = true
            return Link.post(.connected(subprotocol: link.subprotocol), to: [0, 1], in: &s)
        }
        for (continuation, event) in wake { continuation.resume(returning: event) }
    }

    /// Takes the link down; both ends receive `.disconnected(reason:)`. Does nothing when already down.
    public func disconnect(reason: String = "closed") {
        let wake = link.state.withLock { s in
            guard s.connected, !s.closed else {
                return [(CheckedContinuation<TransportEvent?, Never>, TransportEvent)]()
            }
            s.connected = false
            return Link.post(.disconnected(reason: reason), to: [0, 1], in: &s)
        }
        for (continuation, event) in wake { continuation.resume(returning: event) }
    }

    /// Shuts the link down for good: both event streams finish once their pending events are read.
    public func close() {
        let readers = link.state.withLock { s in
            s.closed = true
            s.connected = false
            let readers = s.inboxes.flatMap { $0.readers.map(\.continuation) }
            for side in s.inboxes.indices { s.inboxes[side].readers.removeAll() }
            return readers
        }
        for reader in readers { reader.resume(returning: nil) }
    }

    // MARK: raw peer

    /// Every text this end has sent, oldest first.
    public var sentMessages: [String] { link.state.withLock { $0.sent[side] } }

    /// How many events (messages and link changes) wait unread in this end's inbox.
    public var pendingEventCount: Int { link.state.withLock { $0.inboxes[side].events.count } }

    /// How many messages from the other end wait unread in this end's inbox.
    public var pendingMessageCount: Int {
        link.state.withLock { s in
            s.inboxes[side].events.count { if case .message = $0 { true } else { false } }
        }
    }

    /// The next text the other end sent, skipping link changes; nil once the link is closed (and the
    /// inbox empty) or the waiting task is cancelled.
    public func nextMessage() async -> String? {
        while let event = await nextEvent() {
            if case .message(let text) = event { return text }
        }
        return nil
    }

    /// The next event in this end's inbox; nil once the link is closed (and the inbox empty) or the waiting
    /// task is cancelled.
    public func nextEvent() async -> TransportEvent? {
        let id = link.state.withLock { s in
            s.nextReaderID += 1
            return s.nextReaderID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<TransportEvent?, Never>) in
                enum Immediate {
                    case event(TransportEvent)
                    case end
                    case wait
                }
                let immediate = link.state.withLock { s -> Immediate in
                    if !s.inboxes[side].events.isEmpty { return .event(s.inboxes[side].events.removeFirst()) }
                    if s.closed || Task.isCancelled { return .end }
                    s.inboxes[side].readers.append((id, continuation))
                    return .wait
                }
                switch immediate {
                case .event(let event): continuation.resume(returning: event)
                case .end: continuation.resume(returning: nil)
                case .wait: break
                }
            }
        } onCancel: {
            let reader = link.state.withLock { s -> CheckedContinuation<TransportEvent?, Never>? in
                guard let index = s.inboxes[side].readers.firstIndex(where: { $0.id == id }) else { return nil }
                return s.inboxes[side].readers.remove(at: index).continuation
            }
            reader?.resume(returning: nil)
        }
    }
}
