import HAL
import HALSimulated
import OCPPTestSupport
import Testing

@Suite("Simulated EVSE: pilot, contactor and meter", .timeLimit(.minutes(1)))
struct SimulatedEVSETests {
    @Test("plugging in moves the pilot from A to B; unplugging back to A")
    func plugIn() async throws {
        let (evse, _) = makeEVSE()
        var states = evse.board.pilotStates.makeAsyncIterator()
        #expect(await states.next() == .a)
        evse.ev.plugIn()
        #expect(await states.next() == .b)
        #expect(try await evse.board.pilotState() == .b)
        evse.ev.unplug()
        #expect(await states.next() == .a)
    }

    @Test("offering 16 A makes the vehicle ready (C); stopping the PWM returns it to B")
    func offerCurrent() async throws {
        let (evse, _) = makeEVSE()
        evse.ev.plugIn()
        var states = evse.board.pilotStates.makeAsyncIterator()
        #expect(await states.next() == .b)
        try await evse.board.offerCurrent(16)
        #expect(await states.next() == .c)
        #expect(evse.board.offeredCurrent == 16)
        #expect(approximately(evse.board.dutyCycle, 26.666_667, tolerance: 1e-5))
        try await evse.board.offerCurrent(nil)
        #expect(await states.next() == .b)
        #expect(evse.board.dutyCycle == 100)
        try await evse.board.offerCurrent(0)
        #expect(try await evse.board.pilotState() == .b)
    }

    @Test("the board rejects currents the PWM cannot express", arguments: [5.0, -6, 81])
    func invalidOffer(amps: Double) async throws {
        let (evse, _) = makeEVSE()
        await #expect(throws: EVSEBoardError.currentOutOfRange(amps)) { try await evse.board.offerCurrent(amps) }
        #expect(evse.board.offeredCurrent == nil)
    }

    @Test("pause, resume, error, ventilation and state F show on the pilot")
    func vehicleStates() async throws {
        let (evse, _) = makeEVSE()
        evse.ev.plugIn(EVProfile(requiresVentilation: true))
        try await evse.board.offerCurrent(32)
        #expect(try await evse.board.pilotState() == .d)
        evse.ev.pause()
        #expect(try await evse.board.pilotState() == .b)
        evse.ev.resume()
        #expect(try await evse.board.pilotState() == .d)
        evse.ev.fail()
        #expect(try await evse.board.pilotState() == .e)
        evse.ev.clearError()
        try await evse.board.signalNotAvailable()
        #expect(try await evse.board.pilotState() == .f)
        #expect(evse.board.dutyCycle == 0)
        try await evse.board.offerCurrent(32)
        #expect(try await evse.board.pilotState() == .d)
    }

    @Test("contactor closed for 1 h at 32 A × 230 V single phase adds 7360 Wh, never decreasing")
    func energyIntegration() async throws {
        let (evse, clock) = makeEVSE(SimulatedEVSE.Configuration(initialEnergy: 1_234_567))
        try await startCharging(evse, amps: 32)

        let first = try await evse.meter.read()
        #expect(first.energyImport == 1_234_567)
        #expect(first.activePower == 7360)
        #expect(first.voltage == PhaseValues(l1: 230))
        #expect(first.current == PhaseValues(l1: 32))
        #expect(first.frequency == 50)
        #expect(first.energyExport == 0)
        #expect(first.timestamp == fixedDate)

        var previous = first.energyImport
        for _ in 0..<3600 {
            clock.advance(by: .seconds(1))
            let energy = try await evse.meter.read().energyImport
            #expect(energy >= previous)
            previous = energy
        }
        #expect(approximately(previous - first.energyImport, 7360, tolerance: 1e-3))
        #expect(approximately(evse.ev.sessionEnergy, 7360, tolerance: 1e-3))
    }

