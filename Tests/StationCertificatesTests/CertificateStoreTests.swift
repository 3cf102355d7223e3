import Foundation
import StationCertificates
import Testing
import X509

/// The certificate store of StationCertificates: parsing as certificates arrive (PEM, DER, chains), hash data
/// as Part 2 defines it (checked against openssl's OCSP CertID), checks, keys and CSRs (checked by openssl),
/// and the files on disk (modes, atomic writes, recovery after a crash).
@Suite struct CertificateStoreTests {
    // MARK: parsing

    @Test func M05_pemAndDERSingleCertificatesAndChainsParseAlike() throws {
        let pki = try OpenSSLPKI()
        defer { pki.remove() }
        try pki.ca("root", subject: "/O=Tests/CN=Root")
        try pki.leaf("sub", subject: "/O=Tests/CN=Sub", issuer: "root", serial: "0A", ca: true)
        try pki.openssl(["x509", "-in", "root.pem", "-outform", "DER", "-out", "root.der"])
        try pki.openssl(["x509", "-in", "sub.pem", "-outform", "DER", "-out", "sub.der"])
        let pem = try CertificateParsing.certificates(Array(try pki.text("root.pem").utf8))
        let der = try CertificateParsing.certificates(try pki.bytes("root.der"))
        #expect(pem.count == 1)
        #expect(pem == der)
        let chainPEM = try CertificateParsing.certificates(Array((try pki.text("sub.pem") + pki.text("root.pem")).utf8))
        let chainDER = try CertificateParsing.certificates(try pki.bytes("sub.der") + pki.bytes("root.der"))
        #expect(chainPEM.count == 2)
        #expect(chainPEM == chainDER)
        #expect(chainPEM[0].subject.description.contains("CN=Sub"))
        // Back to PEM and parsed again: the same certificates.
        #expect(try CertificateParsing.certificates(pem: try CertificateParsing.pem(chainPEM)) == chainPEM)
    }

