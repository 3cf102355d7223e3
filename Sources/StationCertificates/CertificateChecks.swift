import X509

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What is wrong with a certificate or chain; the text goes to the CSMS (statusInfo) and the log, never a key.
public enum CertificateProblem: Error, Equatable, CustomStringConvertible {
    case notYetValid(subject: String)
    case expired(subject: String)
    case notACertificateAuthority(subject: String)
    case mayNotSignCertificates(subject: String)
    case badSelfSignature(subject: String)
    /// Certificate `index` of a chain (from 0, the leaf) is not issued and signed by the one after it.
    case brokenChain(index: Int)
    /// The top of the chain names an issuer among the trusted roots whose signature does not verify.
    case untrusted(subject: String)
    /// The leaf's public key is not the one the station made for its CSR.
    case keyMismatch
    /// A leaf certificate that is itself a CA.
    case leafIsACertificateAuthority

    public var description: String {
        switch self {
        case .notYetValid(let subject): "\(subject) is not valid yet"
        case .expired(let subject): "\(subject) has expired"
        case .notACertificateAuthority(let subject): "\(subject) is not a CA (basicConstraints)"
        case .mayNotSignCertificates(let subject): "\(subject) may not sign certificates (keyUsage)"
        case .badSelfSignature(let subject): "\(subject) is self-issued but its signature does not verify"
        case .brokenChain(let index): "certificate \(index + 1) of the chain is not signed by the next one"
        case .untrusted(let subject): "\(subject) is not signed by the installed root that issued it"
        case .keyMismatch: "the certificate's public key is not the key of the station's request"
        case .leafIsACertificateAuthority: "the station certificate is a CA certificate"
        }
    }

    /// Short, for OCPP's StatusInfo.reasonCode (at most 20 characters).
    public var reasonCode: String {
        switch self {
        case .notYetValid: "NotYetValid"
        case .expired: "Expired"
        case .notACertificateAuthority, .mayNotSignCertificates, .leafIsACertificateAuthority: "InvalidCertificate"
        case .badSelfSignature, .brokenChain, .untrusted: "InvalidSignature"
        case .keyMismatch: "KeyMismatch"
        }
    }
}

/// The checks of certificates the CSMS sends: validity period, CA flag and key usage of roots, chains.
public enum CertificateChecks {
    public static func checkValidity(_ certificate: Certificate, at now: Date) throws(CertificateProblem) {
        let subject = certificate.subject.description
        if now < certificate.notValidBefore { throw .notYetValid(subject: subject) }
        if now > certificate.notValidAfter { throw .expired(subject: subject) }
    }

    /// A certificate to install as a root (M05): valid now, a CA, allowed to sign certificates when it has a
    /// keyUsage, and when it names itself as issuer, signed by its own key.
    public static func checkRoot(_ certificate: Certificate, at now: Date) throws(CertificateProblem) {
        try checkValidity(certificate, at: now)
        try checkAuthority(certificate)
        if isSelfIssued(certificate),
            !certificate.publicKey.isValidSignature(certificate.signature, for: certificate)
        {
            throw .badSelfSignature(subject: certificate.subject.description)
        }
    }

    /// A chain (leaf first) the CSMS signed for the station (A02/A03): every certificate valid now, each one
    /// issued and signed by the next, every issuer a CA; the leaf not a CA and holding `expectedKey`. When the
    /// top of the chain was issued by one of `roots`, its signature must verify with that root.
    public static func checkStationChain(
        _ chain: [Certificate],
        expectedKey: Certificate.PublicKey,
        roots: [Certificate],
        at now: Date
    ) throws(CertificateProblem) {
        guard let leaf = chain.first else { throw .brokenChain(index: 0) }
        guard leaf.publicKey == expectedKey else { throw .keyMismatch }
        if isCA(leaf) { throw .leafIsACertificateAuthority }
        for certificate in chain { try checkValidity(certificate, at: now) }
        for index in chain.indices.dropLast() {
            let (child, parent) = (chain[index], chain[index + 1])
            guard child.issuer == parent.subject,
                parent.publicKey.isValidSignature(child.signature, for: child)
            else { throw .brokenChain(index: index) }
            try checkAuthority(parent)
        }
        let top = chain[chain.count - 1]
        let issuers = roots.filter { $0.subject == top.issuer }
        if !issuers.isEmpty, !issuers.contains(where: { $0.publicKey.isValidSignature(top.signature, for: top) }) {
            throw .untrusted(subject: top.subject.description)
        }
    }

    public static func isSelfIssued(_ certificate: Certificate) -> Bool { certificate.issuer == certificate.subject }

    static func isCA(_ certificate: Certificate) -> Bool {
        if case .isCertificateAuthority? = try? certificate.extensions.basicConstraints { return true }
        return false
    }

    static func checkAuthority(_ certificate: Certificate) throws(CertificateProblem) {
        let subject = certificate.subject.description
        guard isCA(certificate) else { throw .notACertificateAuthority(subject: subject) }
        if let usage = try? certificate.extensions.keyUsage, !usage.keyCertSign {
            throw .mayNotSignCertificates(subject: subject)
        }
    }
}
