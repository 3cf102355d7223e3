import OCPP
import StationStore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Customer information (OCPP 2.0.1 N09 Get, N10 Clear): what the station holds about one customer,
/// reported to the CSMS in NotifyCustomerInformation pages and/or cleared from the store.
///
/// A block with a narrow context: the actor looks up what the store holds about the customer the request
/// names (`Holdings`) and hands it over; the block decides the answer, which rows go and the pages to send.
///
/// What the station holds, per identifier:
/// - an idToken: its authorization-cache entry, its local-list entry and the transaction records it
///   started. The local list is the CSMS's (SendLocalList installs it, with a version), so a clear leaves
///   it alone, as the OCTT's N10 cases expect ("all customer related data except from LocalList"). A
///   transaction still running, or whose messages the CSMS has not received yet, keeps its record until
///   then (E13: nothing owed to the CSMS is lost); it is reported as kept, and deleted with the others of
///   its kind once delivered.
/// - a customerIdentifier: the note an integrator stored under `recordKey(for:)` in the key/value
///   settings (the OCTT's "tester stores the customerIdentifier at the station").
/// - a customerCertificate: nothing; without ISO 15118 the station keeps no contract certificates, so
///   the report says no data is held.
enum CustomerInformation {
    /// The one customer a request names.
    enum Customer: Sendable, Equatable {
        case idToken(IdTokenType)
        case identifier(String)
        case certificate(CertificateHashDataType)
    }

    /// What the store holds about the customer; all empty when it holds nothing.
    struct Holdings: Sendable, Equatable {
        var cacheEntry: IdTokenInfoType?
        var localListEntry: IdTokenInfoType?
        /// The transaction records the idToken started, oldest first, with whether each still owes the
        /// CSMS a message (then a clear keeps it).
        var transactions: [(record: TransactionRecord, owesMessages: Bool)] = []
        /// The integrator's note stored for a customerIdentifier.
        var identifierRecord: String?

        var isEmpty: Bool {
            cacheEntry == nil && localListEntry == nil && transactions.isEmpty && identifierRecord == nil
        }

        static func == (lhs: Holdings, rhs: Holdings) -> Bool {
            lhs.cacheEntry == rhs.cacheEntry && lhs.localListEntry == rhs.localListEntry
                && lhs.identifierRecord == rhs.identifierRecord
                && lhs.transactions.map(\.record) == rhs.transactions.map(\.record)
                && lhs.transactions.map(\.owesMessages) == rhs.transactions.map(\.owesMessages)
        }
    }

    /// What the block may read.
    struct Context: Sendable {
        /// The CSMS's time now, the pages' generatedAt.
        var now: Date
        /// What the store holds about the customer; nil when the store could not be read.
        var holdings: Holdings?
    }

    /// What the block may ask for.
    enum Action: Sendable, Equatable {
        /// Remove the token's authorization-cache entry (its key is case-folded).
        case removeCacheEntry(IdTokenKey)
        /// Delete an ended transaction record that owes the CSMS nothing.
        case deleteTransaction(id: String)
        /// Remove the integrator's record of a customerIdentifier.
        case removeIdentifierRecord(key: String)
        /// Send these NotifyCustomerInformation pages, in order, once the answer is on the wire.
        case notify([NotifyCustomerInformationRequest])
    }

    /// The most characters one page's `data` may hold: the schema's maxLength of
    /// NotifyCustomerInformationRequest.data. A page carries as many whole lines as fit; a longer line is
    /// split over pages.
    static let pageCharacters = 512

    /// The key/value setting under which an integrator stores what the station knows of a customerIdentifier.
    static func recordKey(for identifier: String) -> String { "customerInformation.identifier.\(identifier)" }

    /// The one customer of a request; nil when it names none or more than one (N09/N10: exactly one of
    /// idToken, customerIdentifier, customerCertificate).
    static func customer(of request: CustomerInformationRequest) -> Customer? {
        var named: [Customer] = []
        if let token = request.idToken { named.append(.idToken(token)) }
        if let identifier = request.customerIdentifier { named.append(.identifier(identifier)) }
        if let certificate = request.customerCertificate { named.append(.certificate(certificate)) }
        return named.count == 1 ? named[0] : nil
    }

    /// N09/N10: Invalid for a request that names not exactly one customer or asks neither a report nor a
    /// clear; Rejected when the store could not be read; otherwise Accepted, the clear's removals, and the
    /// pages: the report's lines (or that nothing is held, N09.FR.06 / N10.FR.04), and after a clear a
    /// line saying what was cleared (N10.FR.06, also when no report was asked for).
    static func answer(
        _ request: CustomerInformationRequest,
        in context: Context
    ) -> (CustomerInformationResponse, [Action]) {
        guard let customer = customer(of: request) else {
            return (invalid("name exactly one of idToken, customerIdentifier, customerCertificate"), [])
        }
        guard request.report || request.clear else {
            return (invalid("ask for a report, a clear or both"), [])
        }
        guard let holdings = context.holdings else {
            return (
                CustomerInformationResponse(
                    status: .rejected,
                    statusInfo: StatusInfoType(reasonCode: "InternalError", additionalInfo: "store not readable")
                ), []
            )
        }
        var lines: [String] = []
        if request.report {
            lines += holdings.isEmpty ? ["No customer information held for \(describe(customer))."] : report(holdings)
        }
        var actions: [Action] = []
        if request.clear {
            let (removals, summary) = clear(customer, holdings)
            actions += removals
            lines.append(summary)
        }
        let pages = pages(lines, requestId: request.requestId, generatedAt: context.now)
        return (CustomerInformationResponse(status: .accepted), actions + [.notify(pages)])
    }

