import HAL

/// The IEC 61851-1 control-pilot levels an EVSE tells the vehicle's states by (IEC 61851-1:2017, Table A.4,
/// "System states detected by the EVSE").
///
/// Each state is the nominal positive level with its tolerance band; the bands are closed, so 11.0 V is
/// still A and 10.99 V is between A and B. A level in no band (between two, above 13 V, below −13 V)
/// says nothing trustworthy about the vehicle: a bad contact, a wrong resistor or a failing front end.
/// While the EVSE runs the PWM, a connected vehicle's diode keeps the negative half-wave at −12 V; a
/// negative peak outside the −12 V band then means the diode is missing or shorted.
public enum PilotHATLevels {
    /// One state's band of the positive pilot level, in V.
    public struct Band: Sendable, Hashable {
        public var state: ControlPilotState
        public var range: ClosedRange<Double>
    }

    /// Table A.4: +12 / +9 / +6 / +3 / 0 / −12 V, each ±1 V.
    public static let bands: [Band] = [
        Band(state: .a, range: 11...13),
        Band(state: .b, range: 8...10),
        Band(state: .c, range: 5...7),
        Band(state: .d, range: 2...4),
        Band(state: .e, range: -1...1),
        Band(state: .f, range: -13 ... -11),
    ]

    /// The band the negative half-wave must be in while the PWM runs (the diode check).
    public static let negativeHalfWave: ClosedRange<Double> = -13 ... -11

    /// The state a positive level is in, or nil between bands.
    public static func state(forPositive volts: Double) -> ControlPilotState? {
        bands.first { $0.range.contains(volts) }?.state
    }

    /// Classifies one pair of peak readings.
    ///
    /// - Parameters:
    ///   - positive: the positive peak of the pilot in V (the steady level without PWM).
    ///   - negative: the negative peak in V.
    ///   - pwmRunning: whether the EVSE generates the 1 kHz PWM now (not at a steady +12 V or −12 V):
    ///     only then is there a negative half-wave to check.
    public static func classify(positive: Double, negative: Double, pwmRunning: Bool) -> PilotReading {
        guard let state = state(forPositive: positive) else {
            return .invalid("pilot at \(format(positive)) V is in no IEC 61851-1 state band")
        }
        // In E the pilot is shorted, in F the EVSE itself drives −12 V: neither has a vehicle diode to check.
        if pwmRunning, state != .e, state != .f, !negativeHalfWave.contains(negative) {
            return .invalid(
                "no negative half-wave while the PWM runs (negative peak \(format(negative)) V, state "
                    + "\(state.rawValue)): diode missing or shorted"
            )
        }
        return .state(state)
    }

    static func format(_ volts: Double) -> String {
        let hundredths = (volts * 100).rounded()
        let sign = hundredths < 0 ? "-" : ""
        let magnitude = Int(abs(hundredths))
        let fraction = magnitude % 100
        return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}

/// What one poll of the pilot says.
public enum PilotReading: Sendable, Hashable {
    /// A level in a state's band (and, with PWM, a good negative half-wave).
    case state(ControlPilotState)
    /// A level in no band, or a missing negative half-wave: a fault once it lasts past the debounce.
    case invalid(String)
    /// The ADC could not be read: a fault at once, since nothing is known about the vehicle.
    case unreadable(String)
}

/// Turns a sequence of pilot readings into the state the board reports, with the fault debounce.
///
/// A reading in a band is reported at once. An invalid reading keeps the last state until invalid readings
/// have lasted `debounce`; then the board reports E (the pilot is not usable) and `fault` says why. A read
/// failure is reported at once. A value type, so it is tested without files or clocks.
public struct PilotHATMonitor: Sendable {
    public let debounce: Duration
    /// The state the board reports now (E during a fault).
    public private(set) var state: ControlPilotState
    /// Why the pilot is not usable, while it is not.
    public private(set) var fault: EVSEBoardError?
    private var invalidSince: Duration?

    /// Starts from the first reading: an invalid one is a fault at once, there is no earlier state to keep.
    public init(first reading: PilotReading, debounce: Duration) {
        self.debounce = debounce
        switch reading {
        case .state(let state):
            self.state = state
        case .invalid(let reason):
            state = .e
            fault = .pilotFault(reason: reason)
        case .unreadable(let reason):
            state = .e
            fault = .communicationFailure(reason: reason)
        }
    }

    /// Takes the reading made at `now` (time since any fixed origin); returns the new state when it changed.
    public mutating func update(_ reading: PilotReading, at now: Duration) -> ControlPilotState? {
        switch reading {
        case .state(let new):
            invalidSince = nil
            fault = nil
            return report(new)
        case .invalid(let reason):
            let since = invalidSince ?? now
            invalidSince = since
            guard now - since >= debounce else { return nil }
            fault = .pilotFault(reason: reason)
            return report(.e)
        case .unreadable(let reason):
            invalidSince = nil
            fault = .communicationFailure(reason: reason)
            return report(.e)
        }
    }

    private mutating func report(_ new: ControlPilotState) -> ControlPilotState? {
        guard new != state else { return nil }
        state = new
        return new
    }
}
