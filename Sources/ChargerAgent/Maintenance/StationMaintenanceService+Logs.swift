import ChargingStation
import HTTPTransfer
import LocalFiles
import OCPP

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// GetLog (N01): the log packed as a `.tar.gz` in `<state>/logs/` and uploaded, then removed.
///
/// DiagnosticsLog: `chargerd.log` (the daemon's lines in the window), `configuration.yaml` (the board file
/// with every secret removed, as `chargerctl bundle` does), `store-summary.json` (the store's row counts and
/// open transactions, `StoreInspector`, as in the bundle), `summary.txt` (versions and the window).
/// SecurityLog: `security.log` (the security events in the window).
extension StationMaintenanceService {
    public func uploadLog(
        _ kind: LogEnumType,
        oldest: Date?,
        latest: Date?,
        to remoteLocation: String,
        fileName: String
    ) async throws(LogUploadFailure) {
        let logs = stateDirectory + "/logs"
        let stem = String(fileName.dropLast(".tar.gz".count))
        let folder = logs + "/" + stem
        let archive = logs + "/" + fileName
        defer {
            try? FileManager.default.removeItem(atPath: folder)
            try? FileManager.default.removeItem(atPath: archive)
        }
        do {
            try? FileManager.default.removeItem(atPath: folder)
            try LocalFiles.createDirectories(folder)
            let window =
                "\(oldest.map { RFC3339.string(from: $0) } ?? "-") .. \(latest.map { RFC3339.string(from: $0) } ?? "-")"
            let lines: Int
            switch kind {
            case .diagnosticsLog:
                lines = try await diagnostics.write(from: oldest, to: latest, into: folder + "/chargerd.log")
                try Data(configuration.utf8).write(to: URL(fileURLWithPath: folder + "/configuration.yaml"))
                if let storePath {
                    let summary = StoreInspector.summary(path: storePath).jsonText
                    try Data(summary.utf8).write(to: URL(fileURLWithPath: folder + "/store-summary.json"))
                }
            case .securityLog:
                lines = try await security.write(from: oldest, to: latest, into: folder + "/security.log")
            }
            let summary =
                "log: \(kind.rawValue)\nfirmware: \(runningFirmwareVersion)\nwindow: \(window)\nlines: \(lines)\n"
            try Data(summary.utf8).write(to: URL(fileURLWithPath: folder + "/summary.txt"))
            let tar = await InstallerProcess.run(
                "tar",
                arguments: ["-czf", archive, "-C", logs, stem],
                environment: ProcessInfo.processInfo.environment
            )
            guard tar.status == 0 else { throw LogUploadFailure.failed("tar exit \(tar.status): \(tar.output)") }
        } catch let failure as LogUploadFailure {
            throw failure
        } catch {
            throw .failed("packing the log: \(error)")
        }
        let method: HTTPTransferClient.UploadMethod = settings.logUpload == .post ? .post(field: "file") : .put
        // A PUT names the file by its URL: a remoteLocation that is a folder (ends in "/") gets the file name
        // (as FTP and most CSMS upload folders expect); a POST carries the name in its part.
        let target = method == .put && remoteLocation.hasSuffix("/") ? remoteLocation + fileName : remoteLocation
        do {
            try await client.upload(file: archive, to: target, as: fileName, method: method)
            logger.notice("log uploaded", metadata: ["type": "\(kind.rawValue)", "file": "\(fileName)"])
        } catch {
            switch error {
            case .badURL(let why): throw .badMessage(why)
            case .unsupportedScheme(let scheme): throw .notSupported(scheme)
            case _ where error.isPermissionDenied: throw .permissionDenied(error.description)
            default: throw .failed(error.description)
            }
        }
    }
}
