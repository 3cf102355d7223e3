import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOWebSocket
import OCPPRPC
import Synchronization

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The OCPP-J link to a CSMS: a WebSocket client speaking `ocpp2.0.1` over SwiftNIO, with security
/// profiles 0–3, client pings and the spec's randomized reconnect back-off.
///
/// `run()` owns the connection: it connects, reports `.connected`, forwards text messages, and after
/// every failed attempt or lost link reports `.disconnected(reason:)`, waits the back-off delay on the
/// injected clock and tries again, until its task is cancelled or `shutdown()` is called. `events` is
/// one stream for the transport's whole life and finishes when `run()` returns.
public final class OCPPWebSocketTransport: MessageTransport {
    public let events: AsyncStream<TransportEvent>
    /// The configuration the transport was made with: the planner's choice may differ per attempt.
    public let configuration: OCPPConnectionConfiguration
    /// The parsed CSMS URL of `configuration`.
    public let endpoint: CSMSEndpoint
    /// Chooses each attempt's configuration (`FixedConnectionPlanner` unless one is given).
    let planner: any OCPPConnectionPlanner
    /// Wakes the back-off when `reconnectNow()` is called.
    let reconnectSignal = WakeSignal()

    let eventSink: AsyncStream<TransportEvent>.Continuation
    let group: any EventLoopGroup
    let clock: any Clock<Duration>
    let randomFraction: @Sendable () -> Double
    let logger: Logger
    /// The ping interval and back-off in force: the configuration's at first, then what `apply(_:)` gives
    /// (OCPPCommCtrlr values the CSMS set). See `OCPPWebSocketTransport+LinkSettings.swift`.
    let tuning: LinkTuning

    let state = Mutex(State())
    private let shutdownSignal: AsyncStream<Void>
    private let shutdownTrigger: AsyncStream<Void>.Continuation

    struct State {
        enum Lifecycle { case idle, running, finished }
        var lifecycle = Lifecycle.idle
        var shutdownRequested = false
        /// Set while the link is up; `send` writes through it.
        var link: Link?
        /// `reconnectNow()` was called: the attempt under way ends and the next starts without back-off.
        var reconnectRequested = false
    }

    /// - Parameters:
    ///   - configuration: validated here; certificate and key files are loaded here.
    ///   - eventLoopGroup: a NIOPosix-compatible group (`MultiThreadedEventLoopGroup`).
    ///   - clock: drives the back-off delays and the ping/pong timers.
    ///   - randomFraction: the random share (`0...1`) of `RetryBackOffRandomRange` for each delay.
    ///   - logger: every line carries the `station-id` metadata.
    public convenience init(
        configuration: OCPPConnectionConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        clock: any Clock<Duration> = ContinuousClock(),
        randomFraction: @escaping @Sendable () -> Double = { Double.random(in: 0...1) },
        logger: Logger = Logger(label: "ocpp.websocket")
    ) throws(OCPPConnectionConfigurationError) {
        try self.init(
            configuration: configuration,
            planner: FixedConnectionPlanner(configuration),
            eventLoopGroup: eventLoopGroup,
            clock: clock,
            randomFraction: randomFraction,
            logger: logger
        )
    }

    /// A transport whose attempts use what `planner` chooses; `configuration` is checked here and gives the
    /// station id, the pings and the first back-off.
    public init(
        configuration: OCPPConnectionConfiguration,
        planner: any OCPPConnectionPlanner,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        clock: any Clock<Duration> = ContinuousClock(),
        randomFraction: @escaping @Sendable () -> Double = { Double.random(in: 0...1) },
        logger: Logger = Logger(label: "ocpp.websocket")
    ) throws(OCPPConnectionConfigurationError) {
        let endpoint = try configuration.validate()
        self.endpoint = endpoint
        _ = try configuration.makeSSLContext()
        self.planner = planner
        guard ClientBootstrap(validatingGroup: eventLoopGroup) != nil else {
            throw .invalidSetting("the event loop group cannot run NIOPosix client channels")
        }
        self.configuration = configuration
        self.group = eventLoopGroup
        self.clock = clock
        self.randomFraction = randomFraction
        self.tuning = LinkTuning(LinkSettings(configuration))
        var logger = logger
        logger[metadataKey: "station-id"] = "\(configuration.stationId)"
        self.logger = logger
        (self.events, self.eventSink) = AsyncStream.makeStream(of: TransportEvent.self)
        (self.shutdownSignal, self.shutdownTrigger) = AsyncStream.makeStream(of: Void.self)
    }

    /// `true` while a link is up.
    public var isConnected: Bool { state.withLock { $0.link != nil } }

    /// True while a ping sent on the current link waits for its pong (tests wait for the pong on it).
    var isAwaitingPong: Bool { state.withLock { $0.link?.isAwaitingPong ?? false } }

    /// Sends one text frame; throws `TransportError.notConnected` when the link is down.
    public func send(_ text: String) async throws {
        guard let link = state.withLock({ $0.link }) else { throw TransportError.notConnected }
        try await link.sendText(text)
        logger.trace("message sent", metadata: ["bytes": "\(text.utf8.count)"])
    }

