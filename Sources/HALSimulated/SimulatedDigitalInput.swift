import HAL
import Synchronization

/// A simulated binary input (emergency stop, door switch): set its level, subscribers see the change.
///
/// Setting the level it already has emits nothing, as a debounced input would.
public final class SimulatedDigitalInput: DigitalInput {
    private struct State {
        var level: Bool
        var readFailure: String?
        var subscribers = Subscribers<Bool>()
    }

    private let state: Mutex<State>

    public init(level: Bool = false) {
        state = Mutex(State(level: level))
    }

    deinit {
        let continuations = state.withLock { $0.subscribers.removeAll() }
        for continuation in continuations { continuation.finish() }
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

    /// Sets the (debounced, logical) level; subscribers see it only if it changed.
    public func set(_ level: Bool) {
        state.withLock { state in
            guard state.level != level else { return }
            state.level = level
            state.subscribers.yield(level)
        }
    }

    /// Makes `level()` throw `.readFailure(reason:)`; `nil` repairs the input.
    public func injectReadFailure(_ reason: String?) {
        state.withLock { $0.readFailure = reason }
    }

    /// How many level streams are live (for tests).
    public var subscriberCount: Int { state.withLock { $0.subscribers.count } }
}
