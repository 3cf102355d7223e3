import Foundation
import HAL
import HALGPIO
import HALSimulated
import OCPPTestSupport
import Synchronization
import Testing

@testable import ChargerAgent

/// The `lock` key of an EVSE (BoardConfig+YAMLLock.swift) and the lock `buildHardware` makes of it, on a
/// GPIO chip in memory whose feedback line follows a lock mechanism (the stand-in for a gpiochip).
@Suite struct LockConfigTests {
    /// A board with one socket-outlet EVSE whose contactor uses gpiochip0 lines 5 and 6.
    func board(lock: String?) throws(BoardConfigError) -> BoardConfig {
        let yaml = """
            station: {id: CP-LOCK, vendor: Test, model: Bench}
            csms: {url: "ws://127.0.0.1:9/ocpp", securityProfile: 0}
            stateDirectory: /tmp/chargerd-lock-test
            evses:
              - id: 1
                connectorType: sType2
                maxCurrentA: 32
                phases: 3
                meter: simulated
                contactor: {type: gpio, output: {chip: gpiochip0, offset: 5}, feedback: {chip: gpiochip0, offset: 6}}
                evBoard: simulated
            \(lock.map { "    lock: \($0)" } ?? "")
            """
        return try BoardConfig.parse(
            yaml: yaml,
            file: "lock-test.yaml",
            metersDirectory: TestRepository.path("BoardConfigs/meters")
        )
    }

    func failure(_ lock: String) -> BoardConfigError? {
        do {
            _ = try board(lock: lock)
            return nil
        } catch {
            return error
        }
    }

    static let motor = """
        {type: gpio, chip: gpiochip0, actuator: motor, lines: {lock: {offset: 12}, unlock: {offset: 13}}, \
        feedback: {offset: 19, activeLow: true}, pulseMs: 20, timeoutMs: 400}
        """

    @Test func absentOrTetheredIsNoLockAndSimulatedIsTheSimulatedLock() throws {
        #expect(try board(lock: nil).evses[0].lock == .tethered)
        #expect(try board(lock: "tethered").evses[0].lock == .tethered)
        let simulated = try board(lock: "simulated")
        #expect(simulated.evses[0].lock == .simulated)

        let environment = StationRuntime.HardwareEnvironment(
            gpio: GPIOChips(open: LockMechanismChip.opener(LockMechanismChip())),
            serialDeviceProblem: { _ in nil }
        )
        let tethered = try StationRuntime.buildHardware(
            for: try board(lock: "tethered"),
            clock: ContinuousClock(),
            environment: environment
        )
        #expect(tethered.hardware.evses[0].lock == nil)
        let withSimulated = try StationRuntime.buildHardware(
            for: simulated,
            clock: ContinuousClock(),
            environment: StationRuntime.HardwareEnvironment(
                gpio: GPIOChips(open: LockMechanismChip.opener(LockMechanismChip())),
                serialDeviceProblem: { _ in nil }
            )
        )
        #expect(withSimulated.hardware.evses[0].lock is SimulatedConnectorLock)
    }

    @Test func aMotorLockTakesTheLockChipForLinesThatNameNone() throws {
        let config = try board(lock: Self.motor)
        let expected = GPIOLockConfig(
            actuator: .motor(
                lock: GPIOLineAddress(chip: "gpiochip0", line: .offset(12)),
                unlock: GPIOLineAddress(chip: "gpiochip0", line: .offset(13))
            ),
            feedback: GPIOLineAddress(chip: "gpiochip0", line: .offset(19), activeLow: true),
            pulse: .milliseconds(20),
            timeout: .milliseconds(400),
            debounce: .milliseconds(30)
        )
        #expect(config.evses[0].lock == .gpio(expected))
        #expect(!config.isFullySimulated)

        let solenoid = try board(
            lock: "{type: gpio, actuator: solenoid, lines: {coil: {chip: gpiochip1, offset: 2}}, "
                + "feedback: {chip: gpiochip1, offset: 3}, debounceMs: 0}"
        )
        guard case .gpio(let lock) = solenoid.evses[0].lock else {
            Issue.record("not a GPIO lock")
            return
        }
        #expect(lock.actuator == .solenoid(coil: GPIOLineAddress(chip: "gpiochip1", line: .offset(2))))
        #expect(lock.pulse == .zero && lock.timeout == .milliseconds(1000) && lock.debounce == .zero)

        let direction = try board(
            lock: "{type: gpio, chip: gpiochip0, actuator: motor, lines: {enable: {offset: 12}, "
                + "direction: {offset: 13}}, feedback: {offset: 19}, pulseMs: 150}"
        )
        guard case .gpio(let directed) = direction.evses[0].lock,
            case .motorWithDirection = directed.actuator
        else {
            Issue.record("not a motor with a direction line")
            return
        }
    }

