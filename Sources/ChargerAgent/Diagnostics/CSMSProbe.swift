import NIOCore
import NIOPosix
import NIOSSL
import OCPPWebSocket

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Checks the way to the CSMS one layer at a time — DNS, TCP, TLS, WebSocket upgrade — so a technician
/// sees which layer breaks rather than "cannot connect".
public struct CSMSProbe: Sendable {
    public var url: String
    public var stationId: String
    /// PEM files the server certificate is verified against; empty: the system's CA store.
    public var trustRoots: [String]
    /// Presented for security profile 3.
    public var clientCertificate: ClientCertificate?
    /// Each step's timeout.
    public var timeout: Duration

    public init(
        url: String,
        stationId: String,
        trustRoots: [String] = [],
        clientCertificate: ClientCertificate? = nil,
        timeout: Duration = .seconds(5)
    ) {
        self.url = url
        self.stationId = stationId
        self.trustRoots = trustRoots
        self.clientCertificate = clientCertificate
        self.timeout = timeout
    }

    /// Runs the steps in order; a failed step fails the ones after it too (they are not tried).
    ///
    /// `linkUp` (the daemon's link is up) skips the WebSocket upgrade: a second connection with the
    /// station's identity could make the CSMS drop the live one.
    public func run(linkUp: Bool = false) async -> [DiagnosticCheck] {
        let endpoint: CSMSEndpoint
        do {
            endpoint = try CSMSEndpoint(parsing: url)
        } catch {
            return [
                .fail(
                    "csms.url",
                    "CSMS URL",
                    "\(Redaction.url(url)) is not usable: \(error)",
                    hint: "fix csms.url in the board file (ws:// or wss://host[:port]/path)"
                )
            ]
        }
        var checks: [DiagnosticCheck] = []
        let target = "\(endpoint.host):\(endpoint.port)"
        // DNS
        let addresses = Self.resolve(endpoint.host)
        switch addresses {
        case .failure(let reason):
            checks.append(
                .fail(
                    "csms.dns",
                    "CSMS name resolves",
                    "\(endpoint.host): \(reason)",
                    hint: "check /etc/resolv.conf and the network link; try `getent hosts \(endpoint.host)`"
                )
            )
            return checks + skipped(after: "csms.dns", secure: endpoint.isSecure)
        case .success(let list):
            checks.append(.pass("csms.dns", "CSMS name resolves", "\(endpoint.host) → \(list.joined(separator: ", "))"))
        }
        // TCP
        do {
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.nanoseconds(timeout.components.seconds * 1_000_000_000))
                .connect(host: endpoint.host, port: endpoint.port).get()
            try? await channel.close()
            checks.append(.pass("csms.tcp", "CSMS port open", "connected to \(target)"))
        } catch {
            checks.append(
                .fail(
                    "csms.tcp",
                    "CSMS port open",
                    "\(target): \(error)",
                    hint: "check the port in csms.url, the CSMS is running, and no firewall blocks it"
                )
            )
            return checks + skipped(after: "csms.tcp", secure: endpoint.isSecure)
        }
        if linkUp {
            if endpoint.isSecure {
                checks.append(.pass("csms.tls", "TLS handshake", "the station's TLS link is up"))
            }
            checks.append(.pass("csms.websocket", "WebSocket upgrade", "the station's link is up (connected)"))
            return checks
        }
        // TLS + WebSocket upgrade on one connection.
        let context: NIOSSLContext?
        do {
            context = endpoint.isSecure ? try makeSSLContext() : nil
        } catch {
            checks.append(
                .fail(
                    "csms.tls",
                    "TLS handshake",
                    "TLS setup failed: \(error)",
                    hint: "check csms.trustRoots and clientCertificate files exist and are PEM"
                )
            )
            return checks + [skip("csms.websocket", "WebSocket upgrade")]
        }
        let path = endpoint.requestPath(stationId: stationId)
        let result = await upgrade(endpoint: endpoint, path: path, context: context)
        switch result {
        case .tlsFailed(let reason):
            checks.append(
                .fail(
                    "csms.tls",
                    "TLS handshake",
                    reason,
                    hint:
                        "check the CSMS certificate chain against csms.trustRoots, its host name, and the clock"
                )
            )
            checks.append(skip("csms.websocket", "WebSocket upgrade"))
        case .answered(let status, let subprotocol):
            if endpoint.isSecure {
                checks.append(.pass("csms.tls", "TLS handshake", "TLS ≥ 1.2, certificate verified"))
            }
            if status == 101, subprotocol == "ocpp2.0.1" {
                checks.append(.pass("csms.websocket", "WebSocket upgrade", "101 Switching Protocols, ocpp2.0.1"))
            } else if status == 101 {
                checks.append(
                    .fail(
                        "csms.websocket",
                        "WebSocket upgrade",
                        "the CSMS did not agree to ocpp2.0.1 (subprotocol \(subprotocol ?? "none"))",
                        hint: "the CSMS must support OCPP 2.0.1 on this URL"
                    )
                )
            } else if status == 401 || status == 403 {
                checks.append(
                    .warn(
                        "csms.websocket",
                        "WebSocket upgrade",
                        "HTTP \(status) without credentials (the probe sends no password)",
                        hint: "expected with basic auth; if the station cannot log in, check csms.password"
                    )
                )
            } else {
                checks.append(
                    .fail(
                        "csms.websocket",
                        "WebSocket upgrade",
                        "HTTP \(status) for \(path)",
                        hint: "check the path in csms.url and that the CSMS knows station \(stationId)"
                    )
                )
            }
        case .failed(let reason):
            if endpoint.isSecure { checks.append(.pass("csms.tls", "TLS handshake", "TLS connection opened")) }
            checks.append(
                .fail(
                    "csms.websocket",
                    "WebSocket upgrade",
                    reason,
                    hint: "the CSMS accepted TCP but did not answer the upgrade; check the URL's scheme and path"
                )
            )
        }
        return checks
    }

    private func skip(_ id: String, _ title: String) -> DiagnosticCheck {
        .fail(id, title, "not tried: an earlier step failed", hint: "fix the first failing CSMS check")
    }

    private func skipped(after id: String, secure: Bool) -> [DiagnosticCheck] {
        var rest: [DiagnosticCheck] = []
        if id == "csms.dns" { rest.append(skip("csms.tcp", "CSMS port open")) }
        if secure { rest.append(skip("csms.tls", "TLS handshake")) }
        rest.append(skip("csms.websocket", "WebSocket upgrade"))
        return rest
    }

    static func resolve(_ host: String) -> Result<[String], DiagnosticFailure> {
        var hints = addrinfo()
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0, let first = list else {
            return .failure(DiagnosticFailure(String(cString: gai_strerror(status))))
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

    private func makeSSLContext() throws -> NIOSSLContext {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        tls.certificateVerification = .fullVerification
        if !trustRoots.isEmpty {
            var roots: [NIOSSLCertificate] = []
            for path in trustRoots { roots += try NIOSSLCertificate.fromPEMFile(path) }
            tls.trustRoots = .certificates(roots)
        }
        if let clientCertificate {
            tls.certificateChain = try NIOSSLCertificate.fromPEMFile(clientCertificate.certificateChainPath)
                .map { .certificate($0) }
            tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: clientCertificate.privateKeyPath, format: .pem))
        }
        return try NIOSSLContext(configuration: tls)
    }

    enum UpgradeResult {
        case tlsFailed(String)
        case answered(status: Int, subprotocol: String?)
        case failed(String)
    }

    /// Sends a WebSocket upgrade request and reads the response head.
    private func upgrade(endpoint: CSMSEndpoint, path: String, context: NIOSSLContext?) async -> UpgradeResult {
        let host = endpoint.host
        do {
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.nanoseconds(timeout.components.seconds * 1_000_000_000))
                .connect(host: endpoint.host, port: endpoint.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let context {
                            let isAddress = (try? SocketAddress(ipAddress: host, port: 0)) != nil
                            let handler = try NIOSSLClientHandler(
                                context: context,
                                serverHostname: isAddress ? nil : host
                            )
                            try channel.pipeline.syncOperations.addHandler(handler)
                        }
                        return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
            var keyBytes = [UInt8](repeating: 0, count: 16)
            for index in keyBytes.indices { keyBytes[index] = UInt8.random(in: 0...255) }
            let key = Data(keyBytes).base64EncodedString()
            let hostHeader = endpoint.port == (endpoint.isSecure ? 443 : 80) ? host : "\(host):\(endpoint.port)"
            let request =
                "GET \(path) HTTP/1.1\r\nHost: \(hostHeader)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: \(key)\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: ocpp2.0.1\r\n\r\n"
            let timeout = timeout
            return try await withThrowingTaskGroup(of: UpgradeResult.self) { group in
                group.addTask {
                    try await channel.executeThenClose { inbound, outbound in
                        try await outbound.write(ByteBuffer(string: request))
                        var head = ""
                        for try await chunk in inbound {
                            head += String(buffer: chunk)
                            if head.contains("\r\n\r\n") { break }
                        }
                        return Self.parseHead(head)
                    }
                }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    channel.channel.close(promise: nil)
                    return .failed("no answer to the upgrade request within \(timeout)")
                }
                let first = try await group.next() ?? .failed("no answer")
                group.cancelAll()
                return first
            }
        } catch let error as NIOSSLError {
            return .tlsFailed("TLS failed: \(error)")
        } catch let error as BoringSSLError {
            return .tlsFailed("TLS failed: \(error)")
        } catch {
            return context == nil ? .failed("\(error)") : .tlsFailed("TLS failed: \(error)")
        }
    }

    static func parseHead(_ head: String) -> UpgradeResult {
        let lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
        guard let statusLine = lines.first, statusLine.hasPrefix("HTTP/") else {
            return .failed("the answer is not HTTP")
        }
        let parts = statusLine.split(separator: " ")
        guard parts.count >= 2, let status = Int(parts[1]) else { return .failed("bad status line: \(statusLine)") }
        var subprotocol: String?
        for line in lines.dropFirst() {
            let pair = line.split(separator: ":", maxSplits: 1)
            if pair.count == 2, pair[0].lowercased() == "sec-websocket-protocol" {
                subprotocol = pair[1].trimmingSpaces
            }
        }
        return .answered(status: status, subprotocol: subprotocol)
    }
}

/// A reason, as an Error for `Result`.
public struct DiagnosticFailure: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
