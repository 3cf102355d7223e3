import OCPP

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension SQLiteStationStore {
    private static let transactionColumns = """
        transaction_id, evse_id, connector_id, state, next_seq_no, started_at, meter_start_wh, last_meter_wh, \
        id_token, remote_start_id, charging_state, stopped_reason, total_cost, ended_at
        """
    private static let transactionPlaceholders = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
    private static let transactionAssignments = """
        evse_id = excluded.evse_id, connector_id = excluded.connector_id, state = excluded.state, \
        next_seq_no = excluded.next_seq_no, started_at = excluded.started_at, \
        meter_start_wh = excluded.meter_start_wh, last_meter_wh = excluded.last_meter_wh, \
        id_token = excluded.id_token, remote_start_id = excluded.remote_start_id, \
        charging_state = excluded.charging_state, stopped_reason = excluded.stopped_reason, \
        total_cost = excluded.total_cost, ended_at = excluded.ended_at
        """

    private enum TransactionWrite {
        case insert
        case update
        case upsert
    }

    public func beginTransaction(_ record: TransactionRecord) throws(StoreError) {
        let arguments = try Self.arguments(for: record)
        try write { db in try Self.write(record, arguments, .insert, db) }
    }

    public func updateTransaction(_ record: TransactionRecord) throws(StoreError) {
        let arguments = try Self.arguments(for: record)
        try write { db in try Self.write(record, arguments, .update, db) }
    }

    public func transaction(id: String) throws(StoreError) -> TransactionRecord? {
        try read { db in
            try db.row(
                "SELECT \(Self.transactionColumns) FROM transactions WHERE transaction_id = ?",
                [id]
            ).map(Self.transactionRecord)
        }
    }

    public func openTransactions() throws(StoreError) -> [TransactionRecord] {
        try read { db in
            try db.rows(
                """
                SELECT \(Self.transactionColumns) FROM transactions WHERE state = 'started'
                ORDER BY started_at, transaction_id
                """
            ).map(Self.transactionRecord)
        }
    }

    public func openTransaction(evseId: Int) throws(StoreError) -> TransactionRecord? {
        try read { db in
            try db.row(
                "SELECT \(Self.transactionColumns) FROM transactions WHERE state = 'started' AND evse_id = ?",
                [evseId]
            ).map(Self.transactionRecord)
        }
    }

    public func markTransactionEnded(id: String, endedAt: Date, stoppedReason: String?) throws(StoreError) {
        let endedAtMs = try StoreRules.milliseconds(endedAt, "transaction \(id) endedAt")
        try write { db in
            try db.execute(
                """
                UPDATE transactions SET state = 'ended', ended_at = ?, stopped_reason = ?
                WHERE transaction_id = ?
                """,
                [endedAtMs, stoppedReason, id]
            )
            if db.changes == 0 { throw StoreError.notFound("transaction \(id)") }
        }
    }

    @discardableResult
    public func deleteDeliveredEndedTransactions() throws(StoreError) -> Int {
        try write { db in
            try db.execute(
                """
                DELETE FROM transactions WHERE state = 'ended' AND NOT EXISTS
                (SELECT 1 FROM message_queue WHERE message_queue.transaction_id = transactions.transaction_id)
                """
            )
            return db.changes
        }
    }

    public func allTransactions() throws(StoreError) -> [TransactionRecord] {
        try read { db in
            try db.rows(
                "SELECT \(Self.transactionColumns) FROM transactions ORDER BY started_at, transaction_id"
            ).map(Self.transactionRecord)
        }
    }

    @discardableResult
    public func deleteEndedTransaction(id: String) throws(StoreError) -> Bool {
        try write { db in
            try db.execute(
                """
                DELETE FROM transactions WHERE transaction_id = ? AND state = 'ended' AND NOT EXISTS
                (SELECT 1 FROM message_queue WHERE message_queue.transaction_id = transactions.transaction_id)
                """,
                [id]
            )
            return db.changes > 0
        }
    }

    // MARK: Queue

    private static let messageColumns =
        "sequence, transaction_id, action, message_id, payload, attempts, created_at, offline"

    @discardableResult
    public func appendTransactionEvent(
        transactionUpdate: TransactionRecord?,
        message: OutboundMessage
    ) throws(StoreError) -> QueuedMessage {
        let message = try StoreRules.normalized(message)
        let createdAtMs = try StoreRules.milliseconds(message.createdAt, "message createdAt")
        var recordWrite: (TransactionRecord, SQLiteArguments)?
        if let transactionUpdate {
            recordWrite = (transactionUpdate, try Self.arguments(for: transactionUpdate))
        }
        let transactionId = transactionUpdate?.transactionId
        // One write transaction: if the INSERT below fails, the record update above it rolls back too.
        return try write { db in
            if let (record, arguments) = recordWrite {
                try Self.write(record, arguments, .upsert, db)
            }
            try db.execute(
                """
                INSERT INTO message_queue (transaction_id, action, message_id, payload, attempts, created_at, offline)
                VALUES (?, ?, ?, ?, 0, ?, ?)
                """,
                [
                    transactionId, message.action, message.messageId, message.payload, createdAtMs, message.offline,
                ]
            )
            return QueuedMessage(
                sequence: db.lastInsertRowID,
                transactionId: transactionId,
                action: message.action,
                messageId: message.messageId,
                payload: message.payload,
                attempts: 0,
                createdAt: message.createdAt,
                offline: message.offline
            )
        }
    }

    public func oldestQueuedMessage() throws(StoreError) -> QueuedMessage? {
        try queuedMessages(limit: 1).first
    }

    public func queuedMessages(limit: Int) throws(StoreError) -> [QueuedMessage] {
        try StoreRules.validate(limit: limit)
        return try read { db in
            try db.rows(
                "SELECT \(Self.messageColumns) FROM message_queue ORDER BY sequence LIMIT ?",
                [limit]
            ).map(Self.queuedMessage)
        }
    }

    @discardableResult
    public func recordAttempt(sequence: Int64) throws(StoreError) -> Int {
        try write { db in
            guard
                let attempts = try db.scalar(
                    Int.self,
                    "UPDATE message_queue SET attempts = attempts + 1 WHERE sequence = ? RETURNING attempts",
                    [sequence]
                )
            else { throw StoreError.notFound("queued message \(sequence)") }
            return attempts
        }
    }

    @discardableResult
    public func removeQueuedMessage(sequence: Int64) throws(StoreError) -> Bool {
        try write { db in
            try db.execute("DELETE FROM message_queue WHERE sequence = ?", [sequence])
            return db.changes > 0
        }
    }

    public func queuedMessageCount() throws(StoreError) -> Int {
        try read { db in try db.scalar(Int.self, "SELECT count(*) FROM message_queue") ?? 0 }
    }

    // MARK: Rows

    private static func arguments(for record: TransactionRecord) throws(StoreError) -> SQLiteArguments {
        let record = try StoreRules.normalized(record)
        let id = record.transactionId
        var idToken: String?
        if let token = record.idToken {
            idToken = try StoreRules.jsonText(token, "transaction \(id) idToken")
        }
        var endedAt: Int64?
        if let date = record.endedAt {
            endedAt = try StoreRules.milliseconds(date, "transaction \(id) endedAt")
        }
        let values: SQLiteArguments = [
            id, record.evseId, record.connectorId, record.state.rawValue, record.nextSeqNo,
            try StoreRules.milliseconds(record.startedAt, "transaction \(id) startedAt"),
            record.meterStartWh, record.lastMeterWh, idToken, record.remoteStartId, record.chargingState,
            record.stoppedReason, record.totalCost, endedAt,
        ]
        return values
    }

    private static func write(
        _ record: TransactionRecord,
        _ arguments: SQLiteArguments,
        _ kind: TransactionWrite,
        _ db: SQLiteConnection
    ) throws {
        switch kind {
        case .insert:
            try db.execute(
                "INSERT INTO transactions (\(transactionColumns)) VALUES (\(transactionPlaceholders))",
                arguments
            )
        case .upsert:
            try db.execute(
                """
                INSERT INTO transactions (\(transactionColumns)) VALUES (\(transactionPlaceholders))
                ON CONFLICT (transaction_id) DO UPDATE SET \(transactionAssignments)
                """,
                arguments
            )
        case .update:
            // The same statement as an upsert, but refusing to create: existence is checked first.
            let exists =
                try db.scalar(
                    Bool.self,
                    "SELECT EXISTS (SELECT 1 FROM transactions WHERE transaction_id = ?)",
                    [record.transactionId]
                ) ?? false
            guard exists else { throw StoreError.notFound("transaction \(record.transactionId)") }
            try write(record, arguments, .upsert, db)
        }
    }

    private static func transactionRecord(_ row: SQLiteRow) throws -> TransactionRecord {
        let column = RowReader(row: row, table: "transactions")
        let id: String = try column("transaction_id")
        var idToken: IdTokenType?
        if let text: String = try column("id_token") {
            idToken = try StoreRules.decode(IdTokenType.self, from: text, table: "transactions", column: "id_token")
        }
        var endedAt: Date?
        if let ms: Int64 = try column("ended_at") {
            endedAt = StoreRules.date(milliseconds: ms)
        }
        return TransactionRecord(
            transactionId: id,
            evseId: try column("evse_id"),
            connectorId: try column("connector_id"),
            state: try column.enumValue("state", as: TransactionRecord.State.self),
            nextSeqNo: try column("next_seq_no"),
            startedAt: StoreRules.date(milliseconds: try column("started_at")),
            meterStartWh: try column("meter_start_wh"),
            lastMeterWh: try column("last_meter_wh"),
            idToken: idToken,
            remoteStartId: try column("remote_start_id"),
            chargingState: try column("charging_state"),
            stoppedReason: try column("stopped_reason"),
            totalCost: try column("total_cost"),
            endedAt: endedAt
        )
    }

    private static func queuedMessage(_ row: SQLiteRow) throws -> QueuedMessage {
        let column = RowReader(row: row, table: "message_queue")
        return QueuedMessage(
            sequence: try column("sequence"),
            transactionId: try column("transaction_id"),
            action: try column("action"),
            messageId: try column("message_id"),
            payload: try column("payload"),
            attempts: try column("attempts"),
            createdAt: StoreRules.date(milliseconds: try column("created_at")),
            offline: try column("offline")
        )
    }
}
