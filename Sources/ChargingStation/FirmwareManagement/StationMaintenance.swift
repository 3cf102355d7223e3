import OCPP

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The I/O of firmware updates (L01) and log uploads (N01), which the station decides on but does not do:
/// the composition root implements it (HTTP(S) transfers, the signature checks, the board's installer, the
/// log packer) and hands it to the station (`ChargingStation.attachMaintenance`). A station without it
/// answers UpdateFirmware and GetLog Rejected.
public protocol StationMaintenance: Sendable {
    /// The firmware version running now (what BootNotification reports).
    var runningFirmwareVersion: String { get }

    /// Checks a firmware signing certificate (PEM) against the installed ManufacturerRootCertificates.
    /// Nil when it is valid, else why not (for the log and the security event's techInfo).
    func checkSigningCertificate(_ pem: String) async -> String?

    /// Downloads `location` into the state directory (resuming a part an earlier attempt for the same
    /// `requestId` left) and returns the file's path. Throws with a reason on failure.
    func downloadFirmware(from location: String, requestId: Int) async throws -> String

    /// Checks `signature` (base64) over the file with the signing certificate's key. Nil when it matches.
    func verifyFirmware(at path: String, signature: String, signingCertificate: String) async -> String?

    /// Runs the board's installer on the file.
    func installFirmware(at path: String) async -> FirmwareInstallOutcome

    /// Packs the log of `kind` for the window (nil bounds: open) and uploads it to `remoteLocation` as
    /// `fileName`.
    func uploadLog(
        _ kind: LogEnumType,
        oldest: Date?,
        latest: Date?,
        to remoteLocation: String,
        fileName: String
    ) async throws(LogUploadFailure)

    /// Removes what a firmware job left in the state directory (its download, a part of it).
    func discardFirmware(requestId: Int) async
}

/// What the installer reported (its exit status, docs/firmware-installers.md).
public enum FirmwareInstallOutcome: Sendable, Equatable {
    /// Installed; the new firmware runs after a restart (exit 0). `version` is what the installer said
    /// the new version is, if it said.
    case rebootRequired(version: String?)
    /// Installed and already running (exit 10): no restart.
    case installed(version: String?)
    /// The installer failed; nothing changed (exit anything else, or it could not start).
    case failed(String)
}

/// Why a log upload failed, as the LogStatusNotification states it (N01).
public enum LogUploadFailure: Error, Sendable, Equatable {
    /// The server refused it (401/403): PermissionDenied.
    case permissionDenied(String)
    /// A remoteLocation this station cannot use (bad URL): BadMessage.
    case badMessage(String)
    /// A scheme this station does not speak (ftp): NotSupportedOperation.
    case notSupported(String)
    /// Anything else (a 404 or 500, a dropped connection): UploadFailure, and another attempt if any is left.
    case failed(String)
}