    /// The report's lines, one per thing held.
    static func report(_ holdings: Holdings) -> [String] {
        var lines: [String] = []
        if let info = holdings.cacheEntry { lines.append("Authorization cache: \(describe(info))") }
        if let info = holdings.localListEntry { lines.append("Local authorization list: \(describe(info))") }
        for (record, _) in holdings.transactions {
            var line = "Transaction \(record.transactionId) on EVSE \(record.evseId)"
            line += " started \(RFC3339.string(from: record.startedAt))"
            if record.state == .started {
                line += ", running"
            } else if let endedAt = record.endedAt {
                line += ", ended \(RFC3339.string(from: endedAt))"
                if let reason = record.stoppedReason { line += " (\(reason))" }
            }
            if let start = record.meterStartWh, let last = record.lastMeterWh {
                line += ", \(Int((last - start).rounded())) Wh"
            }
            lines.append(line)
        }
        if let note = holdings.identifierRecord { lines.append("Customer record: \(note)") }
        return lines
    }

    /// N10: the removals of a clear and the line telling what was cleared and what was kept, and why.
    static func clear(_ customer: Customer, _ holdings: Holdings) -> ([Action], String) {
        var actions: [Action] = []
        var cleared: [String] = []
        var kept: [String] = []
        if case .idToken(let token) = customer, holdings.cacheEntry != nil {
            actions.append(.removeCacheEntry(IdTokenKey(folding: token)))
            cleared.append("authorization cache entry")
        }
        let deletable = holdings.transactions.filter { $0.record.state == .ended && !$0.owesMessages }
        if !deletable.isEmpty {
            actions += deletable.map { .deleteTransaction(id: $0.record.transactionId) }
            cleared.append("\(deletable.count) transaction record(s)")
        }
        if case .identifier(let identifier) = customer, holdings.identifierRecord != nil {
            actions.append(.removeIdentifierRecord(key: recordKey(for: identifier)))
            cleared.append("customer record")
        }
        let owing = holdings.transactions.count - deletable.count
        if owing > 0 { kept.append("\(owing) transaction record(s) until the CSMS has received their events") }
        if holdings.localListEntry != nil { kept.append("the local authorization list entry (set by the CSMS)") }
        var summary =
            cleared.isEmpty && kept.isEmpty
            ? "Cleared: no customer information was held for \(describe(customer))."
            : "Cleared for \(describe(customer)): \(cleared.isEmpty ? "nothing" : cleared.joined(separator: ", "))."
        if !kept.isEmpty { summary += " Kept: \(kept.joined(separator: "; "))." }
        return (actions, summary)
    }

    /// The lines as NotifyCustomerInformation pages: seqNo from 0, `tbc` true on all but the last, one
    /// generatedAt for all; each page's data is at most `pageCharacters` long.
    static func pages(_ lines: [String], requestId: Int, generatedAt: Date) -> [NotifyCustomerInformationRequest] {
        var chunks: [String] = []
        var current = ""
        for line in lines.flatMap({ Self.split($0) }) {
            let joined = current.isEmpty ? line : current + "\n" + line
            if joined.unicodeScalars.count <= pageCharacters {
                current = joined
            } else {
                chunks.append(current)
                current = line
            }
        }
        chunks.append(current)
        return chunks.enumerated().map { seqNo, data in
            NotifyCustomerInformationRequest(
                data: data,
                tbc: seqNo < chunks.count - 1,
                seqNo: seqNo,
                generatedAt: generatedAt,
                requestId: requestId
            )
        }
    }

    /// A line cut into pieces of at most `pageCharacters` Unicode scalars (the schema counts characters).
    static func split(_ line: String) -> [String] {
        let scalars = Array(line.unicodeScalars)
        guard scalars.count > pageCharacters else { return [line] }
        return stride(from: 0, to: scalars.count, by: pageCharacters).map { start in
            var piece = String.UnicodeScalarView()
            piece.append(contentsOf: scalars[start..<min(start + pageCharacters, scalars.count)])
            return String(piece)
        }
    }

    static func describe(_ customer: Customer) -> String {
        switch customer {
        case .idToken(let token): "idToken \(token.idToken) (\(token.type.rawValue))"
        case .identifier(let identifier): "customerIdentifier \(identifier)"
        case .certificate(let hash): "customerCertificate serial \(hash.serialNumber) (\(hash.hashAlgorithm.rawValue))"
        }
    }

    static func describe(_ info: IdTokenInfoType) -> String {
        var text = info.status.rawValue
        if let expiry = info.cacheExpiryDateTime { text += ", expires \(RFC3339.string(from: expiry))" }
        if let group = info.groupIdToken { text += ", group \(group.idToken)" }
        return text
    }

    static func invalid(_ why: String) -> CustomerInformationResponse {
        CustomerInformationResponse(
            status: .invalid,
            statusInfo: StatusInfoType(reasonCode: "InvalidValue", additionalInfo: why)
        )
    }
}
