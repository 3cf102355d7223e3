import HALModbus
import OCPP
import YAMLFields

/// The `externalLimits` section of a board file: limits from outside OCPP (OCPP 2.0.1 K11-K13), each from a
/// Modbus register an energy manager or grid operator writes, or from a digital input (a ripple-control relay).
///
/// ```yaml
/// externalLimits:
///   ems:                            # a name of your choosing; the limit's origin is "modbus:ems"
///     source: EMS                   # EMS (default), Other or SO (a grid operator)
///     evse: 0                       # 0 (default): the whole station; n: EVSE n
///     unit: A                       # A (per phase, default) or W
///     modbus:
///       bus: lan                    # a key of buses
///       unitId: 3
///       register: {function: 3, address: 100, type: u16}   # as in a meter map (wordOrder, byteOrder too)
///       scale: 0.1                  # limit = raw × scale (default 1)
///       noLimit: 65535              # a raw value meaning "no limit" (optional): the limit is cleared
///       pollMs: 1000                # default 1000, 100-60000
///   ripple:
///     source: SO
///     input: ripple                 # a key of inputs: while it is asserted, `limit` applies
///     limit: 6
/// ```
/// A register that cannot be read keeps the last limit in force (logged); the limit goes when the register
/// reads `noLimit` or the input is released (ClearedChargingLimit).
public struct ExternalLimitConfig: Sendable, Hashable {
    public enum Signal: Sendable, Hashable {
        case modbus(ExternalLimitRegister)
        /// While the input `role` (a key of the board's inputs) is asserted, `limit` applies.
        case input(role: String, limit: Double)
    }

    /// The key in the section.
    public var name: String
    public var source: ChargingLimitSourceEnumType
    public var evseId: Int
    public var unit: ChargingRateUnitEnumType
    public var signal: Signal

    public init(
        name: String,
        source: ChargingLimitSourceEnumType,
        evseId: Int,
        unit: ChargingRateUnitEnumType,
        signal: Signal
    ) {
        self.name = name
        self.source = source
        self.evseId = evseId
        self.unit = unit
        self.signal = signal
    }

    /// The origin its limits carry to the station.
    public var origin: String {
        switch signal {
        case .modbus: "modbus:\(name)"
        case .input: "input:\(name)"
        }
    }
}

/// Where a Modbus external limit is read.
public struct ExternalLimitRegister: Sendable, Hashable {
    public var bus: String
    public var unitId: Int
    public var register: RegisterSource
    public var scale: Double
    public var noLimit: Double?
    public var poll: Duration

    public init(
        bus: String,
        unitId: Int,
        register: RegisterSource,
        scale: Double = 1,
        noLimit: Double? = nil,
        poll: Duration = .seconds(1)
    ) {
        self.bus = bus
        self.unitId = unitId
        self.register = register
        self.scale = scale
        self.noLimit = noLimit
        self.poll = poll
    }

    /// The limit the registers read say, or nil for "no limit".
    public func limit(from registers: ArraySlice<UInt16>) -> Double? {
        let raw = register.decode(registers)
        if let noLimit, raw == noLimit { return nil }
        guard raw.isFinite else { return nil }
        return max(0, raw * scale)
    }
}

