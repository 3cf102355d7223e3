import OCPP

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The validation and normalization both stores apply before they keep anything, so that they behave
/// the same and never accept a value they could not read back.
enum StoreRules {
    // MARK: Dates

    /// A date as whole milliseconds since 1970, the form both stores keep.
    ///
    /// Milliseconds are what OCPP timestamps carry; an integer column stays exact and sorts correctly,
    /// where a Double of seconds would not round-trip through `Date`'s reference-date arithmetic.
    static func milliseconds(_ date: Date, _ what: @autoclosure () -> String) throws(StoreError) -> Int64 {
        let ms = (date.timeIntervalSince1970 * 1000).rounded(.toNearestOrAwayFromZero)
        guard ms.isFinite, ms >= -9.0e15, ms <= 9.0e15 else {
            throw .invalidArgument("\(what()) is not a representable date")
        }
        return Int64(ms)
    }

    static func date(milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    static func normalized(_ date: Date, _ what: @autoclosure () -> String) throws(StoreError) -> Date {
        Self.date(milliseconds: try milliseconds(date, what()))
    }

    // MARK: OCPP values kept as JSON text

    /// A payload's JSON text, refusing one that breaks its schema (it would not decode when read back).
    static func jsonText<P: OCPPPayload>(_ value: P, _ what: @autoclosure () -> String) throws(StoreError) -> String {
        let text = value.jsonText()
        do {
            _ = try P(jsonText: text)
        } catch {
            throw .invalidArgument("\(what()) does not satisfy its schema: \(error)")
        }
        return text
    }

    /// Decodes a stored payload; a failure is a corrupt row of `table`.
    static func decode<P: OCPPPayload>(
        _ type: P.Type,
        from text: String,
        table: String,
        column: String
    ) throws(StoreError) -> P {
        do {
            return try P(jsonText: text)
        } catch {
            throw .corruptRow(table: table, reason: "column \(column) holds no valid \(P.self): \(error)")
        }
    }

    // MARK: Records

    /// A transaction as it is kept: validated, dates to the millisecond.
    static func normalized(_ record: TransactionRecord) throws(StoreError) -> TransactionRecord {
        let id = record.transactionId
        guard !id.isEmpty else { throw .invalidArgument("a transaction id must not be empty") }
        guard record.evseId >= 1 else { throw .invalidArgument("transaction \(id): evseId must be 1 or more") }
        guard record.connectorId >= 1 else {
            throw .invalidArgument("transaction \(id): connectorId must be 1 or more")
        }
        guard record.nextSeqNo >= 0 else { throw .invalidArgument("transaction \(id): nextSeqNo must not be negative") }
        var kept = record
        kept.startedAt = try normalized(record.startedAt, "transaction \(id) startedAt")
        if let endedAt = record.endedAt {
            kept.endedAt = try normalized(endedAt, "transaction \(id) endedAt")
        }
        if let token = record.idToken {
            _ = try jsonText(token, "transaction \(id) idToken")
        }
        return kept
    }

    /// A message as it is kept: a non-empty action and message id, a payload that parses as JSON.
    static func normalized(_ message: OutboundMessage) throws(StoreError) -> OutboundMessage {
        guard !message.action.isEmpty else { throw .invalidArgument("a queued message needs an action") }
        guard !message.messageId.isEmpty else { throw .invalidArgument("a queued message needs a message id") }
        do {
            _ = try JSONValue.parse(message.payload)
        } catch {
            throw .invalidArgument("the payload of message \(message.messageId) is not JSON: \(error)")
        }
        var kept = message
        kept.createdAt = try normalized(message.createdAt, "message \(message.messageId) createdAt")
        return kept
    }

    static func validate(_ scope: AvailabilityScope) throws(StoreError) {
        let key = scope.storageKey
        guard AvailabilityScope(storageKey: key.evseId, key.connectorId) == scope else {
            throw .invalidArgument("\(scope) is not a valid availability scope: EVSE and connector ids start at 1")
        }
    }

    static func validate(_ profile: StoredChargingProfile) throws(StoreError) {
        guard profile.evseId >= 0 else {
            throw .invalidArgument("charging profile \(profile.id): evseId must not be negative")
        }
        do {
            _ = try JSONValue.parse(profile.profile)
        } catch {
            throw .invalidArgument("charging profile \(profile.id) is not JSON: \(error)")
        }
    }

    static func validate(capacity: Int) throws(StoreError) {
        guard capacity >= 0 else { throw .invalidArgument("a cache capacity must not be negative") }
    }

    static func validate(limit: Int) throws(StoreError) {
        guard limit >= 0 else { throw .invalidArgument("a message limit must not be negative") }
    }
}
