import Foundation
import Synchronization
import Testing

/// Where the repository is, found from this file's place in it (Sources/OCPPTestSupport/PythonPeers.swift).
public enum TestRepository {
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // OCPPTestSupport
        .deletingLastPathComponent()  // Sources
        .deletingLastPathComponent()

    /// The absolute path of `relative` (e.g. "BoardConfigs/meters").
    public static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }
}

/// The Python peers of `Tests/Peers` (a CSMS on the `ocpp` library, a WebSocket server, a pymodbus server,
/// an RS-485 wire relay), started with the interpreter of the project's venv.
public enum PythonPeers {
    /// What a test that needs a peer says when there is no venv, or it lacks a package: the only line
    /// of the first such test; later ones are cancelled quietly (`TestPrerequisite`).
    public static let missingLine = "Python peers missing: run Scripts/test.sh first (it creates .venv)"

    /// The interpreter: `CHARGER_AGENT_PYTHON` (Scripts/test.sh sets it), else `$CHARGER_AGENT_VENV/bin/python3`,
    /// else `<repo>/.venv/bin/python3`.
    public static var interpreterPath: String {
        let environment = ProcessInfo.processInfo.environment
        if let python = environment["CHARGER_AGENT_PYTHON"], !python.isEmpty { return python }
        if let venv = environment["CHARGER_AGENT_VENV"], !venv.isEmpty { return venv + "/bin/python3" }
        return TestRepository.path(".venv/bin/python3")
    }

    /// The interpreter, or, when it is not there, the end of the test (see `missingLine`).
    public static func interpreter(sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let path = interpreterPath
        guard FileManager.default.isExecutableFile(atPath: path) else {
            try TestPrerequisite.missing(missingLine, sourceLocation: sourceLocation)
        }
        return path
    }

    /// Whether a Python program's stderr says a package is not installed (a traceback, or a script's own
    /// "No module named …").
    public static func lacksPackage(standardError: String) -> Bool {
        standardError.contains("No module named") || standardError.contains("ModuleNotFoundError")
            || standardError.contains("ImportError")
    }

    /// Starts `Tests/Peers/<script>` with `arguments` and waits (at most `timeout`) for its `readyEvent`
    /// line (`listening`, with the port, for the servers). A peer that dies before, its stderr is in the
    /// failure; one that cannot import its packages ends the test as a missing venv does.
    ///
    /// Only as many peers start at once as there are cores: the tests run in parallel, and three dozen
    /// interpreters importing `ocpp` or `pymodbus` together on two cores each took 16 s to be ready, so the
    /// deadline measured the crowd instead of the peer. It starts when this peer's turn comes.
    public static func start(
        _ script: String,
        _ arguments: [String] = [],
        readyEvent: String = "listening",
        timeout: Duration = .seconds(30),
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> PeerProcess {
        let python = try interpreter(sourceLocation: sourceLocation)
        await startingPeers.enter()
        let peer: PeerProcess
        do {
            peer = try PeerProcess(
                executable: python,
                arguments: [TestRepository.path("Tests/Peers/\(script)")] + arguments,
                name: script
            )
        } catch {
            await startingPeers.leave()
            throw error
        }
        do {
            try await peer.waitForEvent(readyEvent, timeout: timeout)
            await startingPeers.leave()
        } catch {
            await startingPeers.leave()
            await peer.stop()
            if lacksPackage(standardError: peer.standardError) {
                try TestPrerequisite.missing(missingLine, sourceLocation: sourceLocation)
            }
            throw error
        }
        return peer
    }

    private static let startingPeers = Turnstile(limit: max(2, ProcessInfo.processInfo.activeProcessorCount))
}

/// Lets at most `limit` tasks through at once; the others wait for their turn in arrival order.
private actor Turnstile {
    private let limit: Int
    private var inside = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { self.limit = limit }

    func enter() async {
        guard inside >= limit else {
            inside += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Hands the place to the next waiting task, if any.
    func leave() {
        if waiting.isEmpty {
            inside -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}

extension PeerProcess {
    /// The `port` of the peer's `listening` line (0 for a peer that listens on no port).
    public var port: Int { events("listening").first?["port"].int ?? 0 }
}

/// Runs `body` with `Tests/Peers/<script>` started with `arguments`, and stops the peer afterwards,
/// whatever happens.
public func withPythonPeer<R>(
    _ script: String,
    _ arguments: [String] = [],
    readyEvent: String = "listening",
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: (PeerProcess) async throws -> R
) async throws -> R {
    let peer = try await PythonPeers.start(script, arguments, readyEvent: readyEvent, sourceLocation: sourceLocation)
    do {
        let result = try await body(peer)
        await peer.stop()
        return result
    } catch {
        await peer.stop()
        throw error
    }
}

/// Something every test of a kind needs from the machine (the Python venv, socat) and that only
/// `Scripts/test.sh` installs.
public enum TestPrerequisite {
    private static let reported = Mutex<Set<String>>([])

    /// Ends the current test because `line`'s prerequisite is missing. The first test to find it missing
    /// fails with `line` as its only issue; every later one is cancelled (no failure), so a missing venv is
    /// one failure in the output, not one per test, and the other tests still run.
    public static func missing(_ line: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Never {
        let first = reported.withLock { $0.insert(line).inserted }
        if first { Issue.record(Missing(description: line), sourceLocation: sourceLocation) }
        try Test.cancel(first ? nil : "prerequisite missing (reported once)", sourceLocation: sourceLocation)
    }

    /// The issue of the first test: its description is the line, so the test's failure is that line.
    private struct Missing: Error, CustomStringConvertible {
        let description: String
    }
}
