import Crypto
import LocalFiles
import SwiftASN1
@_spi(FixedExpiryValidationTime) import X509
import _CryptoExtras

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The signed-firmware checks of L01 (Secure Firmware Update): the signing certificate and the signature.
///
/// The certificate (PEM, from `UpdateFirmwareRequest.firmware.signingCertificate`) must chain to a
/// ManufacturerRootCertificate installed in `CertificateStoreLayout.folder("ManufacturerRootCertificate")` and
/// be valid now. The signature (base64) is a SHA-256 signature over the whole file, checked with the
/// certificate's key, the algorithm chosen by the key's type:
///
/// - RSA: RSASSA-PSS (MGF1 with SHA-256, salt as long as the digest, 32 bytes) as the specification names
///   it, and RSASSA-PKCS1-v1_5, which common signing tools (`openssl dgst -sha256 -sign`) produce; either is
///   accepted.
/// - EC P-256: ECDSA with SHA-256, the signature in DER (what `openssl dgst` writes) or raw r‖s (64 bytes).
///
/// The file is hashed in 64 KiB reads and never loaded whole.
public enum FirmwareSignature {
    /// Why the signing certificate is refused (→ `InvalidCertificate`, security event
    /// InvalidFirmwareSigningCertificate).
    public enum CertificateFailure: Error, Equatable, CustomStringConvertible {
        /// Not a PEM X.509 certificate.
        case unreadable(String)
        /// No ManufacturerRootCertificate is installed, so nothing can be trusted.
        case noManufacturerRoot
        /// It does not chain to an installed ManufacturerRootCertificate, or it is expired/not yet valid.
        case notTrusted(String)

        public var description: String {
            switch self {
            case .unreadable(let why): "signing certificate unreadable: \(why)"
            case .noManufacturerRoot: "no ManufacturerRootCertificate installed"
            case .notTrusted(let why): "signing certificate not trusted: \(why)"
            }
        }
    }

    /// Why the signature is refused (→ `InvalidSignature`, security event InvalidFirmwareSignature).
    public enum SignatureFailure: Error, Equatable, CustomStringConvertible {
        case notBase64
        /// The certificate's key is neither RSA nor EC P-256.
        case unsupportedKey
        /// The signature does not match the file under the certificate's key.
        case mismatch
        /// The downloaded file could not be read.
        case fileUnreadable(String)

        public var description: String {
            switch self {
            case .notBase64: "signature is not base64"
            case .unsupportedKey: "signing certificate key is neither RSA nor EC P-256"
            case .mismatch: "signature does not match the file"
            case .fileUnreadable(let why): "firmware file unreadable: \(why)"
            }
        }
    }

    /// The algorithm a good signature was made with (logged, and reported in tests).
    public enum Algorithm: String, Sendable, Equatable {
        case rsaPSS = "RSASSA-PSS-SHA256"
        case rsaPKCS1v15 = "RSASSA-PKCS1-v1_5-SHA256"
        case ecdsaP256 = "ECDSA-P256-SHA256"
    }

    /// Parses `pem` and checks that it chains to a ManufacturerRootCertificate in `layout` and is valid at
    /// `time`. Returns the certificate, whose key then checks the signature.
    public static func checkCertificate(
        pem: String,
        layout: CertificateStoreLayout,
        at time: Date
    ) async throws(CertificateFailure) -> Certificate {
        let chain: [Certificate]
        do {
            chain = try PEMDocument.parseMultiple(pemString: pem).map { try Certificate(pemDocument: $0) }
        } catch {
            throw .unreadable("\(error)")
        }
        guard let leaf = chain.first else { throw .unreadable("no certificate in the PEM text") }
        let roots = manufacturerRoots(layout)
        guard !roots.isEmpty else { throw .noManufacturerRoot }
        var verifier = Verifier(rootCertificates: CertificateStore(roots)) {
            RFC5280Policy(fixedExpiryValidationTime: time)
        }
        let result = await verifier.validate(leaf: leaf, intermediates: CertificateStore(Array(chain.dropFirst())))
        switch result {
        case .validCertificate:
            return leaf
        case .couldNotValidate(let failures):
            let reason = failures.first.map { "\($0.policyFailureReason)" } ?? "no chain to a manufacturer root"
            throw .notTrusted(reason)
        }
    }

    /// The ManufacturerRootCertificates installed (every `.pem` in their folder; unreadable ones skipped).
    static func manufacturerRoots(_ layout: CertificateStoreLayout) -> [Certificate] {
        let folder = layout.folder("ManufacturerRootCertificate")
        return LocalFiles.names(inDirectory: folder).sorted().filter { $0.hasSuffix(".pem") }.flatMap {
            name -> [Certificate] in
            guard let text = try? LocalFiles.readText(folder + "/" + name),
                let documents = try? PEMDocument.parseMultiple(pemString: text)
            else { return [] }
            return documents.compactMap { try? Certificate(pemDocument: $0) }
        }
    }

    /// Checks `signatureBase64` over the file at `path` with `certificate`'s key. Returns the algorithm.
    public static func verify(
        file path: String,
        signatureBase64: String,
        certificate: Certificate
    ) throws(SignatureFailure) -> Algorithm {
        let trimmed = signatureBase64.filter { !$0.isWhitespace }
        guard let signature = Data(base64Encoded: trimmed), !signature.isEmpty else { throw .notBase64 }
        let digest = try sha256(ofFile: path)
        if let key = _RSA.Signing.PublicKey(certificate.publicKey) {
            let rsaSignature = _RSA.Signing.RSASignature(rawRepresentation: signature)
            if key.isValidSignature(rsaSignature, for: digest, padding: .PSS) { return .rsaPSS }
            if key.isValidSignature(rsaSignature, for: digest, padding: .insecurePKCS1v1_5) { return .rsaPKCS1v15 }
            throw .mismatch
        }
        if let key = P256.Signing.PublicKey(certificate.publicKey) {
            let ecdsa =
                (try? P256.Signing.ECDSASignature(derRepresentation: signature))
                ?? (try? P256.Signing.ECDSASignature(rawRepresentation: signature))
            guard let ecdsa, key.isValidSignature(ecdsa, for: digest) else { throw .mismatch }
            return .ecdsaP256
        }
        throw .unsupportedKey
    }

    /// SHA-256 of a file, read in 64 KiB chunks (a firmware image is never held in memory).
    public static func sha256(ofFile path: String) throws(SignatureFailure) -> SHA256Digest {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .fileUnreadable("open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var hasher = SHA256()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .fileUnreadable("read \(path): \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }
        return hasher.finalize()
    }
}
