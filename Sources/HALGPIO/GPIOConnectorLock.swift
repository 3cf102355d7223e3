import HAL
import Synchronization

/// A connector lock driven by GPIO outputs, with a feedback contact on an input.
///
/// Socket outlets (type 2 sockets) hold the plug with a pin moved by a small geared motor, driven for a
/// fixed pulse in either direction, or by a solenoid held energised while locked. `lock()` and
/// `unlock()` drive the actuator, then read the feedback every `pollInterval` until it reports the new
/// position, debounced like `GPIODigitalInput` (the level must hold, without an edge, for `debounce`), or
/// until `timeout` has passed since the drive began, on the injected clock: then `.failedToLock` or
/// `.failedToUnlock`. A lock that did not confirm is driven open again, so the plug can be pulled out
/// and tried again; the station offers no energy either way.
///
/// One `lock()` or `unlock()` runs at a time: a second call while one is running is refused with
/// `.driveFailure` rather than reversing a motor mid-pulse (the station serializes its calls per EVSE).
public final class GPIOConnectorLock: ConnectorLock {
    /// The consumer name the kernel shows for our lines (`gpioinfo`).
    public static let consumer = "chargerd-lock"

    /// How the lock pin is moved.
    public enum Actuator: Sendable {
        /// A motor on an H-bridge with one input per direction: `lock` high drives it closed, `unlock`
        /// high drives it open, each for `pulse`; never both at once, both low between pulses.
        case motor(lock: GPIOLine, unlock: GPIOLine, pulse: Duration)
        /// A motor driver with an enable and a direction input: `direction` high means towards locked;
        /// `enable` is high for `pulse`.
        case motorWithDirection(enable: GPIOLine, direction: GPIOLine, pulse: Duration)
        /// A solenoid held energised (logical true) while locked.
        case solenoid(GPIOLine)

        var outputs: [GPIOLine] {
            switch self {
            case .motor(let lock, let unlock, _): [lock, unlock]
            case .motorWithDirection(let enable, let direction, _): [enable, direction]
            case .solenoid(let coil): [coil]
            }
        }
    }

    private let actuator: Actuator
    private let feedbackLine: GPIOLine
    private let debounce: Duration
    private let timeout: Duration
    private let pollInterval: Duration
    private let clock: any Clock<Duration>
    private let busy = Mutex(false)

    /// Requests the lines, with every output low (motor stopped, solenoid released: unlocked).
    ///
    /// - Parameters:
    ///   - feedback: the lock's switch; logical true means locked (set `activeLow` on the line if the
    ///     switch pulls low when locked).
    ///   - debounce: how long the feedback must hold the new position before it counts.
    ///   - timeout: how long, from the start of the drive, the feedback may take to report the new position;
    ///     at least the motor pulse.
    ///   - pollInterval: the longest the lock goes without reading the feedback while it waits.
    public init(
        actuator: Actuator,
        feedback: GPIOLine,
        debounce: Duration = .milliseconds(30),
        timeout: Duration = .milliseconds(1000),
        pollInterval: Duration = .milliseconds(10),
        clock: any Clock<Duration>
    ) throws(GPIOError) {
        self.actuator = actuator
        self.feedbackLine = feedback
        self.debounce = debounce
        self.timeout = timeout
        self.pollInterval = pollInterval
        self.clock = clock
        var requested: [GPIOLine] = []
        do {
            for output in actuator.outputs {
                try output.requestOutput(consumer: Self.consumer, initial: false)
                requested.append(output)
            }
            try feedback.driver.requestInput(consumer: Self.consumer, edges: true)
        } catch {
            for line in requested { line.driver.release() }
            throw error
        }
    }

    deinit {
        for output in actuator.outputs {
            try? output.set(false)
            output.driver.release()
        }
        feedbackLine.driver.release()
    }

    public func lock() async throws(ConnectorLockError) {
        try await move(to: .locked)
    }

    public func unlock() async throws(ConnectorLockError) {
        try await move(to: .unlocked)
    }

    /// The position the feedback reads now, not debounced (a single read, for diagnostics and checks).
    public func feedback() async throws(ConnectorLockError) -> ConnectorLockState {
        try readFeedback()
    }

