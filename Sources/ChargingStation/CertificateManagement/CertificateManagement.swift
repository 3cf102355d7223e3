import OCPP
import StationCertificates
import X509

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Certificate management (M03 GetInstalledCertificateIds, M04 DeleteCertificate, M05 InstallCertificate).
///
/// A block with a narrow context: the certificates installed (already read from the store by the actor), the
/// time, the limit on entries and the security profile in use, in; the answer and what to write, remove or
/// report, out. Parsing and checking certificates is pure (StationCertificates), so it happens here.
enum CertificateManagement {
    /// One file of the store: a root, or a chain (V2GCertificateChain: leaf first, then its sub-CAs).
    struct Installed: Sendable {
        var kind: String
        var name: String
        var chain: [Certificate]
    }

    struct Context: Sendable {
        var now: Date
        /// Every certificate file of every kind, the station's own certificate included.
        var installed: [Installed]
        /// SecurityCtrlr.CertificateEntries' maxLimit: how many roots and chains the station keeps.
        var maximumEntries: Int
        /// The security profile of the connection in use (2 and 3 trust the CSMS roots).
        var securityProfile: Int
    }

    enum Action: Sendable, Equatable {
        case store(StoredCertificate)
        case remove(kind: String, name: String)
        case securityEvent(SecurityEventKind, techInfo: String)
    }

    static let stationKind = "ChargingStationCertificate"

    /// Entries that count towards CertificateEntries: roots and chains, not the station's own certificate.
    static func entryCount(_ installed: [Installed]) -> Int {
        installed.filter { $0.kind != stationKind }.count
    }

    // MARK: M05 InstallCertificate

    static func install(
        _ request: InstallCertificateRequest,
        in context: Context
    ) -> (InstallCertificateResponse, [Action]) {
        let kind = request.certificateType.rawValue
        func rejected(_ code: String, _ why: String) -> (InstallCertificateResponse, [Action]) {
            var actions: [Action] = []
            // InvalidCsmsCertificate for a refused CSMS root. Not required by 2.0.1: M05 names no event and
            // TC_M_07_CS checks only the Rejected answer; kept because Appendix 1's description ("the
            // certificate that the CSMS uses was not valid or could not be verified") covers it and the OCPP
            // 1.6 security white paper's TC_078_CS expects exactly this event for a refused CSMS root.
            if request.certificateType == .csmsRootCertificate {
                actions.append(
                    .securityEvent(.invalidCsmsCertificate, techInfo: String("rejected root: \(why)".prefix(255)))
                )
            }
            let info = StatusInfoType(reasonCode: code, additionalInfo: String(why.prefix(512)))
            return (InstallCertificateResponse(status: .rejected, statusInfo: info), actions)
        }
        let certificates: [Certificate]
        do {
            certificates = try CertificateParsing.certificates(pem: request.certificate)
        } catch {
            return rejected("InvalidFormat", error.description)
        }
        // One root per request: a PEM with more than one certificate is not a root certificate.
        guard certificates.count == 1, let root = certificates.first else {
            return rejected("InvalidFormat", "\(certificates.count) certificates where one root was expected")
        }
        do {
            try CertificateChecks.checkRoot(root, at: context.now)
        } catch {
            return rejected(error.reasonCode, error.description)
        }
        let der: [UInt8]
        let pem: String
        do {
            der = try CertificateParsing.der(root)
            pem = try CertificateParsing.pem([root])
        } catch {
            return rejected("InvalidFormat", "\(error)")
        }
        let name = CertificateHash.sha256Hex(der) + ".pem"
        if context.installed.contains(where: { $0.kind == kind && $0.name == name }) {
            return (InstallCertificateResponse(status: .accepted), [])
        }
        // The spec's Rejected covers "more certificates than allowed" (InstallCertificateStatusEnumType).
        guard entryCount(context.installed) < context.maximumEntries else {
            return rejected("TooManyCertificates", "CertificateEntries limit \(context.maximumEntries) reached")
        }
        var actions: [Action] = [.store(StoredCertificate(kind: kind, name: name, pem: pem))]
        // The CSMS roots are the next connection's TLS trust: "security parameters, such as keys ... were
        // changed" (Appendix 1, ReconfigurationOfSecurityParameters; no FR names an event for M05/M04).
        if request.certificateType == .csmsRootCertificate {
            actions.append(.securityEvent(.reconfigurationOfSecurityParameters, techInfo: "CSMS root installed"))
        }
        return (InstallCertificateResponse(status: .accepted), actions)
    }

    /// The certificate was valid but the store could not keep it: Failed (M05).
    static func storeFailed(_ reason: String) -> InstallCertificateResponse {
        InstallCertificateResponse(
            status: .failed,
            statusInfo: StatusInfoType(reasonCode: "StorageFailed", additionalInfo: String(reason.prefix(512)))
        )
    }

