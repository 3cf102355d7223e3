import OCPP

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Everything a charging station must not lose in a power cut: transactions and their undelivered
/// messages, the device-model values and availability the CSMS set, the authorization cache and local
/// list, charging profiles and a few boot markers.
///
/// The API is synchronous: the station calls it from its own actor, and a durable SQLite commit is a
/// blocking `fsync` either way. Every method either completes entirely or throws and changes nothing.
///
/// `SQLiteStationStore` keeps the state in a file; `InMemoryStationStore` keeps it in memory with the
/// same semantics (constraints, ordering, validation, millisecond dates), for tests of the station logic.
public protocol StationStore: Sendable {
    // MARK: Transactions

    /// Stores a new transaction. Fails with `constraintViolated` when its id exists or its EVSE already
    /// has a started transaction.
    func beginTransaction(_ record: TransactionRecord) throws(StoreError)
    /// Replaces a stored transaction; `notFound` when there is none with that id.
    func updateTransaction(_ record: TransactionRecord) throws(StoreError)
    func transaction(id: String) throws(StoreError) -> TransactionRecord?
    /// The transactions not ended yet, oldest first.
    func openTransactions() throws(StoreError) -> [TransactionRecord]
    /// The started transaction on an EVSE, if any (there is at most one).
    func openTransaction(evseId: Int) throws(StoreError) -> TransactionRecord?
    /// Marks a transaction ended; `notFound` when there is none with that id.
    func markTransactionEnded(id: String, endedAt: Date, stoppedReason: String?) throws(StoreError)
    /// Deletes the ended transactions none of whose messages is still queued; returns how many.
    @discardableResult
    func deleteDeliveredEndedTransactions() throws(StoreError) -> Int
    /// Every stored transaction, running and ended, oldest first (what CustomerInformation looks through).
    func allTransactions() throws(StoreError) -> [TransactionRecord]
    /// Deletes one ended transaction none of whose messages is still queued (N10 clearing a customer's
    /// records); false, and nothing changed, when it is unknown, still running or still owes the CSMS a message.
    @discardableResult
    func deleteEndedTransaction(id: String) throws(StoreError) -> Bool

    // MARK: Transaction-message queue

    /// Writes a transaction's new state and queues the message reporting it, in one atomic commit.
    ///
    /// This is what makes the station lose no transaction: after a crash either both the new state
    /// (e.g. `nextSeqNo` advanced) and its TransactionEvent are on disk, or neither is. The record is
    /// inserted when new, so a Started event and its transaction appear together. The queued message
    /// belongs to `transactionUpdate`'s transaction, or to none when it is nil.
    @discardableResult
    func appendTransactionEvent(
        transactionUpdate: TransactionRecord?,
        message: OutboundMessage
    ) throws(StoreError) -> QueuedMessage
    /// The message to send next: the one with the lowest sequence.
    func oldestQueuedMessage() throws(StoreError) -> QueuedMessage?
    /// Up to `limit` queued messages in sequence order.
    func queuedMessages(limit: Int) throws(StoreError) -> [QueuedMessage]
    /// Counts one more send attempt; returns the new count, `notFound` for an unknown sequence.
    @discardableResult
    func recordAttempt(sequence: Int64) throws(StoreError) -> Int
    /// Drops a message once the CSMS answered it; false when it was not queued.
    @discardableResult
    func removeQueuedMessage(sequence: Int64) throws(StoreError) -> Bool
    func queuedMessageCount() throws(StoreError) -> Int

    // MARK: Device model

    func setVariable(_ key: VariableKey, value: String) throws(StoreError)
    func variableValue(_ key: VariableKey) throws(StoreError) -> String?
    func allVariables() throws(StoreError) -> [VariableKey: String]

    // MARK: Availability

    func setAvailability(_ status: OperationalStatusEnumType, for scope: AvailabilityScope) throws(StoreError)
    /// The status last set for exactly this scope; nil when never set.
    func availability(for scope: AvailabilityScope) throws(StoreError) -> OperationalStatusEnumType?
    func allAvailability() throws(StoreError) -> [AvailabilityScope: OperationalStatusEnumType]

    // MARK: Authorization cache

