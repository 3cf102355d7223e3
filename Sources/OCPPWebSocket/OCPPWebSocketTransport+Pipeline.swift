import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOTLS
import NIOWebSocket
import OCPPRPC
import Synchronization

/// What the HTTP upgrade produced.
enum UpgradeResult: Sendable {
    /// 101 Switching Protocols, with the `Sec-WebSocket-Protocol` the server answered (if any).
    case websocket(NIOAsyncChannel<WebSocketFrame, WebSocketFrame>, subprotocol: String?)
    /// Any other answer; the response head is still to be read from this channel.
    case refused(NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>)
}

/// What one WebSocket handshake with the CSMS needs: the same for the station's link and for the
/// diagnostic probe (`OCPPConnectionProbe`), so the probe tests the very pipeline the link uses.
struct HandshakeSettings: Sendable {
    var endpoint: CSMSEndpoint
    /// `<basePath>/<station id>`.
    var requestPath: String
    /// TLS for `wss://`, nil for `ws://`.
    var sslContext: NIOSSLContext?
    /// The `Authorization` header value for profiles 1 and 2; nil sends none (profiles 0 and 3, the probe).
    /// Secret: never logged.
    var authorization: String?
    var maxFrameSize: Int
    /// Limit on TCP connect plus TLS and WebSocket handshakes.
    var timeout: Duration
}

/// A channel whose handshake is under way.
struct PendingUpgrade: Sendable {
    let channel: any Channel
    let result: EventLoopFuture<UpgradeResult>
    let timer: HandshakeTimer
}

/// Closes a channel whose TCP + TLS + HTTP handshakes take longer than the connect timeout.
final class HandshakeTimer: Sendable {
    private let fired = Mutex(false)
    var timedOut: Bool { fired.withLock { $0 } }
    func fire() { fired.withLock { $0 = true } }
}

/// Tells whether the TLS handshake completed, so a handshake that fails later can be blamed on the right
/// layer (the probe reports TLS and the WebSocket upgrade as separate checks).
final class TLSHandshakeObserver: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    private let completed: @Sendable () -> Void

    init(completed: @escaping @Sendable () -> Void) { self.completed = completed }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .handshakeCompleted? = event as? TLSUserEvent { completed() }
        context.fireUserInboundEventTriggered(event)
    }
}

