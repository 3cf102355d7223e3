/// The state of the IEC 61851-1 control pilot, named by the positive level the EVSE measures on it.
public enum ControlPilotState: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// +12 V: no vehicle connected.
    case a = "A"
    /// +9 V: vehicle connected, not ready to take energy.
    case b = "B"
    /// +6 V: vehicle connected and ready to take energy (charging).
    case c = "C"
    /// +3 V: vehicle connected, ready, and requires ventilation of the charging area.
    case d = "D"
    /// 0 V: pilot shorted to protective earth, or the EVSE's supply failed.
    case e = "E"
    /// −12 V: the EVSE is not available (driven by the EVSE itself).
    case f = "F"

    /// The nominal positive pilot level in V (−12 V for F, where there is no positive level).
    public var nominalVoltage: Double {
        switch self {
        case .a: 12
        case .b: 9
        case .c: 6
        case .d: 3
        case .e: 0
        case .f: -12
        }
    }

    /// True in B, C and D: a vehicle is connected.
    public var isVehicleConnected: Bool { self == .b || self == .c || self == .d }

    /// True in C and D: the vehicle asks for energy, so the contactor may close.
    public var isEnergyRequested: Bool { self == .c || self == .d }

    public var description: String {
        switch self {
        case .a: "A (not connected)"
        case .b: "B (connected, not ready)"
        case .c: "C (charging)"
        case .d: "D (charging, ventilation required)"
        case .e: "E (error)"
        case .f: "F (EVSE not available)"
        }
    }
}
