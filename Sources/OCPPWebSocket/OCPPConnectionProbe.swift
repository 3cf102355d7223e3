import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOWebSocket
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One connection to a CSMS made for diagnostics, layer by layer — name, TCP, TLS, WebSocket upgrade — that
/// reports how far it got, so a technician sees which layer breaks rather than "cannot connect".
///
/// It uses the link's own TLS context and handshake pipeline (`HandshakeSettings`), so what passes here is
/// what the station's transport will do; the one difference is that it sends no `Authorization` header:
/// a probe must work without the station's password, and a 401/403 answer still proves the rest. After a
/// 101 it closes the WebSocket at once with a normal close (1000).
public struct OCPPConnectionProbe: Sendable {
    /// How far the probe got. Every case but `nameNotResolved` means the name resolved; every case after
    /// `connectFailed` means the port accepted a TCP connection.
    public enum Outcome: Sendable, Hashable {
        /// The host name did not resolve (the resolver's reason).
        case nameNotResolved(String)
        /// No TCP connection to the CSMS's port (NIO's reason).
        case connectFailed(String)
        /// Connected over TCP and stopped there, as asked (`run(stopAfterTCP: true)`).
        case connected
        /// TCP connected, but the TLS context could not be built from the trust roots or client certificate.
        case tlsSetupFailed(OCPPConnectionConfigurationError)
        /// The TLS handshake failed or did not finish in time.
        case tlsFailed(String)
        /// The connection (and TLS, for `wss://`) is up but no HTTP answer to the upgrade came.
        case upgradeNotAnswered(String)
        /// The CSMS answered the upgrade: its HTTP status (101 when it switched) and, for a 101, the
        /// subprotocol it chose.
        case upgradeAnswered(status: Int, subprotocol: String?)
    }

    /// What the probe found.
    public struct Report: Sendable, Hashable {
        /// The addresses the host name resolved to, numeric, without repeats; empty when it did not.
        public var addresses: [String]
        public var outcome: Outcome
    }

    public var endpoint: CSMSEndpoint
    public var stationId: String
    /// What the server certificate is verified against (`wss://` only).
    public var trustRoots: TrustRoots
    /// Presented during the TLS handshake (security profile 3).
    public var clientCertificate: ClientCertificate?
    /// The limit of the TCP connect and of the TLS and upgrade handshakes together.
    public var timeout: Duration

    public init(
        endpoint: CSMSEndpoint,
        stationId: String,
        trustRoots: TrustRoots = .systemDefault,
        clientCertificate: ClientCertificate? = nil,
        timeout: Duration = .seconds(5)
    ) {
        self.endpoint = endpoint
        self.stationId = stationId
        self.trustRoots = trustRoots
        self.clientCertificate = clientCertificate
        self.timeout = timeout
    }

    /// Resolves, connects and (unless `stopAfterTCP`) shakes hands once.
    ///
    /// `stopAfterTCP` is for a station whose link is up: a second WebSocket with its identity could make
    /// the CSMS drop the live one.
    public func run(
        stopAfterTCP: Bool = false,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async -> Report {
        let addresses: [String]
        switch Self.resolve(endpoint.host) {
        case .failure(let reason): return Report(addresses: [], outcome: .nameNotResolved(reason.description))
        case .success(let list): addresses = list
        }
        var sslContext: NIOSSLContext?
        var tlsSetupError: OCPPConnectionConfigurationError?
        if endpoint.isSecure && !stopAfterTCP {
            do throws(OCPPConnectionConfigurationError) {
                sslContext = try OCPPConnectionConfiguration.makeSSLContext(
                    trustRoots: trustRoots,
                    clientCertificate: clientCertificate
                )
            } catch {
                tlsSetupError = error
            }
        }
        // Without a handshake to make, TCP alone is tried, so a broken TLS file is reported after TCP.
        if stopAfterTCP || tlsSetupError != nil {
            do {
                let channel = try await ClientBootstrap(group: eventLoopGroup)
                    .connectTimeout(TimeAmount(timeout))
                    .connect(host: endpoint.host, port: endpoint.port).get()
                try? await channel.close()
            } catch {
                return Report(addresses: addresses, outcome: .connectFailed("\(error)"))
            }
            return Report(addresses: addresses, outcome: tlsSetupError.map(Outcome.tlsSetupFailed) ?? .connected)
        }
        let settings = HandshakeSettings(
            endpoint: endpoint,
            requestPath: endpoint.requestPath(stationId: stationId),
            sslContext: sslContext,
            authorization: nil,
            maxFrameSize: 1 << 16,
            timeout: timeout
        )
        return Report(addresses: addresses, outcome: await handshake(settings, group: eventLoopGroup))
    }

    /// TCP, [TLS] and the upgrade on one connection, through the link's pipeline.
    private func handshake(_ settings: HandshakeSettings, group: any EventLoopGroup) async -> Outcome {
        let tlsDone = Mutex(false)
        let pending: PendingUpgrade
        do {
            pending = try await ClientBootstrap(group: group)
                .connectTimeout(TimeAmount(timeout))
                .connect(host: endpoint.host, port: endpoint.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try settings.configurePipeline(channel) { tlsDone.withLock { $0 = true } }
                    }
                }
        } catch {
            return .connectFailed("\(error)")
        }
        let upgrade: UpgradeResult
        do {
            upgrade = try await pending.result.get()
        } catch {
            pending.channel.close(promise: nil)
            let secure = settings.sslContext != nil
            switch error {
            case is NIOSSLError, is NIOSSLExtraError, is BoringSSLError:
                return .tlsFailed("\(error)")
            case _ where secure && !tlsDone.withLock({ $0 }):
                return .tlsFailed(pending.timer.timedOut ? "no TLS handshake within \(timeout)" : "\(error)")
            case _ where pending.timer.timedOut:
                return .upgradeNotAnswered("no answer to the upgrade request within \(timeout)")
            case is HTTPParserError:
                return .upgradeNotAnswered("the answer is not HTTP")
            default:
                return .upgradeNotAnswered("\(error)")
            }
        }
        switch upgrade {
        case .refused(let http):
            guard let head = await HandshakeSettings.readResponseHead(http) else {
                return .upgradeNotAnswered("the CSMS closed the connection without answering the upgrade")
            }
            return .upgradeAnswered(status: Int(head.status.code), subprotocol: nil)
        case .websocket(let webSocket, let subprotocol):
            await HandshakeSettings.close(webSocket, .normalClosure, reason: "diagnostic probe")
            return .upgradeAnswered(status: 101, subprotocol: subprotocol)
        }
    }

    /// The numeric addresses `host` resolves to (getaddrinfo, so /etc/hosts and the resolver alike), or the
    /// resolver's reason.
    static func resolve(_ host: String) -> Result<[String], ResolveFailure> {
        var hints = addrinfo()
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0, let first = list else {
            return .failure(ResolveFailure(description: String(cString: gai_strerror(status))))
        }
        defer { freeaddrinfo(list) }
        var names: [String] = []
        var next: UnsafeMutablePointer<addrinfo>? = first
        while let entry = next {
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(
                entry.pointee.ai_addr,
                entry.pointee.ai_addrlen,
                &buffer,
                socklen_t(buffer.count),
                nil,
                0,
                NI_NUMERICHOST
            ) == 0 {
                let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                if !names.contains(name) { names.append(name) }
            }
            next = entry.pointee.ai_next
        }
        return .success(names)
    }

    /// The resolver's reason, as an Error for `Result`.
    struct ResolveFailure: Error, CustomStringConvertible {
        var description: String
    }
}
