import OCPP

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The rules a charging profile must pass before the station installs it (K01, and K05 for the profile of a
/// RequestStartTransaction). Each rejection names the requirement it enforces, and goes back to the CSMS in
/// the response's statusInfo.
enum ChargingProfileRules {
    /// What the station can hold and express (SmartChargingCtrlr).
    struct Limits: Sendable, Equatable {
        /// SmartChargingCtrlr.Entries (maxLimit): profiles the station holds at most.
        var entries = 30
        /// SmartChargingCtrlr.PeriodsPerSchedule.
        var periodsPerSchedule = 24
        /// SmartChargingCtrlr.ProfileStackLevel: the highest stack level.
        var maxStackLevel = 10
        /// SmartChargingCtrlr.RateUnit.
        var rateUnits: Set<ChargingRateUnitEnumType> = [.a, .w]
        /// SmartChargingCtrlr.ACPhaseSwitchingSupported.
        var phaseSwitching = false
    }

    /// Why a profile was refused.
    struct Rejection: Error, Sendable, Equatable {
        /// The statusInfo reasonCode (Part 2, "Reason codes"): InvalidValue, TxNotFound, UnknownEVSE, ….
        var reasonCode: String
        /// The requirement, e.g. K01.FR.38, and what was wrong.
        var detail: String

        var statusInfo: StatusInfoType { StatusInfoType(reasonCode: reasonCode, additionalInfo: detail) }
    }

    /// What the rules read of one EVSE.
    struct EVSE: Sendable, Equatable {
        /// The transaction running there.
        var transactionId: String?
    }

    /// SetChargingProfile (K01): nil when `profile` may be installed on `evseId` next to `installed`.
    static func check(
        _ profile: ChargingProfileType,
        evseId: Int,
        evses: [Int: EVSE],
        installed: [InstalledProfile],
        limits: Limits
    ) -> Rejection? {
        if let rejection = checkTarget(profile, evseId: evseId, evses: evses) { return rejection }
        if let rejection = checkShape(profile, limits: limits) { return rejection }
        return checkNeighbours(profile, evseId: evseId, installed: installed, limits: limits)
    }

    /// The profile of a RequestStartTransaction (K05, F01): a TxProfile without a transactionId (the
    /// transaction does not exist yet), of a shape the station can use.
    static func checkForRemoteStart(_ profile: ChargingProfileType, limits: Limits) -> Rejection? {
        guard profile.chargingProfilePurpose == .txProfile else {
            return invalid("K05: the chargingProfile of RequestStartTransaction must be a TxProfile")
        }
        guard profile.transactionId == nil else {
            return invalid("K05: the chargingProfile of RequestStartTransaction has no transactionId yet")
        }
        return checkShape(profile, limits: limits)
    }

    // MARK: the rules

    static func invalid(_ detail: String) -> Rejection { Rejection(reasonCode: "InvalidValue", detail: detail) }

    /// Purpose, EVSE and transaction.
    static func checkTarget(_ profile: ChargingProfileType, evseId: Int, evses: [Int: EVSE]) -> Rejection? {
        guard evseId == 0 || evses[evseId] != nil else {
            return Rejection(reasonCode: "UnknownEVSE", detail: "K01.FR.28: EVSE \(evseId) does not exist")
        }
        switch profile.chargingProfilePurpose {
        case .chargingStationExternalConstraints:
            return invalid("K01.FR.22: ChargingStationExternalConstraints is set by the station, not the CSMS")
        case .chargingStationMaxProfile:
            guard evseId == 0 else { return invalid("K01.FR.03: a ChargingStationMaxProfile goes on EVSE 0") }
            guard profile.chargingProfileKind != .relative else {
                return invalid("K01.FR.38: a ChargingStationMaxProfile cannot be Relative")
            }
        case .txDefaultProfile:
            break
        case .txProfile:
            guard evseId > 0 else { return invalid("K01.FR.16: a TxProfile needs an EVSE (evseId > 0)") }
            guard let transactionId = profile.transactionId else {
                return invalid("K01.FR.03: a TxProfile needs the transactionId it belongs to")
            }
            guard let running = evses[evseId]?.transactionId else {
                return Rejection(reasonCode: "TxNotFound", detail: "K01.FR.09: no transaction on EVSE \(evseId)")
            }
            guard running == transactionId else {
                return Rejection(
                    reasonCode: "TxNotFound",
                    detail: "K01.FR.33: transaction \(transactionId) is not the one on EVSE \(evseId)"
                )
            }
        }
        if profile.chargingProfilePurpose != .txProfile, profile.transactionId != nil {
            return invalid("transactionId belongs to a TxProfile only")
        }
        return nil
    }

    /// Kind, validity, schedule, periods and units.
    static func checkShape(_ profile: ChargingProfileType, limits: Limits) -> Rejection? {
        guard (0...limits.maxStackLevel).contains(profile.stackLevel) else {
            return invalid("stackLevel \(profile.stackLevel) outside 0...\(limits.maxStackLevel) (ProfileStackLevel)")
        }
        if profile.chargingProfileKind == .recurring, profile.recurrencyKind == nil {
            return invalid("a Recurring profile needs a recurrencyKind")
        }
        if profile.chargingProfileKind != .recurring, profile.recurrencyKind != nil {
            return invalid("recurrencyKind belongs to a Recurring profile only")
        }
        if let from = profile.validFrom, let to = profile.validTo, from >= to {
            return invalid("validFrom must be before validTo")
        }
        guard profile.chargingSchedule.count == 1 else {
            return invalid("one chargingSchedule per profile (more are for ISO 15118, K15)")
        }
        return checkSchedule(profile.chargingSchedule[0], kind: profile.chargingProfileKind, limits: limits)
    }

    static func checkSchedule(
        _ schedule: ChargingScheduleType,
        kind: ChargingProfileKindEnumType,
        limits: Limits
    ) -> Rejection? {
        switch kind {
        case .absolute, .recurring:
            if schedule.startSchedule == nil {
                return invalid("K01.FR.40: an \(kind.rawValue) schedule needs a startSchedule")
            }
        case .relative:
            if schedule.startSchedule != nil { return invalid("K01.FR.41: a Relative schedule has no startSchedule") }
        }
        guard limits.rateUnits.contains(schedule.chargingRateUnit) else {
            return invalid(
                "K01.FR.26: chargingRateUnit \(schedule.chargingRateUnit.rawValue) is not supported (RateUnit)"
            )
        }
        if let duration = schedule.duration, duration < 0 { return invalid("duration must not be negative") }
        if let minimum = schedule.minChargingRate, !(minimum >= 0) {
            return invalid("minChargingRate must not be negative")
        }
        let periods = schedule.chargingSchedulePeriod
        guard periods.count <= limits.periodsPerSchedule else {
            return invalid("\(periods.count) periods, more than PeriodsPerSchedule (\(limits.periodsPerSchedule))")
        }
        guard periods.first?.startPeriod == 0 else { return invalid("K01.FR.31: the first period starts at 0") }
        for (previous, next) in zip(periods, periods.dropFirst()) where next.startPeriod <= previous.startPeriod {
            return invalid("K01.FR.35: startPeriod must increase (\(previous.startPeriod), then \(next.startPeriod))")
        }
        for period in periods {
            guard period.limit.isFinite, period.limit >= 0 else {
                return invalid("a limit must be a number of at least 0 (\(period.limit))")
            }
            if let phases = period.numberPhases, !(1...3).contains(phases) {
                return invalid("numberPhases must be 1, 2 or 3")
            }
            if let phase = period.phaseToUse {
                guard period.numberPhases == 1, (1...3).contains(phase) else {
                    return invalid("K01.FR.19: phaseToUse (1-3) only with numberPhases 1")
                }
                guard limits.phaseSwitching else {
                    return invalid("K01.FR.20: phaseToUse needs ACPhaseSwitchingSupported")
                }
            }
        }
        return nil
    }

    /// Room for one more, and no other profile in the same place (K01.FR.05 replaces by id; K01.FR.06,
    /// K01.FR.39 refuse a second profile on the same stack level).
    static func checkNeighbours(
        _ profile: ChargingProfileType,
        evseId: Int,
        installed: [InstalledProfile],
        limits: Limits
    ) -> Rejection? {
        let others = installed.filter { $0.id != profile.id }
        if others.count == installed.count, installed.count >= limits.entries {
            return invalid("the station holds \(limits.entries) profiles already (Entries)")
        }
        for other in others
        where other.purpose == profile.chargingProfilePurpose && other.stackLevel == profile.stackLevel {
            if profile.chargingProfilePurpose == .txProfile {
                if other.profile.transactionId == profile.transactionId {
                    return invalid(
                        "K01.FR.39: TxProfile \(other.id) has stackLevel \(profile.stackLevel) for this transaction"
                    )
                }
            } else if other.evseId == evseId, validityOverlaps(other.profile, profile) {
                return invalid(
                    "K01.FR.06: profile \(other.id) has the same purpose and stackLevel on EVSE \(evseId) at the same time"
                )
            }
        }
        return nil
    }

    static func validityOverlaps(_ a: ChargingProfileType, _ b: ChargingProfileType) -> Bool {
        let aFrom = a.validFrom ?? .distantPast
        let aTo = a.validTo ?? .distantFuture
        let bFrom = b.validFrom ?? .distantPast
        let bTo = b.validTo ?? .distantFuture
        return aFrom < bTo && bFrom < aTo
    }
}
