import Foundation
import Testing

/// `Tests/Peers/modbus_server.py`: a pymodbus server serving a JSON register image (see the script's
/// docstring) over TCP on loopback or RTU on a serial device, with control commands (exceptions, garbage,
/// silence, register changes, request counts).
public final class ModbusServerPeer: Sendable {
    public let process: PeerProcess
    /// The TCP port on 127.0.0.1 (0 for RTU).
    public let port: Int
    private let directory: URL

    private init(process: PeerProcess, directory: URL) {
        self.process = process
        self.port = process.port
        self.directory = directory
    }

    /// Starts a TCP server on loopback; `image` is the JSON register image.
    public static func tcp(
        image: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> ModbusServerPeer {
        try await start(image: image, mode: ["tcp"], sourceLocation: sourceLocation)
    }

    /// Starts an RTU server on `device`.
    public static func rtu(
        image: String,
        device: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> ModbusServerPeer {
        try await start(image: image, mode: ["rtu", device], sourceLocation: sourceLocation)
    }

    private static func start(
        image: String,
        mode: [String],
        sourceLocation: SourceLocation
    ) async throws
        -> ModbusServerPeer
    {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("modbus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let imageFile = directory.appendingPathComponent("image.json")
        do {
            try Data(image.utf8).write(to: imageFile)
            let process = try await PythonPeers.start(
                "modbus_server.py",
                ["--image", imageFile.path] + mode,
                sourceLocation: sourceLocation
            )
            return ModbusServerPeer(process: process, directory: directory)
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }

    /// Sends a control command (one JSON object) and waits for its acknowledgement.
    public func command(_ json: String) async throws {
        let before = process.lineCount
        try process.send(line: json)
        try await process.waitForEvent("ok", after: before)
    }

    /// Read requests served per unit since the last call (the server resets its counters), and how
    /// many of them it refused as "illegal data address" (strict devices).
    public func stats() async throws -> (requests: [Int: Int], refused: [Int: Int]) {
        let before = process.lineCount
        try process.send(line: #"{"cmd":"stats"}"#)
        let line = try await process.waitForEvent("stats", after: before)
        try await process.waitForEvent("ok", after: before)
        func counts(_ name: String) -> [Int: Int] {
            Dictionary(
                uniqueKeysWithValues: line[name].members.compactMap { key, value in
                    guard let unit = Int(key), let count = value.int else { return nil }
                    return (unit, count)
                }
            )
        }
        return (counts("requests"), counts("refused"))
    }

    /// Kills the server (pymodbus's asyncio loop does not always end on SIGTERM) and removes its image.
    public func stop() {
        process.kill()
        try? FileManager.default.removeItem(at: directory)
    }
}
