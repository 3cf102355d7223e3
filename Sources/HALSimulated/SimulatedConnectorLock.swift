import HAL
import Synchronization

/// A simulated connector lock.
public final class SimulatedConnectorLock: ConnectorLock {
    /// A failure to inject.
    public enum Fault: Sendable, Hashable {
        /// The pin does not move out: unlocking fails and the lock stays locked.
        case stuckLocked
        /// The pin does not move in: locking fails and the lock stays unlocked.
        case stuckUnlocked
        /// The feedback cannot be read.
        case feedbackLost
    }

    private struct State {
        var position = ConnectorLockState.unlocked
        var fault: Fault?
    }

    private let state = Mutex(State())

    public init() {}

    public func lock() async throws(ConnectorLockError) {
        try move(to: .locked)
    }

    public func unlock() async throws(ConnectorLockError) {
        try move(to: .unlocked)
    }

    public func feedback() async throws(ConnectorLockError) -> ConnectorLockState {
        try state.withLock { (state: inout State) throws(ConnectorLockError) -> ConnectorLockState in
            if state.fault == .feedbackLost { throw .feedbackUnavailable(reason: "simulated: no feedback") }
            return state.position
        }
    }

    /// The real position, whatever the feedback says.
    public var position: ConnectorLockState { state.withLock { $0.position } }

    public func injectFault(_ fault: Fault) {
        state.withLock { $0.fault = fault }
    }

    public func clearFault() {
        state.withLock { $0.fault = nil }
    }

    private func move(to target: ConnectorLockState) throws(ConnectorLockError) {
        try state.withLock { (state: inout State) throws(ConnectorLockError) in
            switch (state.fault, target) {
            case (.stuckLocked, .unlocked):
                state.position = .locked
                throw .failedToUnlock
            case (.stuckUnlocked, .locked):
                state.position = .unlocked
                throw .failedToLock
            case (.feedbackLost, _):
                state.position = target
                throw .feedbackUnavailable(reason: "simulated: no feedback")
            default:
                state.position = target
            }
        }
    }
}
