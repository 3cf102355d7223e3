import HAL

/// A DC charger's meter as the CSMS sees it: the simulated EVSE's registers, with voltage and current
/// shown at the charger's DC voltage.
///
/// A simulated EVSE is an AC one whose power is offered current × voltage. To let a DC charger draw its
/// rating with the current the station offers, the fleet runs it as one phase at a "voltage" of
/// rating ÷ offered current; this meter shows the power at a real DC voltage instead, so the energy and
/// power the station reports are the simulation's and the voltage and current are plausible.
struct DCMeter: EnergyMeter {
    let meter: any EnergyMeter
    /// The DC voltage shown, in V.
    let voltage: Double

    func read() async throws(MeterError) -> MeterReading {
        var reading = try await meter.read()
        let current = reading.activePower > 0 ? reading.activePower / voltage : 0
        reading.voltage = PhaseValues(l1: voltage)
        reading.current = PhaseValues(l1: current)
        reading.frequency = nil
        return reading
    }
}
