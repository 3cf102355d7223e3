import HAL
import HALSimulated
import OCPPTestSupport
import Testing

@Suite("Simulated DC EVSE: the converter's power setpoint", .timeLimit(.minutes(1)))
struct SimulatedDCSupplyTests {
    static let dc = SimulatedEVSE.Configuration(phases: 3, dcRatedPower: 50_000, dcVoltage: 450)

    @Test("power is the least of the vehicle, the rating and the setpoint; the energy integrates it exactly")
    func setpointLimitsPowerAndEnergy() async throws {
        let (evse, clock) = makeEVSE(Self.dc)
        let supply = try #require(evse.dcSupply)
        try await startCharging(evse, amps: 80, profile: EVProfile(maxPower: 150_000, phases: 1))
        #expect(evse.ev.power == 50_000, "the rating")
        try await supply.setPowerLimit(18_000)
        #expect(evse.ev.power == 18_000)
        clock.advance(by: .seconds(3600))
        let reading = try await evse.meter.read()
        #expect(approximately(reading.energyImport, 18_000))
        #expect(reading.voltage == PhaseValues(l1: 450) && reading.current == PhaseValues(l1: 40))
        try await supply.setPowerLimit(80_000)
        #expect(supply.powerLimit == 50_000, "never above the rating")
        try await supply.setPowerLimit(0)
        #expect(evse.ev.power == 0 && evse.ev.isPluggedIn)
    }

    @Test("no power without the pilot's go or with the contactor open, whatever the setpoint")
    func theSetpointIsALimitNotACommand() async throws {
        let (evse, _) = makeEVSE(Self.dc)
        let supply = try #require(evse.dcSupply)
        try await supply.setPowerLimit(30_000)
        evse.ev.plugIn(EVProfile(maxPower: 150_000, phases: 1))
        try await evse.contactor.set(.closed)
        #expect(evse.ev.power == 0, "no PWM: the vehicle stays in B")
        try await evse.board.offerCurrent(80)
        #expect(evse.ev.power == 30_000)
        try await evse.contactor.set(.open)
        #expect(evse.ev.power == 0)
    }

    @Test("a converter that does not answer keeps its last setpoint; a bad setpoint is refused")
    func faults() async throws {
        let (evse, _) = makeEVSE(Self.dc)
        let supply = try #require(evse.dcSupply)
        try await supply.setPowerLimit(20_000)
        supply.injectFault(.communicationFailure)
        await #expect(throws: EVSEBoardError.self) { try await supply.setPowerLimit(40_000) }
        #expect(supply.powerLimit == 20_000)
        supply.clearFault()
        await #expect(throws: EVSEBoardError.powerOutOfRange(.infinity)) { try await supply.setPowerLimit(.infinity) }
        #expect(makeEVSE().evse.dcSupply == nil, "an AC EVSE has none")
    }
}
