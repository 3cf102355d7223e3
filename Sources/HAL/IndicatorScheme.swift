/// The states of an EVSE a status light tells a driver about.
///
/// Coarser than OCPP's connector status where a driver would not see a difference, finer where one
/// would (Occupied becomes preparing, charging, suspended or finishing).
public enum IndicatorState: String, Sendable, Hashable, CaseIterable {
    /// The controller is starting and has not decided its state yet.
    case booting
    /// Free: plug in or present a card.
    case available
    /// A vehicle is plugged in or a card was presented; waiting for authorization or the vehicle.
    case preparing
    /// Energy is flowing.
    case charging
    /// A session is running but no energy flows (paused by the EV, or by the station or CSMS).
    case suspended
    /// The session has ended; the cable is still plugged in.
    case finishing
    /// Reserved for a specific token.
    case reserved
    /// Taken out of service (ChangeAvailability Inoperative, emergency stop).
    case unavailable
    /// A fault stops charging (welded contactor, meter lost, pilot error).
    case faulted
}

/// Maps EVSE states to status-light signals; the station shows `signal(for:offline:)`.
///
/// The default follows the conventions most public chargers use, so drivers need no legend:
///
/// | state | signal | why |
/// |---|---|---|
/// | booting | white slow blink | alive, not ready |
/// | available | green steady | free to use |
/// | available, offline | green pulse | still usable (local authorization), but the CSMS is unreachable |
/// | preparing | blue slow blink | something is happening: waiting for the card or the EV |
/// | charging | blue pulse | energy flows, "breathing" |
/// | suspended | blue steady | the session holds, nothing flows |
/// | finishing | green slow blink | done: unplug |
/// | reserved | yellow steady | not for everyone |
/// | unavailable | red steady | out of service; not off, because a dark light looks like a dead charger |
/// | faulted | red fast blink | needs attention |
///
/// Offline only changes `available`: in every other state the driver's next step is the same
/// whether or not the CSMS is reachable, and a single light should say one thing at a time.
public struct IndicatorScheme: Sendable, Hashable {
    public var booting = IndicatorSignal(.white, .slowBlink)
    public var available = IndicatorSignal(.green)
    public var availableOffline = IndicatorSignal(.green, .pulse)
    public var preparing = IndicatorSignal(.blue, .slowBlink)
    public var charging = IndicatorSignal(.blue, .pulse)
    public var suspended = IndicatorSignal(.blue)
    public var finishing = IndicatorSignal(.green, .slowBlink)
    public var reserved = IndicatorSignal(.yellow)
    public var unavailable = IndicatorSignal(.red)
    public var faulted = IndicatorSignal(.red, .fastBlink)

    /// The default scheme described on the type.
    public init() {}

    /// The default scheme.
    public static let standard = IndicatorScheme()

    /// The signal for `state`; `offline` is true while the station has no connection to its CSMS.
    public func signal(for state: IndicatorState, offline: Bool = false) -> IndicatorSignal {
        switch state {
        case .booting: booting
        case .available: offline ? availableOffline : available
        case .preparing: preparing
        case .charging: charging
        case .suspended: suspended
        case .finishing: finishing
        case .reserved: reserved
        case .unavailable: unavailable
        case .faulted: faulted
        }
    }
}