    @Test("no power flows with the contactor open: energy stays flat")
    func contactorOpen() async throws {
        let (evse, clock) = makeEVSE()
        try await startCharging(evse, amps: 32)
        clock.advance(by: .seconds(1800))
        try await evse.contactor.set(.open)
        let atOpen = try await evse.meter.read()
        #expect(approximately(atOpen.energyImport, 3680, tolerance: 1e-6))
        #expect(atOpen.activePower == 0)
        #expect(atOpen.current == PhaseValues(l1: 0))

        clock.advance(by: .seconds(3600))
        let later = try await evse.meter.read()
        #expect(later.energyImport == atOpen.energyImport)
        #expect(later.activePower == 0)
    }

    @Test("a vehicle that is not ready (no PWM, or paused) takes nothing through a closed contactor")
    func closedButNotReady() async throws {
        let (evse, clock) = makeEVSE()
        evse.ev.plugIn()
        try await evse.contactor.set(.closed)
        clock.advance(by: .seconds(600))
        #expect(try await evse.meter.read().energyImport == 0)
        try await evse.board.offerCurrent(10)
        evse.ev.pause()
        clock.advance(by: .seconds(600))
        #expect(try await evse.meter.read().activePower == 0)
        #expect(evse.ev.sessionEnergy == 0)
    }

    @Test("three phases: the vehicle takes the smaller of its limit and the offer")
    func threePhase() async throws {
        let (evse, clock) = makeEVSE(SimulatedEVSE.Configuration(phases: 3))
        try await startCharging(evse, amps: 16, profile: EVProfile(maxPower: 11_000, phases: 3))
        let reading = try await evse.meter.read()
        #expect(reading.activePower == 11_000)
        #expect(reading.voltage == PhaseValues(l1: 230, l2: 230, l3: 230))
        let perPhase = 11_000.0 / 690
        #expect(reading.current == PhaseValues(l1: perPhase, l2: perPhase, l3: perPhase))

        try await evse.board.offerCurrent(6)
        #expect(try await evse.meter.read().activePower == 6 * 230 * 3)
        clock.advance(by: .seconds(3600))
        #expect(approximately(try await evse.meter.read().energyImport, 4140, tolerance: 1e-6))
    }

    @Test("a single-phase vehicle on a three-phase EVSE draws on L1 only")
    func singlePhaseVehicle() async throws {
        let (evse, _) = makeEVSE(SimulatedEVSE.Configuration(phases: 3))
        try await startCharging(evse, amps: 16, profile: EVProfile(maxPower: 7_400, phases: 1))
        let reading = try await evse.meter.read()
        #expect(reading.activePower == 3680)
        #expect(reading.current == PhaseValues(l1: 16, l2: 0, l3: 0))
    }

    @Test("the vehicle stops at its target energy (C → B) and the register stops exactly there")
    func targetEnergy() async throws {
        let (evse, clock) = makeEVSE()
        try await startCharging(evse, amps: 32, profile: EVProfile(targetEnergy: 1000))
        clock.advance(by: .seconds(3600))
        #expect(try await evse.board.pilotState() == .b)
        #expect(evse.ev.isFull)
        let reading = try await evse.meter.read()
        #expect(reading.energyImport == 1000)
        #expect(reading.activePower == 0)

        evse.ev.perform(.setTargetEnergy(2000))
        #expect(try await evse.board.pilotState() == .c)
        clock.advance(by: .seconds(3600))
        #expect(try await evse.meter.read().energyImport == 2000)
    }

    @Test("the proximity limit is the configured cable rating while plugged in")
    func proximity() async throws {
        let (evse, _) = makeEVSE(SimulatedEVSE.Configuration(proximityCurrentLimit: 20))
        #expect(try await evse.board.proximityCurrentLimit == nil)
        evse.ev.plugIn()
        #expect(try await evse.board.proximityCurrentLimit == 20)
    }

