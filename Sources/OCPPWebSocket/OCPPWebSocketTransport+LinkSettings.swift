import NIOCore
import NIOWebSocket
import OCPPRPC
import Synchronization

/// The link parameters a CSMS may change while the transport runs (OCPPCommCtrlr.WebSocketPingInterval
/// and RetryBackOff*, handed over by the station through `RPCSession.apply(_:)`), and the client pings.
///
/// A new back-off applies from the next reconnection (the delay is computed when a link is lost); a new
/// ping interval applies at once: the ping loop waits for either its interval or a change, so a shorter
/// interval does not wait out the old one, and pings turned on while connected start without a reconnect.
extension OCPPWebSocketTransport {
    /// The ping interval and back-off in force now.
    public var linkSettings: LinkSettings? { tuning.current.settings }

    /// Takes new link parameters; logged when they differ from those in force.
    public func apply(_ settings: LinkSettings) {
        guard settings != tuning.current.settings else { return }
        if settings.pingInterval < .zero || settings.retryBackOffWaitMinimum < .zero
            || settings.retryBackOffRandomRange < .zero || settings.retryBackOffRepeatTimes < 0
        {
            logger.warning("negative link settings ignored", metadata: ["settings": "\(settings)"])
            return
        }
        tuning.update(settings)
        logger.info("link settings changed", metadata: ["settings": "\(settings)"])
    }

    /// How long to wait for a pong when the configuration has no pong timeout of its own (pings were off
    /// when it was made and the CSMS turned them on).
    static let fallbackPongTimeout: Duration = .seconds(10)

    /// Sends a ping every `WebSocketPingInterval` in force; returns "pong timeout" when a pong does not come
    /// back within `pongTimeout`, or `nil` when cancelled or the link broke (the read loop reports that).
    /// With pings off (interval zero) it waits for an interval to be set.
    func pingLoop(_ link: Link) async -> String? {
        let timeout = configuration.pongTimeout > .zero ? configuration.pongTimeout : Self.fallbackPongTimeout
        var sequence: UInt64 = 0
        // The part of the interval already spent since the last ping (waiting for its pong).
        var spent: Duration = .zero
        while !Task.isCancelled {
            let (settings, generation) = tuning.current
            let interval = settings.pingInterval
            if interval <= .zero {
                await tuning.waitForChange(after: generation)
                spent = .zero
                continue
            }
            let wait = interval - spent
            if wait > .zero {
                switch await waitOrRetune(wait, generation: generation) {
                case .elapsed: break
                case .retuned:
                    // A new interval counts in full from now.
                    spent = .zero
                    continue
                case .cancelled: return nil
                }
            }
            sequence += 1
            var payload = ByteBuffer()
            payload.writeInteger(sequence)
            link.pingSent()
            logger.trace("ping sent")
            await link.sendControl(.ping, payload: payload)
            do {
                try await clock.sleep(for: timeout)
            } catch {
                return nil
            }
            if link.isAwaitingPong {
                logger.warning("no pong within pong timeout", metadata: ["timeout": "\(timeout)"])
                return "pong timeout"
            }
            spent = timeout
        }
        return nil
    }

    private enum Wake: Sendable {
        case elapsed
        case retuned
        case cancelled
    }

    /// Waits `duration` on the clock, or less if the link settings change first.
    private func waitOrRetune(_ duration: Duration, generation: UInt64) async -> Wake {
        await withTaskGroup(of: Wake.self) { group in
            group.addTask {
                do {
                    try await self.clock.sleep(for: duration)
                    return .elapsed
                } catch {
                    return .cancelled
                }
            }
            group.addTask {
                await self.tuning.waitForChange(after: generation)
                return Task.isCancelled ? .cancelled : .retuned
            }
            let first = await group.next() ?? .cancelled
            group.cancelAll()
            return first
        }
    }
}

/// The link settings in force and a way to wait for them to change, shared by `apply(_:)` and the loops.
final class LinkTuning: Sendable {
    private struct State {
        var settings: LinkSettings
        /// Counts changes, so a waiter that looked at generation N wakes for N+1 even if it came late.
        var generation: UInt64 = 0
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter: UInt64 = 0
    }

    private let state: Mutex<State>

    init(_ settings: LinkSettings) {
        state = Mutex(State(settings: settings))
    }

    var current: (settings: LinkSettings, generation: UInt64) {
        state.withLock { ($0.settings, $0.generation) }
    }

    func update(_ settings: LinkSettings) {
        let waiters = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            s.settings = settings
            s.generation += 1
            defer { s.waiters = [:] }
            return Array(s.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once the settings changed after `generation`, or when the task is cancelled.
    func waitForChange(after generation: UInt64) async {
        let id = state.withLock { s in
            s.nextWaiter += 1
            return s.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLock { s -> Bool in
                    if s.generation != generation || Task.isCancelled { return true }
                    s.waiters[id] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }
}

extension LinkSettings {
    /// The settings a configuration starts with.
    init(_ configuration: OCPPConnectionConfiguration) {
        self.init(
            pingInterval: configuration.pingInterval,
            retryBackOffWaitMinimum: configuration.reconnectBackOff.waitMinimum,
            retryBackOffRandomRange: configuration.reconnectBackOff.randomRange,
            retryBackOffRepeatTimes: configuration.reconnectBackOff.repeatTimes
        )
    }
}

extension ReconnectBackOff {
    /// The back-off the RetryBackOff* settings describe.
    init(_ settings: LinkSettings) {
        self.init(
            waitMinimum: settings.retryBackOffWaitMinimum,
            randomRange: settings.retryBackOffRandomRange,
            repeatTimes: settings.retryBackOffRepeatTimes
        )
    }
}
