import OCPP

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A limit on the station (EVSE 0) or one EVSE set from outside OCPP: an energy manager's or grid
/// operator's Modbus register, a ripple-control relay on a digital input, the control socket (K11-K13).
public struct ExternalLimitSignal: Sendable, Equatable {
    /// Who sets it, one limit per origin: "control", "modbus:<name>", "input:<name>". A new value from the
    /// same origin replaces the old one.
    public var origin: String
    /// EMS, Other or SO; never CSO (K11.FR.05, K12.FR.04).
    public var source: ChargingLimitSourceEnumType
    /// 0: the whole station.
    public var evseId: Int
    public var limit: Double
    public var unit: ChargingRateUnitEnumType
    public var isGridCritical: Bool?

    public init(
        origin: String,
        source: ChargingLimitSourceEnumType,
        evseId: Int,
        limit: Double,
        unit: ChargingRateUnitEnumType,
        isGridCritical: Bool? = nil
    ) {
        self.origin = origin
        self.source = source
        self.evseId = evseId
        self.limit = limit
        self.unit = unit
        self.isGridCritical = isGridCritical
    }
}

/// What became of a signal.
public enum ExternalLimitOutcome: Sendable, Equatable, CustomStringConvertible {
    /// In force; `notified` says whether the change was significant enough to tell the CSMS.
    case applied(notified: Bool)
    /// SmartChargingCtrlr.ExternalControlSignalsEnabled (or Enabled) is false: nothing changed.
    case ignored
    /// Cleared (K13).
    case cleared
    /// Nothing was set from that origin.
    case unknown
    case refused(String)

    public var description: String {
        switch self {
        case .applied(let notified): notified ? "applied; NotifyChargingLimit sent" : "applied (not significant)"
        case .ignored: "ignored: SmartChargingCtrlr.ExternalControlSignalsEnabled is false"
        case .cleared: "cleared; ClearedChargingLimit sent"
        case .unknown: "no external limit from that origin"
        case .refused(let why): "refused: \(why)"
        }
    }
}

/// One external limit in force, with what the CSMS was last told of it.
struct ExternalLimit: Sendable, Equatable {
    var signal: ExternalLimitSignal
    /// When it was first set: the start of its schedule as NotifyChargingLimit and reports show it.
    var since: Date
    /// The id of the ChargingStationExternalConstraints profile it shows as in ReportChargingProfiles.
    var profileId: Int
    /// The limit last sent in a NotifyChargingLimit (LimitChangeSignificance compares against it, so a slow
    /// creep of small changes is still reported once it adds up).
    var notifiedLimit: Double?

    var origin: String { signal.origin }
    var evseId: Int { signal.evseId }
    var source: ChargingLimitSourceEnumType { signal.source }

    /// The external limit as a schedule: one period from `start` on.
    func schedule(start: Date) -> ChargingScheduleType {
        ChargingScheduleType(
            id: profileId,
            startSchedule: start,
            chargingRateUnit: signal.unit,
            chargingSchedulePeriod: [
                ChargingSchedulePeriodType(startPeriod: 0, limit: CompositeSchedule.roundDown(signal.limit))
            ]
        )
    }

    /// The ChargingStationExternalConstraints profile it is (K11.FR.06, K12.FR.05): stack level 0, Absolute.
    func profile(start: Date) -> ChargingProfileType {
        ChargingProfileType(
            id: profileId,
            stackLevel: 0,
            chargingProfilePurpose: .chargingStationExternalConstraints,
            chargingProfileKind: .absolute,
            chargingSchedule: [schedule(start: start)]
        )
    }
}

/// External limits (K11-K13): whether a signal counts, when the CSMS is told (NotifyChargingLimit,
/// ClearedChargingLimit) and when a running transaction's rate changed enough for a TransactionEvent.
///
/// How they limit: each is a ChargingStationExternalConstraints profile in the composite schedule
/// (`CompositeSchedule`), so GetCompositeSchedule shows it (K08) and the pilot follows it through the same
/// schedule limit the CSMS's profiles reach the hardware by. A station-wide one caps the station's total
/// like the ChargingStationMaxProfile (K12.FR.01); one on an EVSE caps that EVSE (K11.FR.01).
enum ExternalLimits {
    struct Context: Sendable {
        /// SmartChargingCtrlr.Enabled and ExternalControlSignalsEnabled.
        var enabled: Bool
        var evseIds: Set<Int>
        var current: [ExternalLimit]
        /// SmartChargingCtrlr.LimitChangeSignificance, percent.
        var significance: Double
        /// SmartChargingCtrlr.NotifyChargingLimitWithSchedules.
        var withSchedules: Bool
        var rateUnits: Set<ChargingRateUnitEnumType>
        var now: Date
    }

