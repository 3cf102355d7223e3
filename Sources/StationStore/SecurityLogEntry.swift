#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A security event as the station hands it to the store (OCPP 2.0.1 A04): kept in the security log,
/// and, when critical, delivered to the CSMS with SecurityEventNotification.
public struct NewSecurityEvent: Sendable, Equatable {
    /// When the event happened, in the station's (CSMS-synchronised) time.
    public var timestamp: Date
    /// The event's type from Part 2's security events list, e.g. `StartupOfTheDevice` (at most 50 characters).
    public var type: String
    /// Free text for the CSMS (at most 255 characters); never a secret.
    public var techInfo: String?
    /// Whether Part 2 marks the event critical: then it waits in the log until the CSMS answered it.
    public var critical: Bool

    public init(timestamp: Date, type: String, techInfo: String? = nil, critical: Bool) {
        self.timestamp = timestamp
        self.type = type
        self.techInfo = techInfo
        self.critical = critical
    }
}

/// One row of the security log.
public struct SecurityLogEntry: Sendable, Equatable {
    /// The store-assigned position in the log: strictly increasing, never reused.
    public var sequence: Int64
    public var timestamp: Date
    public var type: String
    public var techInfo: String?
    public var critical: Bool
    /// True once the CSMS answered its SecurityEventNotification (only critical events are sent).
    public var delivered: Bool
    /// How many times sending it was attempted without an answer.
    public var attempts: Int

    public init(
        sequence: Int64,
        timestamp: Date,
        type: String,
        techInfo: String?,
        critical: Bool,
        delivered: Bool,
        attempts: Int
    ) {
        self.sequence = sequence
        self.timestamp = timestamp
        self.type = type
        self.techInfo = techInfo
        self.critical = critical
        self.delivered = delivered
        self.attempts = attempts
    }

    /// A critical event the CSMS has not answered yet.
    public var awaitsDelivery: Bool { critical && !delivered }
}

extension StoreRules {
    /// The most rows a security log may be given: a bound on what one `appendSecurityEvent` may keep.
    static let securityLogMaximumCapacity = 1_000_000

    /// A security event as it is kept: a type of 1-50 characters, techInfo of at most 255, a millisecond date.
    static func normalized(_ event: NewSecurityEvent) throws(StoreError) -> NewSecurityEvent {
        guard !event.type.isEmpty, event.type.count <= 50 else {
            throw .invalidArgument("a security event type must have 1 to 50 characters, not \(event.type.count)")
        }
        if let info = event.techInfo, info.count > 255 {
            throw .invalidArgument("a security event's techInfo may have at most 255 characters, not \(info.count)")
        }
        var kept = event
        kept.timestamp = try normalized(event.timestamp, "security event \(event.type) timestamp")
        return kept
    }

    static func validate(securityLogCapacity capacity: Int) throws(StoreError) {
        guard (1...securityLogMaximumCapacity).contains(capacity) else {
            throw .invalidArgument(
                "a security log capacity must be between 1 and \(securityLogMaximumCapacity), not \(capacity)"
            )
        }
    }

    /// The sequences to evict so that `entries` (oldest first) plus nothing more fit in `capacity`.
    ///
    /// Rows that no longer wait for delivery (delivered, or not critical) go first, oldest first; a critical
    /// event the CSMS has not had yet is evicted only when the whole log is such events, so an outage
    /// never pushes out what must still be reported while there is anything else to drop.
    static func evictions(_ entries: [(sequence: Int64, awaitsDelivery: Bool)], capacity: Int) -> [Int64] {
        var excess = entries.count - capacity
        guard excess > 0 else { return [] }
        var evicted: [Int64] = []
        for entry in entries where !entry.awaitsDelivery && excess > 0 {
            evicted.append(entry.sequence)
            excess -= 1
        }
        for entry in entries where entry.awaitsDelivery && excess > 0 {
            evicted.append(entry.sequence)
            excess -= 1
        }
        return evicted
    }
}
