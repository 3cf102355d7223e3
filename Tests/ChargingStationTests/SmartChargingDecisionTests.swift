import Foundation
import OCPP
import Testing

@testable import ChargingStation

/// Smart charging (K01-K10) as plain functions: `SmartCharging`, `ChargingProfileRules` and
/// `CompositeSchedule` with a narrow context, no actor. The OCTT cases that need a running session or a
/// restart are in `SmartChargingTests`.
@Suite struct SmartChargingDecisionTests {
    static let now = Date(timeIntervalSince1970: 1_764_000_000)

    static func context(
        installed: [InstalledProfile] = [],
        transaction: String? = nil,
        limits: ChargingProfileRules.Limits = ChargingProfileRules.Limits()
    ) -> SmartCharging.Context {
        let tx = transaction.map { CompositeSchedule.Transaction(id: $0, start: now.addingTimeInterval(-600)) }
        return SmartCharging.Context(
            evses: [
                1: SmartCharging.EVSE(transaction: tx, ratedCurrent: 32, phases: 3),
                2: SmartCharging.EVSE(transaction: nil, ratedCurrent: 32, phases: 3),
            ],
            installed: installed,
            limits: limits,
            now: now
        )
    }

    static func profile(
        id: Int = 1,
        stackLevel: Int = 0,
        purpose: ChargingProfilePurposeEnumType = .txDefaultProfile,
        kind: ChargingProfileKindEnumType = .absolute,
        recurrency: RecurrencyKindEnumType? = nil,
        validFrom: Date? = nil,
        validTo: Date? = nil,
        start: Date? = now,
        duration: Int? = nil,
        unit: ChargingRateUnitEnumType = .a,
        periods: [(Int, Double)] = [(0, 16)],
        transactionId: String? = nil
    ) -> ChargingProfileType {
        ChargingProfileType(
            id: id,
            stackLevel: stackLevel,
            chargingProfilePurpose: purpose,
            chargingProfileKind: kind,
            recurrencyKind: recurrency,
            validFrom: validFrom,
            validTo: validTo,
            chargingSchedule: [
                ChargingScheduleType(
                    id: id,
                    startSchedule: kind == .relative ? nil : start,
                    duration: duration,
                    chargingRateUnit: unit,
                    chargingSchedulePeriod: periods.map { ChargingSchedulePeriodType(startPeriod: $0.0, limit: $0.1) }
                )
            ],
            transactionId: transactionId
        )
    }

    static func set(
        _ profile: ChargingProfileType,
        evseId: Int,
        in context: SmartCharging.Context
    ) -> SetChargingProfileResponse {
        SmartCharging.setChargingProfile(
            SetChargingProfileRequest(evseId: evseId, chargingProfile: profile),
            in: context
        ).0
    }

    static func composite(
        evseId: Int = 1,
        duration: Int = 3600,
        unit: ChargingRateUnitEnumType? = nil,
        _ context: SmartCharging.Context
    ) -> GetCompositeScheduleResponse {
        SmartCharging.getCompositeSchedule(
            GetCompositeScheduleRequest(duration: duration, chargingRateUnit: unit, evseId: evseId),
            in: context
        )
    }

    static func limits(_ response: GetCompositeScheduleResponse) -> [[Double]] {
        (response.schedule?.chargingSchedulePeriod ?? []).map { [Double($0.startPeriod), $0.limit] }
    }

    // MARK: K01 SetChargingProfile

    @Test func TC_K_01_CS_txDefaultProfileOnASpecificEVSEIsStored() {
        let profile = Self.profile()
        let (response, actions) = SmartCharging.setChargingProfile(
            SetChargingProfileRequest(evseId: 1, chargingProfile: profile),
            in: Self.context()
        )
        #expect(response.status == .accepted)
        #expect(actions == [.store(InstalledProfile(evseId: 1, profile: profile)), .applyLimits])
    }

