import Foundation
import StationStore
import Testing

/// The security log (OCPP 2.0.1 A04) in both stores: order, delivery flags, bounded eviction, time queries.
@Suite("Security log")
struct SecurityLogStoreTests {
    static func event(
        _ type: String,
        at seconds: Double = 0,
        critical: Bool = true,
        info: String? = nil
    )
        -> NewSecurityEvent
    {
        NewSecurityEvent(timestamp: Sample.date(seconds), type: type, techInfo: info, critical: critical)
    }

    @Test(arguments: StoreKind.allCases)
    func A04_FR_04_eventsAreKeptInOrderWithTheirFlags(_ kind: StoreKind) throws {
        let store = try kind.makeStore().store
        let first = try store.appendSecurityEvent(
            Self.event("StartupOfTheDevice", info: "bootReason=PowerUp"),
            capacity: 10
        )
        let second = try store.appendSecurityEvent(Self.event("InvalidMessages", at: 1, critical: false), capacity: 10)
        let third = try store.appendSecurityEvent(Self.event("TamperDetectionActivated", at: 2), capacity: 10)
        #expect(first.sequence < second.sequence && second.sequence < third.sequence)
        #expect(try store.securityLog(from: nil, to: nil) == [first, second, third])
        #expect(first.techInfo == "bootReason=PowerUp" && first.timestamp == Sample.date(0))
        #expect(try store.undeliveredSecurityEventCount() == 2, "only critical events wait for delivery")
        #expect(try store.oldestUndeliveredSecurityEvent() == first)

        #expect(try store.recordSecurityEventAttempt(sequence: first.sequence) == 1)
        #expect(try store.recordSecurityEventAttempt(sequence: first.sequence) == 2)
        #expect(try store.markSecurityEventDelivered(sequence: first.sequence))
        #expect(try store.oldestUndeliveredSecurityEvent() == third, "the next critical one")
        let kept = try store.securityLog(from: nil, to: nil)
        #expect(kept.count == 3, "a delivered event stays in the log")
        #expect(kept[0].delivered && kept[0].attempts == 2)
        #expect(try !store.markSecurityEventDelivered(sequence: 9999))
        #expect(caught { try store.recordSecurityEventAttempt(sequence: 9999) } == .notFound("security log entry 9999"))
    }

    @Test(arguments: StoreKind.allCases)
    func theLogIsBoundedOldestFirstKeepingUndeliveredCriticalEvents(_ kind: StoreKind) throws {
        let store = try kind.makeStore().store
        let pending = try store.appendSecurityEvent(Self.event("TamperDetectionActivated"), capacity: 3)
        let delivered = try store.appendSecurityEvent(Self.event("StartupOfTheDevice", at: 1), capacity: 3)
        try store.markSecurityEventDelivered(sequence: delivered.sequence)
        let minor = try store.appendSecurityEvent(Self.event("InvalidMessages", at: 2, critical: false), capacity: 3)
        let fourth = try store.appendSecurityEvent(Self.event("InvalidMessages", at: 3, critical: false), capacity: 3)
        // Over the cap by one: the oldest row that no longer waits (the delivered one) goes, not the pending one.
        #expect(try store.securityLog(from: nil, to: nil).map(\.sequence) == [pending, minor, fourth].map(\.sequence))
        let fifth = try store.appendSecurityEvent(Self.event("InvalidMessages", at: 4, critical: false), capacity: 3)
        #expect(try store.securityLog(from: nil, to: nil).map(\.sequence) == [pending, fourth, fifth].map(\.sequence))
        #expect(try store.securityLogCount() == 3)

        // A log of nothing but undelivered critical events drops the oldest of them.
        let only = try kind.makeStore().store
        let a = try only.appendSecurityEvent(Self.event("ResetOrReboot"), capacity: 2)
        let b = try only.appendSecurityEvent(Self.event("ResetOrReboot", at: 1), capacity: 2)
        let c = try only.appendSecurityEvent(Self.event("ResetOrReboot", at: 2), capacity: 2)
        #expect(try only.securityLog(from: nil, to: nil).map(\.sequence) == [b, c].map(\.sequence))
        #expect(a.sequence < b.sequence)
    }

    @Test(arguments: StoreKind.allCases)
    func securityLogBetweenTwoTimesIsWhatGetLogUploads(_ kind: StoreKind) throws {
        let store = try kind.makeStore().store
        for second in 0..<5 {
            try store.appendSecurityEvent(
                Self.event("InvalidMessages", at: Double(second), critical: false),
                capacity: 10
            )
        }
        let middle = try store.securityLog(from: Sample.date(1), to: Sample.date(3))
        #expect(middle.map(\.timestamp) == [Sample.date(1), Sample.date(2), Sample.date(3)], "bounds included")
        #expect(try store.securityLog(from: Sample.date(4), to: nil).count == 1)
        #expect(try store.securityLog(from: nil, to: Sample.date(0)).count == 1)
        #expect(try store.securityLog(from: Sample.date(10), to: nil).isEmpty)
        #expect(try store.clearSecurityLog() == 5)
        #expect(try store.securityLogCount() == 0)
    }

    @Test(arguments: StoreKind.allCases)
    func badEventsAreRefusedAndChangeNothing(_ kind: StoreKind) throws {
        let store = try kind.makeStore().store
        let longType = String(repeating: "x", count: 51)
        #expect(caught { try store.appendSecurityEvent(Self.event(longType), capacity: 10) } != nil)
        #expect(caught { try store.appendSecurityEvent(Self.event(""), capacity: 10) } != nil)
        let longInfo = String(repeating: "i", count: 256)
        #expect(
            caught { try store.appendSecurityEvent(Self.event("InvalidMessages", info: longInfo), capacity: 10) } != nil
        )
        #expect(caught { try store.appendSecurityEvent(Self.event("InvalidMessages"), capacity: 0) } != nil)
        #expect(try store.securityLogCount() == 0)
    }

    /// A critical event stored before a power cut is still undelivered, with its attempts, after the reopen.
    @Test func A04_FR_02_undeliveredEventsSurviveReopeningTheFile() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("station.sqlite")
        let first = try SQLiteStationStore(path: path)
        #expect(first.migrationsAppliedAtOpen == ["v1", "v2"])
        let event = try first.appendSecurityEvent(Self.event("TamperDetectionActivated", info: "lid"), capacity: 10)
        try first.recordSecurityEventAttempt(sequence: event.sequence)
        try first.close()

        let reopened = try SQLiteStationStore(path: path)
        #expect(reopened.migrationsAppliedAtOpen.isEmpty)
        var expected = event
        expected.attempts = 1
        #expect(try reopened.oldestUndeliveredSecurityEvent() == expected)
        let next = try reopened.appendSecurityEvent(Self.event("StartupOfTheDevice", at: 1), capacity: 10)
        #expect(next.sequence > event.sequence, "sequences continue after a reopen")
    }
}
