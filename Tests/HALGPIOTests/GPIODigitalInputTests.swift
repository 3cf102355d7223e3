import HAL
import OCPPTestSupport
import Testing

@testable import HALGPIO

@Suite(.timeLimit(.minutes(1)))
struct GPIODigitalInputTests {
    let clock = ManualClock()
    let chip: FakeGPIOChip
    var pin: FakeGPIOLine { chip[4] }

    init() {
        chip = FakeGPIOChip(clock: clock)
    }

    /// A 30 ms debounce, looking at the line every 10 ms while nothing happens.
    func makeInput(activeLow: Bool = false) throws -> GPIODigitalInput {
        try GPIODigitalInput(
            line: GPIOLine(try chip.line(.offset(4)), activeLow: activeLow),
            debounce: .milliseconds(30),
            pollInterval: .milliseconds(10),
            clock: clock
        )
    }

    func ticks(_ count: Int) async {
        for _ in 0..<count { await clock.tick(.milliseconds(10)) }
    }

    @Test func aStableChangeIsReportedOnceAfterTheDebounceTime() async throws {
        let input = try makeInput()
        var levels = input.levels.makeAsyncIterator()
        #expect(await levels.next() == false)
        let watching = Task { await input.run() }
        await clock.waitForSleepers(count: 1)  // watching, so the edge below comes after its first look

        pin.drive(true)
        await ticks(1)  // t = 10 ms: the edge is seen, the debounce starts
        #expect(try await input.level() == false)
        await ticks(2)  // t = 30 ms: held for 20 ms only
        #expect(try await input.level() == false)
        await ticks(1)  // t = 40 ms: held for 30 ms
        #expect(try await input.level() == true)
        #expect(await levels.next() == true)
        await ticks(5)
        #expect(try await input.level() == true)

        watching.cancel()
        await watching.value
        #expect(pin.direction == .input(edges: true))
    }

    @Test func bouncesShorterThanTheDebounceTimeAreIgnored() async throws {
        let input = try makeInput()
        let watching = Task { await input.run() }
        await clock.waitForSleepers(count: 1)  // watching, so the edge below comes after its first look

        pin.drive(true)
        await ticks(1)  // t = 10: the debounce starts
        for _ in 0..<6 {  // chatter every 10 ms: never 30 ms stable
            pin.drive(!pin.level)
            await ticks(1)
            #expect(try await input.level() == false)
        }
        pin.drive(false)
        await ticks(6)  // t = 130
        #expect(try await input.level() == false)
        #expect(clock.now.offset == .milliseconds(130))

        // A bounce that comes back between two looks still restarts the debounce time.
        pin.drive(true)
        await ticks(2)  // t = 150: pending since 140, due at 170
        pin.drive(false)
        pin.drive(true)  // an edge, but the level reads the same
        await ticks(2)  // t = 170: the edge restarts the wait, now due at 200
        #expect(try await input.level() == false)
        await ticks(2)  // t = 190
        #expect(try await input.level() == false)
        await ticks(1)  // t = 200: 30 ms since the last edge
        #expect(try await input.level() == true)

        watching.cancel()
        await watching.value
    }

    @Test func activeLowInputsAreAssertedWhenLow() async throws {
        pin.drive(true)  // pulled up: not asserted
        let input = try makeInput(activeLow: true)
        var levels = input.levels.makeAsyncIterator()
        #expect(await levels.next() == false)
        let watching = Task { await input.run() }
        await clock.waitForSleepers(count: 1)  // watching, so the edge below comes after its first look

        pin.drive(false)  // pressed
        await ticks(4)
        #expect(try await input.level() == true)
        #expect(await levels.next() == true)

        watching.cancel()
        await watching.value
    }

    @Test func aReadFailureIsReportedAndClearsWhenTheLineRecovers() async throws {
        let input = try makeInput()
        let watching = Task { await input.run() }
        await clock.waitForSleepers(count: 1)
        pin.inject(.ioFailure(line: "gpiochip0:4", reason: "gone"))
        await ticks(2)
        await #expect(throws: DigitalInputError.readFailure(reason: "GPIO line gpiochip0:4 failed: gone")) {
            try await input.level()
        }
        pin.inject(nil)
        await ticks(2)
        #expect(try await input.level() == false)

        watching.cancel()
        await watching.value
    }

    @Test func debouncerRules() {
        var debouncer = Debouncer(stable: false, debounce: .milliseconds(30))
        #expect(debouncer.sample(true, edge: true, at: .milliseconds(0)) == nil)
        #expect(debouncer.remaining(at: .milliseconds(10)) == .milliseconds(20))
        #expect(debouncer.sample(true, edge: true, at: .milliseconds(20)) == nil)  // bounced: restart
        #expect(debouncer.sample(true, edge: false, at: .milliseconds(49)) == nil)
        #expect(debouncer.sample(true, edge: false, at: .milliseconds(50)) == true)
        #expect(debouncer.remaining(at: .milliseconds(50)) == nil)
        #expect(debouncer.sample(false, edge: true, at: .milliseconds(60)) == nil)
        #expect(debouncer.sample(true, edge: true, at: .milliseconds(70)) == nil)  // back: nothing pending
        #expect(debouncer.remaining(at: .milliseconds(70)) == nil)
        #expect(debouncer.stable == true)

        var immediate = Debouncer(stable: false, debounce: .zero)
        #expect(immediate.sample(true, edge: true, at: .zero) == true)
    }
}
