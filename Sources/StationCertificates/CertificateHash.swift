import Crypto
import SwiftASN1
import X509

/// A certificate's identity as OCPP 2.0.1 names it (Part 2, CertificateHashDataType, after the OCSP CertID of
/// RFC 6960): hashes of the issuer's distinguished name (the DER of the certificate's issuer field) and of the
/// issuer's public key (the subjectPublicKey BIT STRING's value, without tag, length and unused-bits octet),
/// and the serial number in hexadecimal without leading zeroes. Hex is lower case.
public struct CertificateHash: Sendable, Hashable, CustomStringConvertible {
    public enum Algorithm: String, Sendable, CaseIterable {
        case sha256 = "SHA256"
        case sha384 = "SHA384"
        case sha512 = "SHA512"
    }

    public var algorithm: Algorithm
    public var issuerNameHash: String
    public var issuerKeyHash: String
    public var serialNumber: String

    public init(algorithm: Algorithm, issuerNameHash: String, issuerKeyHash: String, serialNumber: String) {
        self.algorithm = algorithm
        self.issuerNameHash = issuerNameHash
        self.issuerKeyHash = issuerKeyHash
        self.serialNumber = serialNumber
    }

    /// The hash data of `certificate`, whose issuer is `issuer` (itself for a self-signed root).
    public init(_ certificate: Certificate, issuer: Certificate, algorithm: Algorithm = .sha256) throws {
        var serializer = DER.Serializer()
        try serializer.serialize(certificate.issuer)
        self.algorithm = algorithm
        issuerNameHash = Self.hex(Self.digest(serializer.serializedBytes, algorithm))
        issuerKeyHash = Self.hex(Self.digest(try Self.subjectPublicKeyBits(issuer), algorithm))
        serialNumber = Self.serialHex(certificate.serialNumber.bytes)
    }

    /// True when `other` names the same certificate: hashes compared without regard to case, serial numbers
    /// as numbers (leading zeroes and case ignored).
    public func matches(_ other: CertificateHash) -> Bool {
        algorithm == other.algorithm && issuerNameHash.lowercased() == other.issuerNameHash.lowercased()
            && issuerKeyHash.lowercased() == other.issuerKeyHash.lowercased()
            && Self.normalizedSerial(serialNumber) == Self.normalizedSerial(other.serialNumber)
    }

    public var description: String {
        "\(algorithm.rawValue) name \(issuerNameHash.prefix(12))… key \(issuerKeyHash.prefix(12))… serial \(serialNumber)"
    }

    /// The value of the subjectPublicKey BIT STRING of a certificate (RFC 6960 §4.1.1's issuerKeyHash input):
    /// swift-certificates' `subjectPublicKeyInfoBytes` is exactly that content (tag, length and unused-bits
    /// octet excluded), in the key's canonical encoding.
    static func subjectPublicKeyBits(_ certificate: Certificate) throws -> [UInt8] {
        Array(certificate.publicKey.subjectPublicKeyInfoBytes)
    }

    static func digest(_ bytes: [UInt8], _ algorithm: Algorithm) -> [UInt8] {
        switch algorithm {
        case .sha256: Array(SHA256.hash(data: bytes))
        case .sha384: Array(SHA384.hash(data: bytes))
        case .sha512: Array(SHA512.hash(data: bytes))
        }
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The serial number in hexadecimal without leading zeroes ("0" for zero).
    static func serialHex(_ bytes: ArraySlice<UInt8>) -> String {
        normalizedSerial(hex(bytes))
    }

    static func normalizedSerial(_ text: String) -> String {
        let trimmed = text.lowercased().drop { $0 == "0" }
        return trimmed.isEmpty ? "0" : String(trimmed)
    }

    /// The SHA-256 of some bytes in lower-case hex (the store's file names).
    public static func sha256Hex(_ bytes: [UInt8]) -> String { hex(SHA256.hash(data: bytes)) }
}
