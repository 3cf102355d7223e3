import Foundation
import OCPP
import Testing

@testable import ChargingStation

/// Load sharing (issue 17 item 4) as plain functions: `LoadSharing` on its own (shares in W on a time given as
/// data), and `SmartCharging.limitsNow` turning the station's ChargingStationMaxProfile into each EVSE's limit
/// (A for AC, W for DC) next to its own TxProfile / TxDefaultProfile. The station-level cases are in
/// `LoadSharingTests`.
@Suite struct LoadSharingDecisionTests {
    typealias D = SmartChargingDecisionTests
    typealias Session = LoadSharing.Session

    static func seconds(_ value: Int) -> Duration { .seconds(value) }

    // MARK: LoadSharing

    @Test func K04_fairShareAmongTwoAndThree() {
        var two = LoadSharing()
        let shares = two.share(
            22_000,
            among: [Session(evseId: 1, cap: 22_000), Session(evseId: 2, cap: 22_000)],
            now: .zero
        )
        #expect(shares == [1: 11_000, 2: 11_000])
        var three = LoadSharing()
        let third = three.share(30_000, among: (1...3).map { Session(evseId: $0, cap: 50_000) }, now: .zero)
        #expect(third == [1: 10_000, 2: 10_000, 3: 10_000])
    }

    @Test func K04_anEVSECappedBelowItsShareLeavesTheRestToTheOthers() {
        var sharing = LoadSharing()
        let shares = sharing.share(
            30_000,
            among: [Session(evseId: 1, cap: 4_000), Session(evseId: 2, cap: 50_000), Session(evseId: 3, cap: 50_000)],
            now: .zero
        )
        #expect(shares == [1: 4_000, 2: 13_000, 3: 13_000])
    }

    @Test func K04_aVehicleDrawingLessGivesItsShareAwayOnlyOnceItsShareHasStoodForTheInterval() {
        var sharing = LoadSharing()
        let cap = 50_000.0
        var sessions = [Session(evseId: 1, cap: cap), Session(evseId: 2, cap: cap)]
        #expect(sharing.share(60_000, among: sessions, now: .zero) == [1: 30_000, 2: 30_000])
        // EVSE 2's vehicle takes 10 kW only, EVSE 1's all it gets.
        sessions[0].measured = 30_000
        sessions[1].measured = 10_000
        // Within the interval the meter does not count yet.
        #expect(sharing.share(60_000, among: sessions, now: Self.seconds(9)) == [1: 30_000, 2: 30_000])
        let headroom = sharing.configuration.headroom(cap: cap)
        #expect(headroom == 2_500)
        let later = sharing.share(60_000, among: sessions, now: Self.seconds(10))
        #expect(later == [1: 60_000 - 12_500, 2: 12_500])
        // Stable: EVSE 2 still draws 10 kW, well below its 12.5 kW, and keeps it; EVSE 1's raised share waits
        // for its interval.
        sessions[0].measured = 47_500
        #expect(sharing.share(60_000, among: sessions, now: Self.seconds(15)) == later)
        #expect(sharing.share(60_000, among: sessions, now: Self.seconds(30)) == later)
        // EVSE 2's vehicle wants more again (draws all of its share): it asks for its cap and gets half back.
        sessions[1].measured = 12_500
        #expect(sharing.share(60_000, among: sessions, now: Self.seconds(40)) == [1: 30_000, 2: 30_000])
    }

    @Test func K04_aSessionEndingFreesItsShareAtOnce() {
        var sharing = LoadSharing()
        let sessions = (1...3).map { Session(evseId: $0, cap: 32 * 690, minimum: 6 * 690) }
        #expect(sharing.share(33_120, among: sessions, now: .zero).values.allSatisfy { $0 == 11_040 })
        let two = sharing.share(33_120, among: Array(sessions.prefix(2)), now: Self.seconds(1))
        #expect(two == [1: 16_560, 2: 16_560])
        #expect(sharing.grants.keys.sorted() == [1, 2])
    }

    @Test func K04_theMinimumIsGivenToALightVehicleAndAnEVSEThatCannotReachItGivesWayHighestIdFirst() {
        var sharing = LoadSharing()
        let minimum = 6 * 690.0
        var sessions = (1...2).map { Session(evseId: $0, cap: 32 * 690, minimum: minimum) }
        _ = sharing.share(22_080, among: sessions, now: .zero)
        sessions[1].measured = 500
        let shares = sharing.share(22_080, among: sessions, now: Self.seconds(10))
        #expect(shares == [1: 22_080 - minimum, 2: minimum], "a vehicle drawing little still gets 6 A")
        // 10 A per phase for three EVSEs cannot give each 6 A: EVSE 3 gives way; then two would get 5 A each,
        // still below 6 A, so EVSE 2 gives way too and EVSE 1 takes all 10 A.
        var tight = LoadSharing()
        let three = (1...3).map { Session(evseId: $0, cap: 32 * 690, minimum: minimum) }
        #expect(tight.share(10 * 690, among: three, now: .zero) == [1: 6_900, 2: 0, 3: 0])
    }

