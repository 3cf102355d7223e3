import HAL

extension AvailabilityModel {
    /// A fault that makes an EVSE's connectors Faulted.
    enum Fault: Sendable, Hashable {
        /// Pilot state E.
        case pilotError
        /// The contactor stays closed when commanded open, or closed while it was held open.
        case contactorWelded
        /// The contactor opened on its own while it was held closed (coil supply lost, a mechanical fault).
        case contactorOpened
        /// The energy meter does not answer or answers garbage: no charging unmetered.
        case meterFailure
        /// A contactor that failed in another way: did not close, could not be driven, feedback unreadable.
        case contactor(ContactorError)
        /// The connector lock of a socket outlet did not confirm locked (plug not fully in, jammed pin, lost
        /// feedback): no energy (G05). Cleared when the cable is unplugged, for a new attempt.
        case connectorLock
        /// The cable plugged in cannot charge: rated below 6 A, or its PP cannot be read. Cleared when it is
        /// unplugged.
        case cableUnusable
        /// Any other cause a block reports, by name.
        case other(String)

        /// Whether the fault is the contactor's: these latch until a passing self-test (or a restart).
        var isContactorFault: Bool {
            switch self {
            case .contactorWelded, .contactorOpened, .contactor: true
            case .pilotError, .meterFailure, .connectorLock, .cableUnusable, .other: false
            }
        }

        /// The fault's name in the station's status (`chargerctl status`, diag): "pilot-error",
        /// "contactor-welded", "contactor-opened", "meter-failure", "contactor-failed-to-close",
        /// "contactor-drive-failure", "contactor-feedback-unavailable", "connector-lock-failure",
        /// "cable-unusable", or the name another block gave.
        var name: String {
            switch self {
            case .pilotError: "pilot-error"
            case .contactorWelded, .contactor(.welded): "contactor-welded"
            case .contactorOpened: "contactor-opened"
            case .meterFailure: "meter-failure"
            case .contactor(.failedToClose): "contactor-failed-to-close"
            case .contactor(.driveFailure): "contactor-drive-failure"
            case .contactor(.feedbackUnavailable): "contactor-feedback-unavailable"
            case .connectorLock: "connector-lock-failure"
            case .cableUnusable: "cable-unusable"
            case .other(let name): name
            }
        }
    }
}
