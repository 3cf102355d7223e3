/// Conversions between the current an EVSE offers and the control-pilot PWM duty cycle that
/// announces it (IEC 61851-1, annex A).
///
/// EVSE side (what to generate): 6 A ≤ I ≤ 51 A → duty = I / 0.6 %; 51 A < I ≤ 80 A → duty =
/// I / 2.5 + 64 %. Below 6 A AC charging is not allowed, so such an offer is rejected rather than
/// rounded up; to offer nothing, stop the PWM instead.
///
/// Vehicle side (how a duty cycle is read): 10 % ≤ duty ≤ 85 % → I = duty × 0.6 A; 85 % < duty ≤ 96 %
/// → I = (duty − 64) × 2.5 A; the tolerance bands 8–10 % (read as 6 A) and 96–97 % (read as 80 A)
/// are accepted too. Other duty cycles carry no current: 5 % asks for digital communication
/// (ISO 15118), 100 % (no PWM) means no current available.
///
/// The two formulas overlap between 84.4 % and 85 %, so currents just above 51 A (up to 52.5 A) do not
/// survive a round trip exactly; that is the standard's own seam, not a rounding error.
public enum PilotDutyCycle {
    /// The lowest current an AC EVSE may offer, in A.
    public static let minimumCurrent: Double = 6
    /// The highest current the PWM can express, in A.
    public static let maximumCurrent: Double = 80

    /// The duty cycle in percent (0–100) that offers `amps`.
    public static func percent(forCurrent amps: Double) throws(PilotDutyCycleError) -> Double {
        guard amps.isFinite, amps >= minimumCurrent, amps <= maximumCurrent else {
            throw .currentOutOfRange(amps)
        }
        return amps <= 51 ? amps / 0.6 : amps / 2.5 + 64
    }

    /// The current in A that a vehicle reads from a duty cycle given in percent.
    public static func current(forPercent percent: Double) throws(PilotDutyCycleError) -> Double {
        guard percent.isFinite else { throw .dutyCycleOutOfRange(percent) }
        switch percent {
        case 8..<10: return minimumCurrent
        case 10...85: return percent * 0.6
        case 85...96: return (percent - 64) * 2.5
        case 96...97: return maximumCurrent
        default: throw .dutyCycleOutOfRange(percent)
        }
    }
}

/// Why a current or duty cycle could not be converted.
public enum PilotDutyCycleError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The current is outside 6–80 A (or not a number).
    case currentOutOfRange(Double)
    /// The duty cycle announces no current (outside 8–97 %, or not a number).
    case dutyCycleOutOfRange(Double)

    public var description: String {
        switch self {
        case .currentOutOfRange(let amps):
            "\(amps) A cannot be offered by PWM (IEC 61851-1 allows 6–80 A)"
        case .dutyCycleOutOfRange(let percent):
            "a duty cycle of \(percent) % announces no current (IEC 61851-1 maps 8–97 %)"
        }
    }
}
