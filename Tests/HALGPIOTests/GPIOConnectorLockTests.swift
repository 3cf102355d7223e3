import HAL
import HALGPIO
import OCPPTestSupport
import Synchronization
import Testing

/// `GPIOConnectorLock` against `FakeGPIOChip` (the stand-in for a gpiochip: outputs record each level
/// change with the manual clock's time, the test drives the feedback input), as the contactor is tested.
/// Lines: 0 and 1 the motor's lock/unlock (or enable/direction) inputs, 2 the solenoid, 3 the feedback.
@Suite(.timeLimit(.minutes(1)))
struct GPIOConnectorLockTests {
    let clock = ManualClock()
    let chip: FakeGPIOChip
    var first: FakeGPIOLine { chip[0] }
    var second: FakeGPIOLine { chip[1] }
    var coil: FakeGPIOLine { chip[2] }
    var switchLine: FakeGPIOLine { chip[3] }

    init() {
        chip = FakeGPIOChip(clock: clock)
    }

    enum Kind { case motor, motorWithDirection, solenoid }

    /// A 100 ms motor pulse, 30 ms debounce, 300 ms timeout, feedback read every 10 ms.
    func makeLock(_ kind: Kind = .motor, feedbackActiveLow: Bool = false) throws -> GPIOConnectorLock {
        let pulse = Duration.milliseconds(100)
        let actuator: GPIOConnectorLock.Actuator =
            switch kind {
            case .motor:
                .motor(
                    lock: GPIOLine(try chip.line(.offset(0))),
                    unlock: GPIOLine(try chip.line(.offset(1))),
                    pulse: pulse
                )
            case .motorWithDirection:
                .motorWithDirection(
                    enable: GPIOLine(try chip.line(.offset(0))),
                    direction: GPIOLine(try chip.line(.offset(1))),
                    pulse: pulse
                )
            case .solenoid:
                .solenoid(GPIOLine(try chip.line(.offset(2))))
            }
        return try GPIOConnectorLock(
            actuator: actuator,
            feedback: GPIOLine(try chip.line(.offset(3)), activeLow: feedbackActiveLow),
            debounce: .milliseconds(30),
            timeout: .milliseconds(300),
            pollInterval: .milliseconds(10),
            clock: clock
        )
    }

    /// Locks or unlocks, moving the clock 10 ms at a time whenever the lock sleeps, and calls `world` with
    /// the time before each step (the feedback switch moving). Returns the error, if any, and the time the
    /// operation ended.
    func run(
        _ lock: GPIOConnectorLock,
        _ target: ConnectorLockState,
        world: (Duration) -> Void = { _ in }
    ) async -> (error: ConnectorLockError?, at: Duration) {
        let done = Mutex(false)
        let task = Task { () -> ConnectorLockError? in
            defer { done.withLock { $0 = true } }
            do throws(ConnectorLockError) {
                if target == .locked { try await lock.lock() } else { try await lock.unlock() }
                return nil
            } catch {
                return error
            }
        }
        await step(until: done, world: world)
        return (await task.value, clock.now.offset)
    }

    /// Moves the clock 10 ms whenever something sleeps on it, until `done`.
    func step(until done: borrowing Mutex<Bool>, world: (Duration) -> Void = { _ in }) async {
        while !done.withLock({ $0 }) {
            if clock.sleeperCount > 0 {
                world(clock.now.offset)
                clock.advance(by: .milliseconds(10))
            }
            await Task.yield()
        }
    }

    /// Each level change the lock drove on `line`, as "130ms:high".
    func changes(_ line: FakeGPIOLine) -> [String] {
        line.changes.map { change in
            let ms = change.at.components.seconds * 1000 + change.at.components.attoseconds / 1_000_000_000_000_000
            return "\(ms)ms:\(change.level ? "high" : "low")"
        }
    }

    @Test func requestsEveryOutputLowAndTheFeedbackAsAnInputWithEdges() throws {
        let lock = try makeLock()
        #expect(first.direction == .output && first.level == false)
        #expect(second.direction == .output && second.level == false)
        #expect(switchLine.direction == .input(edges: true))
        #expect(first.consumer == GPIOConnectorLock.consumer)
        _ = lock
        let solenoid = try GPIOConnectorLock(
            actuator: .solenoid(GPIOLine(try chip.line(.offset(2)))),
            feedback: GPIOLine(try chip.line(.offset(4))),
            clock: clock
        )
        #expect(coil.direction == .output && coil.level == false)
        _ = solenoid
    }

    @Test func aMotorLockIsDrivenForItsPulseAndConfirmedOnceTheFeedbackHolds() async throws {
        let lock = try makeLock()
        // The pin reaches its end 80 ms into the pulse; the switch must then hold for 30 ms.
        let result = await run(
            lock,
            .locked,
            world: { now in
                if now == .milliseconds(80) { switchLine.drive(true) }
            }
        )
        #expect(result.error == nil)
        #expect(changes(first) == ["0ms:high", "100ms:low"])
        #expect(second.changes.isEmpty)
        // The pulse ends at 100 ms; the first read after it sees the switch closed, which then holds for
        // the 30 ms debounce: confirmed at 130 ms.
        #expect(result.at == .milliseconds(130))
        #expect(try await lock.feedback() == .locked)

        let unlocking = await run(
            lock,
            .unlocked,
            world: { now in
                if now == .milliseconds(150) { switchLine.drive(false) }
            }
        )
        #expect(unlocking.error == nil)
        #expect(changes(second) == ["130ms:high", "230ms:low"])
        #expect(changes(first).count == 2, "the lock input stays low while unlocking")
        #expect(try await lock.feedback() == .unlocked)
    }