    @Test func K04_theSharesNeverExceedTheLimitAndNeverExceedACap() {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<2_000 {
            var sharing = LoadSharing()
            let count = Int.random(in: 1...6, using: &generator)
            let limit = Double.random(in: 0...200_000, using: &generator)
            var sessions = (1...count).map {
                Session(
                    evseId: $0,
                    cap: Double.random(in: 0...100_000, using: &generator),
                    minimum: Bool.random(using: &generator) ? 4_140 : 0
                )
            }
            for step in 0..<4 {
                let shares = sharing.share(limit, among: sessions, now: Self.seconds(step * 10))
                let sum = shares.values.reduce(0, +)
                #expect(sum <= limit + 1e-6, "round \(round) step \(step): \(shares) over \(limit)")
                for session in sessions {
                    let share = shares[session.evseId] ?? -1
                    #expect(
                        share >= 0 && share <= max(session.cap, 0) + 1e-6,
                        "round \(round): \(session) got \(share)"
                    )
                    #expect(share == 0 || share >= session.minimum - 1e-6, "round \(round): \(session) got \(share)")
                }
                for index in sessions.indices {
                    sessions[index].measured = Double.random(in: 0...(shares[sessions[index].evseId] ?? 0) + 1)
                }
            }
        }
    }

    // MARK: limitsNow: the station's profile shared, in each EVSE's unit

    static func context(
        installed: [InstalledProfile],
        dc: Bool = false,
        count: Int = 2,
        transactions: Bool = true
    ) -> SmartCharging.Context {
        var evses: [Int: SmartCharging.EVSE] = [:]
        for id in 1...count {
            let tx = transactions ? CompositeSchedule.Transaction(id: "TX\(id)", start: D.now) : nil
            evses[id] =
                dc
                ? SmartCharging.EVSE(transaction: tx, ratedCurrent: 125, phases: 3, dcVoltage: 400)
                : SmartCharging.EVSE(transaction: tx, ratedCurrent: 32, phases: 3)
        }
        return SmartCharging.Context(evses: evses, installed: installed, now: D.now)
    }

    static func stationMax(_ limit: Double, unit: ChargingRateUnitEnumType) -> InstalledProfile {
        InstalledProfile(
            evseId: 0,
            profile: D.profile(
                id: 90,
                purpose: .chargingStationMaxProfile,
                unit: unit,
                periods: [(0, limit), (600, 0)]
            )
        )
    }

    @Test func K04_acEVSEsShareTheStationsProfileInAmperesPerPhase() {
        var sharing = LoadSharing()
        let drawing = SmartCharging.Drawing(measured: nil, phasesInUse: nil)
        let limits = SmartCharging.limitsNow(
            in: Self.context(installed: [Self.stationMax(32, unit: .a)]),
            takingPart: [1: drawing, 2: drawing],
            sharing: &sharing,
            now: .zero
        )
        #expect(limits.perEVSE == [1: 16, 2: 16])
        #expect(limits.sharing)
        #expect(limits.changesIn == 600)
    }

    @Test func K04_aTxDefaultProfileStillCapsItsEVSEAndTheOtherTakesTheRest() {
        var sharing = LoadSharing()
        let txDefault = InstalledProfile(evseId: 1, profile: D.profile(id: 5, periods: [(0, 10)]))
        let limits = SmartCharging.limitsNow(
            in: Self.context(installed: [Self.stationMax(40, unit: .a), txDefault]),
            takingPart: [1: .init(), 2: .init()],
            sharing: &sharing,
            now: .zero
        )
        #expect(limits.perEVSE == [1: 10, 2: 30])
    }

    @Test func K04_dcEVSEsShareInWattsAndAProfileInAmperesConvertsWithTheDCVoltage() {
        var sharing = LoadSharing()
        let limits = SmartCharging.limitsNow(
            in: Self.context(installed: [Self.stationMax(60_000, unit: .w)], dc: true),
            takingPart: [1: .init(), 2: .init()],
            sharing: &sharing,
            now: .zero
        )
        #expect(limits.perEVSE == [1: 30_000, 2: 30_000])
        // A TxDefaultProfile of 50 A on a 400 V DC EVSE is 20 kW, whatever numberPhases says.
        var profile = D.profile(id: 6, periods: [(0, 50)])
        profile.chargingSchedule[0].chargingSchedulePeriod[0].numberPhases = 3
        var alone = LoadSharing()
        let own = SmartCharging.limitsNow(
            in: Self.context(installed: [InstalledProfile(evseId: 1, profile: profile)], dc: true),
            takingPart: [1: .init()],
            sharing: &alone,
            now: .zero
        )
        #expect(own.perEVSE[1] == 20_000)
        #expect(own.perEVSE[2] == 50_000, "the rating: 125 A at 400 V")
        #expect(!own.sharing)
    }

    @Test func K04_withoutAStationProfileNothingIsSharedAndAnEVSEAloneGetsTheWholeLimit() {
        var sharing = LoadSharing()
        let none = SmartCharging.limitsNow(
            in: Self.context(installed: []),
            takingPart: [1: .init(), 2: .init()],
            sharing: &sharing,
            now: .zero
        )
        #expect(none.perEVSE == [1: 32, 2: 32])
        #expect(!none.sharing && none.changesIn == nil)
        let alone = SmartCharging.limitsNow(
            in: Self.context(installed: [Self.stationMax(20, unit: .a)]),
            takingPart: [1: .init()],
            sharing: &sharing,
            now: .zero
        )
        #expect(alone.perEVSE == [1: 20, 2: 20])
        #expect(!alone.sharing)
    }

    @Test func K04_aOnePhaseVehicleIsSharedOnTheOnePhaseItDrawsOn() {
        var sharing = LoadSharing()
        // 32 A per phase on three phases is 22,080 W. EVSE 1's vehicle draws on one phase only: there its cap of
        // 32 A is 7,360 W, below the even share, and EVSE 2 (three phases) takes the rest.
        let limits = SmartCharging.limitsNow(
            in: Self.context(installed: [Self.stationMax(32, unit: .a)]),
            takingPart: [1: .init(measured: 3_000, phasesInUse: 1), 2: .init()],
            sharing: &sharing,
            now: .zero
        )
        #expect(limits.perEVSE[1] == 32)
        #expect(limits.perEVSE[2] == CompositeSchedule.roundDown((22_080 - 32 * 230) / 690))
    }
}