    private func move(to target: ConnectorLockState) async throws(ConnectorLockError) {
        let claimed = busy.withLock { busy in
            defer { busy = true }
            return !busy
        }
        guard claimed else { throw .driveFailure(reason: "another lock or unlock is still running") }
        defer { busy.withLock { $0 = false } }

        let sinceStart = Self.stopwatch(clock)
        try await drive(to: target)
        do throws(ConnectorLockError) {
            try await verify(target, deadline: timeout - sinceStart())
        } catch .failedToLock {
            // Let the plug go rather than leave it half held; the position after this is what the
            // feedback says, and the caller offers no energy either way.
            try? await drive(to: .unlocked)
            throw .failedToLock
        }
    }

    /// Moves the pin: a motor for its pulse (then stopped), a solenoid energised or released.
    private func drive(to target: ConnectorLockState) async throws(ConnectorLockError) {
        let locking = target == .locked
        do {
            switch actuator {
            case .solenoid(let coil):
                try coil.set(locking)
            case .motor(let lockLine, let unlockLine, let pulse):
                let (on, off) = locking ? (lockLine, unlockLine) : (unlockLine, lockLine)
                try off.set(false)
                try on.set(true)
                await sleep(pulse)
                try on.set(false)
            case .motorWithDirection(let enable, let direction, let pulse):
                try enable.set(false)
                try direction.set(locking)
                try enable.set(true)
                await sleep(pulse)
                try enable.set(false)
            }
        } catch {
            stopMotor()
            throw .driveFailure(reason: error.description)
        }
    }

    /// Waits up to `remaining` for the debounced feedback to report `target` (plus one debounce when the
    /// feedback is at the target but not yet steady at the deadline).
    private func verify(_ target: ConnectorLockState, deadline remaining: Duration) async throws(ConnectorLockError) {
        let elapsed = Self.stopwatch(clock)
        var debouncer = Debouncer(stable: target != .locked, debounce: debounce)
        var edge = false
        var graceEnd: Duration?
        do throws(GPIOError) {
            // Edges from before the first read (the pin moving during the pulse) are already in it.
            _ = try await feedbackLine.driver.waitEdge(timeout: .zero)
        } catch {
            throw .feedbackUnavailable(reason: error.description)
        }
        while true {
            let now = elapsed()
            let raw = try readFeedback() == .locked
            if debouncer.sample(raw, edge: edge, at: now) == (target == .locked) { return }
            let pending = debouncer.remaining(at: now)
            if now >= remaining {
                // Past the deadline, a feedback already at the target may still finish one debounce (a process
                // stalled by a busy machine reads it late, even first after the deadline); anything else has
                // timed out.
                guard pending != nil else { break }
                let end = graceEnd ?? now + debounce
                graceEnd = end
                if now >= end { break }
            }
            let wait = min(pending ?? pollInterval, pollInterval, max(remaining - now, pending ?? .zero))
            do throws(GPIOError) {
                edge = try await feedbackLine.driver.waitEdge(timeout: max(wait, .milliseconds(1)))
            } catch {
                throw .feedbackUnavailable(reason: error.description)
            }
            if Task.isCancelled { break }
        }
        throw target == .locked ? .failedToLock : .failedToUnlock
    }

    private func readFeedback() throws(ConnectorLockError) -> ConnectorLockState {
        do {
            return try feedbackLine.get() ? .locked : .unlocked
        } catch {
            throw .feedbackUnavailable(reason: error.description)
        }
    }

    /// Best effort after a failed drive: no motor output left on.
    private func stopMotor() {
        switch actuator {
        case .solenoid: break
        case .motor(let lockLine, let unlockLine, _):
            try? lockLine.set(false)
            try? unlockLine.set(false)
        case .motorWithDirection(let enable, _, _):
            try? enable.set(false)
        }
    }

    /// The time passed on `clock` since this call, each time the result is called.
    private static func stopwatch<C: Clock>(_ clock: C) -> () -> Duration where C.Duration == Duration {
        let origin = clock.now
        return { origin.duration(to: clock.now) }
    }

    /// Sleeps on the injected clock; a cancelled sleep ends the pulse early (the motor is stopped next).
    private func sleep(_ duration: Duration) async {
        try? await clock.sleep(for: duration)
    }
}
