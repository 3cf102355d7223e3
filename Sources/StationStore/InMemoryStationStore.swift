import OCPP
import Synchronization

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The station store in memory, for tests of the station logic: the semantics of `SQLiteStationStore`
/// (constraints, ordering, validation, millisecond dates, OCPP values read back through their JSON
/// text) without a file.
///
/// Each operation works on a copy of the state and publishes it only on success, which gives the
/// all-or-nothing behaviour of an SQLite transaction; the copy makes writes O(size), fine for tests.
public final class InMemoryStationStore: StationStore {
    let state = Mutex(State())

    public init() {}

    /// A transaction as kept: its idToken as JSON text, like the SQLite column.
    struct StoredTransaction {
        var record: TransactionRecord
        var idTokenText: String?
    }

    struct StoredAuthorization {
        var infoText: String
        var lastUsed: Date
        var expiresAt: Date?
    }

    struct State {
        var transactions: [String: StoredTransaction] = [:]
        /// In sequence order: sequences only grow, so appending keeps it sorted.
        var queue: [QueuedMessage] = []
        var lastSequence: Int64 = 0
        var variables: [VariableKey: String] = [:]
        var availability: [AvailabilityScope: OperationalStatusEnumType] = [:]
        var authorizationCache: [IdTokenKey: StoredAuthorization] = [:]
        var localList: [IdTokenKey: String] = [:]
        var localListVersion = 0
        var chargingProfiles: [Int: StoredChargingProfile] = [:]
        var keyValues: [String: String] = [:]
        /// The security log in sequence order, and the last sequence given out.
        var securityLog: [SecurityLogEntry] = []
        var lastSecuritySequence: Int64 = 0
    }

    func read<T: Sendable>(_ body: (borrowing State) throws(StoreError) -> T) throws(StoreError) -> T {
        try state.withLock { (state: inout State) throws(StoreError) -> T in try body(state) }
    }

    /// Runs `body` on a copy of the state and keeps the copy only if `body` did not throw.
    func write<T: Sendable>(_ body: (inout State) throws(StoreError) -> T) throws(StoreError) -> T {
        try state.withLock { (state: inout State) throws(StoreError) -> T in
            var copy = state
            let result = try body(&copy)
            state = copy
            return result
        }
    }

    // MARK: Transactions

    public func beginTransaction(_ record: TransactionRecord) throws(StoreError) {
        let stored = try Self.stored(record)
        try write { (state: inout State) throws(StoreError) in
            guard state.transactions[record.transactionId] == nil else {
                throw .constraintViolated("UNIQUE constraint failed: transactions.transaction_id")
            }
            try Self.put(stored, into: &state)
        }
    }

    public func updateTransaction(_ record: TransactionRecord) throws(StoreError) {
        let stored = try Self.stored(record)
        try write { (state: inout State) throws(StoreError) in
            guard state.transactions[record.transactionId] != nil else {
                throw .notFound("transaction \(record.transactionId)")
            }
            try Self.put(stored, into: &state)
        }
    }

    public func transaction(id: String) throws(StoreError) -> TransactionRecord? {
        try read { (state: borrowing State) throws(StoreError) in
            guard let stored = state.transactions[id] else { return nil }
            return try Self.record(stored)
        }
    }

    public func openTransactions() throws(StoreError) -> [TransactionRecord] {
        try read { (state: borrowing State) throws(StoreError) in
            var records: [TransactionRecord] = []
            for stored in state.transactions.values where stored.record.state == .started {
                records.append(try Self.record(stored))
            }
            return records.sorted { ($0.startedAt, $0.transactionId) < ($1.startedAt, $1.transactionId) }
        }
    }

    public func openTransaction(evseId: Int) throws(StoreError) -> TransactionRecord? {
        try read { (state: borrowing State) throws(StoreError) in
            guard
                let stored = state.transactions.values.first(where: {
                    $0.record.state == .started && $0.record.evseId == evseId
                })
            else { return nil }
            return try Self.record(stored)
        }
    }

    public func markTransactionEnded(id: String, endedAt: Date, stoppedReason: String?) throws(StoreError) {
        let endedAt = try StoreRules.normalized(endedAt, "transaction \(id) endedAt")
        try write { (state: inout State) throws(StoreError) in
            guard var stored = state.transactions[id] else { throw .notFound("transaction \(id)") }
            stored.record.state = .ended
            stored.record.endedAt = endedAt
            stored.record.stoppedReason = stoppedReason
            state.transactions[id] = stored
        }
    }

    @discardableResult
    public func deleteDeliveredEndedTransactions() throws(StoreError) -> Int {
        try write { (state: inout State) throws(StoreError) in
            let pending = Set(state.queue.compactMap(\.transactionId))
            let deletable = state.transactions.values.filter {
                $0.record.state == .ended && !pending.contains($0.record.transactionId)
            }
            for stored in deletable { state.transactions[stored.record.transactionId] = nil }
            return deletable.count
        }
    }

    public func allTransactions() throws(StoreError) -> [TransactionRecord] {
        try read { (state: borrowing State) throws(StoreError) in
            var records: [TransactionRecord] = []
            for stored in state.transactions.values { records.append(try Self.record(stored)) }
            return records.sorted { ($0.startedAt, $0.transactionId) < ($1.startedAt, $1.transactionId) }
        }
    }

    @discardableResult
    public func deleteEndedTransaction(id: String) throws(StoreError) -> Bool {
        try write { (state: inout State) throws(StoreError) in
            guard let stored = state.transactions[id], stored.record.state == .ended,
                !state.queue.contains(where: { $0.transactionId == id })
            else { return false }
            state.transactions[id] = nil
            return true
        }
    }

    // MARK: Queue

