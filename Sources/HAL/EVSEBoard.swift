/// The charge controller of one EVSE: it generates the IEC 61851-1 control pilot, measures the
/// vehicle's response on it, and reads the cable's proximity (PP) resistor.
public protocol EVSEBoard: Sendable {
    /// The pilot state measured now.
    func pilotState() async throws(EVSEBoardError) -> ControlPilotState

    /// A new stream on every access: it yields the current pilot state first, then each change.
    ///
    /// Starting with the current state means a subscriber never misses a change that happened
    /// between reading `pilotState()` and subscribing.
    var pilotStates: AsyncStream<ControlPilotState> { get }

    /// Offers `amps` to the vehicle by PWM on the pilot (see `PilotDutyCycle`).
    ///
    /// `nil` or 0 stops the PWM and leaves the pilot at a steady +12 V, the IEC 61851-1 "100 %"
    /// signal: the EVSE is available but offers no current (states A1/B1, for example while waiting
    /// for authorization, or to pause a session). A vehicle connected then stays in, or returns to,
    /// B. This deliberately is not state F: F (−12 V) says the EVSE is not available at all, and some
    /// vehicles latch an error after seeing it; use `signalNotAvailable()` for that. The 5 % signal
    /// (ISO 15118 digital communication) is out of scope here.
    ///
    /// Throws `.currentOutOfRange` for currents outside 6–80 A other than 0.
    func offerCurrent(_ amps: Double?) async throws(EVSEBoardError)

    /// Drives the pilot to −12 V (state F): the EVSE is not available (inoperative, faulted).
    /// The next `offerCurrent(_:)` leaves state F.
    func signalNotAvailable() async throws(EVSEBoardError)

    /// The current rating in A of the plugged-in cable, coded by its proximity (PP) resistor.
    ///
    /// `nil` when the outlet has a tethered cable (its rating is configuration), or when no cable is
    /// plugged in.
    var proximityCurrentLimit: Double? { get async throws(EVSEBoardError) }
}

/// Why the charge controller could not do what was asked.
public enum EVSEBoardError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The current is outside 6–80 A and not 0 (IEC 61851-1 cannot express it).
    case currentOutOfRange(Double)
    /// The pilot measurement is implausible (a missing negative half-wave means a missing diode in
    /// the vehicle, a level between states means a bad contact).
    case pilotFault(reason: String)
    /// The charge controller did not answer or could not be driven.
    case communicationFailure(reason: String)
    /// A DC power setpoint that is negative or not a number (`DCPowerSupply`).
    case powerOutOfRange(Double)

    public var description: String {
        switch self {
        case .currentOutOfRange(let amps): "cannot offer \(amps) A on the control pilot (6–80 A, or 0)"
        case .pilotFault(let reason): "control pilot fault: \(reason)"
        case .communicationFailure(let reason): "charge controller communication failed: \(reason)"
        case .powerOutOfRange(let watts): "cannot set a DC power limit of \(watts) W"
        }
    }
}
