import Foundation
import OCPP
import OCPPRPC
import OCPPTestSupport
import StationCertificates
import Testing
import X509

@testable import ChargingStation

/// The station's own certificate: A02 (TriggerMessage SignChargingStationCertificate → SignCertificate with a
/// CSR made on the station → CertificateSigned) and A03 (renewal before expiry), on a manual clock.
@Suite struct CertificateSigningTests {
    typealias Call = RemoteControlBlockTests

    /// Triggers a CSR and returns the SignCertificate request (not answered yet).
    static func triggerCSR(_ h: StationHarness) async throws -> (String, SignCertificateRequest) {
        let trigger = try await Call.call(TriggerMessageRequest(requestedMessage: .signChargingStationCertificate), h)
        #expect(trigger.status == .accepted)
        return try await h.csms.expectCall(SignCertificateRequest.self)
    }

    static func setVariable(_ name: String, _ value: String, _ h: StationHarness) async throws {
        let response = try await Call.call(
            SetVariablesRequest(setVariableData: [
                SetVariableDataType(
                    attributeValue: value,
                    component: ComponentType(name: "SecurityCtrlr"),
                    variable: VariableType(name: name)
                )
            ]),
            h
        )
        #expect(response.setVariableResult.first?.attributeStatus == .accepted)
    }

    @Test func TC_A_11_CS_certificateSignedOnRequestOfTheCSMS() async throws {
        let files = InMemoryCertificateFiles()
        let h = StationHarness(certificateFiles: files)
        defer { h.stop() }
        try await h.bootAccepted()
        let (id, request) = try await Self.triggerCSR(h)
        #expect(request.certificateType == .chargingStationCertificate)
        // The CSR: PEM PKCS#10, signed by the key the station keeps pending, subject CN = id, O = organization.
        let csr = try CertificateSigningRequest(pemEncoded: request.csr)
        #expect(csr.publicKey.isValidSignature(csr.signature, for: csr))
        #expect(csr.subject.description.contains("CN=CS-TEST-01"))
        #expect(csr.subject.description.contains("O=charger-agent"))
        let pending = try StationKey(pem: try #require(try files.pendingKey()))
        #expect(pending.publicKey == csr.publicKey)
        #expect(pending.type == .ecdsaP256)
        #expect(!request.csr.contains("PRIVATE"))
        try await h.csms.reply(to: id, with: SignCertificateResponse(status: .accepted))
        #expect(await h.scheduled(.certificateSigningRetry) == .seconds(60))

        let ca = try TestCA("CSO Sub-CA")
        let leaf = try ca.issue(csr.publicKey, commonName: "CS-TEST-01")
        let chain = leaf.pem + "\n" + ca.pem
        let signed = try await Call.call(CertificateSignedRequest(certificateChain: chain), h)
        #expect(signed.status == .accepted)
        // The pending key became the station key together with its chain; the retry is off.
        #expect(files.stationKey() != nil)
        #expect(try StationKey(pem: try #require(files.stationKey())).publicKey == csr.publicKey)
        #expect(try files.pendingKey() == nil)
        #expect(
            try CertificateParsing.certificates(pem: try #require(try files.stationCertificate())) == [
                leaf, ca.certificate,
            ]
        )
        #expect(await h.station.scheduledTimers[.certificateSigningRetry] == nil)
        #expect(await !h.station.certificateSigning.awaitingCertificate)
    }

