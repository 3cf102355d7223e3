import Foundation
import OCPP
import StationStore
import Testing

@testable import ChargingStation

/// `CustomerInformation` called as a plain function: the answer, the removals and the pages (N09/N10).
@Suite("CustomerInformation decisions")
struct CustomerInformationDecisionTests {
    static let token = IdTokenType(idToken: "OCTT-TOKEN-A", type: .iso14443)
    static let now = Date(timeIntervalSince1970: 1_764_056_344)
    static let hash = CertificateHashDataType(
        hashAlgorithm: .sha256,
        issuerNameHash: String(repeating: "a", count: 64),
        issuerKeyHash: String(repeating: "b", count: 64),
        serialNumber: "1A2B"
    )

    static func record(_ id: String, _ state: TransactionRecord.State) -> TransactionRecord {
        TransactionRecord(
            transactionId: id,
            evseId: 1,
            connectorId: 1,
            state: state,
            startedAt: now.addingTimeInterval(-3600),
            meterStartWh: 1000,
            lastMeterWh: 8500,
            idToken: token,
            endedAt: state == .ended ? now.addingTimeInterval(-60) : nil
        )
    }

    static func request(
        report: Bool = true,
        clear: Bool = false,
        idToken: IdTokenType? = token,
        identifier: String? = nil,
        certificate: CertificateHashDataType? = nil
    ) -> CustomerInformationRequest {
        CustomerInformationRequest(
            customerCertificate: certificate,
            idToken: idToken,
            requestId: 42,
            report: report,
            clear: clear,
            customerIdentifier: identifier
        )
    }

    static func pages(_ actions: [CustomerInformation.Action]) -> [NotifyCustomerInformationRequest] {
        for case .notify(let pages) in actions { return pages }
        return []
    }

    @Test func TC_N_29_CS_TC_N_33_CS_notExactlyOneCustomerOrNothingAskedIsInvalid() {
        let context = CustomerInformation.Context(now: Self.now, holdings: .init())
        for request in [
            Self.request(idToken: nil),
            Self.request(identifier: "OpenChargeAlliance"),
            Self.request(idToken: nil, identifier: "c", certificate: Self.hash),
            Self.request(report: false, clear: false),
        ] {
            let (response, actions) = CustomerInformation.answer(request, in: context)
            #expect(response.status == .invalid)
            #expect(actions.isEmpty)
        }
    }

    @Test func N09_anUnreadableStoreIsRejectedAndNothingHappens() {
        let (response, actions) = CustomerInformation.answer(
            Self.request(clear: true),
            in: .init(now: Self.now, holdings: nil)
        )
        #expect(response.status == .rejected)
        #expect(actions.isEmpty)
    }

