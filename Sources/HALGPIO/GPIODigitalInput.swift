import HAL
import Synchronization

/// A debounced GPIO input (emergency stop, door switch, tamper contact), active-low if configured.
///
/// `run()` watches the line and must run for the input to follow it (the composition root runs it as
/// a service): it waits for the driver's edge events, at most `pollInterval` at a time, reads the
/// level, and accepts a new level once it has held, without another edge, for `debounce` on the
/// injected clock. Bounces shorter than that are never reported. The level read when the input is
/// created is taken as stable.
public final class GPIODigitalInput: DigitalInput {
    public static let consumer = "chargerd-input"

    private struct State {
        var level: Bool
        var readFailure: String?
        var subscribers = Subscribers<Bool>()
    }

    private let line: GPIOLine
    private let debounce: Duration
    private let pollInterval: Duration
    private let clock: any Clock<Duration>
    private let state: Mutex<State>

    /// Requests the line as an input with edge events and reads its level.
    ///
    /// - Parameters:
    ///   - debounce: how long a new level must hold (mechanical contacts: 10-50 ms).
    ///   - pollInterval: the longest the input goes without reading the line when no edge arrives.
    public init(
        line: GPIOLine,
        debounce: Duration = .milliseconds(30),
        pollInterval: Duration = .milliseconds(50),
        clock: any Clock<Duration>
    ) throws(GPIOError) {
        self.line = line
        self.debounce = debounce
        self.pollInterval = pollInterval
        self.clock = clock
        try line.driver.requestInput(consumer: Self.consumer, edges: true)
        state = Mutex(State(level: try line.get()))
    }

    deinit {
        let continuations = state.withLock { $0.subscribers.removeAll() }
        for continuation in continuations { continuation.finish() }
        line.driver.release()
    }

    public func level() async throws(DigitalInputError) -> Bool {
        try state.withLock { (state: inout State) throws(DigitalInputError) -> Bool in
            if let reason = state.readFailure { throw .readFailure(reason: reason) }
            return state.level
        }
    }

    public var levels: AsyncStream<Bool> {
        makeSubscription(
            of: Bool.self,
            register: { continuation in
                state.withLock { state in
                    continuation.yield(state.level)
                    return state.subscribers.insert(continuation)
                }
            },
            unregister: { [weak self] id in self?.state.withLock { $0.subscribers.remove(id) } }
        )
    }

    /// Follows the line until the task is cancelled.
    public func run() async {
        await Self.watch(clock: clock, input: self)
    }

    private static func watch<C: Clock>(clock: C, input: GPIODigitalInput) async where C.Duration == Duration {
        let origin = clock.now
        var debouncer = Debouncer(stable: input.state.withLock { $0.level }, debounce: input.debounce)
        var edge = false
        while !Task.isCancelled {
            let now = origin.duration(to: clock.now)
            do {
                let raw = try input.line.get()
                input.state.withLock { $0.readFailure = nil }
                if let level = debouncer.sample(raw, edge: edge, at: now) { input.publish(level) }
                edge = try await input.line.driver.waitEdge(timeout: debouncer.remaining(at: now) ?? input.pollInterval)
            } catch {
                input.state.withLock { $0.readFailure = error.description }
                edge = false
                do { try await clock.sleep(for: input.pollInterval) } catch { return }
            }
        }
    }

    private func publish(_ level: Bool) {
        state.withLock { state in
            state.level = level
            state.subscribers.yield(level)
        }
    }
}
