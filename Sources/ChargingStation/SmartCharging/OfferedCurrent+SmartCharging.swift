extension OfferedCurrent {
    /// The pilot's step: limits are rounded down to 0.1 A. The PWM itself is finer (1 ns of a 1 ms period on
    /// the pilot HAT is 0.0006 A; the simulated board and the Modbus controllers take the value as given), but
    /// IEC 61851-1 reads the duty cycle with ±1 % (about ±0.6 A) tolerance, and OCPP limits come in steps of
    /// 0.1, so a finer step would promise what no vehicle can tell apart.
    static let step = 0.1

    /// The offer once the charging profiles' limit is applied: the smaller of the two, rounded down to what the
    /// pilot expresses; below 6 A nothing (the session pauses with a steady pilot and resumes when the limit
    /// rises again). No offer stays no offer; no limit leaves the offer as it is.
    static func applying(_ scheduleLimit: Double?, to offer: Double?) -> Double? {
        guard let offer else { return nil }
        guard let scheduleLimit else { return offer }
        let limited = (min(offer, scheduleLimit) / step + 1e-9).rounded(.down) * step
        let rounded = (limited * 10).rounded() / 10
        return rounded >= minimum ? rounded : nil
    }
}
