import Foundation
import OCPP
import OCPPRPC
import OCPPTestSupport
import StationCertificates
import Testing
import X509

@testable import ChargingStation

/// Certificate management (M03 GetInstalledCertificateIds, M04 DeleteCertificate, M05 InstallCertificate)
/// against a scripted CSMS, with certificates made in the test (`TestCA`).
@Suite struct CertificateManagementTests {
    typealias Call = RemoteControlBlockTests

    static func install(
        _ pem: String,
        as type: InstallCertificateUseEnumType,
        _ h: StationHarness
    ) async throws -> InstallCertificateResponse {
        try await Call.call(InstallCertificateRequest(certificateType: type, certificate: pem), h)
    }

    static func ids(
        _ types: [GetCertificateIdUseEnumType]?,
        _ h: StationHarness
    ) async throws
        -> GetInstalledCertificateIdsResponse
    {
        try await Call.call(GetInstalledCertificateIdsRequest(certificateType: types), h)
    }

    static func hash(_ certificate: Certificate) throws -> CertificateHashDataType {
        CertificateManagement.ocpp(try CertificateHash(certificate, issuer: certificate))
    }

    // MARK: M05

    @Test func TC_M_01_CS_installCSMSRootCertificate() async throws {
        let files = InMemoryCertificateFiles()
        let h = StationHarness(certificateFiles: files)
        defer { h.stop() }
        try await h.bootAccepted()
        let root = try TestCA("CSMS Root")
        #expect(try await Self.install(root.pem, as: .csmsRootCertificate, h).status == .accepted)
        let stored = try files.list("CSMSRootCertificate")
        #expect(stored.count == 1)
        #expect(try CertificateParsing.certificates(pem: stored[0].pem) == [root.certificate])
        let listed = try await Self.ids([.csmsRootCertificate], h)
        #expect(listed.status == .accepted)
        #expect(listed.certificateHashDataChain?.map(\.certificateHashData) == [try Self.hash(root.certificate)])
        #expect(await h.station.deviceModel.value("SecurityCtrlr", "CertificateEntries") == "1")
        // The same root again: Accepted, still one entry.
        #expect(try await Self.install(root.pem, as: .csmsRootCertificate, h).status == .accepted)
        #expect(try files.list("CSMSRootCertificate").count == 1)
    }

    @Test func TC_M_02_CS_installManufacturerRootCertificate() async throws {
        let files = InMemoryCertificateFiles()
        let h = StationHarness(certificateFiles: files)
        defer { h.stop() }
        try await h.bootAccepted()
        let root = try TestCA("Manufacturer Root")
        #expect(try await Self.install(root.pem, as: .manufacturerRootCertificate, h).status == .accepted)
        #expect(try files.list("ManufacturerRootCertificate").count == 1)
        #expect(try files.list("CSMSRootCertificate").isEmpty)
    }

    @Test(arguments: ["expired", "notYetValid", "notACA", "noKeyCertSign", "garbage", "aKey", "twoCertificates"])
    func TC_M_07_CS_invalidCertificateIsRejectedAndNotStored(_ flaw: String) async throws {
        let files = InMemoryCertificateFiles()
        let h = StationHarness(certificateFiles: files)
        defer { h.stop() }
        try await h.bootAccepted()
        let pem: String
        switch flaw {
        case "expired":
            pem = try TestCA("Old", notBefore: TestCA.now - 400 * TestCA.day, notAfter: TestCA.now - TestCA.day).pem
        case "notYetValid":
            pem = try TestCA("Future", notBefore: TestCA.now + TestCA.day).pem
        case "notACA": pem = try TestCA("Leaf", isCA: false).pem
        case "noKeyCertSign": pem = try TestCA("NoSign", keyCertSign: false).pem
        case "garbage": pem = "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n"
        case "aKey": pem = try StationKey.generate(.ecdsaP256).pemForKeyFile()
        default: pem = try TestCA("A").pem + "\n" + TestCA("B").pem
        }
        let response = try await Self.install(pem, as: .csmsRootCertificate, h)
        #expect(response.status == .rejected)
        #expect(response.statusInfo?.reasonCode.isEmpty == false)
        #expect(try files.list("CSMSRootCertificate").isEmpty)
        // Whatever was sent is never echoed back: no line of its body is in the answer.
        let info = response.statusInfo?.additionalInfo ?? ""
        for line in pem.split(separator: "\n") where !line.hasPrefix("-----") && line.count > 8 {
            #expect(!info.contains(line))
        }
    }

