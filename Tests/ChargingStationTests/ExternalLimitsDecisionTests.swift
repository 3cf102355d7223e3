import Foundation
import OCPP
import Testing

@testable import ChargingStation

/// External limits (K11-K13) as plain functions: `ExternalLimits` decides what a signal does and what the
/// CSMS is told; `CompositeSchedule` and `SmartCharging` show how it limits and how it is reported. The
/// station-level cases (the pilot, the wire) are in `ExternalLimitsTests`.
@Suite struct ExternalLimitsDecisionTests {
    typealias D = SmartChargingDecisionTests
    static let now = D.now

    static func context(
        current: [ExternalLimit] = [],
        enabled: Bool = true,
        significance: Double = 10,
        withSchedules: Bool = false
    ) -> ExternalLimits.Context {
        ExternalLimits.Context(
            enabled: enabled,
            evseIds: [1, 2],
            current: current,
            significance: significance,
            withSchedules: withSchedules,
            rateUnits: [.a, .w],
            now: now
        )
    }

    static func signal(
        _ limit: Double,
        evse: Int = 1,
        source: ChargingLimitSourceEnumType = .ems,
        unit: ChargingRateUnitEnumType = .a,
        origin: String = "test"
    ) -> ExternalLimitSignal {
        ExternalLimitSignal(origin: origin, source: source, evseId: evse, limit: limit, unit: unit)
    }

    /// Applies `signal` to `context` the way the station does (keep / drop), returning the actions too.
    static func apply(
        _ signal: ExternalLimitSignal,
        _ context: inout ExternalLimits.Context
    ) -> (ExternalLimitOutcome, [ExternalLimits.Action]) {
        let (outcome, actions) = ExternalLimits.set(signal, in: context)
        for case .keep(let limit) in actions {
            context.current = context.current.filter { $0.origin != limit.origin } + [limit]
        }
        return (outcome, actions)
    }

    static func notifications(_ actions: [ExternalLimits.Action]) -> [NotifyChargingLimitRequest] {
        actions.compactMap { if case .notify(let request) = $0 { request } else { nil } }
    }

    @Test func K12_FR_02_K12_FR_04_aNewLimitIsNotifiedWithItsSourceNeverCSO() {
        var context = Self.context()
        let (outcome, actions) = Self.apply(Self.signal(20, evse: 0, source: .so), &context)
        #expect(outcome == .applied(notified: true))
        let sent = Self.notifications(actions)
        #expect(sent.count == 1)
        #expect(sent.first?.chargingLimit.chargingLimitSource == .so)
        #expect(sent.first?.evseId == nil, "a station-wide limit names no EVSE (evseId must be > 0)")
        #expect(sent.first?.chargingSchedule == nil, "NotifyChargingLimitWithSchedules is false")
        #expect(actions.last == .applyLimits)

        let (refused, none) = ExternalLimits.set(Self.signal(20, source: .cso), in: context)
        #expect(refused == .refused("the source of an external limit is EMS, Other or SO, never CSO"))
        #expect(none.isEmpty)
    }

    @Test func K11_FR_02_onlyAChangeOfMoreThanLimitChangeSignificanceIsNotified() {
        var context = Self.context(significance: 10)
        _ = Self.apply(Self.signal(10), &context)
        // 10 -> 10.9: 9 %, not more than 10 %: applied, not told.
        let (small, smallActions) = Self.apply(Self.signal(10.9), &context)
        #expect(small == .applied(notified: false))
        #expect(Self.notifications(smallActions).isEmpty)
        #expect(smallActions.contains(.applyLimits), "the new value limits all the same")
        // Compared with what was told (10), not the last value: 10 -> 11.1 is 11 %.
        let (big, bigActions) = Self.apply(Self.signal(11.1), &context)
        #expect(big == .applied(notified: true))
        #expect(Self.notifications(bigActions).count == 1)
        // Downwards too: 11.1 -> 9.9 is 10.8 %.
        #expect(Self.apply(Self.signal(9.9), &context).0 == .applied(notified: true))
        #expect(ExternalLimits.isSignificant(from: 0, to: 0, percent: 10) == false)
        #expect(ExternalLimits.isSignificant(from: 0, to: 6, percent: 10))
    }

