import Foundation
import HAL
import HALSimulated
import OCPP
import OCPPRPC
import OCPPTestSupport
import StationStore
import Testing

@testable import ChargingStation

/// Issue 17 items 2 and 4 on a running station (scripted CSMS, manual clock, simulated boards): the
/// ChargingStationMaxProfile shared among the sessions of 2 and 3 EVSEs, AC through the pilot in A and DC through
/// the converter's power setpoint in W; a vehicle drawing less leaves its share to the others after the sharing
/// interval; a session ending frees its share at once; a DC EVSE's limit reaches its converter within a second.
@Suite struct LoadSharingTests {
    typealias K = SmartChargingTests

    static func card(_ index: Int) -> PresentedToken { PresentedToken(id: "04A2B3C\(index)", type: .iso14443) }

    /// Boots (with a ChargingStationMaxProfile if given), then starts a session on EVSE 1, 2, … with these vehicles,
    /// one after the other (each with its card). Time passes a second at a time while each starts, and stops
    /// passing before this returns (so the load-sharing interval starts from a known point).
    static func charging(
        _ h: StationHarness,
        vehicles: [EVProfile],
        stationMax: (limit: Double, unit: ChargingRateUnitEnumType)? = nil
    ) async throws -> TransactionTests.SessionCSMS {
        _ = try await h.bootAccepted()
        try await TransactionTests.configure(h, start: "EVConnected", txUpdatedInterval: 0, alignedInterval: 0)
        if let stationMax { try await Self.stationMax(h, stationMax.limit, unit: stationMax.unit) }
        let csms = TransactionTests.SessionCSMS(h)
        for (index, vehicle) in vehicles.enumerated() {
            h.simulation[evse: index + 1].ev.plugIn(vehicle)
            h.simulation.tokenReader.present(card(index + 1))
            let ticker = Task {
                for _ in 0..<30 where !Task.isCancelled { await h.advance(seconds: 1) }
            }
            _ = try await csms.acceptEvents { $0.transactionInfo.chargingState == .charging }
            ticker.cancel()
            await ticker.value
            #expect(await h.until("EVSE \(index + 1) charging") { $0.evseStates[index + 1]?.running != nil })
        }
        return csms
    }

    static func stationMax(_ h: StationHarness, _ limit: Double, unit: ChargingRateUnitEnumType) async throws {
        let profile = K.profile(
            id: 70,
            purpose: .chargingStationMaxProfile,
            start: await K.now(h),
            periods: [(0, limit)]
        )
        .with { $0.chargingSchedule[0].chargingRateUnit = unit }
        let response = try await K.send(h, SetChargingProfileRequest(evseId: 0, chargingProfile: profile))
        #expect(response.status == .accepted)
    }

    static func offers(_ h: StationHarness, _ expected: [Int: Double?]) async throws {
        try await wait(
            until: "the pilots to offer \(expected)",
            within: .seconds(5),
            context: "\((1...h.simulation.evses.count).map { h.simulation[evse: $0].board.offeredCurrent })"
        ) {
            expected.allSatisfy { id, amps in h.simulation[evse: id].board.offeredCurrent == amps }
        }
    }

    static func setpoints(_ h: StationHarness, _ expected: [Int: Double]) async throws {
        try await wait(
            until: "the DC setpoints \(expected)",
            within: .seconds(5),
            context: "\((1...h.simulation.evses.count).map { h.simulation[evse: $0].dcSupply?.powerLimit })"
        ) {
            expected.allSatisfy { id, watts in h.simulation[evse: id].dcSupply?.powerLimit == watts }
        }
    }

    /// Waits out one load-sharing interval on the manual clock, a second at a time (meter polls run).
    static func oneInterval(_ h: StationHarness) async {
        await h.advance(seconds: Int(LoadSharing.Configuration().interval.components.seconds) + 1)
    }

    // MARK: AC, in A