    @Test func aLineTheContactorAlreadyUsesIsRejectedNamingBothKeys() {
        let error = failure(Self.motor.replacingOccurrences(of: "unlock: {offset: 13}", with: "unlock: {offset: 6}"))
        #expect(error?.key == "evses[0].lock.lines.unlock")
        #expect(error?.problem.contains("duplicate GPIO line") == true)
        #expect(error?.problem.contains("evses[0].contactor.feedback") == true)

        let twice = failure(Self.motor.replacingOccurrences(of: "feedback: {offset: 19", with: "feedback: {offset: 12"))
        #expect(twice?.key == "evses[0].lock.feedback")
        #expect(twice?.problem.contains("evses[0].lock.lines.lock") == true)
    }

    @Test(
        "each wrong value names its key",
        arguments: [
            (
                "pulseMs: 20, timeoutMs: 400", "pulseMs: 100, timeoutMs: 60", "evses[0].lock.timeoutMs",
                "longer than pulseMs"
            ),
            ("pulseMs: 20, ", "", "evses[0].lock.pulseMs", "missing"),
            ("pulseMs: 20", "pulseMs: 9000", "evses[0].lock.pulseMs", "10 to 5000 ms"),
            ("actuator: motor", "actuator: magnet", "evses[0].lock.actuator", "motor or solenoid"),
            ("actuator: motor", "actuator: solenoid", "evses[0].lock.lines", "exactly one line, coil"),
            ("unlock: {offset: 13}", "direction: {offset: 13}", "evses[0].lock.lines", "lock and unlock"),
            ("feedback: {offset: 19, activeLow: true}, ", "", "evses[0].lock.feedback", "missing"),
            ("timeoutMs: 400", "timeoutMs: 400, debounceMs: 5000", "evses[0].lock.debounceMs", "0 to 1000 ms"),
            ("timeoutMs: 400", "timeoutMs: 400, pulse: 3", "evses[0].lock.pulse", "unknown key"),
            ("type: gpio", "type: motor", "evses[0].lock.type", "tethered or simulated or gpio"),
        ]
    )
    func wrongValues(_ from: String, _ to: String, _ key: String, _ problem: String) {
        let error = failure(Self.motor.replacingOccurrences(of: from, with: to))
        #expect(error?.key == key)
        #expect(error?.problem.contains(problem) == true, "\(error.map { "\($0)" } ?? "no error")")
    }

    @Test func aSolenoidTakesNoPulse() {
        let error = failure(
            "{type: gpio, chip: gpiochip0, actuator: solenoid, lines: {coil: {offset: 12}}, "
                + "feedback: {offset: 19}, pulseMs: 100}"
        )
        #expect(error?.key == "evses[0].lock.pulseMs")
        #expect(error?.problem.contains("motor only") == true)
    }

    /// The lock a board file describes, built on `chip`, timing out after `timeoutMs` of real time.
    func builtLock(on chip: LockMechanismChip, timeoutMs: Int) throws -> any ConnectorLock {
        let built = try StationRuntime.buildHardware(
            for: try board(
                lock: Self.motor.replacingOccurrences(of: "timeoutMs: 400", with: "timeoutMs: \(timeoutMs)")
            ),
            clock: ContinuousClock(),
            environment: StationRuntime.HardwareEnvironment(
                gpio: GPIOChips(open: LockMechanismChip.opener(chip)),
                serialDeviceProblem: { _ in nil }
            )
        )
        return try #require(built.hardware.evses[0].lock)
    }