    enum Action: Sendable, Equatable {
        /// Keep this limit (replacing the one of its origin).
        case keep(ExternalLimit)
        case drop(origin: String)
        case notify(NotifyChargingLimitRequest)
        case cleared(ClearedChargingLimitRequest)
        /// Apply the limits to the hardware again (and report rate changes of running transactions).
        case applyLimits
    }

    /// The first id external-constraint profiles take (far above what a CSMS numbers its profiles with).
    static let firstProfileId = 2_000_000_000

    /// A new value from a source (K11, K12).
    static func set(_ signal: ExternalLimitSignal, in context: Context) -> (ExternalLimitOutcome, [Action]) {
        guard signal.source != .cso else {
            return (.refused("the source of an external limit is EMS, Other or SO, never CSO"), [])
        }
        guard signal.limit.isFinite, signal.limit >= 0 else {
            return (.refused("the limit must be a number of at least 0, not \(signal.limit)"), [])
        }
        guard signal.evseId == 0 || context.evseIds.contains(signal.evseId) else {
            return (.refused("EVSE \(signal.evseId) does not exist"), [])
        }
        guard context.rateUnits.contains(signal.unit) else {
            return (.refused("\(signal.unit.rawValue) is not in SmartChargingCtrlr.RateUnit"), [])
        }
        guard context.enabled else { return (.ignored, []) }
        let old = context.current.first { $0.origin == signal.origin }
        var limit =
            old.map { kept in
                var limit = kept
                limit.signal = signal
                return limit
            }
            ?? ExternalLimit(
                signal: signal,
                since: context.now,
                profileId: max(firstProfileId, (context.current.map(\.profileId).max() ?? firstProfileId - 1) + 1)
            )
        if let old, old.evseId != signal.evseId || old.signal.unit != signal.unit {
            // Another EVSE or unit is another limit: shown from now on, and always significant.
            limit.since = context.now
            limit.notifiedLimit = nil
        }
        var actions: [Action] = []
        let significant = isSignificant(from: limit.notifiedLimit, to: signal.limit, percent: context.significance)
        if significant {
            limit.notifiedLimit = signal.limit
            actions.append(.notify(notification(limit, withSchedule: context.withSchedules)))
        }
        return (.applied(notified: significant), [.keep(limit)] + actions + [.applyLimits])
    }

    /// The source let go of its limit (K13).
    static func clear(origin: String, in context: Context) -> (ExternalLimitOutcome, [Action]) {
        guard let old = context.current.first(where: { $0.origin == origin }) else { return (.unknown, []) }
        let request = ClearedChargingLimitRequest(
            chargingLimitSource: old.source,
            evseId: old.evseId > 0 ? old.evseId : nil
        )
        // Told when the CSMS was told of the limit (K13.FR.02); a limit ignored or never notified needs no clearing.
        let tell: [Action] = context.enabled && old.notifiedLimit != nil ? [.cleared(request)] : []
        return (.cleared, [.drop(origin: origin)] + tell + [.applyLimits])
    }

    /// Whether a change from `old` (nil: nothing told yet) to `new` is more than `percent` of `old`.
    static func isSignificant(from old: Double?, to new: Double, percent: Double) -> Bool {
        guard let old else { return true }
        guard old > 0 else { return new != old }
        return abs(new - old) / old * 100 > max(0, percent)
    }

    /// K11.FR.02/03, K12.FR.02/03: the source and, when NotifyChargingLimitWithSchedules is true, the limit as
    /// the external system set it. evseId only for one EVSE (the message's evseId is > 0).
    static func notification(_ limit: ExternalLimit, withSchedule: Bool) -> NotifyChargingLimitRequest {
        NotifyChargingLimitRequest(
            chargingSchedule: withSchedule ? [limit.schedule(start: limit.since)] : nil,
            evseId: limit.evseId > 0 ? limit.evseId : nil,
            chargingLimit: ChargingLimitType(
                chargingLimitSource: limit.source,
                isGridCritical: limit.signal.isGridCritical
            )
        )
    }

    /// K11.FR.04, K13.FR.03: the EVSEs whose running transaction's limit moved by more than `percent`.
    static func rateChanged(
        before: [Int: Double],
        after: [Int: Double],
        running: Set<Int>,
        percent: Double
    ) -> [Int] {
        running.sorted().filter { evseId in
            guard let new = after[evseId] else { return false }
            return isSignificant(from: before[evseId], to: new, percent: percent)
        }
    }

    /// The profiles the composite schedule reads: each limit from `now` (a station clock set back must not
    /// move an external limit into the future; it is in force from when it came, whatever the clock says).
    static func compositeProfiles(_ limits: [ExternalLimit], now: Date) -> [InstalledProfile] {
        limits.map { InstalledProfile(evseId: $0.evseId, profile: $0.profile(start: now)) }
    }
}
