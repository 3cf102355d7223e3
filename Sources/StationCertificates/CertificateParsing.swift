import SwiftASN1
import X509

/// Why bytes that should hold X.509 certificates (from InstallCertificate, CertificateSigned or a file) do not.
public enum CertificateParseError: Error, Equatable, CustomStringConvertible {
    case empty
    case tooLarge(bytes: Int)
    /// Neither a PEM document nor DER: the reason the parser gave.
    case notPEMOrDER(String)
    /// A PEM block of another kind (a key, a CSR) where a certificate was expected.
    case notACertificate(label: String)
    /// The n-th certificate (from 0) could not be decoded.
    case badCertificate(index: Int, reason: String)

    public var description: String {
        switch self {
        case .empty: "no certificate"
        case .tooLarge(let bytes): "\(bytes) bytes is more than \(CertificateParsing.maximumBytes)"
        case .notPEMOrDER(let reason): "neither PEM nor DER: \(reason)"
        case .notACertificate(let label): "a PEM block \(label), not CERTIFICATE"
        case .badCertificate(let index, let reason): "certificate \(index + 1) cannot be decoded: \(reason)"
        }
    }
}

/// Certificates and chains as they arrive: PEM (one or more CERTIFICATE blocks) or DER (one or more
/// certificates back to back). Pure functions, no I/O; what the fuzz target drives.
public enum CertificateParsing {
    /// More than any chain OCPP carries (CertificateSigned's certificateChain is at most 10 000 characters).
    public static let maximumBytes = 64 * 1024

    /// The certificates in `bytes`, in their order (a chain: leaf first).
    public static func certificates(_ bytes: [UInt8]) throws(CertificateParseError) -> [Certificate] {
        guard bytes.count <= maximumBytes else { throw .tooLarge(bytes: bytes.count) }
        let text = bytes.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        guard !text.isEmpty else { throw .empty }
        if text.starts(with: Array("-----BEGIN".utf8)) {
            return try certificates(pem: String(decoding: bytes, as: UTF8.self))
        }
        return try certificates(der: bytes)
    }

    /// The certificates of a PEM text; any other kind of block is an error.
    public static func certificates(pem text: String) throws(CertificateParseError) -> [Certificate] {
        guard text.utf8.count <= maximumBytes else { throw .tooLarge(bytes: text.utf8.count) }
        let documents: [PEMDocument]
        do {
            documents = try PEMDocument.parseMultiple(pemString: text)
        } catch {
            throw .notPEMOrDER("\(error)")
        }
        guard !documents.isEmpty else { throw .empty }
        var result: [Certificate] = []
        for (index, document) in documents.enumerated() {
            guard document.discriminator == "CERTIFICATE" else {
                throw .notACertificate(label: document.discriminator)
            }
            do {
                result.append(try Certificate(derEncoded: document.derBytes))
            } catch {
                throw .badCertificate(index: index, reason: "\(error)")
            }
        }
        return result
    }

    /// Certificates in DER, back to back.
    public static func certificates(der bytes: [UInt8]) throws(CertificateParseError) -> [Certificate] {
        var result: [Certificate] = []
        var rest = bytes[...]
        while !rest.isEmpty {
            guard let length = derElementLength(rest) else {
                throw result.isEmpty
                    ? .notPEMOrDER("not a DER SEQUENCE") : .badCertificate(index: result.count, reason: "truncated")
            }
            do {
                result.append(try Certificate(derEncoded: Array(rest.prefix(length))))
            } catch {
                throw .badCertificate(index: result.count, reason: "\(error)")
            }
            rest = rest.dropFirst(length)
        }
        guard !result.isEmpty else { throw .empty }
        return result
    }

    /// The whole length (header and content) of the DER SEQUENCE at the start of `bytes`, when it fits.
    static func derElementLength(_ bytes: ArraySlice<UInt8>) -> Int? {
        var index = bytes.startIndex
        guard bytes.count >= 2, bytes[index] == 0x30 else { return nil }
        index += 1
        let first = Int(bytes[index])
        index += 1
        var length = 0
        if first < 0x80 {
            length = first
        } else {
            let count = first & 0x7F
            guard count >= 1, count <= 4, bytes.endIndex - index >= count else { return nil }
            for _ in 0..<count {
                length = length << 8 | Int(bytes[index])
                index += 1
            }
        }
        let header = index - bytes.startIndex
        guard length <= bytes.count - header else { return nil }
        return header + length
    }

    /// A chain as PEM text (leaf first), as the store keeps it.
    public static func pem(_ certificates: [Certificate]) throws -> String {
        try certificates.map { try $0.serializeAsPEM().pemString + "\n" }.joined()
    }

    /// The DER encoding of a certificate.
    public static func der(_ certificate: Certificate) throws -> [UInt8] {
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        return serializer.serializedBytes
    }
}
