/// The hardware of one EVSE (with one connector), handed to the station as one value.
public struct EVSEHardware: Sendable {
    /// The OCPP EVSE id, from 1.
    public var id: Int
    public var board: any EVSEBoard
    public var contactor: any Contactor
    public var meter: any EnergyMeter
    /// `nil` for tethered cables, which need no lock.
    public var lock: (any ConnectorLock)?
    /// The EVSE's own status light, if it has one.
    public var indicator: (any Indicator)?
    /// A DC EVSE's converter, limited by a power setpoint; `nil` for an AC EVSE (limited through the pilot).
    public var powerSupply: (any DCPowerSupply)?

    public init(
        id: Int,
        board: any EVSEBoard,
        contactor: any Contactor,
        meter: any EnergyMeter,
        lock: (any ConnectorLock)? = nil,
        indicator: (any Indicator)? = nil,
        powerSupply: (any DCPowerSupply)? = nil
    ) {
        self.id = id
        self.board = board
        self.contactor = contactor
        self.meter = meter
        self.lock = lock
        self.indicator = indicator
        self.powerSupply = powerSupply
    }
}

/// All the hardware of one charging station (one OCPP identity), handed to the station as one value.
///
/// The composition root builds it from the board config, on real or simulated backends; the station
/// cannot tell which.
public struct StationHardware: Sendable {
    /// The EVSEs, in id order.
    public var evses: [EVSEHardware]
    /// The card reader or PIN pad shared by all EVSEs, if any.
    public var tokenReader: (any TokenReader)?
    /// The emergency-stop input; asserted (`true`) means pressed.
    public var emergencyStop: (any DigitalInput)?
    /// Further inputs by the role their board config gives them (for example "door", "tamper").
    public var inputs: [String: any DigitalInput]

    public init(
        evses: [EVSEHardware],
        tokenReader: (any TokenReader)? = nil,
        emergencyStop: (any DigitalInput)? = nil,
        inputs: [String: any DigitalInput] = [:]
    ) {
        self.evses = evses
        self.tokenReader = tokenReader
        self.emergencyStop = emergencyStop
        self.inputs = inputs
    }

    /// The EVSE with OCPP id `id`.
    public func evse(_ id: Int) -> EVSEHardware? {
        evses.first { $0.id == id }
    }
}
