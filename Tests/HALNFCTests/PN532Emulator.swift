import Foundation
import OCPPTestSupport
import Testing

/// `Tests/Peers/pn532_uart.py`: a PN532 answering libnfc's `pn532_uart` driver on a socat pty pair.
final class PN532Emulator: Sendable {
    let peer: PeerProcess
    let directory: URL
    /// The pty end the reader opens.
    let device: String

    var connstring: String { "pn532_uart:\(device)" }

    init(sourceLocation: SourceLocation = #_sourceLocation) async throws {
        try Self.requireSocat(sourceLocation: sourceLocation)
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("pn532-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        peer = try await PythonPeers.start(
            "pn532_uart.py",
            [directory.path],
            readyEvent: "ready",
            sourceLocation: sourceLocation
        )
        device = try #require(peer.events("ready").first?["device"].string)
    }

    private static func requireSocat(sourceLocation: SourceLocation) throws {
        let candidates = ["/usr/bin/socat", "/bin/socat", "/usr/local/bin/socat"]
        guard candidates.contains(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            try TestPrerequisite.missing(
                "socat missing: run Scripts/test.sh first (it installs socat)",
                sourceLocation: sourceLocation
            )
        }
    }

    /// A card with `uid` (hexadecimal) enters the field.
    func present(uid: String) async throws {
        try await command(["cmd": "card", "uid": uid], answer: "card")
    }

    func removeCard() async throws {
        try await command(["cmd": "remove"], answer: "removed")
    }

    /// socat stops: the reader's pty disappears, as a USB serial adapter does when pulled.
    func unplug() async throws {
        try await command(["cmd": "unplug"], answer: "unplugged")
    }

    func plug() async throws {
        try await command(["cmd": "plug"], answer: "plugged")
    }

    /// The PN532 command codes libnfc sent, in order.
    var commands: [Int] { peer.events("command").compactMap { $0["code"].int } }

    private func command(_ object: [String: Any], answer: String) async throws {
        let before = peer.lineCount
        try peer.send(object)
        _ = try await peer.waitForEvent(answer, after: before)
    }

    func stop() async {
        await peer.stop()
        try? FileManager.default.removeItem(at: directory)
    }
}
