import Foundation
import OCPP
import OCPPRPC
import OCPPTestSupport
import StationStore
import Testing

@testable import ChargingStation

/// CustomerInformation (N09/N10) end to end: the scripted CSMS asks, the station answers, clears its
/// store (a real SQLite file where it matters) and sends the NotifyCustomerInformation pages.
@Suite("CustomerInformation")
struct CustomerInformationTests {
    static let token = IdTokenType(idToken: "OCTT-TOKEN-A", type: .iso14443)

    /// Sends `request`, expects `status`, then collects and answers the pages until one has tbc false.
    static func ask(
        _ h: StationHarness,
        _ request: CustomerInformationRequest,
        expect status: CustomerInformationStatusEnumType = .accepted,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> [NotifyCustomerInformationRequest] {
        let frame = try await h.csms.call(request)
        guard case .callResult(_, let payload) = frame else {
            Issue.record("expected a CALLRESULT, got \(frame.encoded())", sourceLocation: sourceLocation)
            throw ScriptedCSMS.Timeout()
        }
        let response = try CustomerInformationResponse(json: payload)
        #expect(response.status == status, sourceLocation: sourceLocation)
        guard status == .accepted else { return [] }
        var pages: [NotifyCustomerInformationRequest] = []
        repeat {
            let (id, page) = try await h.csms.expectCall(NotifyCustomerInformationRequest.self)
            try await h.csms.reply(to: id, with: NotifyCustomerInformationResponse())
            pages.append(page)
        } while pages.last?.tbc == true
        return pages
    }

    static func transaction(
        _ id: String,
        evse: Int,
        token: IdTokenType = CustomerInformationTests.token,
        at now: Date
    ) -> TransactionRecord {
        TransactionRecord(
            transactionId: id,
            evseId: evse,
            connectorId: 1,
            startedAt: now.addingTimeInterval(-600),
            meterStartWh: 0,
            lastMeterWh: 4200,
            idToken: token
        )
    }

    @Test func TC_N_27_CS_cacheAndListEntriesAreReported() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        let now = await h.station.now
        try h.store.putCachedAuthorization(
            CachedAuthorization(
                key: IdTokenKey(folding: Self.token),
                info: IdTokenInfoType(status: .accepted),
                lastUsed: now
            )
        )
        try h.store.replaceLocalList(
            version: 3,
            entries: [LocalListEntry(key: IdTokenKey(folding: Self.token), info: IdTokenInfoType(status: .accepted))]
        )
        // The OCTT's token in other case: idTokens compare case-insensitively.
        let asked = IdTokenType(idToken: "octt-token-a", type: .iso14443)
        let pages = try await Self.ask(
            h,
            CustomerInformationRequest(idToken: asked, requestId: 5, report: true, clear: false)
        )
        #expect(pages.count == 1)
        #expect(pages[0].seqNo == 0 && pages[0].requestId == 5)
        #expect(pages[0].data == "Authorization cache: Accepted\nLocal authorization list: Accepted")
        // A report clears nothing.
        #expect(try h.store.cachedAuthorization(for: IdTokenKey(folding: Self.token)) != nil)
    }