    @Test func TC_N_27_CS_N09_FR_05_whatIsHeldIsReportedInOnePage() {
        var held = CustomerInformation.Holdings()
        held.cacheEntry = IdTokenInfoType(status: .accepted)
        held.localListEntry = IdTokenInfoType(status: .blocked)
        held.transactions = [(Self.record("t-1", .ended), false)]
        let (response, actions) = CustomerInformation.answer(Self.request(), in: .init(now: Self.now, holdings: held))
        #expect(response.status == .accepted)
        let pages = Self.pages(actions)
        #expect(actions.count == 1)
        #expect(pages.map(\.seqNo) == [0])
        #expect(pages.map(\.tbc) == [false])
        #expect(pages[0].requestId == 42)
        #expect(pages[0].generatedAt == Self.now)
        let lines = pages[0].data.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0] == "Authorization cache: Accepted")
        #expect(lines[1] == "Local authorization list: Blocked")
        #expect(lines[2].hasPrefix("Transaction t-1 on EVSE 1 started "))
        #expect(lines[2].hasSuffix(", 7500 Wh"))
    }

    @Test func TC_N_28_CS_N09_FR_06_nothingHeldIsOnePageSayingSo() {
        let (response, actions) = CustomerInformation.answer(
            Self.request(),
            in: .init(now: Self.now, holdings: .init())
        )
        #expect(response.status == .accepted)
        let pages = Self.pages(actions)
        #expect(pages.count == 1)
        #expect(pages[0].tbc == false)
        #expect(pages[0].data == "No customer information held for idToken OCTT-TOKEN-A (ISO14443).")
    }

    @Test func TC_N_30_CS_N10_FR_03_clearRemovesCacheAndDeliveredRecordsButKeepsTheListAndWhatIsOwed() {
        var held = CustomerInformation.Holdings()
        held.cacheEntry = IdTokenInfoType(status: .accepted)
        held.localListEntry = IdTokenInfoType(status: .accepted)
        held.transactions = [
            (Self.record("done", .ended), false), (Self.record("owing", .ended), true),
            (Self.record("running", .started), true),
        ]
        let (response, actions) = CustomerInformation.answer(
            Self.request(clear: true),
            in: .init(now: Self.now, holdings: held)
        )
        #expect(response.status == .accepted)
        #expect(
            Array(actions.dropLast()) == [
                .removeCacheEntry(IdTokenKey(idToken: "octt-token-a", type: .iso14443)),
                .deleteTransaction(id: "done"),
            ]
        )
        let lines = Self.pages(actions).map(\.data).joined(separator: "\n").split(separator: "\n")
        #expect(lines.count == 6)
        let summary =
            "Cleared for idToken OCTT-TOKEN-A (ISO14443): authorization cache entry, 1 transaction record(s). "
            + "Kept: 2 transaction record(s) until the CSMS has received their events; "
            + "the local authorization list entry (set by the CSMS)."
        #expect(lines.last.map(String.init) == summary)
    }

    @Test func TC_N_32_CS_N10_FR_06_clearWithoutReportStillSaysWhatWasCleared() {
        let (response, actions) = CustomerInformation.answer(
            Self.request(report: false, clear: true),
            in: .init(now: Self.now, holdings: .init())
        )
        #expect(response.status == .accepted)
        #expect(actions.count == 1)
        #expect(
            Self.pages(actions).map(\.data) == [
                "Cleared: no customer information was held for idToken OCTT-TOKEN-A (ISO14443)."
            ]
        )
    }

    @Test func TC_N_62_CS_aCustomerIdentifiersRecordIsReportedAndRemoved() {
        var held = CustomerInformation.Holdings()
        held.identifierRecord = "contract 77, fleet B"
        let (response, actions) = CustomerInformation.answer(
            Self.request(clear: true, idToken: nil, identifier: "OpenChargeAlliance"),
            in: .init(now: Self.now, holdings: held)
        )
        #expect(response.status == .accepted)
        #expect(actions.first == .removeIdentifierRecord(key: "customerInformation.identifier.OpenChargeAlliance"))
        #expect(
            Self.pages(actions)[0].data
                == "Customer record: contract 77, fleet B\n"
                + "Cleared for customerIdentifier OpenChargeAlliance: customer record."
        )
    }

    @Test func N09_aCertificateIsAcceptedWithNothingHeld() {
        let (response, actions) = CustomerInformation.answer(
            Self.request(idToken: nil, certificate: Self.hash),
            in: .init(now: Self.now, holdings: .init())
        )
        #expect(response.status == .accepted)
        #expect(
            Self.pages(actions).map(\.data) == [
                "No customer information held for customerCertificate serial 1A2B (SHA256)."
            ]
        )
    }

    @Test func N09_longReportsArePagedWithSeqNoAndTbcWithinTheSchemasLength() {
        let lines =
            (0..<40).map { "line \($0) " + String(repeating: "x", count: 60) } + [String(repeating: "y", count: 1100)]
        let pages = CustomerInformation.pages(lines, requestId: 7, generatedAt: Self.now)
        #expect(pages.count > 3)
        #expect(pages.map(\.seqNo) == Array(0..<pages.count))
        #expect(pages.dropLast().allSatisfy { $0.tbc == true })
        #expect(pages.last?.tbc == false)
        #expect(pages.allSatisfy { $0.data.unicodeScalars.count <= CustomerInformation.pageCharacters })
        #expect(pages.allSatisfy { $0.requestId == 7 && $0.generatedAt == Self.now })
        // Nothing lost: the pages put back together are the lines.
        let whole = pages.map(\.data).joined(separator: "\n")
        #expect(whole.replacingOccurrences(of: "\n", with: "") == lines.joined())
    }
}
