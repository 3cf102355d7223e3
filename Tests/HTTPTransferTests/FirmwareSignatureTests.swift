import Crypto
import Foundation
import OCPPTestSupport
import StationCertificates
import Testing

/// L01 signature checks with material made by openssl as a manufacturer's tools would
/// (Tests/Peers/make_firmware_signing.sh): RSA-PSS, RSA PKCS#1 v1.5 and ECDSA P-256 signatures over the
/// file, the signing certificate chained to an installed ManufacturerRootCertificate.
@Suite struct FirmwareSignatureTests {
    struct Material {
        let directory: String
        let layout: CertificateStoreLayout

        init() async throws {
            directory =
                FileManager.default.temporaryDirectory.appendingPathComponent("fw-sign-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            var bytes = [UInt8](repeating: 0, count: 2_500_000)
            for index in bytes.indices { bytes[index] = UInt8(truncatingIfNeeded: index &* 31 &+ index >> 9) }
            try Data(bytes).write(to: URL(fileURLWithPath: directory + "/fw.bin"))
            let script = TestRepository.path("Tests/Peers/make_firmware_signing.sh")
            try #require(await TransferFixture.run(["sh", script, directory, "fw.bin"]) == 0)
            layout = CertificateStoreLayout(stateDirectory: directory + "/state")
            let roots = layout.folder("ManufacturerRootCertificate")
            try FileManager.default.createDirectory(atPath: roots, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: directory + "/mfr-root.pem", toPath: roots + "/mfr-root.pem")
        }

        func text(_ name: String) throws -> String {
            try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
        }
        var file: String { directory + "/fw.bin" }
        func remove() { try? FileManager.default.removeItem(atPath: directory) }
    }

    @Test(arguments: [
        ("signer-rsa.pem", "fw.bin.pss.b64", FirmwareSignature.Algorithm.rsaPSS),
        ("signer-rsa.pem", "fw.bin.pkcs1.b64", .rsaPKCS1v15),
        ("signer-ec.pem", "fw.bin.ecdsa.b64", .ecdsaP256),
    ])
    func TC_L_01_CS_goodSignatureIsVerified(
        certificate: String,
        signature: String,
        algorithm: FirmwareSignature.Algorithm
    )
        async throws
    {
        let material = try await Material()
        defer { material.remove() }
        let leaf = try await FirmwareSignature.checkCertificate(
            pem: material.text(certificate),
            layout: material.layout,
            at: Date()
        )
        let found = try FirmwareSignature.verify(
            file: material.file,
            signatureBase64: material.text(signature),
            certificate: leaf
        )
        #expect(found == algorithm)
    }

    @Test func TC_L_06_CS_signatureOverOtherBytesIsRefused() async throws {
        let material = try await Material()
        defer { material.remove() }
        let leaf = try await FirmwareSignature.checkCertificate(
            pem: material.text("signer-rsa.pem"),
            layout: material.layout,
            at: Date()
        )
        // One byte of the file changed after signing.
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: material.file))
        try handle.seek(toOffset: 1_000_000)
        try handle.write(contentsOf: Data([0xFF]))
        try handle.close()
        #expect(throws: FirmwareSignature.SignatureFailure.mismatch) {
            try FirmwareSignature.verify(
                file: material.file,
                signatureBase64: material.text("fw.bin.pss.b64"),
                certificate: leaf
            )
        }
        // An EC signature under the RSA key, and text that is not base64.
        #expect(throws: FirmwareSignature.SignatureFailure.mismatch) {
            try FirmwareSignature.verify(
                file: material.file,
                signatureBase64: material.text("fw.bin.ecdsa.b64"),
                certificate: leaf
            )
        }
        #expect(throws: FirmwareSignature.SignatureFailure.notBase64) {
            try FirmwareSignature.verify(file: material.file, signatureBase64: "not base64 !!", certificate: leaf)
        }
    }

    @Test func TC_L_05_CS_signingCertificateFromAnUnknownRootIsRefused() async throws {
        let material = try await Material()
        defer { material.remove() }
        do {
            _ = try await FirmwareSignature.checkCertificate(
                pem: material.text("rogue-signer.pem"),
                layout: material.layout,
                at: Date()
            )
            Issue.record("a signer from an unknown root must be refused")
        } catch let error as FirmwareSignature.CertificateFailure {
            guard case .notTrusted = error else {
                Issue.record("expected notTrusted, got \(error)")
                return
            }
        }
        await #expect(throws: FirmwareSignature.CertificateFailure.self) {
            try await FirmwareSignature.checkCertificate(pem: "garbage", layout: material.layout, at: Date())
        }
    }

    @Test func TC_L_05_CS_expiredSigningCertificateIsRefused() async throws {
        let material = try await Material()
        defer { material.remove() }
        // make_firmware_signing.sh issues for 2 days: a week on, the certificate has expired.
        let later = Date().addingTimeInterval(7 * 86_400)
        await #expect(throws: FirmwareSignature.CertificateFailure.self) {
            try await FirmwareSignature.checkCertificate(
                pem: material.text("signer-rsa.pem"),
                layout: material.layout,
                at: later
            )
        }
    }

    @Test func withoutAnInstalledManufacturerRootNothingIsTrusted() async throws {
        let material = try await Material()
        defer { material.remove() }
        let empty = CertificateStoreLayout(stateDirectory: material.directory + "/empty-state")
        await #expect(throws: FirmwareSignature.CertificateFailure.noManufacturerRoot) {
            try await FirmwareSignature.checkCertificate(
                pem: material.text("signer-rsa.pem"),
                layout: empty,
                at: Date()
            )
        }
    }

    @Test func theStreamedHashEqualsTheWholeFileHash() async throws {
        let material = try await Material()
        defer { material.remove() }
        let streamed = try FirmwareSignature.sha256(ofFile: material.file)
        #expect(streamed == SHA256.hash(data: try Data(contentsOf: URL(fileURLWithPath: material.file))))
    }
}