    @Test("board faults: communication failure and pilot fault are typed, then recover")
    func boardFaults() async throws {
        let (evse, _) = makeEVSE()
        evse.board.injectFault(.communicationFailure)
        await #expect(throws: EVSEBoardError.self) { try await evse.board.offerCurrent(16) }
        evse.board.injectFault(.pilotFault)
        try await evse.board.offerCurrent(16)
        await #expect {
            _ = try await evse.board.pilotState()
        } throws: { error in
            guard case .pilotFault = error as? EVSEBoardError else { return false }
            return true
        }
        evse.board.clearFault()
        #expect(try await evse.board.pilotState() == .a)
    }

    @Test("a pilot fault reads as state E on the pilot stream, with or without a vehicle, until cleared")
    func pilotFaultIsStateE() async throws {
        let (evse, _) = makeEVSE()
        var states = evse.board.pilotStates.makeAsyncIterator()
        #expect(await states.next() == .a)
        evse.board.injectFault(.pilotFault)
        #expect(await states.next() == .e)
        evse.board.clearFault()
        #expect(await states.next() == .a)
        evse.ev.plugIn()
        #expect(await states.next() == .b)
        evse.board.injectFault(.pilotFault)
        #expect(await states.next() == .e)
        evse.board.clearFault()
        #expect(await states.next() == .b)
    }
}

@Suite("Simulated contactor", .timeLimit(.minutes(1)))
struct SimulatedContactorTests {
    @Test("feedback follows the command")
    func followsCommand() async throws {
        let (evse, _) = makeEVSE()
        #expect(try await evse.contactor.feedback() == .open)
        try await evse.contactor.set(.closed)
        #expect(try await evse.contactor.feedback() == .closed)
        try await evse.contactor.set(.open)
        #expect(try await evse.contactor.feedback() == .open)
    }

    @Test("a welded contactor: set(.open) throws .welded and power keeps flowing")
    func welded() async throws {
        let (evse, _) = makeEVSE()
        try await startCharging(evse, amps: 16)
        evse.contactor.injectFault(.welded)
        await #expect(throws: ContactorError.welded) { try await evse.contactor.set(.open) }
        #expect(try await evse.contactor.feedback() == .closed)
        #expect(evse.contactor.commandedState == .open)
        #expect(try await evse.meter.read().activePower == 3680)

        evse.contactor.clearFault()
        #expect(try await evse.contactor.feedback() == .open)
        #expect(try await evse.meter.read().activePower == 0)
    }

    @Test("a stuck contactor: set(.closed) throws .failedToClose and no power flows")
    func stuckOpen() async throws {
        let (evse, _) = makeEVSE()
        evse.ev.plugIn()
        try await evse.board.offerCurrent(16)
        evse.contactor.injectFault(.stuckOpen)
        await #expect(throws: ContactorError.failedToClose) { try await evse.contactor.set(.closed) }
        #expect(try await evse.meter.read().activePower == 0)
    }

    @Test("a contactor stuck closed: closed whatever the command, set(.open) throws .welded")
    func stuckClosed() async throws {
        let (evse, _) = makeEVSE()
        evse.contactor.injectFault(.stuckClosed)
        #expect(evse.contactor.contacts == .closed)
        #expect(try await evse.contactor.feedback() == .closed)
        #expect(evse.contactor.commandedState == .open)
        await #expect(throws: ContactorError.welded) { try await evse.contactor.set(.open) }
        try await evse.contactor.set(.closed)
        #expect(try await evse.contactor.feedback() == .closed)

        evse.contactor.clearFault()  // the contacts follow the last command (closed) again
        try await evse.contactor.set(.open)
        #expect(try await evse.contactor.feedback() == .open)
    }