    @Test func TC_N_28_CS_noDataIsReportedAsSuch() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        let pages = try await Self.ask(
            h,
            CustomerInformationRequest(idToken: Self.token, requestId: 6, report: true, clear: false)
        )
        #expect(pages.map(\.tbc) == [false])
        #expect(pages[0].data.hasPrefix("No customer information held"))
    }

    @Test func TC_N_29_CS_TC_N_33_CS_twoIdentifiersAreInvalidAndNothingIsSent() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        let request = CustomerInformationRequest(
            idToken: Self.token,
            requestId: 7,
            report: true,
            clear: true,
            customerIdentifier: "OpenChargeAlliance"
        )
        _ = try await Self.ask(h, request, expect: .invalid)
        await h.csms.expectSilence()
    }

    /// The issue's test: clear really removes the entries from the SQLite file; the station is stopped and
    /// the file opened afresh to look.
    @Test func TC_N_32_CS_N10_FR_01_clearRemovesTheRowsFromTheSQLiteFile() async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("CustomerInformationTests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("station.sqlite").path
        let other = IdTokenType(idToken: "SOMEONE-ELSE", type: .iso14443)
        let store = try SQLiteStationStore(path: path)
        do {
            let h = StationHarness(store: store)
            defer { h.stop() }
            try await h.bootAccepted()
            let now = await h.station.now
            for token in [Self.token, other] {
                try store.putCachedAuthorization(
                    CachedAuthorization(
                        key: IdTokenKey(folding: token),
                        info: IdTokenInfoType(status: .accepted),
                        lastUsed: now
                    )
                )
            }
            try store.replaceLocalList(
                version: 1,
                entries: [
                    LocalListEntry(key: IdTokenKey(folding: Self.token), info: IdTokenInfoType(status: .accepted))
                ]
            )
            // Two ended records of the customer (delivered), one of someone else; none running.
            for (id, evse, token) in [("t-1", 1, Self.token), ("t-2", 2, Self.token), ("t-3", 1, other)] {
                try store.beginTransaction(Self.transaction(id, evse: evse, token: token, at: now))
                try store.markTransactionEnded(id: id, endedAt: now, stoppedReason: "Local")
            }
            try store.setValue("contract 77", forKey: CustomerInformation.recordKey(for: "OpenChargeAlliance"))

            let pages = try await Self.ask(
                h,
                CustomerInformationRequest(idToken: Self.token, requestId: 8, report: false, clear: true)
            )
            #expect(
                pages.map(\.data) == [
                    "Cleared for idToken OCTT-TOKEN-A (ISO14443): authorization cache entry, 2 transaction record(s). "
                        + "Kept: the local authorization list entry (set by the CSMS)."
                ]
            )
        }
        try store.close()
        let reopened = try SQLiteStationStore(path: path)
        defer { try? reopened.close() }
        #expect(try reopened.cachedAuthorization(for: IdTokenKey(folding: Self.token)) == nil)
        #expect(try reopened.cachedAuthorization(for: IdTokenKey(folding: other)) != nil)
        #expect(try reopened.allTransactions().map(\.transactionId) == ["t-3"])
        #expect(try reopened.localListEntry(for: IdTokenKey(folding: Self.token)) != nil)
        #expect(try reopened.value(forKey: CustomerInformation.recordKey(for: "OpenChargeAlliance")) == "contract 77")
    }

    @Test func TC_N_30_CS_TC_N_31_CS_clearAndReportThenNothingIsLeftToReport() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        let now = await h.station.now
        try h.store.putCachedAuthorization(
            CachedAuthorization(
                key: IdTokenKey(folding: Self.token),
                info: IdTokenInfoType(status: .accepted),
                lastUsed: now
            )
        )
        let first = try await Self.ask(
            h,
            CustomerInformationRequest(idToken: Self.token, requestId: 9, report: true, clear: true)
        )
        #expect(
            first.map(\.data) == [
                "Authorization cache: Accepted\nCleared for idToken OCTT-TOKEN-A (ISO14443): authorization cache entry."
            ]
        )
        let second = try await Self.ask(
            h,
            CustomerInformationRequest(idToken: Self.token, requestId: 10, report: true, clear: true)
        )
        #expect(second.count == 1)
        #expect(second[0].data.hasPrefix("No customer information held for idToken OCTT-TOKEN-A"))
    }

    @Test func TC_N_62_CS_customerIdentifierClearAndReportThenReportAgain() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        try h.store.setValue("contract 77", forKey: CustomerInformation.recordKey(for: "OpenChargeAlliance"))
        let cleared = try await Self.ask(
            h,
            CustomerInformationRequest(
                requestId: 11,
                report: true,
                clear: true,
                customerIdentifier: "OpenChargeAlliance"
            )
        )
        #expect(
            cleared[0].data.hasPrefix("Customer record: contract 77\nCleared for customerIdentifier OpenChargeAlliance")
        )
        #expect(try h.store.value(forKey: CustomerInformation.recordKey(for: "OpenChargeAlliance")) == nil)
        let again = try await Self.ask(
            h,
            CustomerInformationRequest(
                requestId: 12,
                report: true,
                clear: false,
                customerIdentifier: "OpenChargeAlliance"
            )
        )
        #expect(again.map(\.data) == ["No customer information held for customerIdentifier OpenChargeAlliance."])
    }

    @Test func N10_aRunningTransactionKeepsItsRecordAndIsReportedRunning() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        let now = await h.station.now
        try h.store.beginTransaction(Self.transaction("running", evse: 2, at: now))
        let pages = try await Self.ask(
            h,
            CustomerInformationRequest(idToken: Self.token, requestId: 13, report: true, clear: true)
        )
        let lines = pages.map(\.data).joined(separator: "\n").split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].contains("Transaction running on EVSE 2") && lines[0].contains(", running, 4200 Wh"))
        #expect(lines[1].hasSuffix("Kept: 1 transaction record(s) until the CSMS has received their events."))
        #expect(try h.store.transaction(id: "running") != nil)
    }
}
