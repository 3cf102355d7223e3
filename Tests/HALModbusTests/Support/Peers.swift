import Foundation
import OCPPTestSupport
import Testing

/// Paths the Modbus tests use; the peers themselves come from OCPPTestSupport (`ModbusServerPeer`).
enum TestEnvironment {
    static var metersDirectory: URL { TestRepository.root.appendingPathComponent("BoardConfigs/meters") }

    /// What a test on a pty pair says when socat is missing (only the first; later ones are cancelled).
    static let socatMissingLine = "socat missing: run Scripts/test.sh first (it installs socat)"

    static func socat(sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let candidates = ["/usr/bin/socat", "/bin/socat", "/usr/local/bin/socat"]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            try TestPrerequisite.missing(socatMissingLine, sourceLocation: sourceLocation)
        }
        return found
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("halmodbus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
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

    init(baud: Int, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        masterSide = try await PtyPair(sourceLocation: sourceLocation)
        deviceSide = try await PtyPair(sourceLocation: sourceLocation)
        relay = try await PythonPeers.start(
            "rtu_wire.py",
            ["--baud", String(baud), masterSide.b, deviceSide.a],
            readyEvent: "ready",
            sourceLocation: sourceLocation
        )
        let ready = try #require(relay.events("ready").first)
        characterTime = try #require(ready["characterTime"].number)
        gap = try #require(ready["gap"].number)
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
        let line = try await relay.waitForEvent("stats", after: before)
        return try #require(line["frames"].int)
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

    init(sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let directory = try TestEnvironment.temporaryDirectory()
        a = directory.appendingPathComponent("A").path
        b = directory.appendingPathComponent("B").path
        let (a, b) = (a, b)
        peer = try PeerProcess(
            executable: try TestEnvironment.socat(sourceLocation: sourceLocation),
            arguments: ["-d", "-d", "pty,raw,echo=0,link=\(a)", "pty,raw,echo=0,link=\(b)"]
        )
        let peer = self.peer
        try await wait(until: "socat to make a pty pair", context: peer.transcript()) {
            FileManager.default.fileExists(atPath: a) && FileManager.default.fileExists(atPath: b)
        }
    }

    func stop() { peer.kill() }
}