    @Test func aLockThatDoesNotConfirmFailsAtTheTimeoutAndIsDrivenOpenAgain() async throws {
        let lock = try makeLock()
        let result = await run(lock, .locked)
        #expect(result.error == .failedToLock)
        // 300 ms after the drive began, then a 100 ms unlock pulse so the plug can be pulled out.
        #expect(changes(first) == ["0ms:high", "100ms:low"])
        #expect(changes(second) == ["300ms:high", "400ms:low"])
        #expect(result.at == .milliseconds(400))
    }

    @Test func aBouncingFeedbackIsNotTakenAsLocked() async throws {
        let lock = try makeLock()
        // The switch chatters every 10 ms from 100 to 200 ms (a plug not fully home), then stays open.
        let result = await run(
            lock,
            .locked,
            world: { now in
                if now >= .milliseconds(100), now < .milliseconds(200) { switchLine.drive(!switchLine.level) }
                if now == .milliseconds(200) { switchLine.drive(false) }
            }
        )
        #expect(result.error == .failedToLock)
    }

    @Test func aBounceRestartsTheDebounceButASettledSwitchStillConfirms() async throws {
        let lock = try makeLock()
        let result = await run(
            lock,
            .locked,
            world: { now in
                if now == .milliseconds(100) { switchLine.drive(true) }
                if now == .milliseconds(120) {  // a bounce between two reads: same level, but an edge
                    switchLine.drive(false)
                    switchLine.drive(true)
                }
            }
        )
        #expect(result.error == nil)
        // Held from 110 ms (first read), restarted by the edge seen at 130 ms: confirmed at 160 ms.
        #expect(result.at == .milliseconds(160))
    }

    @Test func anUnlockWhoseFeedbackStaysLockedFails() async throws {
        let lock = try makeLock()
        switchLine.drive(true)
        let result = await run(lock, .unlocked)
        #expect(result.error == .failedToUnlock)
        #expect(result.at == .milliseconds(300))
        #expect(changes(second) == ["0ms:high", "100ms:low"])
        #expect(first.changes.isEmpty, "a failed unlock is not retried by driving the other way")
    }

    @Test func aSolenoidIsHeldWhileLockedWithAnActiveLowSwitch() async throws {
        let lock = try makeLock(.solenoid, feedbackActiveLow: true)
        switchLine.drive(true)  // active-low: high is unlocked
        #expect(try await lock.feedback() == .unlocked)
        let result = await run(
            lock,
            .locked,
            world: { now in
                if now == .milliseconds(20) { switchLine.drive(false) }
            }
        )
        #expect(result.error == nil)
        #expect(result.at == .milliseconds(60))  // low seen at 30 ms, held 30 ms
        #expect(coil.level == true, "held energised while locked")
        #expect(changes(coil) == ["0ms:high"])

        let unlocking = await run(lock, .unlocked, world: { _ in switchLine.drive(true) })
        #expect(unlocking.error == nil)
        #expect(coil.level == false)
    }

    @Test func aMotorWithDirectionSetsTheDirectionBeforeEnabling() async throws {
        let lock = try makeLock(.motorWithDirection)
        let result = await run(
            lock,
            .locked,
            world: { now in
                if now == .milliseconds(50) { switchLine.drive(true) }
            }
        )
        #expect(result.error == nil)
        #expect(changes(second) == ["0ms:high"], "direction: towards locked")
        #expect(changes(first) == ["0ms:high", "100ms:low"], "enabled for the pulse")

        let unlocking = await run(lock, .unlocked, world: { _ in switchLine.drive(false) })
        #expect(unlocking.error == nil)
        #expect(changes(second) == ["0ms:high", "130ms:low"])
        #expect(first.level == false)
    }

    @Test func anUnreadableFeedbackAndAnUndrivableOutputAreReportedByName() async throws {
        let lock = try makeLock()
        switchLine.inject(.ioFailure(line: "gpiochip0:3", reason: "gone"))
        await #expect(throws: ConnectorLockError.feedbackUnavailable(reason: "GPIO line gpiochip0:3 failed: gone")) {
            try await lock.feedback()
        }
        let unreadable = await run(lock, .locked)
        #expect(unreadable.error == .feedbackUnavailable(reason: "GPIO line gpiochip0:3 failed: gone"))
        #expect(first.level == false && second.level == false, "no motor output left on")

        switchLine.inject(nil)
        first.inject(.ioFailure(line: "gpiochip0:0", reason: "gone"))
        let undrivable = await run(lock, .locked)
        #expect(undrivable.error == .driveFailure(reason: "GPIO line gpiochip0:0 failed: gone"))
        #expect(second.level == false)
    }

    @Test func aSecondCallWhileOneRunsIsRefused() async throws {
        let lock = try makeLock()
        let done = Mutex(false)
        let locking = Task { () async -> ConnectorLockError? in
            defer { done.withLock { $0 = true } }
            do throws(ConnectorLockError) {
                try await lock.lock()
                return nil
            } catch {
                return error
            }
        }
        await clock.waitForSleepers(count: 1)  // mid-pulse
        await #expect(throws: ConnectorLockError.driveFailure(reason: "another lock or unlock is still running")) {
            try await lock.unlock()
        }
        #expect(second.changes.isEmpty, "the motor was not reversed")
        switchLine.drive(true)
        await step(until: done)
        #expect(await locking.value == nil)
        #expect(clock.now.offset == .milliseconds(130))
    }
}
