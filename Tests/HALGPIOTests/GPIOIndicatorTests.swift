import HAL
import HALGPIO
import OCPPTestSupport
import Testing

@Suite(.timeLimit(.minutes(1)))
struct GPIOIndicatorTests {
    typealias Change = FakeGPIOLine.Change

    let clock = ManualClock()
    let chip: FakeGPIOChip
    var red: FakeGPIOLine { chip[0] }
    var green: FakeGPIOLine { chip[1] }
    var blue: FakeGPIOLine { chip[2] }

    init() {
        chip = FakeGPIOChip(clock: clock)
    }

    func makeRGB(activeLow: Bool = false) throws -> GPIOIndicator {
        try GPIOIndicator(
            lines: [
                .red: GPIOLine(try chip.line(.offset(0)), activeLow: activeLow),
                .green: GPIOLine(try chip.line(.offset(1)), activeLow: activeLow),
                .blue: GPIOLine(try chip.line(.offset(2)), activeLow: activeLow),
            ],
            clock: clock
        )
    }

    func ms(_ value: Int64) -> Duration { .milliseconds(value) }

    /// Moves the clock over `steps` phase boundaries of `phase` each, letting the animation follow.
    func run(_ steps: Int, phases: [Duration]) async {
        for index in 0..<steps {
            await clock.tick(phases[index % phases.count])
        }
    }

    @Test func steadyLightsTheLineAndNeedsNoTask() async throws {
        let light = try makeRGB()
        try await light.show(IndicatorSignal(.green))
        #expect(green.changes == [Change(at: .zero, level: true)])
        #expect(red.changes.isEmpty && blue.changes.isEmpty)
        #expect(clock.sleeperCount == 0)
    }

    @Test func slowBlinkIsHalfASecondOnHalfASecondOff() async throws {
        let light = try makeRGB()
        try await light.show(IndicatorSignal(.blue, .slowBlink))
        await run(4, phases: [ms(500)])
        #expect(
            blue.changes == [
                Change(at: .zero, level: true), Change(at: ms(500), level: false),
                Change(at: ms(1000), level: true), Change(at: ms(1500), level: false),
                Change(at: ms(2000), level: true),
            ]
        )
    }

    @Test func fastBlinkIsFourHertzAndActiveLowInverts() async throws {
        let light = try makeRGB(activeLow: true)
        #expect(red.level == true)  // dark
        try await light.show(IndicatorSignal(.red, .fastBlink))
        await run(3, phases: [ms(125)])
        #expect(
            red.changes == [
                Change(at: .zero, level: false), Change(at: ms(125), level: true),
                Change(at: ms(250), level: false), Change(at: ms(375), level: true),
            ]
        )
    }

    @Test func pulseIsMostlyOn() async throws {
        let light = try makeRGB()
        try await light.show(IndicatorSignal(.green, .pulse))
        await run(3, phases: [ms(1500), ms(500)])
        #expect(
            green.changes == [
                Change(at: .zero, level: true), Change(at: ms(1500), level: false),
                Change(at: ms(2000), level: true), Change(at: ms(3500), level: false),
            ]
        )
    }

    @Test func aNewSignalReplacesTheAnimation() async throws {
        let light = try makeRGB()
        try await light.show(IndicatorSignal(.red, .fastBlink))
        await run(1, phases: [ms(125)])
        try await light.show(IndicatorSignal(.green))
        #expect(clock.sleeperCount == 0)
        clock.advance(by: .seconds(5))
        #expect(red.changes.map(\.level) == [true, false])
        #expect(green.changes == [Change(at: ms(125), level: true)])
        try await light.show(.off)
        #expect(!red.level && !green.level && !blue.level)
    }

    @Test func mixedColoursLightSeveralLines() async throws {
        let light = try makeRGB()
        try await light.show(IndicatorSignal(.yellow))
        #expect(red.level && green.level && !blue.level)
        try await light.show(IndicatorSignal(.white))
        #expect(red.level && green.level && blue.level)
        try await light.show(IndicatorSignal(.cyan))
        #expect(!red.level && green.level && blue.level)
    }

    @Test func aColourWithoutLinesIsUnsupported() async throws {
        let light = try GPIOIndicator(lines: [.green: GPIOLine(try chip.line(.offset(1)))], clock: clock)
        let red = IndicatorSignal(.red, .fastBlink)
        await #expect(throws: IndicatorError.unsupportedSignal(red)) { try await light.show(red) }
        try await light.show(.off)
    }

    @Test func aDedicatedLineWinsOverMixing() async throws {
        let light = try GPIOIndicator(
            lines: [.red: GPIOLine(try chip.line(.offset(0))), .yellow: GPIOLine(try chip.line(.offset(3)))],
            clock: clock
        )
        try await light.show(IndicatorSignal(.yellow))
        #expect(chip[3].level && !red.level)
    }

    @Test func shownFollowsTheSignalAndIsUnknownAfterADriveFailure() async throws {
        let light = try makeRGB()
        #expect(light.shown == .off)
        try await light.show(IndicatorSignal(.blue, .slowBlink))
        #expect(light.shown == IndicatorSignal(.blue, .slowBlink))
        await run(3, phases: [ms(500)])
        #expect(light.shown == IndicatorSignal(.blue, .slowBlink), "blinking does not change what is shown")
        red.inject(.ioFailure(line: "red", reason: "test"))
        await #expect(throws: IndicatorError.self) { try await light.show(IndicatorSignal(.red)) }
        #expect(light.shown == nil, "after a failed drive the lines' state is unknown")
        red.inject(nil)
        try await light.show(IndicatorSignal(.green))
        #expect(light.shown == IndicatorSignal(.green))
        let unsupported = try GPIOIndicator(lines: [.green: GPIOLine(try chip.line(.offset(4)))], clock: clock)
        await #expect(throws: IndicatorError.self) { try await unsupported.show(IndicatorSignal(.red)) }
        #expect(unsupported.shown == .off, "a refused signal leaves the light as it was")
    }
}
