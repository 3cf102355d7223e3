/// The power stage of a DC EVSE: the converter that turns the grid's AC into the DC the vehicle's battery takes.
///
/// A DC charger's power is not offered on the control pilot (the pilot only says "ready", and the amount is
/// agreed by the charging protocol, DIN 70121 / ISO 15118 / CHAdeMO): the station limits it with a power
/// setpoint, and the converter delivers the least of that setpoint, its own rating and what the vehicle asks.
public protocol DCPowerSupply: Sendable {
    /// The most power the converter can deliver, in W.
    var ratedPower: Double { get }

    /// The most power the converter may deliver from now on, in W (at most `ratedPower`; 0 stops the flow
    /// without ending the session). `nil` lifts the limit: the rating applies.
    ///
    /// Throws `.communicationFailure` when the converter could not be told, `.powerOutOfRange` for a
    /// negative or non-finite setpoint.
    func setPowerLimit(_ watts: Double?) async throws(EVSEBoardError)
}
