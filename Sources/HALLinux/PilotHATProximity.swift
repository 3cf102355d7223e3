/// The cable's current rating from its proximity (PP) resistor Rc between PP and PE (IEC 61851-1:2017,
/// Table B.2; IEC 62196-2): 1.5 kΩ → 13 A, 680 Ω → 20 A, 220 Ω → 32 A, 100 Ω → 63 A (70 A single-phase;
/// reported as 63 A, the lower of the two), each ±3 %.
///
/// The HAT measures Rc as the lower leg of a divider: a pull-up of `pullUpOhm` to `pullUpV`, Rc to PE, the
/// ADC on the node. Each band is the resistor's ±3 % widened by the board's measurement tolerance (the
/// pull-up's tolerance, the reference and the ADC's error), which the board file states. A resistance in
/// no band matches no cable: the board reports it rather than guessing a rating.
public enum PilotHATProximity {
    /// One cable rating and its nominal coding resistor.
    public struct Rating: Sendable, Hashable {
        public var amps: Double
        public var nominalOhm: Double
    }

    /// Table B.2's codings.
    public static let ratings: [Rating] = [
        Rating(amps: 13, nominalOhm: 1500),
        Rating(amps: 20, nominalOhm: 680),
        Rating(amps: 32, nominalOhm: 220),
        Rating(amps: 63, nominalOhm: 100),
    ]

    /// Rc's own tolerance in Table B.2.
    public static let resistorTolerance = 0.03

    /// Above this the PP contact is taken as open: no cable plugged in. Ten times the largest coding
    /// resistor, far above any band; our choice, not the standard's.
    public static let openCircuitOhm = 15_000.0

    /// What the PP measurement says.
    public enum Reading: Sendable, Hashable {
        case noCable
        case cable(amps: Double, ohm: Double)
        /// A resistance (or voltage) that matches no coding.
        case invalid(String)
    }

    /// The band of resistances read as `rating` with the board's `measurementTolerance` (0.10 = 10 %).
    public static func band(of rating: Rating, measurementTolerance: Double) -> ClosedRange<Double> {
        let low = rating.nominalOhm * (1 - resistorTolerance) * (1 - measurementTolerance)
        let high = rating.nominalOhm * (1 + resistorTolerance) * (1 + measurementTolerance)
        return low...high
    }

    /// Reads the divider: `ppVolts` at the node, with a pull-up of `pullUpOhm` to `pullUpV`.
    public static func reading(
        ppVolts: Double,
        pullUpOhm: Double,
        pullUpV: Double,
        measurementTolerance: Double
    ) -> Reading {
        guard ppVolts.isFinite, ppVolts >= -0.05 * pullUpV, ppVolts <= 1.05 * pullUpV else {
            return .invalid(
                "PP at \(PilotHATLevels.format(ppVolts)) V is outside 0–\(PilotHATLevels.format(pullUpV)) V"
            )
        }
        let volts = max(ppVolts, 0)
        // Rc = Rpu × V / (Vpu − V); at or above the pull-up voltage the contact is open.
        guard volts < pullUpV else { return .noCable }
        let ohm = pullUpOhm * volts / (pullUpV - volts)
        if ohm >= openCircuitOhm { return .noCable }
        for rating in ratings where band(of: rating, measurementTolerance: measurementTolerance).contains(ohm) {
            return .cable(amps: rating.amps, ohm: ohm)
        }
        return .invalid("PP resistance \(Int(ohm.rounded())) Ω matches no cable coding (1.5 kΩ, 680 Ω, 220 Ω, 100 Ω)")
    }
}
