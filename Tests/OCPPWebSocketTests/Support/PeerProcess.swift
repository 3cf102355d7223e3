import Foundation
import Synchronization
import Testing

/// The repository root, found from this file's path (Tests/OCPPWebSocketTests/Support/PeerProcess.swift).
let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The Python interpreter with `websockets` installed: `CHARGER_AGENT_PYTHON`, else `<repo>/.venv/bin/python3`.
/// A missing interpreter fails the test (Scripts/test.sh creates the venv); it is never a skip.
func peerPython() throws -> String {
    let path =
        ProcessInfo.processInfo.environment["CHARGER_AGENT_PYTHON"]
        ?? repositoryRoot.appendingPathComponent(".venv/bin/python3").path
    guard FileManager.default.isExecutableFile(atPath: path) else {
        throw TestFailure(
            "Python interpreter for the WebSocket peer not found at \(path). Run Scripts/test.sh (it creates "
                + ".venv with websockets), or set CHARGER_AGENT_PYTHON to a python3 that has websockets 17."
        )
    }
    return path
}

/// A JSON value from the peer's event lines.
enum JSONValue: Decodable, Sendable, Equatable, CustomStringConvertible {
    case string(String)
    case number(Double)
    case bool(Bool)
    case array([JSONValue])
    case object([String: JSONValue])
    case null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    var string: String? { if case .string(let s) = self { s } else { nil } }
    var int: Int? { if case .number(let n) = self { Int(n) } else { nil } }
    var array: [JSONValue]? { if case .array(let a) = self { a } else { nil } }

    var description: String {
        switch self {
        case .string(let s): "\"\(s)\""
        case .number(let n): "\(n)"
        case .bool(let b): "\(b)"
        case .array(let a): "\(a)"
        case .object(let o): "\(o)"
        case .null: "null"
        }
    }
}

/// One line the peer printed.
struct PeerEvent: Sendable, CustomStringConvertible {
    let name: String
    let fields: [String: JSONValue]
    subscript(_ key: String) -> JSONValue? { fields[key] }
    var description: String { "\(name) \(fields.filter { $0.key != "event" })" }
}

/// `Tests/Peers/ws_peer.py` running as a child process; its stdout lines become `PeerEvent`s.
final class PeerProcess: @unchecked Sendable {
    // Process and Pipe are only touched in `start` and `stop`; the event list is behind a mutex.
    private let process = Process()
    private let stdout = Pipe()
    private let stderr = Pipe()
    /// Held open for the peer's life: the peer exits when it reads EOF, even if this process dies.
    private let stdin = Pipe()
    private let state = Mutex<(events: [PeerEvent], partial: Data, stderr: String)>(([], Data(), ""))
    private(set) var port = 0

    /// Starts the peer with `arguments` and waits for its `listening` line.
    static func start(_ arguments: [String]) async throws -> PeerProcess {
        let peer = PeerProcess()
        try peer.launch(python: try peerPython(), arguments: arguments)
        do {
            let listening = try await peer.waitFor("listening")
            guard let port = listening["port"]?.int else { throw TestFailure("peer printed no port") }
            peer.port = port
        } catch {
            await peer.stop()
            throw error
        }
        return peer
    }

    private func launch(python: String, arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [repositoryRoot.appendingPathComponent("Tests/Peers/ws_peer.py").path] + arguments
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = stdin
        stdout.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                return
            }
            self?.received(data)
        }
        stderr.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                return
            }
            self?.state.withLock { $0.stderr += String(decoding: data, as: UTF8.self) }
        }
        try process.run()
    }

    private func received(_ data: Data) {
        state.withLock { s in
            s.partial.append(data)
            while let newline = s.partial.firstIndex(of: UInt8(ascii: "\n")) {
                let line = s.partial[s.partial.startIndex..<newline]
                s.partial = Data(s.partial[s.partial.index(after: newline)...])
                guard let object = try? JSONDecoder().decode([String: JSONValue].self, from: line),
                    let name = object["event"]?.string
                else { continue }
                s.events.append(PeerEvent(name: name, fields: object))
            }
        }
    }

    var events: [PeerEvent] { state.withLock { $0.events } }
    func events(_ name: String) -> [PeerEvent] { events.filter { $0.name == name } }
    var errorOutput: String { state.withLock { $0.stderr } }

    /// Waits (10 s at most) for the `count`-th event named `name` that satisfies `predicate`.
    @discardableResult
    func waitFor(
        _ name: String,
        count: Int = 1,
        timeout: Duration = .seconds(10),
        where predicate: @Sendable (PeerEvent) -> Bool = { _ in true }
    ) async throws -> PeerEvent {
        let deadline = ContinuousClock.now + timeout
        while true {
            let matches = events.filter { $0.name == name && predicate($0) }
            if matches.count >= count { return matches[count - 1] }
            if ContinuousClock.now >= deadline || !process.isRunning && events.isEmpty {
                throw TestFailure(
                    "timed out waiting for peer event '\(name)' #\(count); peer events: \(events); stderr: \(errorOutput.suffix(2000))"
                )
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Terminates the peer (EOF on stdin and SIGTERM, SIGKILL after 2 s) and waits for it to exit,
    /// without blocking a thread of the cooperative pool.
    func stop() async {
        guard process.processIdentifier != 0 else { return }
        try? stdin.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        let deadline = ContinuousClock.now + .seconds(2)
        while process.isRunning && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(10)) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            while process.isRunning { try? await Task.sleep(for: .milliseconds(10)) }
        }
    }

    deinit {
        if process.processIdentifier != 0 && process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

/// Runs `body` with a started peer, stopping the peer afterwards whatever happens.
func withPeer<R>(_ arguments: [String], _ body: (PeerProcess) async throws -> R) async throws -> R {
    let peer = try await PeerProcess.start(arguments)
    do {
        let result = try await body(peer)
        await peer.stop()
        return result
    } catch {
        await peer.stop()
        throw error
    }
}