    @Test func M05_whatIsNotACertificateGetsASpecificError() throws {
        let pki = try OpenSSLPKI()
        defer { pki.remove() }
        try pki.ca("root", subject: "/CN=Root")
        #expect(throws: CertificateParseError.empty) { try CertificateParsing.certificates(Array("  \n".utf8)) }
        #expect(throws: CertificateParseError.notACertificate(label: "PRIVATE KEY")) {
            try CertificateParsing.certificates(Array(try pki.text("root.key").utf8))
        }
        #expect(throws: CertificateParseError.self) { try CertificateParsing.certificates([0x30, 0x82, 0xFF]) }
        var truncated = try pki.bytes("root.pem")
        truncated.removeLast(40)
        #expect(throws: CertificateParseError.self) { try CertificateParsing.certificates(truncated) }
        let huge = [UInt8](repeating: 0x41, count: CertificateParsing.maximumBytes + 1)
        #expect(throws: CertificateParseError.tooLarge(bytes: huge.count)) { try CertificateParsing.certificates(huge) }
    }

    // MARK: hash data

    @Test(arguments: ["0A", "00FF01", "7FFFFFFF0000AB"])
    func M03_hashDataIsOpenSSLsOCSPCertIDWithSHA256(_ serial: String) throws {
        let pki = try OpenSSLPKI()
        defer { pki.remove() }
        try pki.ca("root", subject: "/C=DE/O=Tests Org/CN=Root CA")
        try pki.leaf("leaf", subject: "/CN=Leaf", issuer: "root", serial: serial)
        let root = try #require(try CertificateParsing.certificates(pem: try pki.text("root.pem")).first)
        let leaf = try #require(try CertificateParsing.certificates(pem: try pki.text("leaf.pem")).first)
        let hash = try CertificateHash(leaf, issuer: root)
        let (nameHash, keyHash, openSSLSerial) = try pki.ocspCertID("leaf", issuer: "root")
        #expect(hash.algorithm == .sha256)
        #expect(hash.issuerNameHash == nameHash.lowercased())
        #expect(hash.issuerKeyHash == keyHash.lowercased())
        #expect(hash.issuerNameHash.count == 64)
        // Hex without leading zeroes ("00FF01" is ff01).
        let expectedSerial = String(serial.lowercased().drop { $0 == "0" })
        #expect(hash.serialNumber == expectedSerial)
        #expect(hash.serialNumber == String(openSSLSerial.lowercased().drop { $0 == "0" }))
    }

    // MARK: checks

    @Test func M05_rootChecks() throws {
        let pki = try OpenSSLPKI()
        defer { pki.remove() }
        try pki.ca("root", subject: "/CN=Root")
        try pki.ca("plain", subject: "/CN=Not a CA", ca: false)
        let root = try #require(try CertificateParsing.certificates(pem: try pki.text("root.pem")).first)
        let plain = try #require(try CertificateParsing.certificates(pem: try pki.text("plain.pem")).first)
        try CertificateChecks.checkRoot(root, at: Date())
        #expect(throws: CertificateProblem.expired(subject: root.subject.description)) {
            try CertificateChecks.checkRoot(root, at: Date() + 3 * 86400)
        }
        #expect(throws: CertificateProblem.notYetValid(subject: root.subject.description)) {
            try CertificateChecks.checkRoot(root, at: Date() - 86400)
        }
        #expect(throws: CertificateProblem.notACertificateAuthority(subject: plain.subject.description)) {
            try CertificateChecks.checkRoot(plain, at: Date())
        }
    }

    // MARK: keys and CSRs

    @Test(arguments: StationKeyType.allCases)
    func A02_theCSRVerifiesWithOpenSSLAndNamesTheStation(_ type: StationKeyType) throws {
        let pki = try OpenSSLPKI()
        defer { pki.remove() }
        let key = try StationKey.generate(type)
        let csr = try key.signingRequest(commonName: "CS-0042", organization: "Example CSO")
        try csr.write(toFile: pki.path("station.csr"), atomically: true, encoding: .utf8)
        let text = try pki.openssl(["req", "-in", "station.csr", "-noout", "-verify", "-subject"])
        #expect(text.contains("CN = CS-0042") || text.contains("CN=CS-0042"))
        #expect(text.contains("O = Example CSO") || text.contains("O=Example CSO"))
        // openssl signs it with a CA; the leaf holds the station's key.
        try pki.ca("ca", subject: "/CN=CSO CA")
        try pki.openssl(
            [
                "x509", "-req", "-in", "station.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-set_serial", "7", "-days",
                "1",
                "-out", "station.pem",
            ]
        )
        let chain = try CertificateParsing.certificates(pem: try pki.text("station.pem") + pki.text("ca.pem"))
        let roots = try CertificateParsing.certificates(pem: try pki.text("ca.pem"))
        try CertificateChecks.checkStationChain(chain, expectedKey: key.publicKey, roots: roots, at: Date())
        let other = try StationKey.generate(.ecdsaP256)
        #expect(throws: CertificateProblem.keyMismatch) {
            try CertificateChecks.checkStationChain(chain, expectedKey: other.publicKey, roots: roots, at: Date())
        }
        // The key file reads back as the same key (and openssl reads it too).
        let pem = try key.pemForKeyFile()
        #expect(try StationKey(pem: pem).publicKey == key.publicKey)
        #expect(try StationKey(pem: pem).type == type)
        try pem.write(toFile: pki.path("station.key"), atomically: true, encoding: .utf8)
        try pki.openssl(["pkey", "-in", "station.key", "-noout"])
    }

    // MARK: files

    @Test func certificateFilesAre0644AndKeys0600AndNeverListed() throws {
        let pki = try OpenSSLPKI()
        defer { pki.remove() }
        let store = CertificateDirectory(layout: CertificateStoreLayout(stateDirectory: pki.path("state")))
        try store.prepare()
        try pki.ca("root", subject: "/CN=Root")
        try store.add(.init(kind: "CSMSRootCertificate", name: "abc.pem", pem: try pki.text("root.pem")))
        let key = try StationKey.generate(.ecdsaP256)
        try store.storePendingKey(try key.pemForKeyFile())
        #expect(try mode(store.layout.folder("CSMSRootCertificate") + "/abc.pem") == 0o644)
        #expect(try mode(store.layout.pendingStationKey) == 0o600)
        #expect(try store.list("ChargingStationCertificate").isEmpty)
        #expect(try store.list("CSMSRootCertificate").map(\.name) == ["abc.pem"])
        #expect(throws: CertificateFileError.self) {
            try store.add(.init(kind: "CSMSRootCertificate", name: "../key.pem", pem: "x"))
        }
        try store.installStationCertificate("-----BEGIN CERTIFICATE-----\n")
        #expect(try mode(store.layout.stationKey) == 0o600)
        #expect(try mode(store.layout.stationCertificate) == 0o644)
        #expect(try store.pendingKey() == nil)
        #expect(try store.list("ChargingStationCertificate").map(\.name) == ["certificate.pem"])
        let leftovers = try FileManager.default.contentsOfDirectory(
            atPath: store.layout.folder("ChargingStationCertificate")
        )
        #expect(Set(leftovers) == ["key.pem", "certificate.pem"])
        try store.remove(kind: "CSMSRootCertificate", name: "abc.pem")
        #expect(try store.list("CSMSRootCertificate").isEmpty)
    }

    /// A kill -9 between the steps of an installation: `recover()` (run when the store opens) completes it.
    @Test(arguments: ["afterTheChainWasWritten", "afterTheKeyWasMoved"])
    func A02_aCrashDuringInstallationIsFinishedAtTheNextStart(_ point: String) throws {
        let pki = try OpenSSLPKI()
        defer { pki.remove() }
        let layout = CertificateStoreLayout(stateDirectory: pki.path("state"))
        let store = CertificateDirectory(layout: layout)
        try store.prepare()
        try store.storePendingKey("OLD KEY\n")
        try store.installStationCertificate("OLD CERT\n")
        try store.storePendingKey("NEW KEY\n")
        // Step 1 done: the new chain written whole as certificate.pem.new.
        try "NEW CERT\n".write(toFile: layout.stationCertificate + ".new", atomically: true, encoding: .utf8)
        if point == "afterTheKeyWasMoved" {
            try FileManager.default.removeItem(atPath: layout.stationKey)
            try FileManager.default.moveItem(atPath: layout.pendingStationKey, toPath: layout.stationKey)
        }
        try CertificateDirectory(layout: layout).prepare()
        #expect(try String(contentsOfFile: layout.stationKey, encoding: .utf8) == "NEW KEY\n")
        #expect(try store.stationCertificate() == "NEW CERT\n")
        #expect(!FileManager.default.fileExists(atPath: layout.stationCertificate + ".new"))
        #expect(try store.pendingKey() == nil)
    }

    func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? Int ?? 0) & 0o777
    }
}