    /// Connects and keeps reconnecting until cancelled or `shutdown()`; finishes `events` on return.
    /// Call it once.
    public func run() async {
        let start = state.withLock { s -> Bool in
            guard s.lifecycle == .idle, !s.shutdownRequested else { return false }
            s.lifecycle = .running
            return true
        }
        guard start else {
            logger.warning("run() called again or after shutdown; ignored")
            return
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.connectionLoop() }
            group.addTask { for await _ in self.shutdownSignal {} }
            _ = await group.next()
            group.cancelAll()
        }
        state.withLock {
            $0.lifecycle = .finished
            $0.link = nil
        }
        logger.info("transport stopped")
        eventSink.finish()
    }

    /// Stops `run()`: closes the link (close code 1001) and ends the reconnect loop. Idempotent.
    public func shutdown() {
        let neverRan = state.withLock { s -> Bool in
            s.shutdownRequested = true
            if s.lifecycle == .idle {
                s.lifecycle = .finished
                return true
            }
            return false
        }
        logger.info("shutdown requested")
        shutdownTrigger.finish()
        if neverRan { eventSink.finish() }
    }

    // MARK: - The link

    func runLink(
        _ webSocket: NIOAsyncChannel<WebSocketFrame, WebSocketFrame>,
        _ configuration: OCPPConnectionConfiguration
    ) async -> AttemptOutcome {
        var connected = false
        do {
            let reason = try await webSocket.executeThenClose { inbound, outbound in
                let link = Link(channel: webSocket.channel, outbound: outbound)
                let published = state.withLock { s -> Bool in
                    guard !s.shutdownRequested else { return false }
                    s.link = link
                    return true
                }
                guard published else {
                    await link.sendClose(.goingAway, reason: "station shutting down")
                    return "transport shut down"
                }
                connected = true
                await planner.linkUp(configuration)
                logger.info("connected", metadata: ["subprotocol": "\(OCPPConnectionConfiguration.subprotocol)"])
                eventSink.yield(.connected(subprotocol: OCPPConnectionConfiguration.subprotocol))
                let reason = await withTaskGroup(of: String?.self) { group in
                    group.addTask { await self.readLoop(inbound, link) }
                    // Runs even with pings off, waiting for an interval the CSMS may set.
                    group.addTask { await self.pingLoop(link) }
                    while let finished = await group.next() {
                        if let reason = finished {
                            group.cancelAll()
                            return reason
                        }
                    }
                    return "transport shut down"
                }
                state.withLock { $0.link = nil }
                if Task.isCancelled {
                    await link.sendClose(.goingAway, reason: "station shutting down")
                    return "transport shut down"
                }
                return reason
            }
            return AttemptOutcome(wasConnected: connected, reason: reason)
        } catch {
            state.withLock { $0.link = nil }
            return AttemptOutcome(wasConnected: connected, reason: "connection error: \(error)")
        }
    }

    /// Reads frames until the link ends; returns why, or `nil` when cancelled.
    private func readLoop(_ inbound: NIOAsyncChannelInboundStream<WebSocketFrame>, _ link: Link) async -> String? {
        do {
            for try await frame in inbound {
                switch frame.opcode {
                case .text:
                    let data = frame.unmaskedData
                    guard let text = String(validating: data.readableBytesView, as: UTF8.self) else {
                        logger.warning("invalid UTF-8 in a text frame; closing")
                        await link.sendClose(.dataInconsistentWithMessage, reason: "invalid UTF-8")
                        return "CSMS sent invalid UTF-8 in a text message"
                    }
                    logger.trace("message received", metadata: ["bytes": "\(data.readableBytes)"])
                    eventSink.yield(.message(text))
                case .binary:
                    logger.warning(
                        "binary frame ignored (OCPP-J uses text frames)",
                        metadata: ["bytes": "\(frame.length)"]
                    )
                case .ping:
                    logger.trace("ping received; answering pong")
                    await link.sendControl(.pong, payload: frame.unmaskedData)
                case .pong:
                    logger.trace("pong received")
                    link.pongReceived()
                case .connectionClose:
                    var data = frame.unmaskedData
                    let code = data.readWebSocketErrorCode()
                    let text = data.readString(length: data.readableBytes) ?? ""
                    let codeText = code.map { "\(UInt16(webSocketErrorCode: $0))" } ?? "none"
                    logger.info("close frame received", metadata: ["code": "\(codeText)"])
                    await link.sendClose(code ?? .normalClosure, reason: "")
                    return "closed by CSMS (code \(codeText)\(text.isEmpty ? "" : ": \(text)"))"
                default:
                    break
                }
            }
            return Task.isCancelled ? nil : "connection closed by CSMS without a close frame"
        } catch {
            if Task.isCancelled { return nil }
            if let (code, why) = Self.protocolViolation(error) {
                logger.warning("protocol error; closing", metadata: ["error": "\(error)"])
                await link.sendClose(code, reason: "")
                return "\(why); closed with code \(UInt16(webSocketErrorCode: code))"
            }
            return "connection error: \(error)"
        }
    }

    /// Decoder and aggregator errors: RFC 6455 §7.4.1 wants 1009 for a too-big message, 1002 otherwise.
    private static func protocolViolation(_ error: any Error) -> (WebSocketErrorCode, String)? {
        switch error {
        case NIOWebSocketError.invalidFrameLength,
            NIOWebSocketFrameAggregator.Error.accumulatedFrameSizeIsTooLarge,
            NIOWebSocketFrameAggregator.Error.tooManyFragments:
            return (.messageTooLarge, "CSMS sent a message larger than maxFrameSize")
        case is NIOWebSocketError, is NIOWebSocketFrameAggregator.Error:
            return (.protocolError, "WebSocket protocol error from CSMS (\(error))")
        default:
            return nil
        }
    }
}
