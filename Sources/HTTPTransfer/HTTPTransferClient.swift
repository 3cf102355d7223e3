import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// HTTP(S) downloads to a file and uploads from a file, streamed on SwiftNIO: firmware (L01) and log
/// uploads (N01).
///
/// Every body goes through a `NIOAsyncChannel` whose inbound stream applies back-pressure, and the station
/// writes or reads it in chunks, so a transfer's memory stays flat whatever the file's size. One request per
/// connection (`Connection: close`); redirects followed up to `Configuration.maxRedirects`. TLS trusts the
/// system roots plus the PEM files given (the CSMS roots the station has installed, M05).
public struct HTTPTransferClient: Sendable {
    public struct Configuration: Sendable {
        /// Limit on the TCP connect.
        public var connectTimeout: Duration = .seconds(15)
        /// A transfer that neither receives nor sends anything for this long fails with `.timedOut`.
        public var idleTimeout: Duration = .seconds(30)
        public var maxRedirects = 5
        /// PEM files trusted besides the system roots (each may hold several certificates).
        public var additionalTrustRootFiles: [String] = []
        public var userAgent = "charger-agent"

        public init(additionalTrustRootFiles: [String] = []) {
            self.additionalTrustRootFiles = additionalTrustRootFiles
        }
    }

    public let configuration: Configuration
    let group: any EventLoopGroup

    public init(
        configuration: Configuration = Configuration(),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.configuration = configuration
        self.group = group
    }

    typealias HTTPChannel = NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>
    typealias Inbound = NIOAsyncChannelInboundStream<HTTPClientResponsePart>.AsyncIterator
    typealias Outbound = NIOAsyncChannelOutboundWriter<HTTPClientRequestPart>

    /// Opens a connection to `url`, sends `method` with `headers` and the body `send` writes, reads the
    /// response head and hands it, with the rest of the response, to `receive`.
    func exchange<Result: Sendable>(
        _ url: TransferURL,
        method: HTTPMethod,
        headers extra: [(String, String)],
        send: (Outbound) async throws -> Void = { _ in },
        receive: (HTTPResponseHead, inout Inbound) async throws -> Result
    ) async throws -> Result {
        let channel = try await connect(url)
        return try await channel.executeThenClose { inbound, outbound in
            var headers = HTTPHeaders()
            headers.add(name: "Host", value: url.hostHeader)
            headers.add(name: "User-Agent", value: configuration.userAgent)
            headers.add(name: "Connection", value: "close")
            for (name, value) in extra { headers.add(name: name, value: value) }
            var iterator = inbound.makeAsyncIterator()
            var sendError: (any Error)?
            do {
                try await outbound.write(
                    .head(HTTPRequestHead(version: .http1_1, method: method, uri: url.target, headers: headers))
                )
                try await send(outbound)
                try await outbound.write(.end(nil))
            } catch {
                // A server that refuses may answer before it read the whole body and close: its answer says more.
                sendError = error
            }
            while true {
                guard let part = try await iterator.next() else {
                    throw sendError ?? HTTPTransferError.connectionDropped(received: 0, expected: nil)
                }
                // 1xx answers (100 Continue) come before the real one.
                if case .head(let head) = part, head.status.code >= 200 {
                    return try await receive(head, &iterator)
                }
            }
        }
    }

    /// TCP (+ TLS) + HTTP/1.1 codec + idle timeout, bridged to async.
    private func connect(_ url: TransferURL) async throws -> HTTPChannel {
        let sslContext = try url.tls ? makeSSLContext() : nil
        let idle = TimeAmount(configuration.idleTimeout)
        do {
            return try await ClientBootstrap(group: group)
                .connectTimeout(TimeAmount(configuration.connectTimeout))
                .connect(host: url.host, port: url.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let pipeline = channel.pipeline.syncOperations
                        if let sslContext {
                            let isIPLiteral = (try? SocketAddress(ipAddress: url.host, port: url.port)) != nil
                            try pipeline.addHandler(
                                NIOSSLClientHandler(context: sslContext, serverHostname: isIPLiteral ? nil : url.host)
                            )
                        }
                        try pipeline.addHandler(IdleStateHandler(allTimeout: idle))
                        try pipeline.addHandler(IdleTimeoutHandler())
                        try pipeline.addHTTPClientHandlers()
                        return try HTTPChannel(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw HTTPTransferError.connectFailed("\(url.host):\(url.port): \(error)")
        }
    }

    private func makeSSLContext() throws -> NIOSSLContext {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.additionalTrustRoots = configuration.additionalTrustRootFiles.map { .file($0) }
        do {
            return try NIOSSLContext(configuration: tls)
        } catch {
            throw HTTPTransferError.tls("trust roots: \(error)")
        }
    }

    /// Maps whatever a transfer threw to one of ours.
    static func transferError(_ error: any Error, received: Int64 = 0, expected: Int64? = nil) -> HTTPTransferError {
        switch error {
        case let error as HTTPTransferError: error
        case let error as NIOSSLError: .tls("\(error)")
        case let error as BoringSSLError: .tls("\(error)")
        default: .connectionDropped(received: received, expected: expected)
        }
    }
}

/// Turns the idle-state event into `.timedOut` on the inbound stream and closes the connection.
private final class IdleTimeoutHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.fireErrorCaught(HTTPTransferError.timedOut)
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }
}

extension HTTPHeaders {
    /// The value of a numeric header, e.g. Content-Length.
    func int64(_ name: String) -> Int64? { first(name: name).flatMap { Int64($0.filter { $0 != " " }) } }
}
