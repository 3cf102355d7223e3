import HAL
import HALLinux
import OCPPTestSupport
import Synchronization
import Testing

/// The pilot HAT backend against a fake sysfs tree (a temporary directory laid out as the sysfs PWM class
/// and an IIO device, `FakeSysfsTree`): the test writes raw ADC counts and reads period, duty cycle and
/// enable back from the files the board wrote. Time is a `ManualClock`, advanced one poll at a time.
@Suite("Pilot HAT on a fake sysfs tree: PWM out, IIO in")
struct PilotHATBoardTests {
    static let poll = Duration.milliseconds(10)

    // MARK: PWM out

    @Test("Opening sets a 1 kHz period and a steady +12 V (100 %), enabled; with no vehicle the pilot reads A")
    func openSetsSteadyPilot() async throws {
        let tree = FakeSysfsTree()
        let board = try PilotHATBoard(configuration: tree.configuration(), clock: ManualClock())
        #expect(tree.period == "1000000")
        #expect(tree.dutyCycle == "1000000")
        #expect(tree.enable == "1")
        #expect(try await board.pilotState() == .a)
        #expect(try board.pwm.readback() == .init(periodNs: 1_000_000, dutyCycleNs: 1_000_000, enabled: true))
    }

    @Test(
        "offerCurrent writes the PilotDutyCycle duty in ns; nil and 0 go back to a steady +12 V",
        arguments: [(6.0, 100_000), (16, 266_667), (32, 533_333), (51, 850_000), (63, 892_000), (80, 960_000)]
    )
    func offerCurrentWritesDuty(amps: Double, expectedNs: Int) async throws {
        let tree = FakeSysfsTree()
        let board = try PilotHATBoard(configuration: tree.configuration(), clock: ManualClock())
        try await board.offerCurrent(amps)
        let percent = try PilotDutyCycle.percent(forCurrent: amps)
        #expect(Int((percent * 10_000).rounded()) == expectedNs)
        #expect(tree.dutyCycle == "\(expectedNs)")
        #expect(tree.period == "1000000")
        #expect(tree.enable == "1")
        #expect(board.output == .pwm(amps: amps, percent: percent))
        try await board.offerCurrent(nil)
        #expect(tree.dutyCycle == "1000000")
        try await board.offerCurrent(amps)
        try await board.offerCurrent(0)
        #expect(tree.dutyCycle == "1000000")
        #expect(board.output == .idle)
    }

    @Test("An inverting output stage gets the complement: 16 A is 733 333 ns high on the pin, +12 V steady is 0")
    func invertedOutput() async throws {
        let tree = FakeSysfsTree()
        let board = try PilotHATBoard(configuration: tree.configuration(inverted: true), clock: ManualClock())
        #expect(tree.dutyCycle == "0")
        try await board.offerCurrent(16)
        #expect(tree.dutyCycle == "733333")
        try await board.signalNotAvailable()
        #expect(tree.dutyCycle == "1000000")
    }

    @Test("Currents outside 6-80 A are refused and leave the PWM as it was", arguments: [5.9, 80.5, -6, .nan])
    func offerOutOfRange(amps: Double) async throws {
        let tree = FakeSysfsTree()
        let board = try PilotHATBoard(configuration: tree.configuration(), clock: ManualClock())
        try await board.offerCurrent(20)
        await #expect(throws: EVSEBoardError.self) { try await board.offerCurrent(amps) }
        #expect(tree.dutyCycle == "333333")
    }

    @Test("signalNotAvailable by PWM: 0 % duty puts -12 V on the pilot (F); the next offer leaves F")
    func notAvailableByPWM() async throws {
        let tree = FakeSysfsTree()
        let clock = ManualClock()
        let board = try PilotHATBoard(configuration: tree.configuration(), clock: clock)
        try await board.signalNotAvailable()
        #expect(tree.dutyCycle == "0")
        #expect(tree.enable == "1")
        #expect(board.output == .notAvailable)
        tree.setPilot(positive: -12, negative: -12)
        board.sample(at: Self.poll)
        #expect(try await board.pilotState() == .f)
        try await board.offerCurrent(nil)
        #expect(tree.dutyCycle == "1000000")
        #expect(board.output == .idle)
    }

