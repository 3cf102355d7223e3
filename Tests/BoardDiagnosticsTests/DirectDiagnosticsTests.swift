import BoardDiagnostics
import ChargerAgent
import Foundation
import OCPP
import StationStore
import Testing

/// The repository's BoardConfigs folder, found from this file's path.
private let boardConfigs: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.appendingPathComponent("BoardConfigs").path
}()

/// A fresh directory under the system's temporary one.
private func temporaryDirectory() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("board-diag-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// `chargerctl diag --config` with the daemon stopped.
@Suite("Direct diagnostics (daemon stopped)")
struct DirectDiagnosticsTests {
    @Test("a board file that cannot be loaded fails the config check and still reports the clock")
    func brokenBoardFile() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let board = directory + "/board.yaml"
        try "station:\n  id: X\n".write(toFile: board, atomically: true, encoding: .utf8)

        let report = await DirectDiagnostics.run(configFile: board)
        #expect(report.source == "direct")
        #expect(!report.passed)
        #expect(report.checks.map(\.id) == ["config", "clock"])
        #expect(report.checks[0].status == .fail && report.checks[0].hint.contains("template.yaml"))
    }

    @Test("the simulator board probed directly: hardware and disk pass, a CSMS nobody serves fails TCP")
    func simulatorBoardWithoutCSMS() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Port 9 (discard) on loopback: nobody listens, so the connection is refused at once.
        let text = try String(contentsOfFile: boardConfigs + "/simulator.yaml", encoding: .utf8)
            .replacingOccurrences(of: "ws://127.0.0.1:9000/ocpp", with: "ws://127.0.0.1:9/ocpp")
        let board = directory + "/board.yaml"
        try text.write(toFile: board, atomically: true, encoding: .utf8)

        let report = await DirectDiagnostics.run(configFile: board, stateDirectory: directory)
        let checks = Dictionary(uniqueKeysWithValues: report.checks.map { ($0.id, $0) })
        #expect(report.source == "direct")
        for id in ["config", "clock", "gpio", "meter.evse1", "meter.evse2", "contactor.evse1", "state-dir", "store"] {
            #expect(checks[id]?.status == .pass, "\(id): \(String(describing: checks[id]))")
        }
        #expect(checks["csms.dns"]?.status == .pass)
        #expect(checks["csms.tcp"]?.status == .fail && checks["csms.tcp"]?.hint.contains("port") == true)
        #expect(checks["csms.websocket"]?.detail == "not tried: an earlier step failed")
        #expect(!report.passed)
    }
}

@Suite("Store summary for support bundles")
struct StoreInspectorTests {
    @Test("a missing store file is named, not an error thrown")
    func missingStore() {
        let summary = StoreInspector.summary(path: "/nonexistent/station.sqlite")
        #expect(summary["error"]?.stringValue == "no store file at /nonexistent/station.sqlite")
    }

    @Test("a real store: row counts per table, transactions listed")
    func realStore() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/station.sqlite"
        _ = try SQLiteStationStore(path: path)

        let summary = StoreInspector.summary(path: path)
        #expect(summary["path"]?.stringValue == path)
        #expect(summary["rows"]?["transactions"]?.numberValue == 0)
        #expect(summary["transactions"]?.arrayValue?.isEmpty == true)
    }
}