    @Test func K04_twoACSessionsShareTheStationLimitALightVehicleLeavesItsShareAndAnEndingOneFreesIt()
        async throws
    {
        let h = StationHarness(evse: SimulatedEVSE.Configuration(phases: 3))
        defer { h.stop() }
        let csms = try await Self.charging(
            h,
            vehicles: [EVProfile(maxPower: 22_000, phases: 3), EVProfile(maxPower: 3_000, phases: 3)]
        )
        try await Self.offers(h, [1: 32, 2: 32])
        try await Self.stationMax(h, 32, unit: .a)
        // Fair share: 32 A per phase for the station is 16 A each.
        try await Self.offers(h, [1: 16, 2: 16])
        #expect(await h.scheduled(.chargingLimit) ?? .zero <= LoadSharing.Configuration().interval)
        // EVSE 2's vehicle takes 3 kW only. After the interval it keeps 6 A (the pilot's minimum, above what it
        // draws plus the headroom), and EVSE 1 gets the rest: 22,080 W - 6 A × 690 V = 17,940 W = 26 A.
        await Self.oneInterval(h)
        try await Self.offers(h, [1: 26, 2: 6])
        await h.advance(seconds: 1)
        let power1 = h.simulation[evse: 1].ev.power
        let power2 = h.simulation[evse: 2].ev.power
        #expect(abs(power1 - 26 * 690) < 1, "EVSE 1 draws its larger share: \(power1) W")
        #expect(abs(power2 - 3_000) < 1)
        #expect(power1 + power2 <= 32 * 690, "never more than the station's limit")
        let meter = try await h.simulation[evse: 1].meter.read()
        #expect(abs(meter.activePower - power1) < 1 && meter.current.l1 == 26, "the meter shows it")
        // EVSE 2's session ends: its share goes to EVSE 1 at once.
        h.simulation[evse: 2].ev.unplug()
        _ = try await csms.acceptEvents { $0.eventType == .ended }
        try await Self.offers(h, [1: 32, 2: nil])
    }

    @Test func K04_threeACSessionsShareEvenlyAndTwoShareAgainWhenOneEnds() async throws {
        let h = StationHarness(evseCount: 3, evse: SimulatedEVSE.Configuration(phases: 3))
        defer { h.stop() }
        let csms = try await Self.charging(
            h,
            vehicles: Array(repeating: EVProfile(maxPower: 22_000), count: 3),
            stationMax: (48, .a)
        )
        try await Self.offers(h, [1: 16, 2: 16, 3: 16])
        await h.advance(seconds: 2)
        let total = (1...3).map { h.simulation[evse: $0].ev.power }.reduce(0, +)
        #expect(abs(total - 48 * 690) < 1, "all three draw their share: \(total) W")
        h.simulation[evse: 3].ev.unplug()
        _ = try await csms.acceptEvents { $0.eventType == .ended }
        try await Self.offers(h, [1: 24, 2: 24, 3: nil])
    }

    // MARK: DC, in W

    static let dc = SimulatedEVSE.Configuration(phases: 3, dcRatedPower: 50_000, dcVoltage: 400)
    static let dcDescription = EVSEDescription(connectorType: .cCCS1, phases: 3, maxCurrent: 125, maxPower: 50_000)

