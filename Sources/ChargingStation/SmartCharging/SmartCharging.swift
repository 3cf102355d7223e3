import OCPP

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Smart charging (OCPP 2.0.1 K01-K10): installing, clearing and reporting charging profiles, and the
/// composite schedule they come to.
///
/// A block with a narrow context: it reads the installed profiles, the EVSEs (their transactions and
/// ratings) and the SmartChargingCtrlr limits, and returns what the station must do (store, remove, report,
/// apply the limits again). The rules a profile must pass are `ChargingProfileRules`'; the schedule is
/// `CompositeSchedule`'s.
enum SmartCharging {
    /// What the block reads of one EVSE.
    struct EVSE: Sendable, Equatable {
        var transaction: CompositeSchedule.Transaction?
        /// The board file's rating per phase, A.
        var ratedCurrent: Double
        var phases: Int
        /// A DC EVSE's nominal DC voltage (its limits are a power setpoint in W); nil for AC.
        var dcVoltage: Double? = nil
    }

    struct Context: Sendable {
        /// SmartChargingCtrlr.Enabled.
        var enabled = true
        var evses: [Int: EVSE]
        /// Every installed profile, by id.
        var installed: [InstalledProfile]
        var limits = ChargingProfileRules.Limits()
        /// The CSMS's time now.
        var now: Date
        /// Profiles per ReportChargingProfilesRequest.
        var profilesPerReport = 4
        /// The external limits in force (K11-K13; empty while ExternalControlSignalsEnabled is false): one more
        /// input to the composite schedule, and ChargingStationExternalConstraints profiles in reports.
        var external: [ExternalLimit] = []
    }

    enum Action: Sendable, Equatable {
        /// Keep this profile (replacing one with its id).
        case store(InstalledProfile)
        case remove(ids: [Int])
        /// Send these, in order, once the response is sent.
        case report([ReportChargingProfilesRequest])
        /// Profiles changed: apply the limits to the hardware again.
        case applyLimits
    }

    static let disabled = StatusInfoType(
        reasonCode: "UnsupportedRequest",
        additionalInfo: "SmartChargingCtrlr.Enabled is false"
    )

    // MARK: K01 SetChargingProfile

    static func setChargingProfile(
        _ request: SetChargingProfileRequest,
        in context: Context
    ) -> (SetChargingProfileResponse, [Action]) {
        guard context.enabled else { return (SetChargingProfileResponse(status: .rejected, statusInfo: disabled), []) }
        let evses = context.evses.mapValues { ChargingProfileRules.EVSE(transactionId: $0.transaction?.id) }
        if let rejection = ChargingProfileRules.check(
            request.chargingProfile,
            evseId: request.evseId,
            evses: evses,
            installed: context.installed,
            limits: context.limits
        ) {
            return (SetChargingProfileResponse(status: .rejected, statusInfo: rejection.statusInfo), [])
        }
        let installed = InstalledProfile(evseId: request.evseId, profile: request.chargingProfile)
        return (SetChargingProfileResponse(status: .accepted), [.store(installed), .applyLimits])
    }

    // MARK: K05 RequestStartTransaction with a profile

    /// Why the profile of a remote start cannot be used (the start is then Rejected); nil when it can.
    static func remoteStartRejection(_ profile: ChargingProfileType, in context: Context) -> StatusInfoType? {
        guard context.enabled else { return nil }
        return ChargingProfileRules.checkForRemoteStart(profile, limits: context.limits)?.statusInfo
    }

    /// The remote start's TxProfile, once its transaction runs on `evseId`: installed for it (replacing one
    /// with its id). Nil when Smart Charging is off (F01.FR.12: the profile is ignored) or the profile no
    /// longer fits next to the others.
    static func remoteStartProfile(
        _ profile: ChargingProfileType,
        evseId: Int,
        transactionId: String,
        in context: Context
    ) -> [Action] {
        guard context.enabled else { return [] }
        var profile = profile
        profile.transactionId = transactionId
        let request = SetChargingProfileRequest(evseId: evseId, chargingProfile: profile)
        return setChargingProfile(request, in: context).1
    }

