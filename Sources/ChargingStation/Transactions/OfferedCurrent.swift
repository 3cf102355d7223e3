import HAL

/// How much current an EV is offered (issue 14 item 4): the smallest of the EVSE's rating from the board file,
/// the rating of the cable plugged in (IEC 61851-1 proximity, PP) and the 80 A the pilot can express; a
/// smart-charging limit joins them when that block is built. A cable the station cannot use (rated below the
/// 6 A the pilot can express, or a PP it cannot read) gets no current at all, and the EVSE says why.
enum OfferedCurrent {
    /// The lowest current IEC 61851-1 lets the pilot offer (10 % duty).
    static let minimum = 6.0
    /// The highest current the pilot's PWM can express (96 % duty). A DC charger's EVSE rating (hundreds of
    /// amperes at the DC side) is not a pilot current: its power is agreed by the charging protocol, so the
    /// pilot never offers more than this.
    static let maximum = 80.0

    /// What the station knows of the cable of one plug-in, read from the board when the vehicle connects.
    enum Cable: Sendable, Equatable {
        /// No proximity contact to read: the EVSE's own (tethered) cable, rated as the EVSE.
        case tethered
        /// A socket-outlet cable coded by its PP resistor (13, 20, 32 or 63 A).
        case rated(Double)
        /// The PP could not be read, or reads no valid coding: the cable's rating is unknown.
        case unreadable(String)
    }

    /// The current to offer an authorized EV that may charge; nil while the cable is not known yet or is not
    /// usable.
    static func limit(ratedCurrent: Double, cable: Cable?) -> Double? {
        switch cable {
        case nil, .unreadable: nil
        case .tethered: min(ratedCurrent, maximum)
        case .rated(let amps): amps >= minimum ? min(ratedCurrent, amps, maximum) : nil
        }
    }

    /// Why the cable cannot charge (for the fault's log line and `chargerctl status`); nil when it can.
    static func problem(_ cable: Cable) -> String? {
        switch cable {
        case .tethered: nil
        case .rated(let amps):
            amps >= minimum ? nil : "cable rated \(amps) A, below the \(minimum) A minimum of IEC 61851-1"
        case .unreadable(let reason): "cable rating unreadable: \(reason)"
        }
    }

    /// The board's PP answer as a cable: nil is a tethered cable, a throw is an unreadable PP.
    static func cable(fromProximity result: Result<Double?, EVSEBoardError>) -> Cable {
        switch result {
        case .success(nil): .tethered
        case .success(let amps?): .rated(amps)
        case .failure(let error): .unreadable("\(error)")
        }
    }
}
