import ChargingStation
import Foundation
import OCPP
import OCPPTestSupport
import Testing

@testable import ChargerAgent

/// The composition root's side of L01/N01: the board file's `maintenance` section, the installer contract
/// run through the real simulated installer, and the GetLog window over a real log file.
@Suite struct MaintenanceTests {
    static let board = """
        station: {id: CP-M, vendor: Test, model: Bench}
        csms: {url: ws://127.0.0.1:9000/ocpp, securityProfile: 0}
        stateDirectory: /tmp/state
        evses:
          - {id: 1, connectorType: cType2, maxCurrentA: 16, phases: 1, meter: simulated, contactor: simulated,
             evBoard: simulated}

        """

    static func parse(_ section: String) throws(BoardConfigError) -> BoardConfig {
        try BoardConfig.parse(yaml: board + section, file: "/etc/chargerd/board.yaml", metersDirectory: "/nonexistent")
    }

    @Test func maintenanceSectionResolvesTheInstallerAndKeepsTheVersionFileRelative() throws {
        let config = try Self.parse(
            "maintenance: {installer: installers/install-deb, versionFile: fw-version, logUpload: post}"
        )
        #expect(config.maintenance.installer == "/etc/chargerd/installers/install-deb")
        #expect(config.maintenance.versionFile == "fw-version")
        #expect(config.maintenance.logUpload == .post)
        #expect(try Self.parse("").maintenance == MaintenanceSettings())
    }

    @Test func badMaintenanceKeysAreNamed() {
        #expect(throws: BoardConfigError.self) { try Self.parse("maintenance: {installer: x, upload: put}") }
        do {
            _ = try Self.parse("maintenance: {logUpload: ftp}")
            Issue.record("ftp is not an upload method")
        } catch {
            #expect(error.key == "maintenance.logUpload")
            #expect("\(error)".contains("put or post"))
        }
    }

    @Test func L01_theSimulatedInstallerWritesTheVersionAndAnswersByItsContract() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("installer-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let image = folder + "/fw.bin"
        try Data("charger-agent-firmware-version=4.5.6\nPADDING".utf8).write(to: URL(fileURLWithPath: image))
        let versionFile = folder + "/firmware-version"
        let installer = TestRepository.path("Scripts/installers/install-simulated")
        var environment = ProcessInfo.processInfo.environment
        environment["CHARGERD_VERSION_FILE"] = versionFile
        let run = await InstallerProcess.run(installer, arguments: [image], environment: environment)
        #expect(InstallerProcess.outcome(of: run) == .rebootRequired(version: "4.5.6"), "\(run.output)")
        #expect(try String(contentsOfFile: versionFile, encoding: .utf8) == "4.5.6\n")
        let settings = MaintenanceSettings(versionFile: versionFile)
        #expect(StationMaintenanceService.runningVersion(settings, build: "0.0.1") == "4.5.6")

        try Data("not firmware".utf8).write(to: URL(fileURLWithPath: folder + "/junk.bin"))
        let refused = await InstallerProcess.run(installer, arguments: [folder + "/junk.bin"], environment: environment)
        guard case .failed(let why) = InstallerProcess.outcome(of: refused) else {
            Issue.record("a file without a version line must fail: \(refused)")
            return
        }
        #expect(why.contains("exit 2"))
        let missing = await InstallerProcess.run(folder + "/no-such-installer", arguments: [], environment: environment)
        guard case .failed = InstallerProcess.outcome(of: missing) else {
            Issue.record("a missing installer must fail")
            return
        }
    }

    @Test func N01_fileLogSourceKeepsTheTimestampWindow() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("logs-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let log = """
            2026-01-01T10:00:00Z before
            2026-01-01T11:00:00Z inside one
              continued inside
            2026-01-01T11:59:59Z security event inside two
            2026-01-01T12:00:01Z after

            """
        try Data(log.utf8).write(to: URL(fileURLWithPath: folder + "/in.log"))
        let source = FileLogSource(path: folder + "/in.log")
        let oldest = RFC3339.date(from: "2026-01-01T10:30:00Z")
        let latest = RFC3339.date(from: "2026-01-01T12:00:00Z")
        let count = try await source.write(from: oldest, to: latest, into: folder + "/out.log")
        let kept = try String(contentsOfFile: folder + "/out.log", encoding: .utf8)
        #expect(count == 3)
        #expect(
            kept
                == "2026-01-01T11:00:00Z inside one\n  continued inside\n2026-01-01T11:59:59Z security event inside two\n"
        )
        let security = FileLogSource(path: folder + "/in.log", matching: "security event")
        #expect(try await security.write(from: nil, to: nil, into: folder + "/sec.log") == 1)
    }
}
