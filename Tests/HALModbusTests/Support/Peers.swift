import Foundation
import Synchronization
import Testing

/// Paths of the repository and the tools the Modbus tests drive; a missing tool fails the test.
enum TestEnvironment {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static var metersDirectory: URL { repository.appendingPathComponent("BoardConfigs/meters") }

    /// `CHARGER_AGENT_PYTHON`, else `<repo>/.venv/bin/python3`; it must have pymodbus.
    static func python() throws -> String {
        let environment = ProcessInfo.processInfo.environment["CHARGER_AGENT_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }
        let path = environment ?? repository.appendingPathComponent(".venv/bin/python3").path
        try #require(
            FileManager.default.isExecutableFile(atPath: path),
            "no Python at \(path): run Scripts/test.sh (it installs pymodbus) or set CHARGER_AGENT_PYTHON"
        )
        return path
    }

    static func socat() throws -> String {
        let candidates = ["/usr/bin/socat", "/bin/socat", "/usr/local/bin/socat"]
        let found = candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
        return try #require(found, "socat is not installed (apt-get install socat)")
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("halmodbus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// A child process whose stdout lines are collected, with bounded waits; killed on `stop()` or deinit.
final class PeerProcess: Sendable {
    private let process: Process
    private let input: Pipe
    private let lines = Locked<[String]>([])
    private let errors = Locked<String>("")

    init(executable: String, arguments: [String]) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        input = Pipe()
        let output = Pipe()
        let errorOutput = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errorOutput
        let buffer = Locked<String>("")
        output.fileHandleForReading.readabilityHandler = { [lines] handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                return
            }
            buffer.withLock { pending in
                pending += String(decoding: data, as: UTF8.self)
                while let newline = pending.firstIndex(of: "\n") {
                    let line = String(pending[..<newline])
                    pending.removeSubrange(...newline)
                    lines.withLock { $0.append(line) }
                }
            }
        }
        errorOutput.fileHandleForReading.readabilityHandler = { [errors] handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                return
            }
            errors.withLock { $0 += String(decoding: data, as: UTF8.self) }
        }
        try process.run()
    }

    deinit { kill() }

    var standardError: String { errors.withLock { $0 } }