    // MARK: M03 GetInstalledCertificateIds

    static func installedIds(
        _ request: GetInstalledCertificateIdsRequest,
        in context: Context
    ) -> GetInstalledCertificateIdsResponse {
        let wanted = request.certificateType.map(Set.init) ?? Set(GetCertificateIdUseEnumType.allCases)
        var chains: [CertificateHashDataChainType] = []
        for entry in context.installed {
            guard let type = GetCertificateIdUseEnumType(rawValue: entry.kind), wanted.contains(type),
                let hashes = hashData(of: entry, in: context, algorithm: .sha256), let first = hashes.first
            else { continue }
            let children = type == .v2gCertificateChain && hashes.count > 1 ? Array(hashes.dropFirst()) : nil
            chains.append(
                CertificateHashDataChainType(
                    certificateHashData: ocpp(first),
                    certificateType: type,
                    childCertificateHashData: children?.map(ocpp)
                )
            )
        }
        guard !chains.isEmpty else { return GetInstalledCertificateIdsResponse(status: .notFound) }
        return GetInstalledCertificateIdsResponse(status: .accepted, certificateHashDataChain: chains)
    }

    // MARK: M04 DeleteCertificate

    static func delete(
        _ request: DeleteCertificateRequest,
        in context: Context
    ) -> (DeleteCertificateResponse, [Action]) {
        let wanted = request.certificateHashData
        guard let algorithm = CertificateHash.Algorithm(rawValue: wanted.hashAlgorithm.rawValue) else {
            return (DeleteCertificateResponse(status: .notFound), [])
        }
        let asked = CertificateHash(
            algorithm: algorithm,
            issuerNameHash: wanted.issuerNameHash,
            issuerKeyHash: wanted.issuerKeyHash,
            serialNumber: wanted.serialNumber
        )
        guard
            let entry = context.installed.first(where: {
                hashData(of: $0, in: context, algorithm: algorithm)?.first?.matches(asked) == true
            })
        else { return (DeleteCertificateResponse(status: .notFound), []) }
        if entry.kind == stationKind {
            return (failed("StationCertificate", "the station's own certificate cannot be deleted"), [])
        }
        let csmsRoots = context.installed.filter { $0.kind == "CSMSRootCertificate" }
        if entry.kind == "CSMSRootCertificate", csmsRoots.count == 1, context.securityProfile >= 2 {
            return (failed("InUse", "the last CSMS root: the TLS connection depends on it"), [])
        }
        var actions: [Action] = [.remove(kind: entry.kind, name: entry.name)]
        if entry.kind == "CSMSRootCertificate" {
            actions.append(.securityEvent(.reconfigurationOfSecurityParameters, techInfo: "CSMS root deleted"))
        }
        return (DeleteCertificateResponse(status: .accepted), actions)
    }

    static func failed(_ code: String, _ why: String) -> DeleteCertificateResponse {
        DeleteCertificateResponse(status: .failed, statusInfo: StatusInfoType(reasonCode: code, additionalInfo: why))
    }

    // MARK: hash data

    /// The hash data of each certificate of an entry, first the entry's own (the leaf of a chain), or nil when
    /// an issuer needed for a hash is nowhere in the store.
    static func hashData(
        of entry: Installed,
        in context: Context,
        algorithm: CertificateHash.Algorithm
    )
        -> [CertificateHash]?
    {
        var result: [CertificateHash] = []
        for (index, certificate) in entry.chain.enumerated() {
            let issuer: Certificate?
            if index + 1 < entry.chain.count, entry.chain[index + 1].subject == certificate.issuer {
                issuer = entry.chain[index + 1]
            } else if CertificateChecks.isSelfIssued(certificate) {
                issuer = certificate
            } else {
                issuer = context.installed.lazy.flatMap(\.chain).first {
                    $0.subject == certificate.issuer
                        && $0.publicKey.isValidSignature(certificate.signature, for: certificate)
                }
            }
            guard let issuer, let hash = try? CertificateHash(certificate, issuer: issuer, algorithm: algorithm) else {
                return nil
            }
            result.append(hash)
        }
        return result.isEmpty ? nil : result
    }

    static func ocpp(_ hash: CertificateHash) -> CertificateHashDataType {
        CertificateHashDataType(
            hashAlgorithm: HashAlgorithmEnumType(rawValue: hash.algorithm.rawValue) ?? .sha256,
            issuerNameHash: hash.issuerNameHash,
            issuerKeyHash: hash.issuerKeyHash,
            serialNumber: hash.serialNumber
        )
    }
}