    // MARK: K10 ClearChargingProfile

    /// By id, or by criteria (every given criterion must match; none given clears all). Unknown when
    /// nothing matched.
    static func clearChargingProfile(
        _ request: ClearChargingProfileRequest,
        in context: Context
    ) -> (ClearChargingProfileResponse, [Action]) {
        let matching: [InstalledProfile]
        if let id = request.chargingProfileId {
            matching = context.installed.filter { $0.id == id }
        } else {
            let criteria = request.chargingProfileCriteria
            matching = context.installed.filter { profile in
                (criteria?.evseId.map { $0 == profile.evseId } ?? true)
                    && (criteria?.chargingProfilePurpose.map { $0 == profile.purpose } ?? true)
                    && (criteria?.stackLevel.map { $0 == profile.stackLevel } ?? true)
            }
        }
        guard !matching.isEmpty else { return (ClearChargingProfileResponse(status: .unknown), []) }
        return (ClearChargingProfileResponse(status: .accepted), [.remove(ids: matching.map(\.id)), .applyLimits])
    }

    // MARK: K09 GetChargingProfiles

    /// The profiles matching the request, answered Accepted (then reported, `profilesPerReport` to a message,
    /// tbc on all but the last) or NoProfiles.
    ///
    /// evseId absent: every EVSE and the station; 0: the profiles installed on the station; n: those on EVSE
    /// n. chargingProfileId given: those ids only; else purpose and stackLevel as given. Profiles the CSMS
    /// sets come from the CSO source: a chargingLimitSource without CSO matches none of them; external limits
    /// match their own source (EMS, Other, SO).
    static func getChargingProfiles(
        _ request: GetChargingProfilesRequest,
        in context: Context
    ) -> (GetChargingProfilesResponse, [Action]) {
        let criteria = request.chargingProfile
        let matching = context.installed.filter { profile in
            if let evseId = request.evseId, profile.evseId != evseId { return false }
            if let sources = criteria.chargingLimitSource, !sources.contains(.cso) { return false }
            if let ids = criteria.chargingProfileId { return ids.contains(profile.id) }
            return (criteria.chargingProfilePurpose.map { $0 == profile.purpose } ?? true)
                && (criteria.stackLevel.map { $0 == profile.stackLevel } ?? true)
        }
        // External limits show as ChargingStationExternalConstraints profiles of their own source (TC_K_52_CS).
        let external = context.external.filter { limit in
            if let evseId = request.evseId, limit.evseId != evseId { return false }
            if let sources = criteria.chargingLimitSource, !sources.contains(limit.source) { return false }
            if let ids = criteria.chargingProfileId { return ids.contains(limit.profileId) }
            return (criteria.chargingProfilePurpose.map { $0 == .chargingStationExternalConstraints } ?? true)
                && (criteria.stackLevel.map { $0 == 0 } ?? true)
        }
        guard !matching.isEmpty || !external.isEmpty else {
            return (GetChargingProfilesResponse(status: .noProfiles), [])
        }
        // One report names one source and one EVSE: grouped by both, CSO first.
        var groups: [(evseId: Int, source: ChargingLimitSourceEnumType, profiles: [ChargingProfileType])] = []
        for evseId in Set(matching.map(\.evseId)).sorted() {
            groups.append((evseId, .cso, matching.filter { $0.evseId == evseId }.map(\.profile)))
        }
        for source in [ChargingLimitSourceEnumType.ems, .other, .so] {
            let limits = external.filter { $0.source == source }
            for evseId in Set(limits.map(\.evseId)).sorted() {
                groups.append(
                    (evseId, source, limits.filter { $0.evseId == evseId }.map { $0.profile(start: $0.since) })
                )
            }
        }
        let perReport = max(1, context.profilesPerReport)
        var reports: [ReportChargingProfilesRequest] = []
        for group in groups {
            let profiles = group.profiles
            for start in stride(from: 0, to: profiles.count, by: perReport) {
                reports.append(
                    ReportChargingProfilesRequest(
                        requestId: request.requestId,
                        chargingLimitSource: group.source,
                        chargingProfile: Array(profiles[start..<min(start + perReport, profiles.count)]),
                        evseId: group.evseId
                    )
                )
            }
        }
        for index in reports.indices { reports[index].tbc = index < reports.count - 1 ? true : nil }
        return (GetChargingProfilesResponse(status: .accepted), [.report(reports)])
    }