    /// Inserts or replaces the cache entry of `entry.key`.
    func putCachedAuthorization(_ entry: CachedAuthorization) throws(StoreError)
    func cachedAuthorization(for key: IdTokenKey) throws(StoreError) -> CachedAuthorization?
    /// Records that a token was used; false when it is not cached.
    @discardableResult
    func touchCachedAuthorization(for key: IdTokenKey, at date: Date) throws(StoreError) -> Bool
    @discardableResult
    func removeCachedAuthorization(for key: IdTokenKey) throws(StoreError) -> Bool
    func clearAuthorizationCache() throws(StoreError)
    func authorizationCacheCount() throws(StoreError) -> Int
    /// Evicts the least recently used entries until at most `capacity` remain; returns how many went.
    @discardableResult
    func evictAuthorizationCache(toCapacity capacity: Int) throws(StoreError) -> Int
    /// Removes the entries whose `cacheExpiryDateTime` is at or before `date`; returns how many.
    @discardableResult
    func removeExpiredAuthorizations(at date: Date) throws(StoreError) -> Int

    // MARK: Local authorization list

    /// Replaces the whole list and its version at once (SendLocalList `Full`): the list is emptied, then
    /// the entries are applied in order as in `updateLocalList`, so entries without info are not stored.
    func replaceLocalList(version: Int, entries: [LocalListEntry]) throws(StoreError)
    /// Applies a differential update at once: in order, entries with info are added or replaced and
    /// entries without are removed (a later entry for the same token wins); then the version is set.
    func updateLocalList(version: Int, entries: [LocalListEntry]) throws(StoreError)
    func localListEntry(for key: IdTokenKey) throws(StoreError) -> IdTokenInfoType?
    /// The list version; 0 when there is no list.
    func localListVersion() throws(StoreError) -> Int
    func localListCount() throws(StoreError) -> Int
    /// Empties the list and sets its version to 0.
    func clearLocalList() throws(StoreError)

    // MARK: Charging profiles

    /// Inserts or replaces the profile with `profile.id`.
    func putChargingProfile(_ profile: StoredChargingProfile) throws(StoreError)
    @discardableResult
    func removeChargingProfile(id: Int) throws(StoreError) -> Bool
    /// All profiles, by id.
    func allChargingProfiles() throws(StoreError) -> [StoredChargingProfile]

    // MARK: Security log (A04)

    /// Adds an event to the security log and, in the same commit, evicts rows until at most `capacity`
    /// remain: first the oldest that no longer wait for delivery, a critical event not yet delivered only
    /// when nothing else is left to drop. Returns the new row.
    @discardableResult
    func appendSecurityEvent(_ event: NewSecurityEvent, capacity: Int) throws(StoreError) -> SecurityLogEntry
    /// The critical event to deliver next: the oldest not yet delivered.
    func oldestUndeliveredSecurityEvent() throws(StoreError) -> SecurityLogEntry?
    /// How many critical events wait for delivery.
    func undeliveredSecurityEventCount() throws(StoreError) -> Int
    /// Counts one more send attempt; returns the new count, `notFound` for an unknown sequence.
    @discardableResult
    func recordSecurityEventAttempt(sequence: Int64) throws(StoreError) -> Int
    /// Marks an event delivered once the CSMS answered it (the row stays in the log); false when there
    /// is no such row.
    @discardableResult
    func markSecurityEventDelivered(sequence: Int64) throws(StoreError) -> Bool
    /// The log's rows with `from <= timestamp <= to` (either bound may be nil), oldest first: what GetLog's
    /// SecurityLog uploads.
    func securityLog(from: Date?, to: Date?) throws(StoreError) -> [SecurityLogEntry]
    func securityLogCount() throws(StoreError) -> Int
    /// Empties the security log; returns how many rows went.
    @discardableResult
    func clearSecurityLog() throws(StoreError) -> Int

    // MARK: Boot markers and other small values

    /// Sets a small value such as the last boot reason, a pending reset or a clean-shutdown marker.
    func setValue(_ value: String, forKey key: String) throws(StoreError)
    func value(forKey key: String) throws(StoreError) -> String?
    @discardableResult
    func removeValue(forKey key: String) throws(StoreError) -> Bool
}
