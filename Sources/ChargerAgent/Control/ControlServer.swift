import LocalFiles
import Logging
import NIOCore
import NIOPosix
import OCPP
import ServiceLifecycle

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

/// The local control socket: a Unix stream socket speaking newline-delimited JSON, run as a `Service`.
///
/// One request per line, one response line per request, in order; a client may send many requests on
/// one connection (`meter read --watch` does). A malformed line gets an error response and the
/// connection stays usable; a line longer than `maxLineLength` gets an error and the connection is
/// closed (the rest of that line cannot be told from the next request). The socket file gets mode
/// 0660 so only the service's user and group may use it; a stale socket file left by a crash is
/// replaced, but a live one (another daemon answers on it) is not.
///
/// A socket that cannot be opened (no permission on its directory, another daemon on it) is logged as
/// an error and the service then waits for shutdown, so the station keeps charging without it —
/// unless `required`, when `run()` throws `SetupError`.
public struct ControlServer: Service, CustomStringConvertible {
    /// The longest request line accepted, in bytes.
    public static let maxLineLength = 64 * 1024
    /// The default socket path (systemd's RuntimeDirectory=chargerd).
    public static let defaultPath = "/run/chargerd/control.sock"
    /// The environment variable that overrides `defaultPath`.
    public static let pathEnvironmentVariable = "CHARGERD_SOCKET"

    public let path: String
    public let router: ControlRouter
    private let logger: Logger
    private let ready: (@Sendable () -> Void)?
    /// Whether a socket that cannot be opened ends the service (and so the process) with an error.
    public let required: Bool
    /// Checks each connection's peer and reports maintenance logins (A04); nil lets every connection in.
    public let logins: MaintenanceLoginGate?

    /// `ready` is called once the socket accepts connections (tests wait for it).
    public init(
        path: String,
        router: ControlRouter,
        required: Bool = false,
        logins: MaintenanceLoginGate? = nil,
        logger: Logger = Logger(label: "charger.control"),
        ready: (@Sendable () -> Void)? = nil
    ) {
        self.path = path
        self.router = router
        self.required = required
        self.logins = logins
        var logger = logger
        logger[metadataKey: "socket"] = .string(path)
        self.logger = logger
        self.ready = ready
    }

    /// The socket path from `CHARGERD_SOCKET`, else the default.
    public static func path(environment: [String: String]) -> String {
        if let path = environment[pathEnvironmentVariable], !path.isEmpty { return path }
        return defaultPath
    }

    public var description: String { "ControlServer(\(path))" }

    /// Why the socket could not be opened.
    public struct SetupError: Error, CustomStringConvertible {
        public var description: String
    }

    public func run() async throws {
        let server: NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never>
        do {
            server = try await listen()
        } catch {
            if required { throw error }
            logger.error(
                "control socket unavailable; running without it (chargerctl cannot reach this daemon)",
                metadata: ["error": "\(error)", "hint": "use --control-socket PATH in a directory this user may write"]
            )
            try? await gracefulShutdown()
            return
        }
        try await serve(server)
    }

    private func listen() async throws -> NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never> {
        try prepareSocketPath()
        let server: NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never>
        do {
            server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.backlog, value: 128)
                .bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw SetupError(description: "control socket \(path): cannot listen (\(error))")
        }
        guard chmod(path, 0o660) == 0 else {
            let reason = String(cString: strerror(errno))
            try? await server.channel.close()
            throw SetupError(description: "control socket \(path): cannot set mode 0660 (\(reason))")
        }
        return server
    }

    private func serve(_ server: NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never>) async throws {
        logger.info("control socket listening")
        ready?()
        let router = router
        let logger = logger
        let logins = logins
        let serverChannel = server.channel
        defer { unlink(path) }
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                try await server.executeThenClose { connections in
                    for try await connection in connections {
                        group.addTask {
                            if let logins, await !Self.admitted(connection, by: logins, logger: logger) { return }
                            await Self.serve(connection, router: router, logger: logger)
                        }
                    }
                }
                // The listener is closed: end the open connections too.
                group.cancelAll()
            }
        } onGracefulShutdown: {
            serverChannel.close(promise: nil)
        }
        logger.info("control socket closed")
    }

    /// Refuses to take over a socket another process answers on; creates the parent directory.
    private func prepareSocketPath() throws {
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? ""
        if !directory.isEmpty, !LocalFiles.exists(directory) {
            do {
                try LocalFiles.createDirectories(directory)
            } catch {
                throw SetupError(description: "control socket \(path): cannot create \(directory) (\(error))")
            }
        }
        if LocalFiles.exists(path), (try? ControlClient.connect(path: path)) != nil {
            throw SetupError(description: "control socket \(path) is in use by another running process")
        }
    }

    private static func serve(
        _ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>,
        router: ControlRouter,
        logger: Logger
    ) async {
        do {
            try await connection.executeThenClose { inbound, outbound in
                var pending = ByteBuffer()
                for try await chunk in inbound {
                    var chunk = chunk
                    pending.writeBuffer(&chunk)
                    while let newline = pending.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
                        let length = newline - pending.readerIndex
                        let line = pending.readSlice(length: length)!
                        pending.moveReaderIndex(forwardBy: 1)
                        if length > maxLineLength {
                            logger.notice("control request line too long; closing the connection")
                            try await outbound.write(ByteBuffer(string: tooLong().jsonValue.jsonText + "\n"))
                            return
                        }
                        let response: ControlResponse
                        if line.readableBytesView.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) {
                            continue  // blank lines are ignored
                        } else {
                            response = await router.respond(toLine: line.readableBytesView)
                        }
                        if case .failure(let error) = response.outcome {
                            logger.notice(
                                "control request failed",
                                metadata: ["code": "\(error.code)", "id": "\(response.id.jsonText)"]
                            )
                        }
                        try await outbound.write(ByteBuffer(string: response.jsonValue.jsonText + "\n"))
                    }
                    if pending.readableBytes > maxLineLength {
                        logger.notice("control request line too long; closing the connection")
                        try await outbound.write(ByteBuffer(string: tooLong().jsonValue.jsonText + "\n"))
                        return
                    }
                    pending.discardReadBytes()
                }
            }
        } catch is CancellationError {
            return
        } catch {
            logger.debug("control connection ended", metadata: ["error": "\(error)"])
        }
    }

    /// Whether the peer may use the socket; a refused one gets one error line and is closed.
    private static func admitted(
        _ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>,
        by gate: MaintenanceLoginGate,
        logger: Logger
    ) async -> Bool {
        let login = await gate.admit(await PeerCredentialReader.credentials(of: connection.channel))
        guard !login.accepted else { return true }
        logger.warning("control connection refused", metadata: ["peer": "\(login.summary)"])
        let refusal = ControlResponse(
            id: .null,
            outcome: .failure(ControlError(.refused, "this user may not use the control socket"))
        )
        try? await connection.executeThenClose { _, outbound in
            try await outbound.write(ByteBuffer(string: refusal.jsonValue.jsonText + "\n"))
        }
        return false
    }

    private static func tooLong() -> ControlResponse {
        ControlResponse(
            id: .null,
            outcome: .failure(ControlError(.lineTooLong, "a request line may be at most \(maxLineLength) bytes"))
        )
    }
}
