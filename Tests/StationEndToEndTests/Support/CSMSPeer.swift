import Foundation
import Synchronization

/// The repository root, from this file's place in it (Tests/StationEndToEndTests/Support/CSMSPeer.swift).
let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // Support
    .deletingLastPathComponent()  // StationEndToEndTests
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()

/// A failed end-to-end expectation whose message carries what the peer saw, for the CI log.
struct EndToEndFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// One OCPP-J frame the peer printed, in either direction.
struct PeerFrame: Sendable, CustomStringConvertible {
    enum Direction: String, Sendable {
        /// Station → CSMS (the peer's "in").
        case fromStation = "in"
        /// CSMS → station (the peer's "out").
        case toStation = "out"
    }

    let direction: Direction
    /// "CALL", "CALLRESULT" or "CALLERROR".
    let type: String
    let id: String
    /// The action; for answers, that of the CALL they answer.
    let action: String?
    /// The payload (`.null` for a CALLERROR; its fields are in `line`).
    let payload: PeerJSON
    /// The whole line the peer printed.
    let line: PeerJSON

    init?(_ line: PeerJSON) {
        guard line["event"].string == "message", let direction = line["direction"].string.flatMap(Direction.init),
            let type = line["type"].string, let id = line["id"].string
        else { return nil }
        self.direction = direction
        self.type = type
        self.id = id
        self.action = line["action"].string
        self.payload = line["payload"]
        self.line = line
    }

    var isCall: Bool { type == "CALL" }
    var isCallError: Bool { type == "CALLERROR" }

    var description: String {
        let arrow = direction == .fromStation ? "station→csms" : "csms→station"
        return isCallError
            ? "\(arrow) CALLERROR \(action ?? "?") \(line["errorCode"]) \(line["errorDescription"])"
            : "\(arrow) \(type) \(action ?? "?") \(payload)"
    }
}

/// `Tests/Peers/ocpp_csms.py` as a child process: a CSMS on the Python `ocpp` library, on loopback.
///
/// Its stdout lines are collected as they come; tests wait for the ones they need, each wait bounded.
/// The peer's stdin stays open for its whole life and carries commands; the peer exits when it closes,
/// so it never outlives the test process, however that ends.
final class CSMSPeer: @unchecked Sendable {
    // `process` and the pipes are set up before `run()` and then only read; the collected output is
    // behind the mutex.
    private let process = Process()
    private let output = Pipe()
    private let errors = Pipe()
    private let commands = Pipe()
    private let collected = Mutex<(lines: [PeerJSON], pending: Data, stderr: String)>(([], Data(), ""))
    private let nextTag = Atomic<Int>(0)
    private(set) var port = 0

    /// How long any wait lasts at most unless told otherwise.
    static let defaultTimeout: Duration = .seconds(15)

    /// Starts the peer with `arguments` (see the script's docstring) and waits for it to listen.
    static func start(_ arguments: [String] = []) async throws -> CSMSPeer {
        let peer = CSMSPeer()
        try peer.launch(arguments)
        do {
            let listening = try await peer.waitForLine("the peer to listen") { $0["event"].string == "listening" }
            guard let port = listening["port"].int else { throw EndToEndFailure("the peer printed no port") }
            peer.port = port
        } catch {
            await peer.stop()
            throw error
        }
        return peer
    }