    @Test func K01_issue17_2_aDCLimitReachesTheConverterWithinASecondAndAProfileInAmperesUsesTheDCVoltage() async throws
    {
        let h = StationHarness(evse: Self.dc, evseDescriptions: [1: Self.dcDescription, 2: Self.dcDescription])
        defer { h.stop() }
        _ = try await Self.charging(h, vehicles: [EVProfile(maxPower: 150_000, phases: 1)])
        try await Self.setpoints(h, [1: 50_000])
        await h.advance(seconds: 1)
        #expect(h.simulation[evse: 1].ev.power == 50_000, "the converter's rating")
        let transactionId = try #require(await h.station.evseStates[1]?.running?.transactionId)
        // 50 A at the EVSE's 400 V is 20 kW; numberPhases does not apply to DC.
        let profile = K.profile(
            id: 11,
            purpose: .txProfile,
            start: await K.now(h),
            periods: [(0, 50)],
            transactionId: transactionId
        )
        let sent = ContinuousClock.now
        #expect(try await K.send(h, SetChargingProfileRequest(evseId: 1, chargingProfile: profile)).status == .accepted)
        #expect(await h.station.evseStates[1]?.powerSetpoint == 20_000, "commanded before the answer left")
        try await Self.setpoints(h, [1: 20_000])
        print("SetChargingProfile -> DC setpoint 20 kW on the simulated converter: \(ContinuousClock.now - sent)")
        await h.advance(seconds: 1)
        #expect(h.simulation[evse: 1].ev.power == 20_000)
        let reading = try await h.simulation[evse: 1].meter.read()
        #expect(reading.activePower == 20_000 && reading.voltage == PhaseValues(l1: 400) && reading.current.l1 == 50)
        #expect(h.simulation[evse: 1].board.offeredCurrent == 80, "the pilot only says ready")
        let composite = try await K.send(h, GetCompositeScheduleRequest(duration: 60, chargingRateUnit: .w, evseId: 1))
        #expect(composite.schedule?.chargingSchedulePeriod.first?.limit == 20_000)
    }

    @Test func K01_issue17_2_aDCLimitOfZeroPausesTheSessionAndItResumesAtTheNextPeriod() async throws {
        let h = StationHarness(evse: Self.dc, evseDescriptions: [1: Self.dcDescription, 2: Self.dcDescription])
        defer { h.stop() }
        _ = try await Self.charging(h, vehicles: [EVProfile(maxPower: 150_000, phases: 1)])
        let profile = K.profile(
            id: 12,
            purpose: .txDefaultProfile,
            start: await K.now(h),
            periods: [(0, 0), (60, 30_000)]
        )
        .with { $0.chargingSchedule[0].chargingRateUnit = .w }
        #expect(try await K.send(h, SetChargingProfileRequest(evseId: 1, chargingProfile: profile)).status == .accepted)
        try await Self.setpoints(h, [1: 0])
        try await Self.offers(h, [1: nil])
        await h.advance(seconds: 2)
        #expect(h.simulation[evse: 1].ev.power == 0)
        #expect(await h.station.evseStates[1]?.running != nil, "paused, not ended")
        await h.advance(seconds: 60)
        try await Self.setpoints(h, [1: 30_000])
        try await Self.offers(h, [1: 80])
        await h.advance(seconds: 2)
        #expect(h.simulation[evse: 1].ev.power == 30_000)
    }

    @Test func K04_twoDCSessionsShareTheStationLimitInWattsAndALightVehicleLeavesItsShare() async throws {
        let h = StationHarness(evse: Self.dc, evseDescriptions: [1: Self.dcDescription, 2: Self.dcDescription])
        defer { h.stop() }
        let csms = try await Self.charging(
            h,
            vehicles: [EVProfile(maxPower: 150_000, phases: 1), EVProfile(maxPower: 10_000, phases: 1)]
        )
        try await Self.stationMax(h, 60_000, unit: .w)
        try await Self.setpoints(h, [1: 30_000, 2: 30_000])
        await h.advance(seconds: 1)
        #expect(h.simulation[evse: 1].ev.power == 30_000 && h.simulation[evse: 2].ev.power == 10_000)
        // EVSE 2's vehicle takes 10 kW: it keeps that plus 2.5 kW headroom (5 % of 50 kW), EVSE 1 the rest.
        await Self.oneInterval(h)
        try await Self.setpoints(h, [1: 47_500, 2: 12_500])
        await h.advance(seconds: 1)
        let reading = try await h.simulation[evse: 1].meter.read()
        #expect(reading.activePower == 47_500 && reading.voltage == PhaseValues(l1: 400))
        #expect(reading.activePower + h.simulation[evse: 2].ev.power <= 60_000)
        h.simulation[evse: 2].ev.unplug()
        _ = try await csms.acceptEvents { $0.eventType == .ended }
        try await Self.setpoints(h, [1: 50_000])
    }
}