extension BoardParser {
    func parseExternalLimits(
        _ value: Any?,
        buses: [String: ModbusTransport],
        inputs: [String: InputConfig],
        evseIds: Set<Int>
    ) throws(BoardConfigError) -> [ExternalLimitConfig] {
        guard let value else { return [] }
        var result: [ExternalLimitConfig] = []
        for (name, item) in try mapping(value, at: "externalLimits").sorted(by: { $0.key < $1.key }) {
            let path = "externalLimits.\(name)"
            let fields = try mapping(item, at: path)
            try allowOnly(["source", "evse", "unit", "modbus", "input", "limit"], in: fields, at: path)
            let sourceName = try fields["source"].map { value throws(BoardConfigError) in
                try string(value, at: "\(path).source")
            }
            let source = ChargingLimitSourceEnumType(rawValue: sourceName ?? "EMS")
            guard let source, source != .cso else {
                throw fail("\(path).source", "must be EMS, Other or SO, not \"\(sourceName ?? "")\"")
            }
            let evse =
                try fields["evse"].map { value throws(BoardConfigError) in try integer(value, at: "\(path).evse") } ?? 0
            guard evse == 0 || evseIds.contains(evse) else {
                throw fail("\(path).evse", "no EVSE \(evse) in this file (0: the whole station)")
            }
            let unitName = try fields["unit"].map { value throws(BoardConfigError) in
                try string(value, at: "\(path).unit")
            }
            guard let unit = ChargingRateUnitEnumType(rawValue: unitName ?? "A") else {
                throw fail("\(path).unit", "must be A or W, not \"\(unitName ?? "")\"")
            }
            let signal: ExternalLimitConfig.Signal
            switch (fields["modbus"], fields["input"]) {
            case (let modbus?, nil):
                guard fields["limit"] == nil else {
                    throw fail("\(path).limit", "is for an input; a Modbus limit is the register's value")
                }
                signal = .modbus(try parseLimitRegister(modbus, buses: buses, at: "\(path).modbus"))
            case (nil, let input?):
                let role = try string(input, at: "\(path).input")
                guard inputs[role] != nil else {
                    let known = inputs.keys.sorted()
                    throw fail(
                        "\(path).input",
                        "unknown input \"\(role)\"; "
                            + (known.isEmpty
                                ? "the file defines no inputs" : "defined: \(known.joined(separator: ", "))")
                    )
                }
                let limit = try number(fields["limit"], at: "\(path).limit")
                guard limit >= 0, limit.isFinite else { throw fail("\(path).limit", "must be at least 0") }
                signal = .input(role: role, limit: limit)
            default:
                throw fail(path, "must have exactly one of modbus or input")
            }
            result.append(ExternalLimitConfig(name: name, source: source, evseId: evse, unit: unit, signal: signal))
        }
        return result
    }

    func parseLimitRegister(
        _ value: Any,
        buses: [String: ModbusTransport],
        at path: String
    ) throws(BoardConfigError) -> ExternalLimitRegister {
        let fields = try mapping(value, at: path)
        try allowOnly(["bus", "unitId", "register", "scale", "noLimit", "pollMs"], in: fields, at: path)
        let bus = try busReference(fields["bus"], buses: buses, at: "\(path).bus")
        let unitId = try modbusUnitId(fields["unitId"], at: "\(path).unitId")
        let register = try limitRegisterSource(fields["register"], at: "\(path).register")
        let scale =
            try fields["scale"].map { value throws(BoardConfigError) in try number(value, at: "\(path).scale") } ?? 1
        guard scale > 0, scale.isFinite else { throw fail("\(path).scale", "must be a number above 0") }
        let noLimit = try fields["noLimit"].map { value throws(BoardConfigError) in
            try number(value, at: "\(path).noLimit")
        }
        let pollMs =
            try fields["pollMs"].map { value throws(BoardConfigError) in try integer(value, at: "\(path).pollMs") }
            ?? 1000
        guard (100...60_000).contains(pollMs) else { throw fail("\(path).pollMs", "must be 100 to 60000 ms") }
        return ExternalLimitRegister(
            bus: bus,
            unitId: unitId,
            register: register,
            scale: scale,
            noLimit: noLimit,
            poll: .milliseconds(pollMs)
        )
    }

    /// {function: 3|4, address, type, wordOrder?, byteOrder?}, as a meter map names a register.
    func limitRegisterSource(_ value: Any?, at path: String) throws(BoardConfigError) -> RegisterSource {
        let fields = try mapping(value, at: path)
        try allowOnly(["function", "address", "type", "wordOrder", "byteOrder"], in: fields, at: path)
        let functionNumber =
            try fields["function"].map { value throws(BoardConfigError) in try integer(value, at: "\(path).function") }
            ?? 3
        guard let function = UInt8(exactly: functionNumber).flatMap(FunctionCode.init(rawValue:)) else {
            throw fail(
                "\(path).function",
                "must be 3 (holding registers) or 4 (input registers), not \(functionNumber)"
            )
        }
        let type: RegisterType = try choice(fields["type"], at: "\(path).type", default: .u16)
        let address = try integer(fields["address"], at: "\(path).address")
        guard address >= 0, address + type.registerCount <= 65536 else {
            throw fail("\(path).address", "\(address) is outside the register space 0...65535 for a \(type.rawValue)")
        }
        return RegisterSource(
            function: function,
            address: UInt16(address),
            type: type,
            wordOrder: try choice(fields["wordOrder"], at: "\(path).wordOrder", default: .highFirst),
            byteOrder: try choice(fields["byteOrder"], at: "\(path).byteOrder", default: .bigEndian)
        )
    }
}
