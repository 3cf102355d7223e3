import Foundation
import Testing

/// A PKI made by the `openssl` command line in a fresh folder (the same tool Tests/Peers/make_certs.sh uses),
/// so the store's parsing and hash data are checked against an implementation that is not ours.
struct OpenSSLPKI {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("pki-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    func text(_ name: String) throws -> String { try String(contentsOfFile: path(name), encoding: .utf8) }
    func bytes(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path(name)))) }

    /// Runs openssl in the folder; its standard output, or a thrown error with its standard error.
    @discardableResult
    func openssl(_ arguments: [String], input: String? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        process.currentDirectoryURL = folder
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        if let input {
            let pipe = Pipe()
            process.standardInput = pipe
            try process.run()
            pipe.fileHandleForWriting.write(Data(input.utf8))
            try pipe.fileHandleForWriting.close()
        } else {
            try process.run()
        }
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw OpenSSLFailure(arguments: arguments, output: String(decoding: err, as: UTF8.self))
        }
        return String(decoding: out, as: UTF8.self)
    }

    struct OpenSSLFailure: Error, CustomStringConvertible {
        let arguments: [String]
        let output: String
        var description: String { "openssl \(arguments.joined(separator: " ")): \(output)" }
    }

    /// A self-signed CA `name`.pem / `name`.key.
    func ca(_ name: String, subject: String, days: Int = 2, ca: Bool = true) throws {
        try openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "\(name).key"])
        try openssl(
            [
                "req", "-x509", "-new", "-key", "\(name).key", "-sha256", "-days", "\(days)", "-subj", subject,
                "-addext", "basicConstraints=critical,CA:\(ca ? "TRUE" : "FALSE")",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign,digitalSignature", "-out", "\(name).pem",
            ]
        )
    }

    /// A certificate `name`.pem for a new key, signed by `issuer`, with serial `serial` (hex).
    func leaf(_ name: String, subject: String, issuer: String, serial: String, ca: Bool = false) throws {
        try openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "\(name).key"])
        try openssl(["req", "-new", "-key", "\(name).key", "-subj", subject, "-out", "\(name).csr"])
        try "basicConstraints=critical,CA:\(ca ? "TRUE" : "FALSE")\n".write(
            toFile: path("\(name).ext"),
            atomically: true,
            encoding: .utf8
        )
        try openssl(
            [
                "x509", "-req", "-in", "\(name).csr", "-CA", "\(issuer).pem", "-CAkey", "\(issuer).key",
                "-set_serial", "0x\(serial)", "-sha256", "-days", "2", "-extfile", "\(name).ext", "-out", "\(name).pem",
            ]
        )
    }

    /// openssl's OCSP CertID of `certificate` issued by `issuer` with SHA-256: (name hash, key hash, serial).
    func ocspCertID(_ certificate: String, issuer: String) throws -> (String, String, String) {
        try openssl(
            [
                "ocsp", "-issuer", "\(issuer).pem", "-sha256", "-cert", "\(certificate).pem", "-no_nonce",
                "-reqout", "\(certificate).ocsp",
            ]
        )
        let text = try openssl(["ocsp", "-reqin", "\(certificate).ocsp", "-req_text"])
        func field(_ label: String) -> String {
            let line = text.split(separator: "\n").first { $0.contains(label) } ?? ""
            return line.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        }
        return (field("Issuer Name Hash"), field("Issuer Key Hash"), field("Serial Number"))
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}