    @Test("lost feedback and a failed coil driver are typed errors")
    func feedbackAndDrive() async throws {
        let (evse, _) = makeEVSE()
        evse.contactor.injectFault(.feedbackLost)
        await #expect(throws: ContactorError.self) { try await evse.contactor.feedback() }
        evse.contactor.injectFault(.driveFailure)
        await #expect(throws: ContactorError.driveFailure(reason: "simulated: coil driver failed")) {
            try await evse.contactor.set(.closed)
        }
        #expect(evse.contactor.contacts == .open)
    }

    @Test("set waits the settle time on the injected clock before checking the feedback")
    func settleTime() async throws {
        let (evse, clock) = makeEVSE(SimulatedEVSE.Configuration(contactorSettleTime: .milliseconds(100)))
        let closing = Task { try await evse.contactor.set(.closed) }
        await clock.waitForSleepers(count: 1)
        #expect(clock.requestedSleeps == [.milliseconds(100)])
        clock.advance(by: .milliseconds(100))
        try await closing.value
        #expect(try await evse.contactor.feedback() == .closed)
    }
}

@Suite("Simulated meter faults", .timeLimit(.minutes(1)))
struct SimulatedMeterTests {
    @Test("timeout and garbage are typed errors; after recovery the register has kept counting")
    func faultsAndRecovery() async throws {
        let (evse, clock) = makeEVSE()
        try await startCharging(evse, amps: 32)
        evse.meter.injectFault(.timeout)
        await #expect(throws: MeterError.timeout) { try await evse.meter.read() }
        evse.meter.injectFault(.garbage)
        await #expect(throws: MeterError.invalidData(reason: "simulated: CRC mismatch")) {
            try await evse.meter.read()
        }
        evse.meter.injectFault(.communicationFailure)
        await #expect(throws: MeterError.self) { try await evse.meter.read() }
        clock.advance(by: .seconds(3600))
        evse.meter.clearFault()
        let reading = try await evse.meter.read()
        #expect(approximately(reading.energyImport, 7360, tolerance: 1e-6))
    }

    @Test("an implausible register fails the plausibility check; the next real reading passes again")
    func implausibleReadings() async throws {
        let (evse, clock) = makeEVSE()
        try await startCharging(evse, amps: 32)
        clock.advance(by: .seconds(3600))
        #expect(approximately(try await evse.meter.read().energyImport, 7360, tolerance: 1e-6))
        evse.meter.injectFault(.implausible)
        await #expect {
            _ = try await evse.meter.read()
        } throws: { error in
            guard case .implausible(let reason) = error as? MeterError else { return false }
            return reason.contains("energy import went backwards")
        }
        evse.meter.clearFault()
        clock.advance(by: .seconds(60))
        #expect(try await evse.meter.read().energyImport > 7360)
        // A fresh meter whose first answer is already impossible: a negative register.
        let (idle, _) = makeEVSE()
        idle.meter.injectFault(.implausible)
        await #expect {
            _ = try await idle.meter.read()
        } throws: { error in
            guard case .implausible(let reason) = error as? MeterError else { return false }
            return reason.contains("negative energy register")
        }
    }

    @Test("a timeout takes the configured response time on the injected clock")
    func timeoutWaitsOnTheClock() async throws {
        let (evse, clock) = makeEVSE(SimulatedEVSE.Configuration(meterResponseTimeout: .seconds(1)))
        evse.meter.injectFault(.timeout)
        let read = Task { try await evse.meter.read() }
        await clock.waitForSleepers(count: 1)
        clock.advance(by: .seconds(1))
        await #expect(throws: MeterError.timeout) { try await read.value }
    }

    @Test("every error has a description naming the problem")
    func descriptions() {
        #expect(MeterError.timeout.description.contains("time"))
        #expect(MeterError.invalidData(reason: "bad CRC").description.contains("bad CRC"))
        #expect(MeterError.implausible(reason: "went backwards").description.contains("implausible: went backwards"))
        #expect(ContactorError.welded.description.contains("welded"))
        #expect(EVSEBoardError.currentOutOfRange(5).description.contains("5.0 A"))
        #expect(PilotDutyCycleError.currentOutOfRange(90).description.contains("6–80 A"))
    }
}
