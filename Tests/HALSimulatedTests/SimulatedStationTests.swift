import HAL
import HALSimulated
import OCPPTestSupport
import Testing

@Suite("Simulated station", .timeLimit(.minutes(1)))
struct SimulatedStationTests {
    @Test("the station's hardware holds N independent EVSEs, the reader and the emergency stop")
    func composition() async throws {
        let clock = ManualClock()
        let station = SimulatedStation(
            evseCount: 2,
            evse: SimulatedEVSE.Configuration(hasLock: true),
            clock: clock,
            now: fixedNow
        )
        let hardware = station.hardware
        #expect(hardware.evses.map(\.id) == [1, 2])
        #expect(hardware.evse(2)?.lock != nil)
        #expect(hardware.evse(3) == nil)
        #expect(hardware.tokenReader != nil)

        station[evse: 2].ev.plugIn()
        #expect(try await hardware.evses[0].board.pilotState() == .a)
        #expect(try await hardware.evses[1].board.pilotState() == .b)

        var presses = try #require(hardware.emergencyStop).levels.makeAsyncIterator()
        #expect(await presses.next() == false)
        station.emergencyStop.set(true)
        #expect(await presses.next() == true)
    }

    @Test("run() announces a full vehicle (C → B) within a tick, without anyone reading the meter")
    func runAnnouncesFull() async throws {
        let clock = ManualClock()
        let station = SimulatedStation(clock: clock, now: fixedNow)
        let evse = station[evse: 1]
        try await startCharging(evse, amps: 32, profile: EVProfile(targetEnergy: 100))
        var states = evse.board.pilotStates.makeAsyncIterator()
        #expect(await states.next() == .c)

        let running = Task { try await station.run(tick: .seconds(1)) }
        for _ in 0..<60 {
            await clock.waitForSleepers(count: 1)
            clock.advance(by: .seconds(1))
        }
        // 100 Wh at 7360 W take 48.9 s.
        #expect(await states.next() == .b)
        running.cancel()
        await #expect(throws: CancellationError.self) { try await running.value }
        #expect(evse.meter.energyImport == 100)
    }

    @Test("a scripted vehicle plugs in, pauses, resumes and leaves on the clock")
    func script() async throws {
        let clock = ManualClock()
        let station = SimulatedStation(clock: clock, now: fixedNow)
        let evse = station[evse: 1]
        try await evse.board.offerCurrent(16)
        var states = evse.board.pilotStates.makeAsyncIterator()
        #expect(await states.next() == .a)

        let script: [SimulatedEV.Step] = [
            .after(.seconds(5), .plugIn(EVProfile())),
            .after(.seconds(60), .pause),
            .after(.seconds(60), .resume),
            .after(.seconds(10), .fail),
            .after(.seconds(10), .unplug),
        ]
        let driving = Task { try await evse.ev.run(script) }
        for (delay, expected) in [(5, ControlPilotState.c), (60, .b), (60, .c), (10, .e), (10, .a)] {
            await clock.waitForSleepers(count: 1)
            clock.advance(by: .seconds(delay))
            #expect(await states.next() == expected)
        }
        try await driving.value
    }
}
