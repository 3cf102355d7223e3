import Crypto
import Foundation
import SwiftASN1
import X509

/// Certificates made in the test with swift-certificates: CAs that issue roots, sub-CAs and leaves, with the
/// validity and extensions a case needs. Keys are P-256 (fast); nothing here is a fixture file.
struct TestCA {
    /// The station's time after a Boot accepted by the scripted CSMS (its currentTime).
    static let now = StationHarness.csmsTime
    static let day: TimeInterval = 24 * 3600

    let key: Certificate.PrivateKey
    let certificate: Certificate

    var pem: String { (try? certificate.serializeAsPEM().pemString) ?? "" }

    /// A self-signed CA root named `name`.
    init(
        _ name: String,
        notBefore: Date = TestCA.now - TestCA.day,
        notAfter: Date = TestCA.now + 365 * TestCA.day,
        isCA: Bool = true,
        keyCertSign: Bool = true
    ) throws {
        key = Certificate.PrivateKey(P256.Signing.PrivateKey())
        let subject = try DistinguishedName {
            OrganizationName("charger-agent tests")
            CommonName(name)
        }
        certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: key.publicKey,
            notValidBefore: notBefore,
            notValidAfter: notAfter,
            issuer: subject,
            subject: subject,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Self.extensions(isCA: isCA, keyCertSign: keyCertSign),
            issuerPrivateKey: key
        )
    }

    private init(key: Certificate.PrivateKey, certificate: Certificate) {
        self.key = key
        self.certificate = certificate
    }

    /// A certificate for `publicKey` signed by this CA.
    func issue(
        _ publicKey: Certificate.PublicKey,
        commonName: String,
        notBefore: Date = TestCA.now - TestCA.day,
        notAfter: Date = TestCA.now + 90 * TestCA.day,
        isCA: Bool = false
    ) throws -> Certificate {
        try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: publicKey,
            notValidBefore: notBefore,
            notValidAfter: notAfter,
            issuer: certificate.subject,
            subject: try DistinguishedName { CommonName(commonName) },
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Self.extensions(isCA: isCA, keyCertSign: isCA),
            issuerPrivateKey: key
        )
    }

    /// A sub-CA of this CA.
    func subordinate(_ name: String) throws -> TestCA {
        let key = Certificate.PrivateKey(P256.Signing.PrivateKey())
        return TestCA(key: key, certificate: try issue(key.publicKey, commonName: name, isCA: true))
    }

    static func extensions(isCA: Bool, keyCertSign: Bool) throws -> Certificate.Extensions {
        let constraints: BasicConstraints =
            isCA ? .isCertificateAuthority(maxPathLength: nil) : .notCertificateAuthority
        return try Certificate.Extensions {
            Critical(constraints)
            KeyUsage(digitalSignature: true, keyCertSign: keyCertSign)
        }
    }
}

extension Certificate {
    var pem: String { (try? serializeAsPEM().pemString) ?? "" }
}