    @Test(arguments: ["otherKey", "expired", "brokenChain", "notPEM", "aCA"])
    func TC_A_14_CS_anInvalidCertificateIsRejectedAndTheRequestStaysOpen(_ flaw: String) async throws {
        let files = InMemoryCertificateFiles()
        let h = StationHarness(certificateFiles: files)
        defer { h.stop() }
        try await h.bootAccepted()
        let (id, request) = try await Self.triggerCSR(h)
        try await h.csms.reply(to: id, with: SignCertificateResponse(status: .accepted))
        let csr = try CertificateSigningRequest(pemEncoded: request.csr)
        let ca = try TestCA("CSO CA")
        let chain: String
        switch flaw {
        case "otherKey":
            chain = try ca.issue(try StationKey.generate(.ecdsaP256).publicKey, commonName: "CS-TEST-01").pem
        case "expired":
            chain = try ca.issue(
                csr.publicKey,
                commonName: "CS-TEST-01",
                notBefore: TestCA.now - 30 * TestCA.day,
                notAfter: TestCA.now - TestCA.day
            ).pem
        case "brokenChain":
            // The leaf is signed by one CA, the chain names another of the same name.
            let impostor = try TestCA("CSO CA")
            chain = try ca.issue(csr.publicKey, commonName: "CS-TEST-01").pem + "\n" + impostor.pem
        case "notPEM": chain = "MIIB not a certificate"
        default: chain = try ca.issue(csr.publicKey, commonName: "CS-TEST-01", isCA: true).pem
        }
        let signed = try await Call.call(CertificateSignedRequest(certificateChain: chain), h)
        #expect(signed.status == .rejected)
        #expect(signed.statusInfo?.reasonCode.isEmpty == false)
        #expect(try files.stationCertificate() == nil)
        #expect(try files.pendingKey() != nil)
        #expect(await h.station.certificateSigning.awaitingCertificate)
    }