    /// Waits (at most `timeout`) for a stdout line containing `text` after the first `skip` lines.
    func waitForLine(
        containing text: String,
        after skip: Int = 0,
        timeout: Duration = .seconds(10)
    ) async throws
        -> String
    {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let found = lines.withLock { $0.dropFirst(skip).first { $0.contains(text) } }
            if let found { return found }
            if !process.isRunning {
                Issue.record("peer exited (\(process.terminationStatus)) before \"\(text)\": \(standardError)")
                throw PeerFailure.exited
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("no \"\(text)\" from the peer within \(timeout); stderr: \(standardError)")
        throw PeerFailure.timedOut
    }

    var lineCount: Int { lines.withLock { $0.count } }

    /// Closes the child's stdin (peers end on end of input).
    func closeInput() {
        try? input.fileHandleForWriting.close()
    }

    func send(_ line: String) throws {
        try input.fileHandleForWriting.write(contentsOf: Data((line + "\n").utf8))
    }

    /// Stops the process with SIGKILL (pymodbus's asyncio loop does not always end on SIGTERM).
    func kill() {
        if process.isRunning {
            _ = Foundation.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    enum PeerFailure: Error {
        case timedOut
        case exited
    }
}

/// The pymodbus server of `Tests/Peers/modbus_server.py`, serving a register image.
final class ModbusServerPeer: Sendable {
    let peer: PeerProcess
    let port: Int

    private init(peer: PeerProcess, port: Int) {
        self.peer = peer
        self.port = port
    }

    /// Starts a TCP server on loopback; `image` is the JSON register image.
    static func tcp(image: String) async throws -> ModbusServerPeer {
        try await start(image: image, mode: ["tcp"])
    }

    /// Starts an RTU server on `device`.
    static func rtu(image: String, device: String) async throws -> ModbusServerPeer {
        try await start(image: image, mode: ["rtu", device])
    }

    private static func start(image: String, mode: [String]) async throws -> ModbusServerPeer {
        let directory = try TestEnvironment.temporaryDirectory()
        let imageFile = directory.appendingPathComponent("image.json")
        try Data(image.utf8).write(to: imageFile)
        let script = TestEnvironment.repository.appendingPathComponent("Tests/Peers/modbus_server.py").path
        let peer = try PeerProcess(
            executable: try TestEnvironment.python(),
            arguments: [script, "--image", imageFile.path] + mode
        )
        let line = try await peer.waitForLine(containing: "\"listening\"", timeout: .seconds(20))
        var port = 0
        if let data = line.data(using: .utf8),
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let number = object["port"] as? Int
        {
            port = number
        }
        return ModbusServerPeer(peer: peer, port: port)
    }

    /// Sends a control command and waits for its acknowledgement.
    func command(_ json: String) async throws {
        let before = peer.lineCount
        try peer.send(json)
        _ = try await peer.waitForLine(containing: "\"ok\"", after: before, timeout: .seconds(10))
    }

    /// Read requests served per unit since the last call (the server resets its counters), and how
    /// many of them it refused as "illegal data address" (strict devices).
    func stats() async throws -> (requests: [Int: Int], refused: [Int: Int]) {
        let before = peer.lineCount
        try peer.send("{\"cmd\":\"stats\"}")
        let line = try await peer.waitForLine(containing: "\"stats\"", after: before, timeout: .seconds(10))
        _ = try await peer.waitForLine(containing: "\"ok\"", after: before, timeout: .seconds(10))
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
            "stats line is not a JSON object: \(line)"
        )
        func counts(_ name: String) -> [Int: Int] {
            let table = object[name] as? [String: Int] ?? [:]
            return Dictionary(uniqueKeysWithValues: table.compactMap { key, value in Int(key).map { ($0, value) } })
        }
        return (counts("requests"), counts("refused"))
    }

    func stop() { peer.kill() }
}

/// `Tests/Peers/rtu_wire.py` between two pty pairs: the bus opens `master`, the server `device`, and
/// every byte takes the time it would take on an RS-485 line at `baud`.
final class WireRelay: Sendable {
    let masterSide: PtyPair
    let deviceSide: PtyPair
    let relay: PeerProcess
    let characterTime: Double
    let gap: Double

    /// The end the Modbus master (the bus under test) opens.
    var master: String { masterSide.a }
    /// The end the server opens.
    var device: String { deviceSide.b }

    init(baud: Int) async throws {
        masterSide = try await PtyPair()
        deviceSide = try await PtyPair()
        let script = TestEnvironment.repository.appendingPathComponent("Tests/Peers/rtu_wire.py").path
        relay = try PeerProcess(
            executable: try TestEnvironment.python(),
            arguments: [script, "--baud", String(baud), masterSide.b, deviceSide.a]
        )
        let line = try await relay.waitForLine(containing: "\"ready\"", timeout: .seconds(20))
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        characterTime = try #require(object?["characterTime"] as? Double)
        gap = try #require(object?["gap"] as? Double)
    }

    /// The least time `requests` reads of `registers` registers in total take on the wire: every
    /// request (8 bytes) and answer (5 + 2 per register) crosses the line, each after a t3.5 gap.
    func wireTime(requests: Int, registers: Int) -> Double {
        let characters = requests * (8 + 5) + 2 * registers
        return Double(characters) * characterTime + Double(2 * requests - 1) * gap
    }

    /// Stops the relay and returns the frames it carried (a request and an answer each are one).
    func finish() async throws -> Int {
        let before = relay.lineCount
        relay.closeInput()
        let line = try await relay.waitForLine(containing: "\"stats\"", after: before, timeout: .seconds(10))
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        return try #require(object?["frames"] as? Int)
    }

    func stop() {
        relay.kill()
        masterSide.stop()
        deviceSide.stop()
    }
}

/// A `socat` pty pair: the bus under test opens `a`, the server `b`.
final class PtyPair: Sendable {
    let peer: PeerProcess
    let a: String
    let b: String

    init() async throws {
        let directory = try TestEnvironment.temporaryDirectory()
        a = directory.appendingPathComponent("A").path
        b = directory.appendingPathComponent("B").path
        peer = try PeerProcess(
            executable: try TestEnvironment.socat(),
            arguments: ["-d", "-d", "pty,raw,echo=0,link=\(a)", "pty,raw,echo=0,link=\(b)"]
        )
        let deadline = ContinuousClock.now + .seconds(10)
        while !(FileManager.default.fileExists(atPath: a) && FileManager.default.fileExists(atPath: b)) {
            guard ContinuousClock.now < deadline else {
                Issue.record("socat made no pty pair within 10 s: \(peer.standardError)")
                throw PeerProcess.PeerFailure.timedOut
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    func stop() { peer.kill() }
}

/// A value shared with the pipes' reader threads.
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) { mutex = Mutex(value) }

    func withLock<Result>(_ body: (inout Value) -> Result) -> Result {
        mutex.withLock { body(&$0) }
    }
}
