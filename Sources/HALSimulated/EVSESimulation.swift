import HAL
import Synchronization

/// The lock around one EVSE's `EVSEPhysics`, shared by its simulated EV, board, contactor and meter.
final class EVSESimulation: Sendable {
    let clock: any Clock<Duration>
    private let elapsed: @Sendable () -> Duration
    private let physics: Mutex<EVSEPhysics>

    init(configuration: SimulatedEVSE.Configuration, clock: any Clock<Duration>) {
        self.clock = clock
        self.elapsed = makeStopwatch(clock)
        self.physics = Mutex(EVSEPhysics(configuration: configuration))
    }

    deinit {
        let continuations = physics.withLock { $0.pilotSubscribers.removeAll() }
        for continuation in continuations { continuation.finish() }
    }

    /// Brings the physics up to the clock's now, runs `body`, then publishes a pilot change if any.
    func update<Result: Sendable, Failure: Error>(
        _ body: (inout EVSEPhysics) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        let now = elapsed()
        return try physics.withLock { (physics: inout EVSEPhysics) throws(Failure) -> Result in
            physics.advance(to: now)
            defer { physics.publishPilotIfChanged() }
            return try body(&physics)
        }
    }

    /// Applies the time passed so far (the vehicle may have become full).
    func catchUp() {
        update { _ in }
    }

    /// A stream of pilot states starting with the current one.
    var pilotStates: AsyncStream<ControlPilotState> {
        makeSubscription(
            of: ControlPilotState.self,
            register: { continuation in
                update { physics in
                    continuation.yield(physics.publishedPilot)
                    return physics.pilotSubscribers.insert(continuation)
                }
            },
            unregister: { [weak self] id in self?.physics.withLock { $0.pilotSubscribers.remove(id) } }
        )
    }

    /// How many pilot-state streams are live (for tests).
    var pilotSubscriberCount: Int {
        physics.withLock { $0.pilotSubscribers.count }
    }
}
