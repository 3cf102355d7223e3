#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The security log in memory, with the SQLite store's rules (validation, eviction order, sequences).
extension InMemoryStationStore {
    @discardableResult
    public func appendSecurityEvent(_ event: NewSecurityEvent, capacity: Int) throws(StoreError) -> SecurityLogEntry {
        try StoreRules.validate(securityLogCapacity: capacity)
        let event = try StoreRules.normalized(event)
        return try write { (state: inout State) in
            state.lastSecuritySequence += 1
            let entry = SecurityLogEntry(
                sequence: state.lastSecuritySequence,
                timestamp: event.timestamp,
                type: event.type,
                techInfo: event.techInfo,
                critical: event.critical,
                delivered: false,
                attempts: 0
            )
            state.securityLog.append(entry)
            let evicted = Set(
                StoreRules.evictions(
                    state.securityLog.map { ($0.sequence, $0.awaitsDelivery) },
                    capacity: capacity
                )
            )
            if !evicted.isEmpty { state.securityLog.removeAll { evicted.contains($0.sequence) } }
            return entry
        }
    }

    public func oldestUndeliveredSecurityEvent() throws(StoreError) -> SecurityLogEntry? {
        try read { (state: borrowing State) in state.securityLog.first(where: \.awaitsDelivery) }
    }

    public func undeliveredSecurityEventCount() throws(StoreError) -> Int {
        try read { (state: borrowing State) in state.securityLog.count(where: \.awaitsDelivery) }
    }

    @discardableResult
    public func recordSecurityEventAttempt(sequence: Int64) throws(StoreError) -> Int {
        try write { (state: inout State) throws(StoreError) in
            guard let index = state.securityLog.firstIndex(where: { $0.sequence == sequence }) else {
                throw .notFound("security log entry \(sequence)")
            }
            state.securityLog[index].attempts += 1
            return state.securityLog[index].attempts
        }
    }

    @discardableResult
    public func markSecurityEventDelivered(sequence: Int64) throws(StoreError) -> Bool {
        try write { (state: inout State) in
            guard let index = state.securityLog.firstIndex(where: { $0.sequence == sequence }) else { return false }
            state.securityLog[index].delivered = true
            return true
        }
    }

    public func securityLog(from: Date?, to: Date?) throws(StoreError) -> [SecurityLogEntry] {
        let lower = try from.map { date throws(StoreError) in try StoreRules.normalized(date, "security log from") }
        let upper = try to.map { date throws(StoreError) in try StoreRules.normalized(date, "security log to") }
        return try read { (state: borrowing State) in
            state.securityLog.filter { entry in
                (lower.map { entry.timestamp >= $0 } ?? true) && (upper.map { entry.timestamp <= $0 } ?? true)
            }
        }
    }

    public func securityLogCount() throws(StoreError) -> Int {
        try read { (state: borrowing State) in state.securityLog.count }
    }

    @discardableResult
    public func clearSecurityLog() throws(StoreError) -> Int {
        try write { (state: inout State) in
            defer { state.securityLog = [] }
            return state.securityLog.count
        }
    }
}
