import Crypto
import Foundation
import OCPP
import StationCertificates
import Testing
import X509

@testable import ChargingStation

/// Upgrading the security profile (A05) through NetworkConfigurationPriority: refused without the certificates
/// the new profile needs (A05.FR.02, A05.FR.03), against a scripted CSMS and certificates made in the test.
@Suite(.serialized) struct SecurityProfileUpgradeTests {
    typealias Model = DeviceModelTests

    static func priority(_ value: String, _ h: StationHarness) async throws -> SetVariableResultType {
        let results = try await Model.setVariables(
            h,
            [Model.set("OCPPCommCtrlr", "NetworkConfigurationPriority", value)]
        )
        return try #require(results.first)
    }

    /// A station on profile 1 with a profile-2 slot 1 and a profile-3 slot 2 stored (SetNetworkProfile).
    static func station(_ files: InMemoryCertificateFiles) async throws -> StationHarness {
        let h = StationHarness(certificateFiles: files)
        try await h.bootAccepted()
        for (slot, profile) in [(1, 2), (2, 3)] {
            let stored = try await NetworkProfileTests.set(
                h,
                slot: slot,
                NetworkProfileTests.profile(url: "wss://csms.example/ocpp", securityProfile: profile)
            )
            #expect(stored.status == .accepted)
        }
        return h
    }

    @Test func TC_A_20_CS_A05_FR_02_profile2WithoutAValidCSMSRootIsRejected() async throws {
        let files = InMemoryCertificateFiles()
        let h = try await Self.station(files)
        defer { h.stop() }
        let refused = try await Self.priority("1,0", h)
        #expect(refused.attributeStatus == .rejected)
        #expect(refused.attributeStatusInfo?.reasonCode == "NoCSMSRootCert")
        // Nothing changed: the value in force is still the board's slot.
        #expect(await h.station.deviceModel.value("OCPPCommCtrlr", "NetworkConfigurationPriority") == "0")
        // An expired root is not a valid one.
        let expired = try TestCA(
            "Old CSMS Root",
            notBefore: TestCA.now - 30 * TestCA.day,
            notAfter: TestCA.now - TestCA.day
        )
        try files.add(StoredCertificate(kind: "CSMSRootCertificate", name: "old.pem", pem: expired.pem))
        #expect(try await Self.priority("1,0", h).attributeStatus == .rejected)
        // A valid root installed: the same list is taken (it applies at the next start).
        let root = try TestCA("CSMS Root")
        #expect(try await CertificateManagementTests.install(root.pem, as: .csmsRootCertificate, h).status == .accepted)
        #expect(try await Self.priority("1,0", h).attributeStatus == .rebootRequired)
    }

    @Test func TC_A_21_CS_A05_FR_03_profile3WithoutAStationCertificateIsRejected() async throws {
        let files = InMemoryCertificateFiles()
        let h = try await Self.station(files)
        defer { h.stop() }
        let root = try TestCA("CSMS Root")
        #expect(try await CertificateManagementTests.install(root.pem, as: .csmsRootCertificate, h).status == .accepted)
        let refused = try await Self.priority("2,0", h)
        #expect(refused.attributeStatus == .rejected)
        #expect(refused.attributeStatusInfo?.reasonCode == "NoStationCert")
        // The profile-2 slot alone needs no station certificate.
        #expect(try await Self.priority("1,0", h).attributeStatus == .rebootRequired)
        // With the station's own certificate, profile 3 is taken too.
        let key = P256.Signing.PrivateKey()
        let leaf = try root.issue(Certificate.PublicKey(key.publicKey), commonName: "CS-TEST-01")
        try files.storePendingKey(key.pemRepresentation)
        try files.installStationCertificate(try leaf.serializeAsPEM().pemString)
        #expect(try await Self.priority("2,1,0", h).attributeStatus == .rebootRequired)
    }

    @Test func A05_aListWithoutAnUpgradeNeedsNoCertificate() {
        let context = SecurityProfileUpgrade.Context(
            securityProfile: 2,
            slotProfiles: [1: 2, 2: 1],
            hasValidCSMSRoot: false,
            hasValidStationCertificate: false
        )
        // Same profile as in use, a slot with no stored profile, a lower one: not an upgrade, not refused here.
        for value in ["1,0", "3,0", "2,1"] {
            #expect(SecurityProfileUpgrade.refusal(priority: value, in: context) == nil)
        }
        #expect(
            SecurityProfileUpgrade.refusal(
                priority: "1",
                in: .init(
                    securityProfile: 1,
                    slotProfiles: [1: 2],
                    hasValidCSMSRoot: false,
                    hasValidStationCertificate: true
                )
            )?.reasonCode == "NoCSMSRootCert"
        )
    }
}