    @Test func TC_K_02_CS_K01_FR_09_txProfileWithoutATransactionIsRejected() {
        let response = Self.set(Self.profile(purpose: .txProfile, transactionId: "tx-9"), evseId: 2, in: Self.context())
        #expect(response.status == .rejected)
        #expect(response.statusInfo?.reasonCode == "TxNotFound")
    }

    @Test func TC_K_03_CS_chargingStationMaxProfileGoesOnEVSE0Only() {
        let max = Self.profile(purpose: .chargingStationMaxProfile)
        #expect(Self.set(max, evseId: 0, in: Self.context()).status == .accepted)
        #expect(Self.set(max, evseId: 1, in: Self.context()).status == .rejected, "K01.FR.03")
    }

    @Test func TC_K_04_CS_K01_FR_05_sameIdReplacesTheProfile() {
        let old = InstalledProfile(evseId: 1, profile: Self.profile(id: 7, periods: [(0, 16)]))
        let new = Self.profile(id: 7, periods: [(0, 10)])
        let (response, actions) = SmartCharging.setChargingProfile(
            SetChargingProfileRequest(evseId: 1, chargingProfile: new),
            in: Self.context(installed: [old])
        )
        #expect(response.status == .accepted, "same id and stack level: a replacement, not a collision")
        #expect(actions.first == .store(InstalledProfile(evseId: 1, profile: new)))
    }

    @Test func TC_K_10_CS_txDefaultProfileForAllEVSEs() {
        #expect(Self.set(Self.profile(), evseId: 0, in: Self.context()).status == .accepted)
        let context = Self.context(installed: [InstalledProfile(evseId: 0, profile: Self.profile(periods: [(0, 10)]))])
        #expect(Self.limits(Self.composite(evseId: 1, context)) == [[0, 10]])
        #expect(Self.limits(Self.composite(evseId: 2, context)) == [[0, 10]])
    }

    @Test func TC_K_11_CS_K01_FR_16_noTxProfileOnAllEVSEsAtOnce() {
        let response = Self.set(
            Self.profile(purpose: .txProfile, transactionId: "tx-1"),
            evseId: 0,
            in: Self.context(transaction: "tx-1")
        )
        #expect(response.status == .rejected)
        #expect(response.statusInfo?.additionalInfo?.hasPrefix("K01.FR.16") == true)
    }

    @Test func TC_K_12_CS_K01_FR_26_aRateUnitTheStationDoesNotSupportIsRejected() {
        var limits = ChargingProfileRules.Limits()
        limits.rateUnits = [.a]
        let response = Self.set(
            Self.profile(unit: .w, periods: [(0, 11_000)]),
            evseId: 1,
            in: Self.context(limits: limits)
        )
        #expect(response.status == .rejected)
        #expect(response.statusInfo?.additionalInfo?.hasPrefix("K01.FR.26") == true)
    }

    @Test func TC_K_14_CS_K01_FR_28_anEVSEThatDoesNotExistIsRejected() {
        let response = Self.set(Self.profile(), evseId: 9, in: Self.context())
        #expect(response.status == .rejected)
        #expect(response.statusInfo?.reasonCode == "UnknownEVSE")
    }

    @Test func TC_K_16_CS_K01_FR_33_aTransactionIdNotOnTheEVSEIsRejected() {
        let response = Self.set(
            Self.profile(purpose: .txProfile, transactionId: "not-this-one"),
            evseId: 1,
            in: Self.context(transaction: "tx-1")
        )
        #expect(response.status == .rejected)
        #expect(response.statusInfo?.additionalInfo?.hasPrefix("K01.FR.33") == true)
    }

    @Test func TC_K_60_CS_txProfileForTheRunningTransactionIsAccepted() {
        let profile = Self.profile(purpose: .txProfile, transactionId: "tx-1")
        #expect(Self.set(profile, evseId: 1, in: Self.context(transaction: "tx-1")).status == .accepted)
    }