    @Test func M05_moreThanCertificateEntriesAllowsIsRejected() async throws {
        let files = InMemoryCertificateFiles()
        for index in 0..<DeviceModel.maximumCertificateEntries {
            let root = try TestCA("Root \(index)")
            let der = try CertificateParsing.der(root.certificate)
            try files.add(
                .init(kind: "MORootCertificate", name: CertificateHash.sha256Hex(der) + ".pem", pem: root.pem)
            )
        }
        let h = StationHarness(certificateFiles: files)
        defer { h.stop() }
        try await h.bootAccepted()
        let response = try await Self.install(try TestCA("One too many").pem, as: .csmsRootCertificate, h)
        #expect(response.status == .rejected)
        #expect(response.statusInfo?.reasonCode == "TooManyCertificates")
        #expect(try files.list("CSMSRootCertificate").isEmpty)
    }

    @Test func M05_aValidCertificateTheStoreCannotKeepIsFailed() async throws {
        let h = StationHarness(certificateFiles: FullCertificateFiles())
        defer { h.stop() }
        try await h.bootAccepted()
        let response = try await Self.install(try TestCA("Root").pem, as: .v2gRootCertificate, h)
        #expect(response.status == .failed)
        #expect(response.statusInfo?.reasonCode == "StorageFailed")
    }

    // MARK: M03

    @Test func TC_M_12_CS_TC_M_13_CS_TC_M_17_CS_TC_M_18_CS_retrieveByType() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        let csms = try TestCA("CSMS Root")
        let manufacturer = try TestCA("Manufacturer Root")
        let mo = try TestCA("MO Root")
        #expect(try await Self.install(csms.pem, as: .csmsRootCertificate, h).status == .accepted)
        #expect(try await Self.install(manufacturer.pem, as: .manufacturerRootCertificate, h).status == .accepted)
        #expect(try await Self.install(mo.pem, as: .moRootCertificate, h).status == .accepted)

