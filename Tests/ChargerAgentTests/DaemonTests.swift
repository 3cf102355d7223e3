import ChargerAgent
import Foundation
import Synchronization
import Testing

/// The repository root, from this file's place in it (Tests/ChargerAgentTests/DaemonTests.swift).
private let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()
    .deletingLastPathComponent()
    .deletingLastPathComponent()

private struct DaemonTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// `chargerd`'s runtime built from the simulator board against the Python CSMS peer on loopback.
@Suite(.timeLimit(.minutes(1)))
struct DaemonTests {
    @Test func simulatorBoardBootsAndShutsDownGracefully() async throws {
        let peer = try await CSMSPeerProcess.start()
        defer { peer.kill() }
        let stateDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("chargerd-test-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: stateDirectory) }

        let board = try BoardConfig.load(
            path: repositoryRoot.appendingPathComponent("BoardConfigs/simulator.yaml").path
        )
        let runtime = try StationRuntime(
            config: board,
            options: .init(csmsURL: "ws://127.0.0.1:\(peer.port)/ocpp", stateDirectory: stateDirectory)
        )
        #expect(runtime.storePath == stateDirectory + "/station.sqlite")
        let run = Task { try await runtime.run() }

        do {
            try await peer.waitUntil("BootNotification answered Accepted") { lines in
                lines.contains {
                    $0["direction"] as? String == "out" && $0["action"] as? String == "BootNotification"
                        && ($0["payload"] as? [String: Any])?["status"] as? String == "Accepted"
                }
            }
            try await peer.waitUntil("a StatusNotification per EVSE") { lines in
                let evses = lines.compactMap { line -> Int? in
                    guard line["direction"] as? String == "in", line["type"] as? String == "CALL",
                        line["action"] as? String == "StatusNotification"
                    else { return nil }
                    return (line["payload"] as? [String: Any])?["evseId"] as? Int
                }
                return Set(evses) == [1, 2]
            }
        } catch {
            await runtime.triggerGracefulShutdown()
            run.cancel()
            throw error
        }

        await runtime.triggerGracefulShutdown()
        let outcome = try await withThrowingTaskGroup(of: StationRuntime.Outcome?.self) { group in
            group.addTask { try await run.value }
            group.addTask {
                try await Task.sleep(for: .seconds(10))
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
        if outcome == nil { run.cancel() }
        #expect(outcome == .stopped, "the runtime did not stop within 10 s of a graceful shutdown")
        #expect(FileManager.default.fileExists(atPath: runtime.storePath))
    }

    @Test func missingBoardFileIsNamedInTheError() throws {
        let path = "/nonexistent/chargerd-test/board.yaml"
        let error = #expect(throws: BoardConfigError.self) { try BoardConfig.load(path: path) }
        #expect(error?.file == path)
        #expect(error?.description.hasPrefix(path) == true)
    }

    @Test func unwritableStateDirectoryIsNamed() throws {
        let board = try BoardConfig.load(
            path: repositoryRoot.appendingPathComponent("BoardConfigs/simulator.yaml").path
        )
        let error = #expect(throws: StationRuntimeError.self) {
            try StationRuntime(config: board, options: .init(stateDirectory: "/proc/chargerd-test"))
        }
        #expect(error?.description.contains("/proc/chargerd-test") == true)
    }
}

/// `Tests/Peers/ocpp_csms.py` as a child process; its stdout JSON lines are collected as they come.
///
/// The peer exits when its stdin closes, so it never outlives the test process.
private final class CSMSPeerProcess: @unchecked Sendable {
    // `process` and the pipes are set up in `start()` and then only read; the output is behind `lock`.
    private let process = Process()
    private let stdin = Pipe()
    private let stdout = Pipe()
    private let lock = NSLock()
    private var parsed: [[String: Any]] = []
    private var pending = Data()
    private(set) var port = 0

    static func start() async throws -> CSMSPeerProcess {
        let environment = ProcessInfo.processInfo.environment
        let python =
            environment["CHARGER_AGENT_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }
            ?? repositoryRoot.appendingPathComponent(".venv/bin/python3").path
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw DaemonTestFailure(
                "no Python for the CSMS peer at \(python): run Scripts/test.sh or set CHARGER_AGENT_PYTHON"
            )
        }
        let peer = CSMSPeerProcess()
        peer.process.executableURL = URL(fileURLWithPath: python)
        peer.process.arguments = [repositoryRoot.appendingPathComponent("Tests/Peers/ocpp_csms.py").path]
        peer.process.standardInput = peer.stdin
        peer.process.standardOutput = peer.stdout
        peer.process.standardError = FileHandle.nullDevice
        peer.stdout.fileHandleForReading.readabilityHandler = { [weak peer] handle in
            let data = handle.availableData
            guard !data.isEmpty else {
                handle.readabilityHandler = nil
                return
            }
            peer?.collect(data)
        }
        try peer.process.run()
        do {
            peer.port = try await peer.waitFor("the peer to listen") { lines in
                lines.first { $0["event"] as? String == "listening" }?["port"] as? Int
            }
        } catch {
            peer.kill()
            throw error
        }
        return peer
    }

    private func collect(_ data: Data) {
        lock.withLock {
            pending.append(data)
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Data(pending[pending.startIndex..<newline])
                pending = Data(pending[pending.index(after: newline)...])
                let object = (try? JSONSerialization.jsonObject(with: line)) as? [String: Any]
                parsed.append(object ?? ["unparsed": String(decoding: line, as: UTF8.self)])
            }
        }
    }

    /// Polls `match` over the lines printed so far, for at most `timeout`.
    @discardableResult
    func waitFor<T>(
        _ what: String,
        timeout: Duration = .seconds(20),
        _ match: ([[String: Any]]) -> T?
    ) async throws -> T {
        let deadline = ContinuousClock.now + timeout
        while true {
            let snapshot = lock.withLock { parsed }
            if let value = match(snapshot) { return value }
            if ContinuousClock.now >= deadline || !process.isRunning {
                throw DaemonTestFailure(
                    "gave up waiting for \(what) (peer running: \(process.isRunning)); the peer printed:\n"
                        + snapshot.suffix(30).map { "\($0)" }.joined(separator: "\n")
                )
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Waits until `predicate` holds for the lines printed so far.
    func waitUntil(_ what: String, _ predicate: @escaping ([[String: Any]]) -> Bool) async throws {
        try await waitFor(what) { lines -> Bool? in predicate(lines) ? true : nil }
    }

    /// Closes the peer's stdin (it exits on EOF), then terminates and finally kills it.
    func kill() {
        try? stdin.fileHandleForWriting.close()
        guard process.processIdentifier != 0, process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(2)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
    }

    deinit { kill() }
}