extension HandshakeSettings {
    /// Builds `[TLS] → HTTP client codec → upgrade handler` on the event loop; after a 101 the upgrader
    /// swaps in the WebSocket codec, a fragment aggregator and the `NIOAsyncChannel` bridge.
    /// `tlsCompleted` is called when the TLS handshake is done.
    func configurePipeline(
        _ channel: any Channel,
        tlsCompleted: (@Sendable () -> Void)? = nil
    ) throws -> PendingUpgrade {
        let pipeline = channel.pipeline.syncOperations
        if let sslContext {
            // SNI carries a host name only; for an IP literal NIOSSL checks the IP SAN instead.
            let isIPLiteral = (try? SocketAddress(ipAddress: endpoint.host, port: endpoint.port)) != nil
            try pipeline.addHandler(
                NIOSSLClientHandler(context: sslContext, serverHostname: isIPLiteral ? nil : endpoint.host)
            )
            if let tlsCompleted { try pipeline.addHandler(TLSHandshakeObserver(completed: tlsCompleted)) }
        }
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: endpoint.hostHeader)
        headers.add(name: "Sec-WebSocket-Protocol", value: OCPPConnectionConfiguration.subprotocol)
        if let authorization { headers.add(name: "Authorization", value: authorization) }
        let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: requestPath, headers: headers)

        let maxFrameSize = maxFrameSize
        let upgrader = NIOTypedWebSocketClientUpgrader<UpgradeResult>(
            maxFrameSize: maxFrameSize,
            // Protocol errors are answered by the read loop, which knows to report them as the reason.
            enableAutomaticErrorHandling: false
        ) { channel, response in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(
                    NIOWebSocketFrameAggregator(
                        minNonFinalFragmentSize: 1,
                        maxAccumulatedFrameCount: 1024,
                        maxAccumulatedFrameSize: maxFrameSize
                    )
                )
                let webSocket = try NIOAsyncChannel<WebSocketFrame, WebSocketFrame>(
                    wrappingChannelSynchronously: channel
                )
                let subprotocol = response.headers.first(name: "Sec-WebSocket-Protocol").map(\.trimmingSpaces)
                return .websocket(webSocket, subprotocol: subprotocol)
            }
        }
        let upgradeConfiguration = NIOTypedHTTPClientUpgradeConfiguration<UpgradeResult>(
            upgradeRequestHead: head,
            upgraders: [upgrader]
        ) { channel in
            channel.eventLoop.makeCompletedFuture {
                .refused(
                    try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(
                        wrappingChannelSynchronously: channel
                    )
                )
            }
        }
        var pipelineConfiguration = NIOUpgradableHTTPClientPipelineConfiguration(
            upgradeConfiguration: upgradeConfiguration
        )
        // Frames the CSMS sends right behind its 101 must reach the WebSocket decoder, not be dropped.
        pipelineConfiguration.leftOverBytesStrategy = .forwardBytes
        let result = try pipeline.configureUpgradableHTTPClientPipeline(configuration: pipelineConfiguration)

        let timer = HandshakeTimer()
        let timeout = channel.eventLoop.scheduleTask(in: TimeAmount(timeout)) {
            timer.fire()
            channel.close(promise: nil)
        }
        result.whenComplete { _ in timeout.cancel() }
        return PendingUpgrade(channel: channel, result: result, timer: timer)
    }

    /// Why the CSMS refused the upgrade, from the response head it sent.
    static func refusalReason(_ http: NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>) async -> String {
        refusalReason(await readResponseHead(http))
    }

    /// Why the CSMS refused the upgrade, from the response head it sent (nil: it sent none).
    static func refusalReason(_ head: HTTPResponseHead?) -> String {
        guard let head else {
            return "CSMS closed the connection without answering the WebSocket upgrade"
        }
        let status = "HTTP \(head.status.code) \(head.status.reasonPhrase)"
        switch head.status {
        case .unauthorized: return "authentication refused by CSMS (\(status))"
        case .forbidden: return "CSMS forbade the connection (\(status))"
        default: return "CSMS refused the WebSocket upgrade (\(status))"
        }
    }

    /// Sends one close frame and closes the channel.
    static func close(
        _ webSocket: NIOAsyncChannel<WebSocketFrame, WebSocketFrame>,
        _ code: WebSocketErrorCode,
        reason: String
    ) async {
        _ = try? await webSocket.executeThenClose { _, _ in
            await Link(channel: webSocket.channel, outbound: nil).sendClose(code, reason: reason)
        }
    }

    /// A failed handshake, named by the layer that failed.
    static func describe(_ error: any Error) -> String {
        switch error {
        case is NIOSSLError, is NIOSSLExtraError, is BoringSSLError:
            return "TLS handshake failed: \(error)"
        case let error as NIOHTTPClientUpgradeError:
            return "WebSocket upgrade failed: \(error)"
        default:
            return "handshake failed: \(error)"
        }
    }

    /// The response head of a refused upgrade, or nil when the CSMS closed without answering.
    static func readResponseHead(
        _ http: NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>
    ) async -> HTTPResponseHead? {
        try? await http.executeThenClose { inbound, _ in
            for try await part in inbound {
                if case .head(let head) = part { return head }
            }
            return nil
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs (HTTP header values, comma-separated options).
    public var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}

/// One open WebSocket link: writes frames and tracks the outstanding ping.
final class Link: Sendable {
    let channel: any Channel
    private let outbound: NIOAsyncChannelOutboundWriter<WebSocketFrame>?
    private let flags = Mutex(Flags())

    private struct Flags {
        var awaitingPong = false
        var closeSent = false
    }

    init(channel: any Channel, outbound: NIOAsyncChannelOutboundWriter<WebSocketFrame>?) {
        self.channel = channel
        self.outbound = outbound
    }

    /// Client frames are always masked (RFC 6455 §5.3). Text goes down the same path as control frames and
    /// returns once it is written, so a close sent after it (a shutdown for a Reset) cannot overtake it: the
    /// answer to a Reset reaches the CSMS before the link closes.
    func sendText(_ text: String) async throws {
        guard outbound != nil, !flags.withLock({ $0.closeSent }) else { throw TransportError.notConnected }
        let frame = WebSocketFrame(fin: true, opcode: .text, maskKey: .random(), data: ByteBuffer(string: text))
        do {
            try await channel.writeAndFlush(frame).get()
        } catch {
            throw TransportError.sendFailed(String(describing: error))
        }
    }

    func sendControl(_ opcode: WebSocketOpcode, payload: ByteBuffer) async {
        let frame = WebSocketFrame(fin: true, opcode: opcode, maskKey: .random(), data: payload)
        try? await channel.writeAndFlush(frame).get()
    }

    /// Sends a close frame once; later calls do nothing.
    func sendClose(_ code: WebSocketErrorCode, reason: String) async {
        let first = flags.withLock { f -> Bool in
            defer { f.closeSent = true }
            return !f.closeSent
        }
        guard first else { return }
        var data = ByteBuffer()
        data.write(webSocketErrorCode: code)
        data.writeString(reason)
        await sendControl(.connectionClose, payload: data)
    }

    func pingSent() { flags.withLock { $0.awaitingPong = true } }
    func pongReceived() { flags.withLock { $0.awaitingPong = false } }
    var isAwaitingPong: Bool { flags.withLock { $0.awaitingPong } }
}
