import Crypto
import SwiftASN1
import X509
import _CryptoExtras

/// The kind of key the station makes for its certificate (A02/A03): ECDSA P-256 by default, RSA 2048 when
/// SecurityCtrlr.CertSigningKeyType says so.
public enum StationKeyType: String, Sendable, CaseIterable {
    case ecdsaP256 = "ECDSA-P256"
    case rsa2048 = "RSA-2048"
}

/// Why a key or CSR could not be made or read.
public struct StationKeyError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A private key made on the station, and the certificate signing requests made with it. The key never leaves
/// the station: only its PEM for the 0600 key file (`CertificateFiles`), never a log line or a message.
public struct StationKey: Sendable {
    public let privateKey: Certificate.PrivateKey
    public let type: StationKeyType

    /// A new key from the system's random source.
    public static func generate(_ type: StationKeyType) throws -> StationKey {
        switch type {
        case .ecdsaP256:
            return StationKey(privateKey: Certificate.PrivateKey(P256.Signing.PrivateKey()), type: type)
        case .rsa2048:
            let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
            return StationKey(privateKey: Certificate.PrivateKey(key), type: type)
        }
    }

    /// A key read back from its PEM file (PKCS#8, SEC1 or PKCS#1).
    public init(pem: String) throws {
        let key: Certificate.PrivateKey
        do {
            key = try Certificate.PrivateKey(pemEncoded: pem)
        } catch {
            // The parser's message never quotes the key; still, keep it out of the error entirely.
            throw StationKeyError("the key file holds no readable private key")
        }
        self.privateKey = key
        self.type = key.description.hasPrefix("RSA") ? .rsa2048 : .ecdsaP256
    }

    init(privateKey: Certificate.PrivateKey, type: StationKeyType) {
        self.privateKey = privateKey
        self.type = type
    }

    public var publicKey: Certificate.PublicKey { privateKey.publicKey }

    /// The private key in PEM, for the key file only.
    public func pemForKeyFile() throws -> String {
        try privateKey.serializeAsPEM().pemString + "\n"
    }

    /// A PKCS#10 request (RFC 2986) in PEM, signed with this key: subject CN = `commonName` (the station id),
    /// O = `organization` (SecurityCtrlr.OrganizationName).
    public func signingRequest(commonName: String, organization: String) throws -> String {
        let subject = try DistinguishedName {
            OrganizationName(organization)
            CommonName(commonName)
        }
        let algorithm: Certificate.SignatureAlgorithm =
            type == .rsa2048 ? .sha256WithRSAEncryption : .ecdsaWithSHA256
        let request = try CertificateSigningRequest(
            version: .v1,
            subject: subject,
            privateKey: privateKey,
            attributes: CertificateSigningRequest.Attributes(),
            signatureAlgorithm: algorithm
        )
        return try request.serializeAsPEM().pemString + "\n"
    }
}

extension CertificateParsing {
    /// A CSR as PEM or DER (what the fuzz target feeds, and tests read back).
    public static func signingRequest(_ bytes: [UInt8]) throws -> CertificateSigningRequest {
        guard bytes.count <= maximumBytes else { throw CertificateParseError.tooLarge(bytes: bytes.count) }
        if bytes.starts(with: Array("-----BEGIN".utf8)) {
            return try CertificateSigningRequest(pemEncoded: String(decoding: bytes, as: UTF8.self))
        }
        return try CertificateSigningRequest(derEncoded: bytes)
    }
}