    /// The interpreter that has the `ocpp` library: `CHARGER_AGENT_PYTHON`, else `<repo>/.venv/bin/python3`.
    /// Missing, the test fails with the fix in the message: it is never skipped.
    static func python() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        let path =
            environment["CHARGER_AGENT_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }
            ?? repositoryRoot.appendingPathComponent(".venv/bin/python3").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw EndToEndFailure(
                "no Python for the CSMS peer at \(path): run Scripts/test.sh once (it creates .venv with the "
                    + "ocpp library) or set CHARGER_AGENT_PYTHON"
            )
        }
        return path
    }

    private func launch(_ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: try Self.python())
        process.arguments = [repositoryRoot.appendingPathComponent("Tests/Peers/ocpp_csms.py").path] + arguments
        process.standardInput = commands
        process.standardOutput = output
        process.standardError = errors
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard !data.isEmpty else {
                handle.readabilityHandler = nil
                return
            }
            self?.collect(data)
        }
        errors.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard !data.isEmpty else {
                handle.readabilityHandler = nil
                return
            }
            self?.collected.withLock { $0.stderr += String(decoding: data, as: UTF8.self) }
        }
        try process.run()
    }

    /// Splits stdout into lines; a line that is not a JSON object is kept as a string so it shows in failures.
    private func collect(_ data: Data) {
        collected.withLock { state in
            state.pending.append(data)
            while let newline = state.pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Data(state.pending[state.pending.startIndex..<newline])
                state.pending = Data(state.pending[state.pending.index(after: newline)...])
                let value =
                    (try? JSONDecoder().decode(PeerJSON.self, from: line))
                    ?? .string(String(decoding: line, as: UTF8.self))
                state.lines.append(value)
            }
        }
    }

    // MARK: what the peer printed

    var lines: [PeerJSON] { collected.withLock { $0.lines } }
    var frames: [PeerFrame] { lines.compactMap(PeerFrame.init) }
    /// Every `error` line: what the library rejected, failed format checks, CALLERRORs the peer sent.
    var errorLines: [PeerJSON] { lines.filter { $0["event"].string == "error" } }
    var callErrors: [PeerFrame] { frames.filter(\.isCallError) }

    /// The CALLs of `action` the station sent, in order.
    func calls(_ action: String) -> [PeerFrame] {
        frames.filter { $0.direction == .fromStation && $0.isCall && $0.action == action }
    }

    /// The answer to `call`, if it was sent yet.
    func answer(to call: PeerFrame) -> PeerFrame? {
        frames.first { $0.id == call.id && $0.direction != call.direction && !$0.isCall }
    }

    /// The last lines and the peer's stderr, for failure messages.
    var transcript: String {
        let (lines, stderr) = collected.withLock { ($0.lines, $0.stderr) }
        let shown = lines.suffix(60).map { PeerFrame($0)?.description ?? $0.description }
        return "peer output (last \(shown.count) of \(lines.count) lines):\n  " + shown.joined(separator: "\n  ")
            + (stderr.isEmpty ? "" : "\npeer stderr (tail):\n" + stderr.suffix(3000))
    }

    // MARK: waiting

    /// Polls `match` over the lines printed so far until it returns a value; throws after `timeout`.
    @discardableResult
    func waitFor<T>(
        _ what: String,
        timeout: Duration = CSMSPeer.defaultTimeout,
        _ match: (CSMSPeer) -> T?
    ) async throws -> T {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let value = match(self) { return value }
            if ContinuousClock.now >= deadline {
                throw EndToEndFailure("timed out after \(timeout) waiting for \(what)\n\(transcript)")
            }
            if !process.isRunning {
                throw EndToEndFailure(
                    "the peer exited (status \(process.terminationStatus)) while waiting for \(what)\n\(transcript)"
                )
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Waits for the first line satisfying `predicate`.
    func waitForLine(
        _ what: String,
        timeout: Duration = CSMSPeer.defaultTimeout,
        where predicate: @escaping (PeerJSON) -> Bool
    ) async throws -> PeerJSON {
        try await waitFor(what, timeout: timeout) { $0.lines.first(where: predicate) }
    }

    /// Waits for the `count`-th CALL of `action` from the station that satisfies `predicate`, and for the
    /// peer's answer to it; returns both.
    @discardableResult
    func waitForCall(
        _ action: String,
        count: Int = 1,
        timeout: Duration = CSMSPeer.defaultTimeout,
        where predicate: @escaping (PeerFrame) -> Bool = { _ in true }
    ) async throws -> (call: PeerFrame, answer: PeerFrame) {
        try await waitFor("\(action) #\(count) from the station, answered", timeout: timeout) { peer in
            let matches = peer.calls(action).filter(predicate)
            guard matches.count >= count, let answer = peer.answer(to: matches[count - 1]) else { return nil }
            return (matches[count - 1], answer)
        }
    }

    // MARK: commands

    /// Sends one command (see the script's docstring) and waits for the peer's response line; returns it
    /// (`status` is "result" when the station answered with a CALLRESULT, whose payload is `payload`).
    @discardableResult
    func command(
        _ name: String,
        _ fields: [String: Any] = [:],
        timeout: Duration = CSMSPeer.defaultTimeout
    ) async throws -> PeerJSON {
        let tag = "t\(nextTag.add(1, ordering: .relaxed).newValue)"
        var object: [String: Any] = fields
        object["cmd"] = name
        object["tag"] = tag
        var line = try JSONSerialization.data(withJSONObject: object)
        line.append(UInt8(ascii: "\n"))
        try commands.fileHandleForWriting.write(contentsOf: line)
        return try await waitForLine("the response to \(name) (\(tag))", timeout: timeout) {
            $0["event"].string == "response" && $0["tag"].string == tag
        }
    }

    // MARK: ending

    /// Ends the peer: closes its stdin (it exits on EOF), then SIGTERM, and SIGKILL if it is still there
    /// after 2 s. Waits for it without holding a thread of the cooperative pool.
    func stop() async {
        guard process.processIdentifier != 0 else { return }
        try? commands.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        let deadline = ContinuousClock.now + .seconds(2)
        while process.isRunning && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            while process.isRunning { try? await Task.sleep(for: .milliseconds(10)) }
        }
    }

    deinit {
        if process.processIdentifier != 0 && process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
