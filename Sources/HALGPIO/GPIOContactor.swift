import HAL
import Synchronization

/// A contactor whose coil is a GPIO output, with an optional auxiliary (feedback) contact on an input.
///
/// `set` drives the coil, then reads the feedback every `pollInterval` until it agrees or
/// `settleTime` has passed on the injected clock: still closed after an open command is `.welded`,
/// still open after a close command is `.failedToClose`.
///
/// Without a feedback input the contactor trusts its command: `set` returns once the coil is driven and
/// `feedback()` reports the last command. That is only acceptable on boards without an auxiliary
/// contact, and a welded contact then goes unnoticed; the board config should say so.
public final class GPIOContactor: Contactor {
    /// The consumer name the kernel shows for our lines (`gpioinfo`).
    public static let consumer = "chargerd-contactor"

    private let coil: GPIOLine
    private let feedbackLine: GPIOLine?
    private let settleTime: Duration
    private let pollInterval: Duration
    private let clock: any Clock<Duration>
    private let commanded = Mutex(ContactorState.open)

    /// Requests the lines and opens the contactor (the safe state) right away.
    ///
    /// - Parameters:
    ///   - coil: the output driving the relay coil; logical true closes the contactor.
    ///   - feedback: the auxiliary contact; logical true means the main contacts are closed.
    ///   - settleTime: how long the contacts may take to follow a command (datasheets: 20-100 ms).
    ///   - pollInterval: how often the feedback is read while waiting.
    public init(
        coil: GPIOLine,
        feedback: GPIOLine? = nil,
        settleTime: Duration = .milliseconds(200),
        pollInterval: Duration = .milliseconds(10),
        clock: any Clock<Duration>
    ) throws(GPIOError) {
        self.coil = coil
        self.feedbackLine = feedback
        self.settleTime = settleTime
        self.pollInterval = pollInterval
        self.clock = clock
        try coil.requestOutput(consumer: Self.consumer, initial: false)
        try feedback?.driver.requestInput(consumer: Self.consumer, edges: false)
    }

    deinit {
        try? coil.set(false)
        coil.driver.release()
        feedbackLine?.driver.release()
    }

    public func set(_ state: ContactorState) async throws(ContactorError) {
        do {
            try coil.set(state == .closed)
        } catch {
            throw .driveFailure(reason: error.description)
        }
        commanded.withLock { $0 = state }
        guard feedbackLine != nil else { return }

        var waited = Duration.zero
        while true {
            if try readFeedback() == state { return }
            if waited >= settleTime { break }
            let step = min(pollInterval, settleTime - waited)
            do {
                try await clock.sleep(for: step)
            } catch {
                break  // cancelled: report what the feedback says now
            }
            waited += step
        }
        if try readFeedback() == state { return }
        throw state == .open ? .welded : .failedToClose
    }

    public func feedback() async throws(ContactorError) -> ContactorState {
        try readFeedback()
    }

    private func readFeedback() throws(ContactorError) -> ContactorState {
        guard let feedbackLine else { return commanded.withLock { $0 } }
        do {
            return try feedbackLine.get() ? .closed : .open
        } catch {
            throw .feedbackUnavailable(reason: error.description)
        }
    }
}
