import ChargingStation
import HTTPTransfer
import LocalFiles
import Logging
import OCPP
import StationCertificates

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The firmware and log I/O of one station (`StationMaintenance`): HTTP(S) transfers, the L01 signature
/// checks against the installed ManufacturerRootCertificates, the board's installer and the log packer.
///
/// Files live in the state directory: `firmware/firmware-<requestId>.bin` (and its `.part` while it comes),
/// `logs/` while a log is packed and sent. TLS trusts the system roots and the installed CSMS roots.
public struct StationMaintenanceService: StationMaintenance {
    public let runningFirmwareVersion: String
    let stateDirectory: String
    let layout: CertificateStoreLayout
    let settings: MaintenanceSettings
    let diagnostics: any LogLineSource
    let security: any LogLineSource
    /// The station store, summarized into the DiagnosticsLog (`store-summary.json`, as `chargerctl bundle`).
    let storePath: String?
    /// The board file, secrets removed, for the DiagnosticsLog.
    let configuration: String
    let logger: Logger

    public init(
        stateDirectory: String,
        settings: MaintenanceSettings,
        runningFirmwareVersion: String,
        configuration: String,
        diagnostics: any LogLineSource = JournalLogSource(unit: "chargerd"),
        security: any LogLineSource = JournalLogSource(unit: "chargerd", matching: "security event"),
        storePath: String? = nil,
        logger: Logger = Logger(label: "charger.maintenance")
    ) {
        self.stateDirectory = stateDirectory
        self.layout = CertificateStoreLayout(stateDirectory: stateDirectory)
        self.settings = settings
        self.runningFirmwareVersion = runningFirmwareVersion
        self.configuration = configuration
        self.diagnostics = diagnostics
        self.security = security
        self.storePath = storePath
        self.logger = logger
    }

    /// The running version: the first line of `versionFile` when the board names one and it is readable,
    /// else the build's.
    public static func runningVersion(_ settings: MaintenanceSettings, build: String) -> String {
        guard let file = settings.versionFile, let text = try? LocalFiles.readText(file) else { return build }
        let line = text.split(separator: "\n").first.map { String($0.filter { !$0.isWhitespace }) } ?? ""
        return line.isEmpty ? build : line
    }

    var firmwareDirectory: String { stateDirectory + "/firmware" }
    func firmwarePath(_ requestId: Int) -> String { firmwareDirectory + "/firmware-\(requestId).bin" }

    /// A client trusting the system roots and every installed CSMS root (M05).
    var client: HTTPTransferClient {
        let folder = layout.folder("CSMSRootCertificate")
        let roots = LocalFiles.names(inDirectory: folder).filter { $0.hasSuffix(".pem") }.sorted().map {
            folder + "/" + $0
        }
        return HTTPTransferClient(configuration: .init(additionalTrustRootFiles: roots))
    }

    public func checkSigningCertificate(_ pem: String) async -> String? {
        do {
            _ = try await FirmwareSignature.checkCertificate(pem: pem, layout: layout, at: Date())
            return nil
        } catch {
            return "\(error)"
        }
    }

    public func downloadFirmware(from location: String, requestId: Int) async throws -> String {
        try LocalFiles.createDirectories(firmwareDirectory)
        let destination = firmwarePath(requestId)
        let started = ContinuousClock.now
        let download = try await client.download(from: location, to: destination)
        let elapsed = ContinuousClock.now - started
        logger.notice(
            "firmware downloaded",
            metadata: [
                "request-id": "\(requestId)", "bytes": "\(download.bytes)", "resumed-from": "\(download.resumedFrom)",
                "seconds": "\(elapsed)",
            ]
        )
        return destination
    }

    public func verifyFirmware(at path: String, signature: String, signingCertificate: String) async -> String? {
        do {
            let certificate = try await FirmwareSignature.checkCertificate(
                pem: signingCertificate,
                layout: layout,
                at: Date()
            )
            let algorithm = try FirmwareSignature.verify(
                file: path,
                signatureBase64: signature,
                certificate: certificate
            )
            logger.notice("firmware signature verified", metadata: ["algorithm": "\(algorithm.rawValue)"])
            return nil
        } catch let error as FirmwareSignature.CertificateFailure {
            return error.description
        } catch let error as FirmwareSignature.SignatureFailure {
            return error.description
        } catch {
            return "\(error)"
        }
    }

    public func installFirmware(at path: String) async -> FirmwareInstallOutcome {
        guard let installer = settings.installer else { return .failed("the board names no installer") }
        var environment = ProcessInfo.processInfo.environment
        environment["CHARGERD_STATE_DIR"] = stateDirectory
        if let versionFile = settings.versionFile { environment["CHARGERD_VERSION_FILE"] = versionFile }
        environment["CHARGERD_RUNNING_VERSION"] = runningFirmwareVersion
        let run = await InstallerProcess.run(installer, arguments: [path], environment: environment)
        for line in run.output.split(separator: "\n").prefix(200) {
            logger.info("installer: \(line)")
        }
        return InstallerProcess.outcome(of: run)
    }

    public func discardFirmware(requestId: Int) async {
        let path = firmwarePath(requestId)
        for file in [path, path + ".part", path + ".part.url"] { unlink(file) }
    }
}