    @Test("signalNotAvailable by a separate output: the output goes on first, the PWM stays at +12 V underneath")
    func notAvailableByOutput() async throws {
        let tree = FakeSysfsTree()
        let calls = CallLog()
        let board = try PilotHATBoard(
            configuration: tree.configuration(notAvailable: .output),
            notAvailableOutput: { active in calls.append(active) },
            clock: ManualClock()
        )
        #expect(calls.values == [false])
        try await board.signalNotAvailable()
        #expect(calls.values == [false, true])
        #expect(tree.dutyCycle == "1000000")
        try await board.offerCurrent(10)
        #expect(calls.values == [false, true, false])
        #expect(tree.dutyCycle == "166667")
    }

    @Test("A board that drives F by a separate output but is given none is refused at start")
    func notAvailableOutputMissing() throws {
        let tree = FakeSysfsTree()
        #expect(throws: PilotHATError.self) {
            try PilotHATBoard(configuration: tree.configuration(notAvailable: .output), clock: ManualClock())
        }
    }

    // MARK: Polling

    @Test("A plug-in is reported one poll period after it happens (poll 10 ms): A -> B -> C -> B -> A")
    func pollsFollowThePilot() async throws {
        let tree = FakeSysfsTree()
        let clock = ManualClock()
        let board = try PilotHATBoard(configuration: tree.configuration(), clock: clock)
        var states = board.pilotStates.makeAsyncIterator()
        #expect(await states.next() == .a)
        let runner = Task { await board.run() }
        defer { runner.cancel() }
        var poller = Poller(clock: clock, period: Self.poll)
        await poller.started()

        tree.setPilot(positive: 9, negative: 9)
        await poller.tick()
        #expect(await states.next() == .b)  // one poll after the change
        try await board.offerCurrent(16)
        tree.setPilot(positive: 9, negative: -12)
        await poller.tick()
        tree.setPilot(positive: 6, negative: -12)
        await poller.tick()
        #expect(await states.next() == .c)
        tree.setPilot(positive: 9, negative: -12)
        await poller.tick()
        #expect(await states.next() == .b)
        try await board.offerCurrent(nil)
        tree.setPilot(positive: 12, negative: 12)
        await poller.tick()
        #expect(await states.next() == .a)
        #expect(try await board.pilotState() == .a)
    }

    @Test("On the real clock a plug-in (A -> B) is reported after about one 10 ms poll; the figures are printed")
    func realClockLatency() async throws {
        let tree = FakeSysfsTree()
        let clock = ContinuousClock()
        let board = try PilotHATBoard(configuration: tree.configuration(), clock: clock)
        var states = board.pilotStates.makeAsyncIterator()
        #expect(await states.next() == .a)
        let runner = Task { await board.run() }
        defer { runner.cancel() }
        var samples: [Duration] = []
        for _ in 0..<20 {
            try await Task.sleep(for: .milliseconds(3))  // land anywhere within a poll period
            let start = clock.now
            tree.setPilot(positive: 9, negative: 9)
            #expect(await states.next() == .b)
            samples.append(start.duration(to: clock.now))
            tree.setPilot(positive: 12, negative: 12)
            #expect(await states.next() == .a)
        }
        samples.sort()
        let median = samples[samples.count / 2]
        print(
            "pilot HAT: pilot change -> state reported on the real clock, 20 plug-ins: median \(median), worst \(samples.last ?? .zero) (poll 10 ms)"
        )
        // The scheduler, not the board, decides the tail on a loaded machine; the median must be about a poll.
        #expect(median < .milliseconds(100))
    }

    @Test("Diode fault: with the PWM running and no negative half-wave, B turns to a pilot fault after the debounce")
    func diodeFault() async throws {
        let tree = FakeSysfsTree()
        let clock = ManualClock()
        let board = try PilotHATBoard(configuration: tree.configuration(debounce: .milliseconds(50)), clock: clock)
        tree.setPilot(positive: 9, negative: 9)
        board.sample(at: .milliseconds(10))
        try await board.offerCurrent(16)
        // A vehicle without its diode: R2 loads both half-waves, the negative peak sits near -9 V.
        tree.setPilot(positive: 9, negative: -9)
        for poll in 2...6 {
            board.sample(at: .milliseconds(10 * poll))
            #expect(try await board.pilotState() == .b, "still within the 50 ms debounce at poll \(poll)")
        }
        board.sample(at: .milliseconds(70))
        await #expect {
            _ = try await board.pilotState()
        } throws: { error in
            guard case .pilotFault(let reason) = error as? EVSEBoardError else { return false }
            return reason.contains("diode") && reason.contains("-9.00 V")
        }
        var states = board.pilotStates.makeAsyncIterator()
        #expect(await states.next() == .e)
        // The diode back (the vehicle replugged properly): the fault clears at the next poll.
        tree.setPilot(positive: 9, negative: -12)
        board.sample(at: .milliseconds(80))
        #expect(try await board.pilotState() == .b)
    }

    @Test("Without PWM (steady +12 V) there is no negative half-wave to check: B with a high negative peak is B")
    func noDiodeCheckWithoutPWM() async throws {
        let tree = FakeSysfsTree()
        let board = try PilotHATBoard(configuration: tree.configuration(debounce: .zero), clock: ManualClock())
        tree.setPilot(positive: 9, negative: 9)
        board.sample(at: .milliseconds(10))
        #expect(try await board.pilotState() == .b)
    }

    @Test("A level between bands shorter than the debounce is ignored; one that lasts is a fault, reported as E")
    func betweenBandsDebounce() async throws {
        let tree = FakeSysfsTree()
        let board = try PilotHATBoard(
            configuration: tree.configuration(debounce: .milliseconds(30)),
            clock: ManualClock()
        )
        var states = board.pilotStates.makeAsyncIterator()
        #expect(await states.next() == .a)
        tree.setPilot(positive: 10.5, negative: 10.5)
        board.sample(at: .milliseconds(10))
        board.sample(at: .milliseconds(20))
        tree.setPilot(positive: 9, negative: 9)
        board.sample(at: .milliseconds(30))
        #expect(await states.next() == .b)
        tree.setPilot(positive: 10.5, negative: 10.5)
        board.sample(at: .milliseconds(40))
        board.sample(at: .milliseconds(60))
        #expect(try await board.pilotState() == .b)
        board.sample(at: .milliseconds(70))
        #expect(await states.next() == .e)
        await #expect(throws: EVSEBoardError.self) { try await board.pilotState() }
    }

    @Test("An ADC that cannot be read is a communication failure at once, reported as E")
    func unreadableADC() async throws {
        let tree = FakeSysfsTree()
        let board = try PilotHATBoard(configuration: tree.configuration(), clock: ManualClock())
        tree.write("garbage", to: "\(tree.device)/in_voltage0_raw")
        board.sample(at: .milliseconds(10))
        await #expect {
            _ = try await board.pilotState()
        } throws: { error in
            guard case .communicationFailure(let reason) = error as? EVSEBoardError else { return false }
            return reason.contains("in_voltage0_raw")
        }
    }
}

/// Drives a board's `run()` on a manual clock one poll at a time, returning once the poll has run.
struct Poller {
    let clock: ManualClock
    let period: Duration
    var ticks = 0

    init(clock: ManualClock, period: Duration) {
        self.clock = clock
        self.period = period
    }

    /// Returns once `run()` sleeps for its first poll.
    func started() async {
        await clock.waitForSleeper(until: .init(offset: period))
    }

    /// Advances one poll period and returns once that poll has run (the loop sleeps for the next one).
    mutating func tick() async {
        ticks += 1
        clock.advance(by: period)
        await clock.waitForSleeper(until: .init(offset: period * (ticks + 1)))
    }
}

/// What the state-F output was told, in order.
final class CallLog: Sendable {
    private let log = Mutex<[Bool]>([])
    func append(_ value: Bool) { log.withLock { $0.append(value) } }
    var values: [Bool] { log.withLock { $0 } }
}