    @Test func K01_shapeRulesRejectWhatTheSpecForbids() {
        let context = Self.context(transaction: "tx-1")
        let cases: [(String, ChargingProfileType, Int)] = [
            ("K01.FR.22", Self.profile(purpose: .chargingStationExternalConstraints), 0),
            ("K01.FR.38", Self.profile(purpose: .chargingStationMaxProfile, kind: .relative), 0),
            ("K01.FR.03", Self.profile(purpose: .txProfile), 1),
            ("K01.FR.40", Self.profile(start: nil), 1),
            ("K01.FR.41", Self.profile(kind: .relative).with { $0.chargingSchedule[0].startSchedule = Self.now }, 1),
            ("K01.FR.31", Self.profile(periods: [(10, 16)]), 1),
            ("K01.FR.35", Self.profile(periods: [(0, 16), (600, 10), (600, 8)]), 1),
            ("a limit", Self.profile(periods: [(0, -1)]), 1),
            ("stackLevel", Self.profile(stackLevel: 11), 1),
            ("Recurring", Self.profile(kind: .recurring), 1),
            ("validFrom", Self.profile(validFrom: Self.now, validTo: Self.now), 1),
            ("PeriodsPerSchedule", Self.profile(periods: (0..<25).map { ($0 * 60, 16) }), 1),
            ("K01.FR.19", Self.profile().with { $0.chargingSchedule[0].chargingSchedulePeriod[0].phaseToUse = 1 }, 1),
            (
                "K01.FR.20",
                Self.profile().with {
                    $0.chargingSchedule[0].chargingSchedulePeriod[0].numberPhases = 1
                    $0.chargingSchedule[0].chargingSchedulePeriod[0].phaseToUse = 2
                }, 1
            ),
        ]
        for (rule, profile, evseId) in cases {
            let response = Self.set(profile, evseId: evseId, in: context)
            #expect(response.status == .rejected, "\(rule)")
            #expect(
                response.statusInfo?.additionalInfo?.contains(rule) == true,
                "\(rule): \(response.statusInfo?.additionalInfo ?? "-")"
            )
        }
    }

    @Test func K01_FR_06_anotherProfileOnTheSameStackLevelAndPlaceIsRejectedUnlessTheirValidityIsApart() {
        let installed = [
            InstalledProfile(evseId: 1, profile: Self.profile(id: 1, validTo: Self.now.addingTimeInterval(3600)))
        ]
        let context = Self.context(installed: installed)
        #expect(Self.set(Self.profile(id: 2), evseId: 1, in: context).status == .rejected)
        #expect(Self.set(Self.profile(id: 2, stackLevel: 1), evseId: 1, in: context).status == .accepted)
        #expect(Self.set(Self.profile(id: 2), evseId: 2, in: context).status == .accepted, "another EVSE")
        #expect(
            Self.set(Self.profile(id: 2, validFrom: Self.now.addingTimeInterval(3600)), evseId: 1, in: context).status
                == .accepted
        )
    }

    @Test func K01_FR_39_oneTxProfilePerStackLevelAndTransaction() {
        let installed = [
            InstalledProfile(evseId: 1, profile: Self.profile(id: 1, purpose: .txProfile, transactionId: "tx-1"))
        ]
        let response = Self.set(
            Self.profile(id: 2, purpose: .txProfile, transactionId: "tx-1"),
            evseId: 1,
            in: Self.context(installed: installed, transaction: "tx-1")
        )
        #expect(response.statusInfo?.additionalInfo?.hasPrefix("K01.FR.39") == true)
    }

    @Test func entriesLimitTheNumberOfProfilesButNotAReplacement() {
        var limits = ChargingProfileRules.Limits()
        limits.entries = 1
        let context = Self.context(
            installed: [InstalledProfile(evseId: 1, profile: Self.profile(id: 1))],
            limits: limits
        )
        #expect(Self.set(Self.profile(id: 2, stackLevel: 3), evseId: 1, in: context).status == .rejected)
        #expect(Self.set(Self.profile(id: 1, periods: [(0, 8)]), evseId: 1, in: context).status == .accepted)
    }

    @Test func smartChargingDisabledRejectsProfiles() {
        var context = Self.context()
        context.enabled = false
        #expect(Self.set(Self.profile(), evseId: 1, in: context).status == .rejected)
    }

    // MARK: K10 ClearChargingProfile

    static let three = [
        InstalledProfile(evseId: 0, profile: profile(id: 1, purpose: .chargingStationMaxProfile)),
        InstalledProfile(evseId: 1, profile: profile(id: 2, stackLevel: 1)),
        InstalledProfile(evseId: 2, profile: profile(id: 3, stackLevel: 1)),
    ]

    @Test func TC_K_05_CS_clearById() {
        let (response, actions) = SmartCharging.clearChargingProfile(
            ClearChargingProfileRequest(chargingProfileId: 2),
            in: Self.context(installed: Self.three)
        )
        #expect(response.status == .accepted)
        #expect(actions == [.remove(ids: [2]), .applyLimits])
    }

    @Test func TC_K_06_CS_clearByStackLevelAndPurposeForOneProfile() {
        let criteria = ClearChargingProfileType(evseId: 1, chargingProfilePurpose: .txDefaultProfile, stackLevel: 1)
        let (response, actions) = SmartCharging.clearChargingProfile(
            ClearChargingProfileRequest(chargingProfileCriteria: criteria),
            in: Self.context(installed: Self.three)
        )
        #expect(response.status == .accepted)
        #expect(actions.first == .remove(ids: [2]))
    }

    @Test func TC_K_07_CS_clearWithAnUnknownStackLevelAndPurposeIsUnknown() {
        let criteria = ClearChargingProfileType(chargingProfilePurpose: .txDefaultProfile, stackLevel: 5)
        let (response, actions) = SmartCharging.clearChargingProfile(
            ClearChargingProfileRequest(chargingProfileCriteria: criteria),
            in: Self.context(installed: Self.three)
        )
        #expect(response.status == .unknown)
        #expect(actions.isEmpty)
    }

    @Test func TC_K_08_CS_clearWithoutAnyProfileIsUnknown() {
        #expect(
            SmartCharging.clearChargingProfile(ClearChargingProfileRequest(chargingProfileId: 1), in: Self.context()).0
                .status == .unknown
        )
    }

    @Test func TC_K_24_CS_clearByStackLevelAndPurposeForSeveralProfiles() {
        let criteria = ClearChargingProfileType(chargingProfilePurpose: .txDefaultProfile, stackLevel: 1)
        let (response, actions) = SmartCharging.clearChargingProfile(
            ClearChargingProfileRequest(chargingProfileCriteria: criteria),
            in: Self.context(installed: Self.three)
        )
        #expect(response.status == .accepted)
        #expect(actions.first == .remove(ids: [2, 3]))
    }

    // MARK: K09 GetChargingProfiles

    static func reports(
        _ request: GetChargingProfilesRequest,
        _ installed: [InstalledProfile] = three,
        perReport: Int = 4
    )
        -> (GetChargingProfileStatusEnumType, [ReportChargingProfilesRequest])
    {
        var context = Self.context(installed: installed)
        context.profilesPerReport = perReport
        let (response, actions) = SmartCharging.getChargingProfiles(request, in: context)
        guard case .report(let reports)? = actions.first else { return (response.status, []) }
        return (response.status, reports)
    }

    static func ids(_ reports: [ReportChargingProfilesRequest]) -> [Int] {
        reports.flatMap { $0.chargingProfile.map(\.id) }
    }

    @Test func TC_K_29_CS_evse0ReportsTheStationsOwnProfiles() {
        let (status, reports) = Self.reports(
            GetChargingProfilesRequest(requestId: 1, evseId: 0, chargingProfile: .init())
        )
        #expect(status == .accepted)
        #expect(Self.ids(reports) == [1])
        #expect(reports.allSatisfy { $0.evseId == 0 && $0.requestId == 1 && $0.chargingLimitSource == .cso })
    }

    @Test func TC_K_30_CS_anEVSEReportsItsProfiles() {
        let (_, reports) = Self.reports(GetChargingProfilesRequest(requestId: 2, evseId: 2, chargingProfile: .init()))
        #expect(Self.ids(reports) == [3])
        #expect(reports.map(\.evseId) == [2])
    }

    @Test func TC_K_31_CS_noEVSEReportsEveryProfileOneReportPerEVSE() {
        let (_, reports) = Self.reports(GetChargingProfilesRequest(requestId: 3, chargingProfile: .init()))
        #expect(reports.map(\.evseId) == [0, 1, 2])
        #expect(reports.map(\.tbc) == [true, true, nil], "tbc on all but the last")
    }

    @Test func TC_K_32_CS_byChargingProfileId() {
        let (_, reports) = Self.reports(
            GetChargingProfilesRequest(requestId: 4, chargingProfile: .init(chargingProfileId: [3, 1]))
        )
        #expect(Self.ids(reports) == [1, 3])
    }

    @Test func TC_K_33_CS_anEVSEAndAStackLevel() {
        let (status, reports) = Self.reports(
            GetChargingProfilesRequest(requestId: 5, evseId: 1, chargingProfile: .init(stackLevel: 1))
        )
        #expect(status == .accepted)
        #expect(Self.ids(reports) == [2])
        #expect(
            Self.reports(GetChargingProfilesRequest(requestId: 5, evseId: 1, chargingProfile: .init(stackLevel: 0))).0
                == .noProfiles
        )
    }

    @Test func TC_K_34_CS_anEVSEAndAChargingLimitSource() {
        #expect(
            Self.ids(
                Self.reports(
                    GetChargingProfilesRequest(
                        requestId: 6,
                        evseId: 1,
                        chargingProfile: .init(chargingLimitSource: [.cso])
                    )
                ).1
            ) == [2]
        )
        #expect(
            Self.reports(
                GetChargingProfilesRequest(requestId: 6, evseId: 1, chargingProfile: .init(chargingLimitSource: [.ems]))
            ).0 == .noProfiles
        )
    }

    @Test func TC_K_35_CS_anEVSEAndAPurpose() {
        let request = GetChargingProfilesRequest(
            requestId: 7,
            evseId: 1,
            chargingProfile: .init(chargingProfilePurpose: .txDefaultProfile)
        )
        #expect(Self.ids(Self.reports(request).1) == [2])
        let none = GetChargingProfilesRequest(
            requestId: 7,
            evseId: 1,
            chargingProfile: .init(chargingProfilePurpose: .txProfile)
        )
        #expect(Self.reports(none).0 == .noProfiles)
    }

    @Test func TC_K_36_CS_anEVSEAPurposeAndAStackLevel() {
        let request = GetChargingProfilesRequest(
            requestId: 8,
            evseId: 2,
            chargingProfile: .init(chargingProfilePurpose: .txDefaultProfile, stackLevel: 1)
        )
        #expect(Self.ids(Self.reports(request).1) == [3])
    }

    @Test func K09_manyProfilesArePagedWithTbc() {
        let installed = (1...9).map { InstalledProfile(evseId: 1, profile: Self.profile(id: $0, stackLevel: $0)) }
        let (_, reports) = Self.reports(
            GetChargingProfilesRequest(requestId: 9, chargingProfile: .init()),
            installed,
            perReport: 4
        )
        #expect(reports.map(\.chargingProfile.count) == [4, 4, 1])
        #expect(reports.map(\.tbc) == [true, true, nil])
    }

    // MARK: K08 GetCompositeSchedule

    @Test func TC_K_39_CS_withoutProfilesTheRatingIsTheSchedule() {
        let response = Self.composite(duration: 300, Self.context())
        #expect(response.status == .accepted)
        #expect(response.schedule?.evseId == 1)
        #expect(response.schedule?.duration == 300)
        #expect(response.schedule?.scheduleStart == Self.now)
        #expect(Self.limits(response) == [[0, 32]])
    }

    @Test func TC_K_40_CS_theHighestStackLevelWinsWhileItHasAPeriod() {
        let context = Self.context(installed: [
            InstalledProfile(evseId: 1, profile: Self.profile(id: 1, stackLevel: 0, periods: [(0, 20)])),
            InstalledProfile(
                evseId: 1,
                profile: Self.profile(id: 2, stackLevel: 1, duration: 600, periods: [(0, 10), (300, 12)])
            ),
        ])
        #expect(Self.limits(Self.composite(duration: 1200, context)) == [[0, 10], [300, 12], [600, 20]])
    }

    @Test func TC_K_41_CS_purposesCombineToTheLowest() {
        let context = Self.context(
            installed: [
                InstalledProfile(
                    evseId: 0,
                    profile: Self.profile(id: 1, purpose: .chargingStationMaxProfile, periods: [(0, 25), (900, 8)])
                ),
                InstalledProfile(evseId: 1, profile: Self.profile(id: 2, periods: [(0, 16)])),
                InstalledProfile(
                    evseId: 1,
                    profile: Self.profile(
                        id: 3,
                        purpose: .txProfile,
                        duration: 600,
                        periods: [(0, 30)],
                        transactionId: "tx-1"
                    )
                ),
            ],
            transaction: "tx-1"
        )
        // TxProfile 30 over TxDefault 16 for 600 s, capped by the rating (32) and the station's 25; then 16; then 8.
        #expect(Self.limits(Self.composite(duration: 1800, context)) == [[0, 25], [600, 16], [900, 8]])
    }

    @Test func TC_K_42_CS_aRateUnitNotSupportedIsRejected() {
        var limits = ChargingProfileRules.Limits()
        limits.rateUnits = [.a]
        #expect(Self.composite(unit: .w, Self.context(limits: limits)).status == .rejected)
    }

    @Test func TC_K_47_CS_anUnknownEVSEIsRejected() {
        #expect(Self.composite(evseId: 5, Self.context()).status == .rejected)
    }

    @Test func K08_wattsAndAmpsConvertWithThePhasesAnd230V() {
        let context = Self.context(installed: [
            InstalledProfile(evseId: 1, profile: Self.profile(unit: .w, periods: [(0, 11_040), (60, 2_000)]))
        ])
        #expect(Self.limits(Self.composite(duration: 120, unit: .a, context)) == [[0, 16], [60, 2.8]])
        #expect(Self.limits(Self.composite(duration: 120, unit: .w, context)) == [[0, 11_040], [60, 2_000]])
    }

    @Test func TC_K_19_CS_aDailyRecurringProfileComesBackEveryDay() {
        let start = Self.now.addingTimeInterval(-86_400 * 3 + 3600)  // three days ago, an hour later in the day
        let context = Self.context(installed: [
            InstalledProfile(
                evseId: 1,
                profile: Self.profile(
                    kind: .recurring,
                    recurrency: .daily,
                    start: start,
                    duration: 7200,
                    periods: [(0, 10)]
                )
            )
        ])
        #expect(
            Self.limits(Self.composite(duration: 86_400 + 7200, context)) == [
                [0, 32], [3600, 10], [10_800, 32], [90_000, 10],
            ]
        )
    }

    @Test func TC_K_21_CS_TC_K_22_CS_validFromAndValidToBoundTheProfile() {
        let context = Self.context(installed: [
            InstalledProfile(
                evseId: 1,
                profile: Self.profile(
                    validFrom: Self.now.addingTimeInterval(600),
                    validTo: Self.now.addingTimeInterval(1200),
                    periods: [(0, 6)]
                )
            )
        ])
        #expect(Self.limits(Self.composite(duration: 1800, context)) == [[0, 32], [600, 6], [1200, 32]])
    }

    @Test func TC_K_23_CS_startScheduleInTheFutureStartsThere() {
        let context = Self.context(installed: [
            InstalledProfile(
                evseId: 1,
                profile: Self.profile(start: Self.now.addingTimeInterval(300), periods: [(0, 12), (120, 14)])
            )
        ])
        #expect(Self.limits(Self.composite(duration: 900, context)) == [[0, 32], [300, 12], [420, 14]])
    }

    @Test func K08_aRelativeProfileStartsWithTheTransaction() {
        let context = Self.context(
            installed: [
                InstalledProfile(evseId: 1, profile: Self.profile(kind: .relative, periods: [(0, 8), (900, 20)]))
            ],
            transaction: "tx-1"
        )
        // The transaction started 600 s ago: 300 s of 8 A are left.
        #expect(Self.limits(Self.composite(duration: 1200, context)) == [[0, 8], [300, 20]])
    }

    @Test func K08_theStationMaximumIsSharedByTheEVSEsCharging() {
        let context = Self.context(
            installed: [
                InstalledProfile(
                    evseId: 0,
                    profile: Self.profile(purpose: .chargingStationMaxProfile, periods: [(0, 40)])
                )
            ],
            transaction: "tx-1"
        )
        #expect(Self.limits(Self.composite(evseId: 0, context)) == [[0, 40]])
        // EVSE 1 charges, EVSE 2 would be the second: each gets half.
        #expect(Self.limits(Self.composite(evseId: 1, context)) == [[0, 32]])
        #expect(Self.limits(Self.composite(evseId: 2, context)) == [[0, 20]])
    }

    // MARK: limits on the pilot

    @Test func offeredCurrentIsRoundedDownAndPausesBelowSixAmps() {
        #expect(OfferedCurrent.applying(nil, to: 32) == 32)
        #expect(OfferedCurrent.applying(10.37, to: 32) == 10.3)
        #expect(OfferedCurrent.applying(40, to: 16) == 16)
        #expect(OfferedCurrent.applying(6, to: 32) == 6)
        #expect(OfferedCurrent.applying(5.99, to: 32) == nil, "below 6 A: paused")
        #expect(OfferedCurrent.applying(0, to: 32) == nil)
        #expect(OfferedCurrent.applying(16, to: nil) == nil, "no offer stays no offer")
    }

    @Test func K05_theProfileOfARemoteStartMustBeATxProfileWithoutTransaction() {
        let context = Self.context()
        #expect(
            SmartCharging.remoteStartRejection(Self.profile(purpose: .txProfile, kind: .relative), in: context) == nil
        )
        #expect(SmartCharging.remoteStartRejection(Self.profile(purpose: .txDefaultProfile), in: context) != nil)
        #expect(
            SmartCharging.remoteStartRejection(Self.profile(purpose: .txProfile, transactionId: "x"), in: context)
                != nil
        )
    }

    @Test func txProfilesGoWithTheirTransaction() {
        let installed = [
            InstalledProfile(evseId: 1, profile: Self.profile(id: 4, purpose: .txProfile, transactionId: "tx-1")),
            InstalledProfile(evseId: 1, profile: Self.profile(id: 5)),
        ]
        #expect(
            SmartCharging.transactionEnded("tx-1", in: Self.context(installed: installed)) == [
                .remove(ids: [4]), .applyLimits,
            ]
        )
        #expect(SmartCharging.transactionEnded("tx-2", in: Self.context(installed: installed)).isEmpty)
    }
}

extension ChargingProfileType {
    /// A copy changed by `change`.
    func with(_ change: (inout ChargingProfileType) -> Void) -> ChargingProfileType {
        var copy = self
        change(&copy)
        return copy
    }
}
