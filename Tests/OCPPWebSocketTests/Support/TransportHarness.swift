import Foundation
import Logging
import OCPPRPC
import OCPPTestSupport
import Synchronization
import Testing

@testable import OCPPWebSocket

/// Collects a transport's events so tests can wait for them with a deadline.
final class EventRecorder: Sendable {
    private let state = Mutex<(events: [TransportEvent], finished: Bool)>(([], false))

    func record(_ events: AsyncStream<TransportEvent>) async {
        for await event in events { state.withLock { $0.events.append(event) } }
        state.withLock { $0.finished = true }
    }

    var events: [TransportEvent] { state.withLock { $0.events } }
    var isFinished: Bool { state.withLock { $0.finished } }

    var connectedCount: Int {
        events.filter { if case .connected = $0 { true } else { false } }.count
    }
    var disconnectReasons: [String] {
        events.compactMap { if case .disconnected(let reason) = $0 { reason } else { nil } }
    }
    var messages: [String] {
        events.compactMap { if case .message(let text) = $0 { text } else { nil } }
    }

    /// Polls until `condition` returns a value; fails after `timeout` (never hangs).
    @discardableResult
    func waitFor<T>(
        _ what: String,
        timeout: Duration = .seconds(10),
        _ condition: ([TransportEvent]) -> T?
    ) async throws -> T {
        try await wait(for: what, within: timeout, context: "transport events: \(events)") { condition(events) }
    }

    func waitForConnected(count: Int = 1) async throws {
        try await waitFor("connected #\(count)") { _ in connectedCount >= count ? true : nil }
    }

    /// The reason of the `count`-th `.disconnected`.
    func waitForDisconnect(count: Int = 1) async throws -> String {
        try await waitFor("disconnected #\(count)") { _ in
            let reasons = disconnectReasons
            return reasons.count >= count ? reasons[count - 1] : nil
        }
    }

    func waitForMessage(_ text: String) async throws {
        try await waitFor("message \(text)") { _ in messages.contains(text) ? true : nil }
    }
}

/// Runs the transport and an event recorder while `body` runs; shuts the transport down afterwards and
/// checks that `run()` returned and the event stream finished.
func withRunningTransport<R>(
    _ transport: OCPPWebSocketTransport,
    _ body: (EventRecorder) async throws -> R
) async throws -> R {
    let recorder = EventRecorder()
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await transport.run() }
        group.addTask { await recorder.record(transport.events) }
        let result: R
        do {
            result = try await body(recorder)
        } catch {
            transport.shutdown()
            try await group.waitForAll()
            throw error
        }
        transport.shutdown()
        try await group.waitForAll()
        #expect(recorder.isFinished)
        return result
    }
}

/// Runs `body` with `Tests/Peers/ws_peer.py` started with `arguments` (see the script's docstring), and
/// stops the peer afterwards, whatever happens.
func withPeer<R>(
    _ arguments: [String],
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: (PeerProcess) async throws -> R
) async throws -> R {
    try await withPythonPeer("ws_peer.py", arguments, sourceLocation: sourceLocation, body)
}

/// A transport for tests: quiet logger (the log test passes its own), real event loops, any clock.
func makeTransport(
    _ configuration: OCPPConnectionConfiguration,
    clock: any Clock<Duration> = ContinuousClock(),
    randomFraction: @escaping @Sendable () -> Double = { 0 },
    logger: Logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
) throws -> OCPPWebSocketTransport {
    try OCPPWebSocketTransport(
        configuration: configuration,
        clock: clock,
        randomFraction: randomFraction,
        logger: logger
    )
}

/// A config for a loopback peer with short timeouts.
func loopbackConfiguration(
    scheme: String = "ws",
    host: String = "127.0.0.1",
    port: Int,
    path: String = "/ocpp",
    stationId: String = "CS-TEST-01",
    profile: SecurityProfile = .unsecured,
    trustRoots: TrustRoots = .systemDefault,
    pingInterval: Duration = .zero,
    pongTimeout: Duration = .seconds(1),
    backOff: ReconnectBackOff = ReconnectBackOff(waitMinimum: .milliseconds(50), randomRange: .zero, repeatTimes: 0)
) -> OCPPConnectionConfiguration {
    OCPPConnectionConfiguration(
        csmsURL: "\(scheme)://\(host):\(port)\(path)",
        stationId: stationId,
        securityProfile: profile,
        trustRoots: trustRoots,
        pingInterval: pingInterval,
        pongTimeout: pongTimeout,
        connectTimeout: .seconds(5),
        reconnectBackOff: backOff
    )
}

/// A directory of test certificates made by `Tests/Peers/make_certs.sh`, deleted by `remove()`.
struct TestPKI: Sendable {
    let directory: String

    func path(_ name: String) -> String { directory + "/" + name }

    static func make() async throws -> TestPKI {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("ocpp-ws-pki-\(UUID().uuidString)").path
        let script = Process()
        script.executableURL = URL(fileURLWithPath: "/bin/sh")
        script.arguments = [TestRepository.path("Tests/Peers/make_certs.sh"), directory]
        let errors = Pipe()
        script.standardError = errors
        try script.run()
        // Poll rather than waitUntilExit(), which would hold a thread of the cooperative pool.
        try await wait(until: "make_certs.sh to finish", within: .seconds(60)) { !script.isRunning }
        guard script.terminationStatus == 0 else {
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw TestFailure("make_certs.sh failed (\(script.terminationStatus)): \(text)")
        }
        return TestPKI(directory: directory)
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }
}

func withPKI<R>(_ body: (TestPKI) async throws -> R) async throws -> R {
    let pki = try await TestPKI.make()
    defer { pki.remove() }
    return try await body(pki)
}

/// A swift-log handler that keeps every line (message and metadata) for inspection.
final class CapturedLogs: Sendable {
    struct Line: Sendable {
        let level: Logger.Level
        let message: String
        let metadata: [String: String]
        var text: String { "\(level) \(message) \(metadata.sorted { $0.key < $1.key })" }
    }

    private let lines = Mutex<[Line]>([])
    var all: [Line] { lines.withLock { $0 } }
    func append(_ line: Line) { lines.withLock { $0.append(line) } }

    func logger(label: String = "test") -> Logger {
        var logger = Logger(label: label) { _ in Handler(sink: self) }
        logger.logLevel = .trace
        return logger
    }

    struct Handler: LogHandler {
        let sink: CapturedLogs
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            var merged = metadata
            if let extra = event.metadata { merged.merge(extra) { $1 } }
            sink.append(
                Line(level: event.level, message: "\(event.message)", metadata: merged.mapValues { "\($0)" })
            )
        }
    }
}