    // MARK: K08 GetCompositeSchedule

    /// The composite schedule of an EVSE (or the station, 0) from now on: Rejected for an EVSE the station
    /// does not have or a unit it does not support (K08), else Accepted with the schedule.
    static func getCompositeSchedule(
        _ request: GetCompositeScheduleRequest,
        in context: Context
    ) -> GetCompositeScheduleResponse {
        guard request.evseId == 0 || context.evses[request.evseId] != nil else {
            return GetCompositeScheduleResponse(
                status: .rejected,
                statusInfo: StatusInfoType(
                    reasonCode: "UnknownEVSE",
                    additionalInfo: "EVSE \(request.evseId) does not exist"
                )
            )
        }
        let unit = request.chargingRateUnit ?? .a
        guard context.limits.rateUnits.contains(unit) else {
            return GetCompositeScheduleResponse(
                status: .rejected,
                statusInfo: StatusInfoType(
                    reasonCode: "UnsupportedRateUnit",
                    additionalInfo: "\(unit.rawValue) is not in RateUnit"
                )
            )
        }
        guard request.duration >= 0 else {
            return GetCompositeScheduleResponse(
                status: .rejected,
                statusInfo: StatusInfoType(reasonCode: "InvalidValue", additionalInfo: "duration must not be negative")
            )
        }
        let input = compositeInput(evseId: request.evseId, duration: max(1, request.duration), unit: unit, in: context)
        return GetCompositeScheduleResponse(status: .accepted, schedule: CompositeSchedule.schedule(input))
    }

    /// What the composite schedule of `evseId` reads. The station (0) is rated at the sum of its EVSEs'
    /// ratings; an EVSE shares the ChargingStationMaxProfile with the other EVSEs running a transaction.
    static func compositeInput(
        evseId: Int,
        duration: Int,
        unit: ChargingRateUnitEnumType,
        in context: Context
    ) -> CompositeSchedule.Input {
        let evse = context.evses[evseId]
        let charging = context.evses.values.filter { $0.transaction != nil }.count
        let sharing = evse?.transaction != nil ? charging : charging + 1
        return CompositeSchedule.Input(
            profiles: context.installed + ExternalLimits.compositeProfiles(context.external, now: context.now),
            evseId: evseId,
            start: context.now,
            duration: duration,
            unit: unit,
            transaction: evse?.transaction,
            ratedCurrent: evse?.ratedCurrent ?? context.evses.values.map(\.ratedCurrent).reduce(0, +),
            phases: evse?.dcVoltage != nil ? 1 : evse?.phases ?? (context.evses.values.map(\.phases).max() ?? 3),
            voltage: evse?.dcVoltage ?? CompositeSchedule.nominalVoltage,
            stationShare: max(1, sharing),
            isDC: evse?.dcVoltage != nil
        )
    }

    // MARK: limits on the hardware

    /// The current (A) the schedule allows `evseId` now, and in how many seconds it changes next (nil: not
    /// within a day). How the pilot expresses it is `OfferedCurrent.applying`.
    static func limitNow(evseId: Int, in context: Context) -> (amps: Double, changesIn: Int?) {
        let day = 86_400
        let periods = CompositeSchedule.periods(compositeInput(evseId: evseId, duration: day, unit: .a, in: context))
        return (periods.first?.limit ?? 0, periods.dropFirst().first?.start)
    }

    /// The transaction `transactionId` ended: its TxProfiles go (K01: a TxProfile lives as long as its
    /// transaction).
    static func transactionEnded(_ transactionId: String, in context: Context) -> [Action] {
        let ids = context.installed.filter { $0.purpose == .txProfile && $0.profile.transactionId == transactionId }
            .map(\.id)
        return ids.isEmpty ? [] : [.remove(ids: ids), .applyLimits]
    }
}