    @Test func K11_FR_03_K12_FR_03_withSchedulesTheNotificationCarriesTheLimitAsSet() throws {
        var context = Self.context(withSchedules: true)
        let (_, actions) = Self.apply(Self.signal(7400, evse: 2, unit: .w), &context)
        let sent = try #require(Self.notifications(actions).first)
        #expect(sent.evseId == 2)
        let schedule = try #require(sent.chargingSchedule?.first)
        #expect(schedule.chargingRateUnit == .w)
        #expect(schedule.chargingSchedulePeriod == [ChargingSchedulePeriodType(startPeriod: 0, limit: 7400)])
        #expect(schedule.startSchedule == Self.now)
    }

    @Test func K13_FR_02_releasingALimitSendsClearedChargingLimit() {
        var context = Self.context()
        _ = Self.apply(Self.signal(10, evse: 1, source: .other), &context)
        let (outcome, actions) = ExternalLimits.clear(origin: "test", in: context)
        #expect(outcome == .cleared)
        #expect(
            actions == [
                .drop(origin: "test"),
                .cleared(ClearedChargingLimitRequest(chargingLimitSource: .other, evseId: 1)),
                .applyLimits,
            ]
        )
        #expect(ExternalLimits.clear(origin: "nobody", in: context).0 == .unknown)
    }

    @Test func externalControlSignalsEnabledFalseIgnoresSignals() {
        let (outcome, actions) = ExternalLimits.set(Self.signal(6), in: Self.context(enabled: false))
        #expect(outcome == .ignored)
        #expect(actions.isEmpty)
    }

    @Test func aSignalForAnEVSEThatDoesNotExistOrABadValueIsRefused() {
        #expect(ExternalLimits.set(Self.signal(6, evse: 9), in: Self.context()).0 == .refused("EVSE 9 does not exist"))
        #expect(
            ExternalLimits.set(Self.signal(-1), in: Self.context()).0
                == .refused("the limit must be a number of at least 0, not -1.0")
        )
    }

    @Test func K11_FR_04_K13_FR_03_aRunningTransactionsRateChangeOverTheSignificanceIsReported() {
        let changed = ExternalLimits.rateChanged(
            before: [1: 32, 2: 16, 3: 10],
            after: [1: 10, 2: 15, 3: 6],
            running: [1, 2],
            percent: 10
        )
        #expect(changed == [1], "EVSE 2 moved 6 %; EVSE 3 has no transaction")
    }

    // MARK: in the composite schedule (K08) and the reports (K09)

    static func smartContext(_ limits: [ExternalLimit], transaction: String? = "TX-1") -> SmartCharging.Context {
        var context = D.context(transaction: transaction)
        context.external = limits
        return context
    }

    static func limit(
        _ value: Double,
        evse: Int,
        source: ChargingLimitSourceEnumType = .ems,
        id: Int = 2_000_000_000
    )
        -> ExternalLimit
    {
        ExternalLimit(
            signal: Self.signal(value, evse: evse, source: source, origin: "o\(id)"),
            since: Self.now.addingTimeInterval(-60),
            profileId: id,
            notifiedLimit: value
        )
    }

    @Test func K08_K11_FR_01_anExternalLimitOnTheEVSEEntersItsCompositeSchedule() {
        let context = Self.smartContext([Self.limit(10, evse: 1)])
        let periods = CompositeSchedule.periods(
            SmartCharging.compositeInput(evseId: 1, duration: 600, unit: .a, in: context)
        )
        #expect(periods == [CompositeSchedule.Period(start: 0, limit: 10)])
        let other = CompositeSchedule.periods(
            SmartCharging.compositeInput(evseId: 2, duration: 600, unit: .a, in: context)
        )
        #expect(other == [CompositeSchedule.Period(start: 0, limit: 32)], "EVSE 2 is not limited")
    }

    @Test func K12_FR_01_aStationWideExternalLimitCapsTheTotalLikeTheStationMaximum() {
        let max = InstalledProfile(
            evseId: 0,
            profile: D.profile(id: 5, purpose: .chargingStationMaxProfile, periods: [(0, 40)])
        )
        var context = Self.smartContext([Self.limit(20, evse: 0)])
        context.installed = [max]
        // Station: min(rating 64, max 40, external 20) = 20; EVSE 1 charging alone gets all of it.
        #expect(
            CompositeSchedule.periods(SmartCharging.compositeInput(evseId: 0, duration: 60, unit: .a, in: context))
                == [CompositeSchedule.Period(start: 0, limit: 20)]
        )
        #expect(
            CompositeSchedule.periods(SmartCharging.compositeInput(evseId: 1, duration: 60, unit: .a, in: context))
                == [CompositeSchedule.Period(start: 0, limit: 20)]
        )
        // A higher external limit leaves the station maximum in charge.
        context.external = [Self.limit(50, evse: 0)]
        #expect(
            CompositeSchedule.periods(SmartCharging.compositeInput(evseId: 0, duration: 60, unit: .a, in: context))
                == [CompositeSchedule.Period(start: 0, limit: 40)]
        )
    }

    @Test func K08_getCompositeScheduleInWattsShowsTheExternalLimit() {
        let context = Self.smartContext([Self.limit(10, evse: 1)])
        let response = SmartCharging.getCompositeSchedule(
            GetCompositeScheduleRequest(duration: 300, chargingRateUnit: .w, evseId: 1),
            in: context
        )
        #expect(response.status == .accepted)
        #expect(response.schedule?.chargingSchedulePeriod.map(\.limit) == [10 * 230 * 3])
    }

    @Test func TC_K_52_CS_K09_externalLimitsAreReportedAsExternalConstraintsOfTheirSource() throws {
        var context = Self.smartContext([
            Self.limit(10, evse: 1, source: .ems, id: 2_000_000_000),
            Self.limit(16, evse: 0, source: .so, id: 2_000_000_001),
        ])
        context.installed = [InstalledProfile(evseId: 1, profile: D.profile(id: 3))]

        let ems = SmartCharging.getChargingProfiles(
            GetChargingProfilesRequest(
                requestId: 52,
                chargingProfile: ChargingProfileCriterionType(chargingLimitSource: [.ems])
            ),
            in: context
        )
        #expect(ems.0.status == .accepted)
        guard case .report(let reports)? = ems.1.first else { throw ScriptedCSMS.Timeout() }
        #expect(reports.count == 1)
        #expect(reports.first?.chargingLimitSource == .ems)
        #expect(reports.first?.evseId == 1)
        #expect(reports.first?.chargingProfile.map(\.chargingProfilePurpose) == [.chargingStationExternalConstraints])
        #expect(reports.first?.chargingProfile.first?.chargingSchedule.first?.chargingSchedulePeriod.first?.limit == 10)

        // No source given: every profile, one report per source and EVSE, CSO first.
        let all = SmartCharging.getChargingProfiles(
            GetChargingProfilesRequest(requestId: 53, chargingProfile: ChargingProfileCriterionType()),
            in: context
        )
        guard case .report(let every)? = all.1.first else { throw ScriptedCSMS.Timeout() }
        #expect(every.map(\.chargingLimitSource) == [.cso, .ems, .so])
        #expect(every.map(\.evseId) == [1, 1, 0])
        #expect(every.map(\.tbc) == [true, true, nil])

        // CSO only: the external ones stay out.
        let cso = SmartCharging.getChargingProfiles(
            GetChargingProfilesRequest(
                requestId: 54,
                chargingProfile: ChargingProfileCriterionType(chargingLimitSource: [.cso])
            ),
            in: context
        )
        guard case .report(let csoReports)? = cso.1.first else { throw ScriptedCSMS.Timeout() }
        #expect(csoReports.flatMap(\.chargingProfile).map(\.id) == [3])

        // By purpose.
        let byPurpose = SmartCharging.getChargingProfiles(
            GetChargingProfilesRequest(
                requestId: 55,
                evseId: 0,
                chargingProfile: ChargingProfileCriterionType(
                    chargingProfilePurpose: .chargingStationExternalConstraints
                )
            ),
            in: context
        )
        guard case .report(let station)? = byPurpose.1.first else { throw ScriptedCSMS.Timeout() }
        #expect(station.map(\.chargingLimitSource) == [.so])
    }

    @Test func K01_FR_22_theCSMSCannotSetExternalConstraints() {
        let response = D.set(
            D.profile(id: 9, purpose: .chargingStationExternalConstraints),
            evseId: 0,
            in: Self.smartContext([])
        )
        #expect(response.status == .rejected)
    }
}
