/// The power setpoint of a DC EVSE (issue 17 item 2): what its converter may deliver, the least of its rating
/// and the charging profiles' limit.
enum DCSetpoint {
    /// The setpoint's step, W: limits are rounded down to whole watts (converters take far coarser steps; a
    /// finer one would promise what no vehicle notices).
    static let step = 1.0

    /// The setpoint for `scheduleLimit` (W; nil: no limit) on a converter rated `ratedPower` (W). 0 pauses the
    /// session: the converter delivers nothing, the pilot offers nothing, the transaction goes on.
    static func applying(_ scheduleLimit: Double?, ratedPower: Double) -> Double {
        let limit = min(ratedPower, scheduleLimit ?? ratedPower)
        guard limit.isFinite, limit > 0 else { return 0 }
        return (limit / step + 1e-9).rounded(.down) * step
    }
}
