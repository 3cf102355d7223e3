import Foundation
import OCPPTestSupport
import Testing

/// A scratch folder with files to serve (`root`), the server's upload folder (`uploads`) and the client's
/// downloads (`downloads`); removed by `remove()`.
struct TransferFixture {
    let base: String
    var root: String { base + "/root" }
    var uploads: String { base + "/uploads" }
    var downloads: String { base + "/downloads" }

    init() throws {
        base = FileManager.default.temporaryDirectory.appendingPathComponent("http-transfer-\(UUID().uuidString)").path
        for folder in [base + "/root", base + "/uploads", base + "/downloads"] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
    }

    func remove() { try? FileManager.default.removeItem(atPath: base) }

    /// Writes `size` pseudo-random bytes (a fixed seed) as `name` in the served folder; returns them.
    @discardableResult
    func serve(_ name: String, size: Int, seed: UInt64 = 7) throws -> Data {
        var state = seed
        var bytes = [UInt8](repeating: 0, count: size)
        for index in bytes.indices {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            bytes[index] = UInt8(truncatingIfNeeded: state >> 33)
        }
        let data = Data(bytes)
        try data.write(to: URL(fileURLWithPath: root + "/" + name))
        return data
    }

    /// Starts Tests/Peers/http_transfer_peer.py on this fixture.
    func startServer(_ extra: [String] = []) async throws -> PeerProcess {
        try await PythonPeers.start("http_transfer_peer.py", ["--root", root, "--uploads", uploads] + extra)
    }

    /// Runs a command and returns its status (the PKI scripts, openssl). Polls rather than
    /// `waitUntilExit()`, which would hold a thread of the cooperative pool and stall every other test.
    @discardableResult
    static func run(_ arguments: [String], in directory: String? = nil) async throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        try await wait(until: "\(arguments.joined(separator: " ")) to finish", within: .seconds(120)) {
            !process.isRunning
        }
        return process.terminationStatus
    }
}
