import HAL
import HALGPIO
import OCPPTestSupport
import Testing

@Suite(.timeLimit(.minutes(1)))
struct GPIOContactorTests {
    let clock = ManualClock()
    let chip: FakeGPIOChip
    var coil: FakeGPIOLine { chip[0] }
    var aux: FakeGPIOLine { chip[1] }

    init() {
        chip = FakeGPIOChip(clock: clock)
    }

    func makeContactor(feedback: Bool = true, coilActiveLow: Bool = false) throws -> GPIOContactor {
        try GPIOContactor(
            coil: GPIOLine(try chip.line(.offset(0)), activeLow: coilActiveLow),
            feedback: feedback ? GPIOLine(try chip.line(.offset(1))) : nil,
            settleTime: .milliseconds(100),
            pollInterval: .milliseconds(10),
            clock: clock
        )
    }

    /// Runs `set` in a task, so the test can move the clock while it waits for the feedback.
    func startSet(_ contactor: GPIOContactor, _ state: ContactorState) -> Task<ContactorError?, Never> {
        Task {
            do throws(ContactorError) {
                try await contactor.set(state)
                return nil
            } catch {
                return error
            }
        }
    }

    @Test func requestsTheCoilOpenAndTheFeedbackAsInput() throws {
        let contactor = try makeContactor()
        #expect(coil.direction == .output)
        #expect(coil.level == false)
        #expect(aux.direction == .input(edges: false))
        _ = contactor
    }

    @Test func feedbackThatFollowsWithinTheSettleTimeIsAccepted() async throws {
        let contactor = try makeContactor()
        let closing = startSet(contactor, .closed)
        await clock.waitForSleepers(count: 1)
        #expect(coil.level == true)
        aux.drive(true)  // the auxiliary contact follows 10 ms later
        clock.advance(by: .milliseconds(10))
        #expect(await closing.value == nil)
        #expect(try await contactor.feedback() == .closed)
        #expect(clock.now.offset == .milliseconds(10))

        let opening = startSet(contactor, .open)
        await clock.waitForSleepers(count: 1)
        aux.drive(false)
        clock.advance(by: .milliseconds(10))
        #expect(await opening.value == nil)
        #expect(coil.changes.map(\.level) == [true, false])
    }

    @Test func feedbackThatAlreadyAgreesReturnsWithoutWaiting() async throws {
        let contactor = try makeContactor()
        try await contactor.set(.open)
        #expect(clock.requestedSleeps.isEmpty)
    }

    @Test func stillClosedAfterOpeningIsWelded() async throws {
        let contactor = try makeContactor()
        let closing = startSet(contactor, .closed)
        await clock.waitForSleepers(count: 1)
        aux.drive(true)
        clock.advance(by: .milliseconds(10))
        #expect(await closing.value == nil)

        let opening = startSet(contactor, .open)
        for _ in 0..<9 {  // 90 ms: still within the settle time
            await clock.waitForSleepers(count: 1)
            clock.advance(by: .milliseconds(10))
        }
        await clock.waitForSleepers(count: 1)
        clock.advance(by: .milliseconds(10))
        #expect(await opening.value == .welded)
        #expect(clock.now.offset == .milliseconds(110))
        #expect(coil.level == false)  // the coil stays released
        #expect(try await contactor.feedback() == .closed)
    }

    @Test func stillOpenAfterClosingFailedToClose() async throws {
        let contactor = try makeContactor()
        let closing = startSet(contactor, .closed)
        for _ in 0..<10 {
            await clock.waitForSleepers(count: 1)
            clock.advance(by: .milliseconds(10))
        }
        #expect(await closing.value == .failedToClose)
        #expect(clock.now.offset == .milliseconds(100))
    }

    @Test func unreadableFeedbackIsReported() async throws {
        let contactor = try makeContactor()
        aux.inject(.ioFailure(line: "gpiochip0:1", reason: "gone"))
        await #expect(throws: ContactorError.feedbackUnavailable(reason: "GPIO line gpiochip0:1 failed: gone")) {
            try await contactor.feedback()
        }
        coil.inject(.ioFailure(line: "gpiochip0:0", reason: "gone"))
        await #expect(throws: ContactorError.driveFailure(reason: "GPIO line gpiochip0:0 failed: gone")) {
            try await contactor.set(.closed)
        }
    }

    @Test func withoutFeedbackTheCommandIsTrusted() async throws {
        let contactor = try makeContactor(feedback: false, coilActiveLow: true)
        #expect(coil.level == true)  // active-low: released is high
        try await contactor.set(.closed)
        #expect(coil.level == false)
        #expect(try await contactor.feedback() == .closed)
        #expect(clock.requestedSleeps.isEmpty)
        #expect(aux.direction == .unrequested)
    }
}