        let onlyCSMS = try await Self.ids([.csmsRootCertificate], h)  // TC_M_12
        #expect(onlyCSMS.certificateHashDataChain?.map(\.certificateType) == [.csmsRootCertificate])
        #expect(onlyCSMS.certificateHashDataChain?.first?.certificateHashData == (try Self.hash(csms.certificate)))
        let onlyManufacturer = try await Self.ids([.manufacturerRootCertificate], h)  // TC_M_13
        #expect(onlyManufacturer.certificateHashDataChain?.map(\.certificateType) == [.manufacturerRootCertificate])
        let both = try await Self.ids([.csmsRootCertificate, .manufacturerRootCertificate], h)  // TC_M_17
        #expect(
            Set(both.certificateHashDataChain?.map(\.certificateType) ?? []) == [
                .csmsRootCertificate, .manufacturerRootCertificate,
            ]
        )
        #expect(both.certificateHashDataChain?.count == 2)
        let all = try await Self.ids(nil, h)  // TC_M_18
        #expect(all.status == .accepted)
        #expect(all.certificateHashDataChain?.count == 3)
        #expect(all.certificateHashDataChain?.allSatisfy { $0.certificateHashData.hashAlgorithm == .sha256 } == true)
    }

    @Test func TC_M_19_CS_noMatchingCertificateIsNotFound() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        #expect(try await Self.ids([.csmsRootCertificate], h).status == .notFound)
        #expect(try await Self.install(try TestCA("MF").pem, as: .manufacturerRootCertificate, h).status == .accepted)
        let response = try await Self.ids([.v2gRootCertificate, .csmsRootCertificate], h)
        #expect(response.status == .notFound)
        #expect(response.certificateHashDataChain == nil)
    }

    @Test func M03_aV2GCertificateChainReportsItsSubCAsAsChildren() async throws {
        let files = InMemoryCertificateFiles()
        let root = try TestCA("V2G Root")
        let subCA1 = try root.subordinate("V2G Sub-CA 1")
        let subCA2 = try subCA1.subordinate("V2G Sub-CA 2")
        let leafKey = try StationKey.generate(.ecdsaP256)
        let leaf = try subCA2.issue(leafKey.publicKey, commonName: "SECC")
        try files.add(.init(kind: "V2GRootCertificate", name: "root.pem", pem: root.pem))
        let chain = try CertificateParsing.pem([leaf, subCA2.certificate, subCA1.certificate])
        try files.add(.init(kind: "V2GCertificateChain", name: "chain.pem", pem: chain))
        let h = StationHarness(certificateFiles: files)
        defer { h.stop() }
        try await h.bootAccepted()
        let response = try await Self.ids([.v2gCertificateChain], h)
        let entry = try #require(response.certificateHashDataChain?.first)
        #expect(response.certificateHashDataChain?.count == 1)
        #expect(
            entry.certificateHashData
                == CertificateManagement.ocpp(try CertificateHash(leaf, issuer: subCA2.certificate))
        )
        #expect(
            entry.childCertificateHashData == [
                CertificateManagement.ocpp(try CertificateHash(subCA2.certificate, issuer: subCA1.certificate)),
                CertificateManagement.ocpp(try CertificateHash(subCA1.certificate, issuer: root.certificate)),
            ]
        )
    }

    // MARK: M04

    @Test func TC_M_20_CS_deleteACertificate() async throws {
        let files = InMemoryCertificateFiles()
        let h = StationHarness(certificateFiles: files)
        defer { h.stop() }
        try await h.bootAccepted()
        let root = try TestCA("MF Root")
        #expect(try await Self.install(root.pem, as: .manufacturerRootCertificate, h).status == .accepted)
        var hash = try Self.hash(root.certificate)
        // Hex case does not matter (and a leading zero of the serial, when the 40 characters leave room).
        hash.issuerNameHash = hash.issuerNameHash.uppercased()
        hash.serialNumber =
            hash.serialNumber.count < 40 ? "0" + hash.serialNumber.uppercased() : hash.serialNumber.uppercased()
        let response = try await Call.call(DeleteCertificateRequest(certificateHashData: hash), h)
        #expect(response.status == .accepted)
        #expect(try files.list("ManufacturerRootCertificate").isEmpty)
        #expect(try await Self.ids([.manufacturerRootCertificate], h).status == .notFound)
        #expect(await h.station.deviceModel.value("SecurityCtrlr", "CertificateEntries") == "0")
    }

    @Test func TC_M_22_CS_deleteAnUnknownCertificateIsNotFound() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        let installed = try TestCA("Installed")
        #expect(try await Self.install(installed.pem, as: .csmsRootCertificate, h).status == .accepted)
        let other = try Self.hash(try TestCA("Never installed").certificate)
        let response = try await Call.call(DeleteCertificateRequest(certificateHashData: other), h)
        #expect(response.status == .notFound)
        var wrongAlgorithm = try Self.hash(installed.certificate)
        wrongAlgorithm.hashAlgorithm = .sha384
        #expect(
            try await Call.call(DeleteCertificateRequest(certificateHashData: wrongAlgorithm), h).status == .notFound
        )
    }

    @Test func TC_M_23_CS_theStationCertificateCannotBeDeleted() async throws {
        let files = InMemoryCertificateFiles()
        let ca = try TestCA("CSO CA")
        let key = try StationKey.generate(.ecdsaP256)
        try files.storePendingKey(try key.pemForKeyFile())
        let chain = [try ca.issue(key.publicKey, commonName: "CS-TEST-01"), ca.certificate]
        try files.installStationCertificate(try CertificateParsing.pem(chain))
        let h = StationHarness(certificateFiles: files)
        defer { h.stop() }
        try await h.bootAccepted()
        let leaf = try #require(try CertificateParsing.certificates(pem: try files.stationCertificate() ?? "").first)
        let hash = CertificateManagement.ocpp(try CertificateHash(leaf, issuer: ca.certificate))
        let response = try await Call.call(DeleteCertificateRequest(certificateHashData: hash), h)
        #expect(response.status == .failed)
        #expect(try files.stationCertificate() != nil)
    }

    @Test func M04_theLastCSMSRootOfATLSConnectionCannotBeDeleted() async throws {
        let files = InMemoryCertificateFiles()
        let h = StationHarness(securityProfile: 2, certificateFiles: files)
        defer { h.stop() }
        try await h.bootAccepted()
        let first = try TestCA("CSMS Root 1")
        let second = try TestCA("CSMS Root 2")
        #expect(try await Self.install(first.pem, as: .csmsRootCertificate, h).status == .accepted)
        #expect(try await Self.install(second.pem, as: .csmsRootCertificate, h).status == .accepted)
        let deleteFirst = DeleteCertificateRequest(certificateHashData: try Self.hash(first.certificate))
        #expect(try await Call.call(deleteFirst, h).status == .accepted)
        let deleteSecond = DeleteCertificateRequest(certificateHashData: try Self.hash(second.certificate))
        #expect(try await Call.call(deleteSecond, h).status == .failed)
        #expect(try files.list("CSMSRootCertificate").count == 1)
    }
}

/// A store whose disk is full: every write fails (M05's Failed).
final class FullCertificateFiles: CertificateFiles {
    let inner = InMemoryCertificateFiles()
    func list(_ kind: String) throws -> [StoredCertificate] { try inner.list(kind) }
    func add(_ certificate: StoredCertificate) throws { throw CertificateFileError("write: No space left on device") }
    func remove(kind: String, name: String) throws { try inner.remove(kind: kind, name: name) }
    func stationCertificate() throws -> String? { nil }
    func pendingKey() throws -> String? { try inner.pendingKey() }
    func storePendingKey(_ pem: String) throws { throw CertificateFileError("write: No space left on device") }
    func installStationCertificate(_ chainPEM: String) throws {
        throw CertificateFileError("write: No space left on device")
    }
}