    @Test func TC_A_14_CS_aCertificateWithoutARequestIsRejected() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        let ca = try TestCA("CSO CA")
        let leaf = try ca.issue(try StationKey.generate(.ecdsaP256).publicKey, commonName: "CS-TEST-01")
        let signed = try await Call.call(CertificateSignedRequest(certificateChain: leaf.pem), h)
        #expect(signed.status == .rejected)
        #expect(signed.statusInfo?.reasonCode == "NoPendingRequest")
    }

    @Test func TC_A_15_CS_aRejectedSignCertificateEndsTheAttempt() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        let (id, _) = try await Self.triggerCSR(h)
        try await h.csms.reply(to: id, with: SignCertificateResponse(status: .rejected))
        #expect(await h.until("the attempt ended") { !$0.certificateSigning.awaitingCertificate })
        #expect(await h.station.scheduledTimers[.certificateSigningRetry] == nil)
        await h.advance(seconds: 70)  // past the 60 s a retry would wait
        await h.csms.expectSilence()
    }

    @Test func TC_A_23_CS_A02_noCertificateSendsTheCSRAgainWithADoublingWaitUpToCertSigningRepeatTimes() async throws {
        let files = InMemoryCertificateFiles()
        let h = StationHarness(certificateFiles: files)
        defer { h.stop() }
        try await h.bootAccepted()
        try await Self.setVariable("CertSigningWaitMinimum", "10", h)
        try await Self.setVariable("CertSigningRepeatTimes", "2", h)
        let (first, request) = try await Self.triggerCSR(h)
        try await h.csms.reply(to: first, with: SignCertificateResponse(status: .accepted))
        #expect(await h.scheduled(.certificateSigningRetry) == .seconds(10))
        let key = try CertificateSigningRequest(pemEncoded: request.csr).publicKey

        await h.advance(seconds: 10)
        let (second, again) = try await h.csms.expectCall(SignCertificateRequest.self)
        // The same pending key: a CertificateSigned for the first CSR still fits.
        #expect(try CertificateSigningRequest(pemEncoded: again.csr).publicKey == key)
        try await h.csms.reply(to: second, with: SignCertificateResponse(status: .accepted))
        #expect(await h.until("the second wait") { $0.certificateSigning.attempts == 2 })
        #expect(await h.station.timeUntil(.certificateSigningRetry) == .seconds(20))

        await h.advance(seconds: 20)
        let (third, _) = try await h.csms.expectCall(SignCertificateRequest.self)
        try await h.csms.reply(to: third, with: SignCertificateResponse(status: .accepted))
        #expect(await h.until("the third wait") { $0.certificateSigning.attempts == 3 })
        #expect(await h.station.timeUntil(.certificateSigningRetry) == .seconds(40))

        // Two repeats made: after the last wait, nothing more.
        await h.advance(seconds: 40)
        #expect(await h.until("gave up") { !$0.certificateSigning.awaitingCertificate })
        await h.csms.expectSilence()
    }

    @Test func A02_RSA2048WhenCertSigningKeyTypeSaysSo() async throws {
        let files = InMemoryCertificateFiles()
        let h = StationHarness(certificateFiles: files)
        defer { h.stop() }
        try await h.bootAccepted()
        try await Self.setVariable("CertSigningKeyType", "RSA-2048", h)
        let (id, request) = try await Self.triggerCSR(h)
        let csr = try CertificateSigningRequest(pemEncoded: request.csr)
        #expect(csr.signatureAlgorithm == .sha256WithRSAEncryption)
        #expect(csr.publicKey.isValidSignature(csr.signature, for: csr))
        #expect(try StationKey(pem: try #require(try files.pendingKey())).type == .rsa2048)
        try await h.csms.reply(to: id, with: SignCertificateResponse(status: .accepted))
    }

    @Test func A03_theStationAsksForANewCertificateWithinTheRenewalMargin() async throws {
        let files = InMemoryCertificateFiles()
        let ca = try TestCA("CSO CA")
        let oldKey = try StationKey.generate(.ecdsaP256)
        try files.storePendingKey(try oldKey.pemForKeyFile())
        // Ends in 10 days: inside the default margin of 30 days.
        let old = try ca.issue(oldKey.publicKey, commonName: "CS-TEST-01", notAfter: TestCA.now + 10 * TestCA.day)
        try files.installStationCertificate(old.pem)
        let h = StationHarness(certificateFiles: files)
        defer { h.stop() }
        try await h.bootAccepted()
        #expect(await h.scheduled(.certificateRenewal) == .seconds(60))
        await h.advance(seconds: 60)
        let (id, request) = try await h.csms.expectCall(SignCertificateRequest.self)
        let csr = try CertificateSigningRequest(pemEncoded: request.csr)
        #expect(csr.publicKey != oldKey.publicKey)  // a new key for the renewal
        try await h.csms.reply(to: id, with: SignCertificateResponse(status: .accepted))
        let renewed = try ca.issue(csr.publicKey, commonName: "CS-TEST-01")
        #expect(try await Call.call(CertificateSignedRequest(certificateChain: renewed.pem), h).status == .accepted)
        #expect(try StationKey(pem: try #require(files.stationKey())).publicKey == csr.publicKey)
        #expect(await h.station.timeUntil(.certificateRenewal) == CertificateSigning.renewalCheckPeriod)
    }

    @Test func A03_aCertificateFarFromItsEndIsLookedAtAgainLater() async throws {
        var signing = CertificateSigning()
        let settings = CertificateSigning.Settings(
            waitMinimum: .seconds(60),
            repeatTimes: 3,
            keyType: .ecdsaP256,
            renewalMargin: .seconds(3600)
        )
        let now = TestCA.now
        #expect(signing.renewalDue(notAfter: nil, now: now, settings).isEmpty)
        #expect(
            signing.renewalDue(notAfter: now + 7200, now: now, settings)
                == [.timer(.schedule(.certificateRenewal, after: .seconds(3600)))]
        )
        #expect(
            signing.renewalDue(notAfter: now + 90 * TestCA.day, now: now, settings)
                == [.timer(.schedule(.certificateRenewal, after: CertificateSigning.renewalCheckPeriod))]
        )
        let due = signing.renewalDue(notAfter: now + 1800, now: now, settings)
        #expect(due.contains(.makeKeyAndRequest(.ecdsaP256)))
        #expect(signing.awaitingCertificate)
    }
}