    @discardableResult
    public func appendTransactionEvent(
        transactionUpdate: TransactionRecord?,
        message: OutboundMessage
    ) throws(StoreError) -> QueuedMessage {
        let message = try StoreRules.normalized(message)
        var stored: StoredTransaction?
        if let transactionUpdate { stored = try Self.stored(transactionUpdate) }
        return try write { (state: inout State) throws(StoreError) in
            if let stored { try Self.put(stored, into: &state) }
            guard !state.queue.contains(where: { $0.messageId == message.messageId }) else {
                throw .constraintViolated("UNIQUE constraint failed: message_queue.message_id")
            }
            state.lastSequence += 1
            let queued = QueuedMessage(
                sequence: state.lastSequence,
                transactionId: transactionUpdate?.transactionId,
                action: message.action,
                messageId: message.messageId,
                payload: message.payload,
                attempts: 0,
                createdAt: message.createdAt,
                offline: message.offline
            )
            state.queue.append(queued)
            return queued
        }
    }

    public func oldestQueuedMessage() throws(StoreError) -> QueuedMessage? {
        try read { (state: borrowing State) in state.queue.first }
    }

    public func queuedMessages(limit: Int) throws(StoreError) -> [QueuedMessage] {
        try StoreRules.validate(limit: limit)
        return try read { (state: borrowing State) in Array(state.queue.prefix(limit)) }
    }

    @discardableResult
    public func recordAttempt(sequence: Int64) throws(StoreError) -> Int {
        try write { (state: inout State) throws(StoreError) in
            guard let index = state.queue.firstIndex(where: { $0.sequence == sequence }) else {
                throw .notFound("queued message \(sequence)")
            }
            state.queue[index].attempts += 1
            return state.queue[index].attempts
        }
    }

    @discardableResult
    public func removeQueuedMessage(sequence: Int64) throws(StoreError) -> Bool {
        try write { (state: inout State) in
            guard let index = state.queue.firstIndex(where: { $0.sequence == sequence }) else { return false }
            state.queue.remove(at: index)
            return true
        }
    }

    public func queuedMessageCount() throws(StoreError) -> Int {
        try read { (state: borrowing State) in state.queue.count }
    }

    // MARK: Device model

    public func setVariable(_ key: VariableKey, value: String) throws(StoreError) {
        try write { (state: inout State) in state.variables[key] = value }
    }

    public func variableValue(_ key: VariableKey) throws(StoreError) -> String? {
        try read { (state: borrowing State) in state.variables[key] }
    }

    public func allVariables() throws(StoreError) -> [VariableKey: String] {
        try read { (state: borrowing State) in state.variables }
    }

    // MARK: Availability

    public func setAvailability(_ status: OperationalStatusEnumType, for scope: AvailabilityScope) throws(StoreError) {
        try StoreRules.validate(scope)
        try write { (state: inout State) in state.availability[scope] = status }
    }

    public func availability(for scope: AvailabilityScope) throws(StoreError) -> OperationalStatusEnumType? {
        try StoreRules.validate(scope)
        return try read { (state: borrowing State) in state.availability[scope] }
    }

    public func allAvailability() throws(StoreError) -> [AvailabilityScope: OperationalStatusEnumType] {
        try read { (state: borrowing State) in state.availability }
    }

    // MARK: Charging profiles

    public func putChargingProfile(_ profile: StoredChargingProfile) throws(StoreError) {
        try StoreRules.validate(profile)
        try write { (state: inout State) in state.chargingProfiles[profile.id] = profile }
    }

    @discardableResult
    public func removeChargingProfile(id: Int) throws(StoreError) -> Bool {
        try write { (state: inout State) in state.chargingProfiles.removeValue(forKey: id) != nil }
    }

    public func allChargingProfiles() throws(StoreError) -> [StoredChargingProfile] {
        try read { (state: borrowing State) in state.chargingProfiles.values.sorted { $0.id < $1.id } }
    }

    // MARK: Key-values

    public func setValue(_ value: String, forKey key: String) throws(StoreError) {
        try write { (state: inout State) in state.keyValues[key] = value }
    }

    public func value(forKey key: String) throws(StoreError) -> String? {
        try read { (state: borrowing State) in state.keyValues[key] }
    }

    @discardableResult
    public func removeValue(forKey key: String) throws(StoreError) -> Bool {
        try write { (state: inout State) in state.keyValues.removeValue(forKey: key) != nil }
    }

    // MARK: Helpers

    private static func stored(_ record: TransactionRecord) throws(StoreError) -> StoredTransaction {
        let kept = try StoreRules.normalized(record)
        var idTokenText: String?
        if let token = kept.idToken {
            idTokenText = try StoreRules.jsonText(token, "transaction \(kept.transactionId) idToken")
        }
        return StoredTransaction(record: kept, idTokenText: idTokenText)
    }

    private static func record(_ stored: StoredTransaction) throws(StoreError) -> TransactionRecord {
        var record = stored.record
        record.idToken = nil
        if let text = stored.idTokenText {
            record.idToken = try StoreRules.decode(
                IdTokenType.self,
                from: text,
                table: "transactions",
                column: "id_token"
            )
        }
        return record
    }

    /// Inserts or replaces a transaction, keeping the one-started-transaction-per-EVSE rule.
    private static func put(_ stored: StoredTransaction, into state: inout State) throws(StoreError) {
        let record = stored.record
        if record.state == .started,
            state.transactions.values.contains(where: {
                $0.record.state == .started && $0.record.evseId == record.evseId
                    && $0.record.transactionId != record.transactionId
            })
        {
            throw .constraintViolated("UNIQUE constraint failed: transactions.evse_id")
        }
        state.transactions[record.transactionId] = stored
    }
}
