/// The power relay of one EVSE, with an auxiliary contact (or mirror contact) reporting its real position.
///
/// Commanding and verifying are one call because the station must never believe a contactor is open
/// when it is not: a welded contactor keeps the outlet live after the session ended.
public protocol Contactor: Sendable {
    /// Commands the relay and waits, up to the implementation's settle time, for the feedback to agree.
    ///
    /// Throws `.welded` if commanded open but the feedback still reads closed, `.failedToClose` if
    /// commanded closed but the feedback still reads open.
    func set(_ state: ContactorState) async throws(ContactorError)
    /// The position the auxiliary contact reports now.
    func feedback() async throws(ContactorError) -> ContactorState
}

/// The position of a contactor's main contacts.
public enum ContactorState: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case open
    case closed

    public var description: String { rawValue }
}

/// Why a contactor command or feedback read failed.
public enum ContactorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Commanded open, but the feedback still reads closed after the settle time: the contacts are
    /// probably welded and the outlet may be live.
    case welded
    /// Commanded closed, but the feedback still reads open after the settle time (stuck or no coil
    /// supply).
    case failedToClose
    /// The feedback contact could not be read, so the real position is unknown.
    case feedbackUnavailable(reason: String)
    /// The relay could not be driven at all (for example the GPIO line could not be set).
    case driveFailure(reason: String)

    public var description: String {
        switch self {
        case .welded: "contactor commanded open but still closed (welded)"
        case .failedToClose: "contactor commanded closed but still open"
        case .feedbackUnavailable(let reason): "contactor feedback unavailable: \(reason)"
        case .driveFailure(let reason): "contactor could not be driven: \(reason)"
        }
    }
}
