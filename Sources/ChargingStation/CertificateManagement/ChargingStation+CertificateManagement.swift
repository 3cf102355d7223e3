import OCPP
import OCPPRPC
import StationCertificates
import X509

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Carrying out certificate management (M03-M05) and CertificateSigned (A02/A03): the actor reads the store
/// through `certificateFiles`, lets `CertificateManagement` / `CertificateSigning` decide, and does what they say.
extension ChargingStation {
    func registerCertificateManagementHandlers() {
        serve(InstallCertificateRequest.self) { station, request, _ in await station.installCertificate(request) }
        serve(GetInstalledCertificateIdsRequest.self) { station, request, _ in
            await station.installedCertificateIds(request)
        }
        serve(DeleteCertificateRequest.self) { station, request, _ in await station.deleteCertificate(request) }
        serve(CertificateSignedRequest.self) { station, request, _ in await station.certificateSigned(request) }
        refreshCertificateEntries()
        // A03: the first look at the station certificate's end once the station is up (not during the boot).
        schedule(.certificateRenewal, after: .seconds(60))
    }

    /// Every certificate file, parsed. A file that no longer parses is logged and left out (never quoted).
    func installedCertificates() -> [CertificateManagement.Installed] {
        var result: [CertificateManagement.Installed] = []
        for kind in CertificateDirectory.kinds {
            let files: [StoredCertificate]
            do {
                files = try certificateFiles.list(kind)
            } catch {
                logger.error("certificate store unreadable", metadata: ["kind": "\(kind)", "error": "\(error)"])
                continue
            }
            for file in files {
                do {
                    let chain = try CertificateParsing.certificates(pem: file.pem)
                    result.append(.init(kind: kind, name: file.name, chain: chain))
                } catch {
                    logger.warning(
                        "certificate file unreadable",
                        metadata: ["kind": "\(kind)", "file": "\(file.name)", "error": "\(error)"]
                    )
                }
            }
        }
        return result
    }

    var certificateContext: CertificateManagement.Context {
        CertificateManagement.Context(
            now: now,
            installed: installedCertificates(),
            maximumEntries: DeviceModel.maximumCertificateEntries,
            securityProfile: identity.securityProfile
        )
    }

    func installCertificate(_ request: InstallCertificateRequest) -> InstallCertificateResponse {
        let (response, actions) = CertificateManagement.install(request, in: certificateContext)
        if let failure = performCertificateActions(actions) { return CertificateManagement.storeFailed(failure) }
        logger.info(
            "InstallCertificate",
            metadata: ["type": "\(request.certificateType.rawValue)", "status": "\(response.status.rawValue)"]
        )
        return response
    }

    func installedCertificateIds(_ request: GetInstalledCertificateIdsRequest) -> GetInstalledCertificateIdsResponse {
        CertificateManagement.installedIds(request, in: certificateContext)
    }

    func deleteCertificate(_ request: DeleteCertificateRequest) -> DeleteCertificateResponse {
        let (response, actions) = CertificateManagement.delete(request, in: certificateContext)
        if let failure = performCertificateActions(actions) {
            return CertificateManagement.failed("StorageFailed", failure)
        }
        return response
    }

    /// Carries the actions out; returns the store's error when a write or removal failed (then nothing after
    /// it is done).
    private func performCertificateActions(_ actions: [CertificateManagement.Action]) -> String? {
        for action in actions {
            switch action {
            case .store(let certificate):
                do {
                    try certificateFiles.add(certificate)
                } catch {
                    logger.error("certificate not stored", metadata: ["error": "\(error)"])
                    return "\(error)"
                }
            case .remove(let kind, let name):
                do {
                    try certificateFiles.remove(kind: kind, name: name)
                } catch {
                    logger.error("certificate not removed", metadata: ["error": "\(error)"])
                    return "\(error)"
                }
            case .securityEvent(let kind, let techInfo):
                raiseSecurityEvent(kind, techInfo: techInfo)
            }
        }
        refreshCertificateEntries()
        return nil
    }

    /// SecurityCtrlr.CertificateEntries: the roots and chains installed now.
    func refreshCertificateEntries() {
        let count = CertificateManagement.entryCount(installedCertificates())
        deviceModel.setInternally(.init("SecurityCtrlr"), .init("CertificateEntries"), value: String(count))
    }

    func stationCertificateNotAfter() -> Date? {
        guard let pem = try? certificateFiles.stationCertificate(),
            let leaf = try? CertificateParsing.certificates(pem: pem).first
        else { return nil }
        return leaf.notValidAfter
    }
}
