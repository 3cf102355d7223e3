#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The security log (OCPP 2.0.1 A04) in the SQLite file: every event the station detected, oldest first,
/// bounded by a row cap; critical ones carry a delivered flag so none is lost across a power cut.
extension SQLiteStationStore {
    /// Version 2: the security log. `sequence` never repeats (AUTOINCREMENT), so the CSMS receives the events
    /// in the order they happened even when older rows were evicted meanwhile.
    static let schemaV2SecurityLog = """
        CREATE TABLE security_log (
            sequence     INTEGER PRIMARY KEY AUTOINCREMENT,
            occurred_at  INTEGER NOT NULL,
            type         TEXT NOT NULL CHECK (length(type) BETWEEN 1 AND 50),
            tech_info    TEXT CHECK (tech_info IS NULL OR length(tech_info) <= 255),
            critical     INTEGER NOT NULL CHECK (critical IN (0, 1)),
            delivered    INTEGER NOT NULL DEFAULT 0 CHECK (delivered IN (0, 1)),
            attempts     INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0)
        ) STRICT;
        -- The delivery queue: critical events not yet answered, in order.
        CREATE INDEX security_log_undelivered ON security_log (sequence) WHERE critical = 1 AND delivered = 0;
        CREATE INDEX security_log_by_time ON security_log (occurred_at);
        """

    private static let securityColumns = "sequence, occurred_at, type, tech_info, critical, delivered, attempts"
    private static let awaitsDelivery = "critical = 1 AND delivered = 0"

    @discardableResult
    public func appendSecurityEvent(_ event: NewSecurityEvent, capacity: Int) throws(StoreError) -> SecurityLogEntry {
        try StoreRules.validate(securityLogCapacity: capacity)
        let event = try StoreRules.normalized(event)
        let occurredAt = try StoreRules.milliseconds(event.timestamp, "security event timestamp")
        return try write { db in
            try db.execute(
                "INSERT INTO security_log (occurred_at, type, tech_info, critical) VALUES (?, ?, ?, ?)",
                [occurredAt, event.type, event.techInfo, event.critical]
            )
            let sequence = db.lastInsertRowID
            var excess = (try db.scalar(Int.self, "SELECT count(*) FROM security_log") ?? 0) - capacity
            // Rows that no longer wait for delivery go first; then, only if still needed, undelivered ones.
            for filter in ["NOT (\(Self.awaitsDelivery))", Self.awaitsDelivery] where excess > 0 {
                try db.execute(
                    """
                    DELETE FROM security_log WHERE sequence IN
                        (SELECT sequence FROM security_log WHERE \(filter) ORDER BY sequence LIMIT ?)
                    """,
                    [excess]
                )
                excess -= db.changes
            }
            return SecurityLogEntry(
                sequence: sequence,
                timestamp: event.timestamp,
                type: event.type,
                techInfo: event.techInfo,
                critical: event.critical,
                delivered: false,
                attempts: 0
            )
        }
    }

    public func oldestUndeliveredSecurityEvent() throws(StoreError) -> SecurityLogEntry? {
        try read { db in
            try db.row(
                "SELECT \(Self.securityColumns) FROM security_log WHERE \(Self.awaitsDelivery) ORDER BY sequence LIMIT 1"
            ).map(Self.securityEntry)
        }
    }

    public func undeliveredSecurityEventCount() throws(StoreError) -> Int {
        try read { db in
            try db.scalar(Int.self, "SELECT count(*) FROM security_log WHERE \(Self.awaitsDelivery)") ?? 0
        }
    }

    @discardableResult
    public func recordSecurityEventAttempt(sequence: Int64) throws(StoreError) -> Int {
        try write { db in
            guard
                let attempts = try db.scalar(
                    Int.self,
                    "UPDATE security_log SET attempts = attempts + 1 WHERE sequence = ? RETURNING attempts",
                    [sequence]
                )
            else { throw StoreError.notFound("security log entry \(sequence)") }
            return attempts
        }
    }

    @discardableResult
    public func markSecurityEventDelivered(sequence: Int64) throws(StoreError) -> Bool {
        try write { db in
            try db.execute("UPDATE security_log SET delivered = 1 WHERE sequence = ?", [sequence])
            return db.changes > 0
        }
    }

    public func securityLog(from: Date?, to: Date?) throws(StoreError) -> [SecurityLogEntry] {
        let lower = try from.map { date throws(StoreError) in try StoreRules.milliseconds(date, "security log from") }
        let upper = try to.map { date throws(StoreError) in try StoreRules.milliseconds(date, "security log to") }
        return try read { db in
            try db.rows(
                """
                SELECT \(Self.securityColumns) FROM security_log
                WHERE (?1 IS NULL OR occurred_at >= ?1) AND (?2 IS NULL OR occurred_at <= ?2)
                ORDER BY sequence
                """,
                [lower, upper]
            ).map(Self.securityEntry)
        }
    }

    public func securityLogCount() throws(StoreError) -> Int {
        try read { db in try db.scalar(Int.self, "SELECT count(*) FROM security_log") ?? 0 }
    }

    @discardableResult
    public func clearSecurityLog() throws(StoreError) -> Int {
        try write { db in
            try db.execute("DELETE FROM security_log")
            return db.changes
        }
    }

    private static func securityEntry(_ row: SQLiteRow) throws -> SecurityLogEntry {
        let column = RowReader(row: row, table: "security_log")
        let occurredAt: Int64 = try column("occurred_at")
        return SecurityLogEntry(
            sequence: try column("sequence"),
            timestamp: StoreRules.date(milliseconds: occurredAt),
            type: try column("type"),
            techInfo: try column("tech_info"),
            critical: try column("critical"),
            delivered: try column("delivered"),
            attempts: try column("attempts")
        )
    }
}
