/// The actuator that locks the cable in a socket outlet (type 2 sockets without a tethered cable).
public protocol ConnectorLock: Sendable {
    /// Drives the lock closed and verifies its feedback.
    func lock() async throws(ConnectorLockError)
    /// Drives the lock open and verifies its feedback.
    func unlock() async throws(ConnectorLockError)
    /// The position the lock's feedback reports now.
    func feedback() async throws(ConnectorLockError) -> ConnectorLockState
}

/// The position of a connector lock.
public enum ConnectorLockState: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case unlocked
    case locked

    public var description: String { rawValue }
}

/// Why locking, unlocking or reading a connector lock failed.
public enum ConnectorLockError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Driven closed, but the feedback does not report locked (plug not fully inserted, jammed pin).
    case failedToLock
    /// Driven open, but the feedback still reports locked: the cable cannot be removed.
    case failedToUnlock
    /// The feedback could not be read, so the real position is unknown.
    case feedbackUnavailable(reason: String)
    /// The actuator could not be driven at all.
    case driveFailure(reason: String)

    public var description: String {
        switch self {
        case .failedToLock: "connector lock did not lock"
        case .failedToUnlock: "connector lock did not unlock"
        case .feedbackUnavailable(let reason): "connector lock feedback unavailable: \(reason)"
        case .driveFailure(let reason): "connector lock could not be driven: \(reason)"
        }
    }
}