    @Test("the board's GPIO lock is built on the chip: locks, unlocks, and a jammed pin fails to lock")
    func gpioLockFromTheChip() async throws {
        // Real time here. A lock that works confirms as soon as its feedback holds, so its timeout can be long
        // enough for a machine busy with a whole parallel test run (a 3 s one ran out there once).
        let chip = LockMechanismChip()
        let lock = try builtLock(on: chip, timeoutMs: 10_000)
        #expect(lock is GPIOConnectorLock)
        #expect(try await lock.feedback() == .unlocked)
        try await lock.lock()
        #expect(try await lock.feedback() == .locked)
        #expect(chip.pulses.withLock { $0 } == [12])
        try await lock.unlock()
        #expect(try await lock.feedback() == .unlocked)
        #expect(chip.pulses.withLock { $0 } == [12, 13])

        // A jammed pin waits its timeout out: a short one (a late wake-up still ends in the same failure).
        let jammed = LockMechanismChip()
        jammed.jammed.withLock { $0 = true }
        let stuck = try builtLock(on: jammed, timeoutMs: 400)
        await #expect(throws: ConnectorLockError.failedToLock) { try await stuck.lock() }
        #expect(jammed.pulses.withLock { $0 } == [12, 13], "driven open again after the failure")
    }

    @Test func aMissingLockChipNamesTheBoardKey() throws {
        let config = try board(
            lock: Self.motor.replacingOccurrences(of: "chip: gpiochip0, actuator", with: "chip: gpiochip7, actuator")
        )
        let error = #expect(throws: StationRuntimeError.self) {
            try StationRuntime.buildHardware(
                for: config,
                clock: ContinuousClock(),
                environment: StationRuntime.HardwareEnvironment(
                    gpio: GPIOChips(open: LockMechanismChip.opener(LockMechanismChip())),
                    serialDeviceProblem: { _ in nil }
                )
            )
        }
        #expect(error?.description.contains("evses[0].lock") == true)
        #expect(error?.description.contains("gpiochip7") == true)
    }
}

/// gpiochip0 in memory with a motor lock wired to it: a high level on line 12 moves the pin in, on 13 out,
/// and the switch on line 19 (active-low) follows the pin, unless the pin is jammed.
final class LockMechanismChip: GPIOChipDriver, Sendable {
    let name = "gpiochip0"
    let levels = Mutex<[UInt32: Bool]>([19: true])
    /// The output lines driven high, in order.
    let pulses = Mutex<[UInt32]>([])
    let jammed = Mutex(false)

    static func opener(_ chip: LockMechanismChip) -> GPIOChips.Opener {
        { (descriptor: String) throws(GPIOError) -> any GPIOChipDriver in
            guard descriptor == chip.name else { throw .chipNotFound(descriptor) }
            return chip
        }
    }

    func line(_ selector: GPIOLineSelector) throws(GPIOError) -> any GPIOLineDriver {
        guard case .offset(let offset) = selector, offset < 32 else {
            throw .lineNotFound(chip: name, line: "\(selector)")
        }
        return Line(chip: self, offset: offset)
    }

    struct Line: GPIOLineDriver {
        let chip: LockMechanismChip
        let offset: UInt32
        var name: String { "\(chip.name):\(offset)" }

        func requestOutput(consumer: String, initial: Bool) throws(GPIOError) { try set(initial) }
        func requestInput(consumer: String, edges: Bool) throws(GPIOError) {}
        func set(_ level: Bool) throws(GPIOError) {
            chip.levels.withLock { $0[offset] = level }
            guard level, offset == 12 || offset == 13 else { return }
            chip.pulses.withLock { $0.append(offset) }
            if !chip.jammed.withLock({ $0 }) {
                chip.levels.withLock { $0[19] = offset == 13 }  // active-low: low is locked
            }
        }
        func get() throws(GPIOError) -> Bool { chip.levels.withLock { $0[offset] ?? false } }
        func waitEdge(timeout: Duration) async throws(GPIOError) -> Bool {
            try? await Task.sleep(for: timeout)
            return false
        }
        func release() {}
    }
}
