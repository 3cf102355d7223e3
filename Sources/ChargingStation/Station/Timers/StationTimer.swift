/// One of the station's timers, named by what it is for.
public enum StationTimer: Hashable, Sendable, CustomStringConvertible {
    /// BootNotification again after Pending, Rejected or a failed boot (B02/B03).
    case bootRetry
    /// OCPPCommCtrlr.HeartbeatInterval (B01/G02).
    case heartbeat
    /// The meters read, and contactor feedback checked, once a second.
    case meterPoll
    /// The next AlignedDataCtrlr boundary (Interval or TxEndedInterval since midnight UTC, J01).
    case clockAlignedMeterValues
    /// SampledDataCtrlr.TxUpdatedInterval for the transaction on an EVSE (J02).
    case sampledMeterValues(evseId: Int)
    /// SampledDataCtrlr.TxEndedInterval for the transaction on an EVSE.
    case sampledTxEndedValues(evseId: Int)
    /// TxCtrlr.EVConnectionTimeOut after authorization without a cable (E03).
    case evConnectionTimeout(evseId: Int)
    /// MessageAttemptIntervalTransactionEvent before the oldest queued message is tried again (E13).
    case transactionMessageRetry
    /// A failed SecurityEventNotification is sent again (A04.FR.02).
    case securityEventRetry
    /// A scheduled firmware download, a download retry or a scheduled install (L01).
    case firmwareUpdate
    /// The next attempt of a log upload (N01).
    case logUpload
    /// The next period boundary of a composite schedule: the limits are applied again (K08, SmartCharging).
    case chargingLimit
    /// SecurityCtrlr.CertSigningWaitMinimum (doubled per try) without a CertificateSigned (A02/A03).
    case certificateSigningRetry
    /// The next look at the station certificate's end, for its renewal (A03).
    case certificateRenewal

    /// A fixed order among timers due at the same instant (cheaper than comparing descriptions).
    var order: (kind: Int, evseId: Int) {
        switch self {
        case .bootRetry: (0, 0)
        case .heartbeat: (1, 0)
        case .meterPoll: (2, 0)
        case .clockAlignedMeterValues: (3, 0)
        case .sampledMeterValues(let id): (4, id)
        case .sampledTxEndedValues(let id): (5, id)
        case .evConnectionTimeout(let id): (6, id)
        case .transactionMessageRetry: (7, 0)
        case .securityEventRetry: (8, 0)
        case .firmwareUpdate: (9, 0)
        case .logUpload: (10, 0)
        case .chargingLimit: (11, 0)
        case .certificateSigningRetry: (12, 0)
        case .certificateRenewal: (13, 0)
        }
    }

    public var description: String {
        switch self {
        case .bootRetry: "boot-retry"
        case .heartbeat: "heartbeat"
        case .meterPoll: "meter-poll"
        case .clockAlignedMeterValues: "clock-aligned-meter-values"
        case .sampledMeterValues(let id): "sampled-meter-values(evse \(id))"
        case .sampledTxEndedValues(let id): "sampled-tx-ended-values(evse \(id))"
        case .evConnectionTimeout(let id): "ev-connection-timeout(evse \(id))"
        case .transactionMessageRetry: "transaction-message-retry"
        case .securityEventRetry: "security-event-retry"
        case .firmwareUpdate: "firmware-update"
        case .logUpload: "log-upload"
        case .chargingLimit: "charging-limit"
        case .certificateSigningRetry: "certificate-signing-retry"
        case .certificateRenewal: "certificate-renewal"
        }
    }
}

/// What a functional block asks of the station's timers: data, carried out by the actor on its clock.
public enum TimerAction: Sendable, Equatable {
    /// Fire `timer` once `after` has passed (replacing it if it is scheduled), then every `repeating`.
    case schedule(StationTimer, after: Duration, repeating: Duration? = nil)
    /// Forget `timer` if it is scheduled.
    case cancel(StationTimer)
}

/// The station's timers as data: when each is due, on the station's clock (time since the station was
/// made), and how often a repeating one comes back.
///
/// A value type with no clock of its own: the actor applies `TimerAction`s to it, sleeps until
/// `nextDeadline`, and asks `takeDue(at:)` which timers fire. Tests read it to see what is scheduled and
/// when, then advance a manual clock.
public struct TimerSchedule: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        /// When the timer fires, as time since the station was made.
        public var deadline: Duration
        /// How often it fires again after that; nil fires once.
        public var period: Duration?
    }

    /// Waits longer than this are capped (about 68 years): values from the CSMS can be huge
    /// (HeartbeatInterval = Int.max) and a clock deadline beyond the Duration range traps.
    public static let longest: Duration = .seconds(Int64(Int32.max))

    public private(set) var entries: [StationTimer: Entry] = [:]

    public init() {}

    public mutating func apply(_ action: TimerAction, at now: Duration) {
        switch action {
        case .schedule(let timer, let delay, let period):
            let delay = min(max(delay, .zero), Self.longest)
            entries[timer] = Entry(deadline: now + delay, period: period.map { min(max($0, .zero), Self.longest) })
        case .cancel(let timer):
            entries[timer] = nil
        }
    }

    /// The earliest deadline of any scheduled timer.
    public var nextDeadline: Duration? { entries.values.map(\.deadline).min() }

    /// The timers due at `now`, earliest first (ties in a fixed order). A one-shot timer is removed; a
    /// repeating one moves to its next deadline after `now`: a timer that fell behind (the clock jumped)
    /// fires once, not once for every period it missed.
    public mutating func takeDue(at now: Duration) -> [StationTimer] {
        let due = entries.filter { $0.value.deadline <= now }
            .sorted {
                ($0.value.deadline, $0.key.order.kind, $0.key.order.evseId)
                    < ($1.value.deadline, $1.key.order.kind, $1.key.order.evseId)
            }
            .map(\.key)
        for timer in due {
            guard let entry = entries[timer] else { continue }
            guard let period = entry.period, period > .zero else {
                entries[timer] = nil
                continue
            }
            var next = entry.deadline + period
            if next <= now {
                let behind = Int64((now - entry.deadline) / period)
                next = entry.deadline + period * behind + period
                if next <= now { next = now + period }
            }
            entries[timer] = Entry(deadline: next, period: period)
        }
        return due
    }
}
