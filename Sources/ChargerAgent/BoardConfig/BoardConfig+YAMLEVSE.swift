import ChargingStation
import HALGPIO
import HALModbus
import LocalFiles
import OCPP
import YAMLFields

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The EVSE sections of a board file: meter, contactor, EV board, and the GPIO lines they claim.
extension BoardParser {
    mutating func parseEVSE(
        _ value: Any,
        at path: String,
        buses: [String: ModbusTransport]
    ) throws(BoardConfigError)
        -> EVSEConfig
    {
        let fields = try mapping(value, at: path)
        try allowOnly(
            [
                "id", "connectorType", "maxCurrentA", "phases", "maxPowerW", "meter", "contactor", "evBoard",
                "indicator", "lock",
            ],
            in: fields,
            at: path
        )
        let id = try integer(fields["id"], at: "\(path).id")
        guard id >= 1 else { throw fail("\(path).id", "must be 1 or more, not \(id)") }
        let rating = try parseRating(fields, at: path)
        return EVSEConfig(
            id: id,
            connectorType: rating.connectorType.rawValue,
            maxCurrentA: rating.maxCurrentA,
            phases: rating.phases,
            maxPowerW: rating.maxPowerW,
            meter: try parseMeter(fields["meter"], at: "\(path).meter", buses: buses),
            contactor: try parseContactor(fields["contactor"], at: "\(path).contactor"),
            evBoard: try parseEVBoard(fields["evBoard"], at: "\(path).evBoard", buses: buses),
            indicator: try fields["indicator"].map { value throws(BoardConfigError) in
                try parseIndicator(value, at: "\(path).indicator")
            },
            lock: try parseLock(fields["lock"], at: "\(path).lock")
        )
    }

    mutating func parseMeter(
        _ value: Any?,
        at path: String,
        buses: [String: ModbusTransport]
    ) throws(BoardConfigError) -> MeterConfig {
        let (type, fields) = try part(value, at: path, types: ["simulated", "modbus"])
        if type == "simulated" {
            try allowOnly(["type"], in: fields, at: path)
            return .simulated
        }
        try allowOnly(["type", "model", "bus", "unitId", "maxPowerW"], in: fields, at: path)
        let model = try string(fields["model"], at: "\(path).model")
        let registerMap = try loadRegisterMap(model, at: "\(path).model")
        let bus = try busReference(fields["bus"], buses: buses, at: "\(path).bus")
        let unitId = try modbusUnitId(fields["unitId"], at: "\(path).unitId")
        let maxPowerW = try number(fields["maxPowerW"], at: "\(path).maxPowerW")
        guard maxPowerW > 0 else { throw fail("\(path).maxPowerW", "must be above 0, not \(maxPowerW)") }
        return .modbus(
            ModbusMeterConfig(model: model, registerMap: registerMap, bus: bus, unitId: unitId, maxPowerW: maxPowerW)
        )
    }

    mutating func loadRegisterMap(_ model: String, at path: String) throws(BoardConfigError) -> RegisterMap {
        if let map = registerMaps[model] { return map }
        let mapPath = try modelFile(model, kind: "meter", in: metersDirectory, at: path)
        do {
            let map = try RegisterMap.load(path: mapPath)
            registerMaps[model] = map
            return map
        } catch {
            throw fail(path, "meter model \"\(model)\" has an invalid register map: \(error)")
        }
    }

    mutating func parseContactor(_ value: Any?, at path: String) throws(BoardConfigError) -> ContactorConfig {
        let (type, fields) = try part(value, at: path, types: ["simulated", "gpio"])
        if type == "simulated" {
            try allowOnly(["type"], in: fields, at: path)
            return .simulated
        }
        try allowOnly(["type", "output", "feedback", "settleMs"], in: fields, at: path)
        let output = try gpioLine(fields["output"], at: "\(path).output")
        let feedback = try fields["feedback"].map { value throws(BoardConfigError) in
            try gpioLine(value, at: "\(path).feedback")
        }
        let settleMs =
            try fields["settleMs"].map { value throws(BoardConfigError) in
                try integer(value, at: "\(path).settleMs")
            } ?? 200
        guard (1...5000).contains(settleMs) else {
            throw fail("\(path).settleMs", "must be 1 to 5000 ms, not \(settleMs)")
        }
        return .gpio(output: output, feedback: feedback, settleTime: .milliseconds(settleMs))
    }

    mutating func parseEVBoard(
        _ value: Any?,
        at path: String,
        buses: [String: ModbusTransport]
    ) throws(BoardConfigError) -> EVBoardConfig {
        let (type, fields) = try part(value, at: path, types: ["simulated", "modbus-controller", "pilot-hat"])
        if type == "modbus-controller" {
            return .modbusController(try parseModbusController(fields, at: path, buses: buses))
        }
        if type == "pilot-hat" { return try parsePilotHAT(fields, at: path) }
        try allowOnly(["type"], in: fields, at: path)
        return .simulated
    }

    mutating func parseIndicator(_ value: Any, at path: String) throws(BoardConfigError) -> IndicatorConfig {
        let (type, fields) = try part(value, at: path, types: ["simulated", "gpio"])
        if type == "simulated" {
            try allowOnly(["type"], in: fields, at: path)
            return .simulated
        }
        try allowOnly(["type", "lines"], in: fields, at: path)
        let colors = try mapping(fields["lines"], at: "\(path).lines")
        guard !colors.isEmpty else { throw fail("\(path).lines", "must name at least one colour") }
        var lines: [IndicatorColorLine] = []
        for (color, line) in colors.sorted(by: { $0.key < $1.key }) {
            let names = ["red", "green", "blue", "yellow", "white", "cyan", "magenta"]
            guard names.contains(color) else {
                throw fail("\(path).lines.\(color)", "unknown colour; expected one of \(names.joined(separator: ", "))")
            }
            lines.append(IndicatorColorLine(color: color, line: try gpioLine(line, at: "\(path).lines.\(color)")))
        }
        return .gpio(lines: lines)
    }

    mutating func parseInput(_ value: Any, at path: String) throws(BoardConfigError) -> InputConfig {
        let (type, fields) = try part(value, at: path, types: ["simulated", "gpio"])
        if type == "simulated" {
            try allowOnly(["type"], in: fields, at: path)
            return .simulated
        }
        try allowOnly(["type", "line", "debounceMs"], in: fields, at: path)
        let line = try gpioLine(fields["line"], at: "\(path).line")
        let debounceMs =
            try fields["debounceMs"].map { value throws(BoardConfigError) in
                try integer(value, at: "\(path).debounceMs")
            } ?? 30
        guard (0...1000).contains(debounceMs) else {
            throw fail("\(path).debounceMs", "must be 0 to 1000 ms, not \(debounceMs)")
        }
        return .gpio(line: line, debounce: .milliseconds(debounceMs))
    }

    // MARK: - Parts and lines

    /// A hardware part: the scalar `simulated`, or a mapping with a `type` key.
    func part(_ value: Any?, at path: String, types: [String]) throws(BoardConfigError) -> (String, [String: Any]) {
        guard let value else { throw fail(path, "is missing") }
        let type: String
        let fields: [String: Any]
        if let scalar = value as? String {
            type = scalar
            fields = ["type": scalar]
        } else {
            fields = try mapping(value, at: path)
            type = try string(fields["type"], at: "\(path).type")
        }
        guard types.contains(type) else {
            throw fail(
                value is String ? path : "\(path).type",
                "must be \(types.joined(separator: " or ")), not \"\(type)\""
            )
        }
        return (type, fields)
    }

    /// A GPIO line `{chip, offset | name, activeLow}`; each chip and line may be used once per board.
    mutating func gpioLine(_ value: Any?, at path: String) throws(BoardConfigError) -> GPIOLineAddress {
        let fields = try mapping(value, at: path)
        try allowOnly(["chip", "offset", "name", "activeLow"], in: fields, at: path)
        let chip = try string(fields["chip"], at: "\(path).chip")
        let selector: GPIOLineSelector
        switch (fields["offset"], fields["name"]) {
        case (let offset?, nil):
            let number = try integer(offset, at: "\(path).offset")
            guard (0...1023).contains(number) else {
                throw fail("\(path).offset", "must be a line offset from 0 to 1023, not \(number)")
            }
            selector = .offset(UInt32(number))
        case (nil, let name?):
            selector = .named(try string(name, at: "\(path).name"))
        default:
            throw fail(path, "must have exactly one of offset or name")
        }
        let activeLow =
            try fields["activeLow"].map { value throws(BoardConfigError) in
                try bool(value, at: "\(path).activeLow")
            } ?? false
        let identity = "\(Self.normalizedChip(chip)):\(selector)"
        if let earlier = usedLines[identity] {
            throw fail(path, "duplicate GPIO line \(chip) \(selector) (already used by \(earlier))")
        }
        usedLines[identity] = path
        return GPIOLineAddress(chip: chip, line: selector, activeLow: activeLow)
    }

    /// `/dev/gpiochip0`, `gpiochip0` and `0` are the same chip.
    static func normalizedChip(_ chip: String) -> String {
        var name = chip
        if name.hasPrefix("/dev/") { name.removeFirst(5) }
        if !name.isEmpty, name.allSatisfy(\.isNumber) { name = "gpiochip" + name }
        return name
    }
}

/// What an EVSE is and can deliver, which the station reports to the CSMS (ConnectorType, SupplyPhases,
/// EVSE.Power): checked here so a typo cannot make a 200 kW DC charger report itself as something else.
extension BoardParser {
    struct Rating {
        var connectorType: ConnectorEnumType
        var maxCurrentA: Double
        var phases: Int
        var maxPowerW: Double
    }

    /// The most power a board may state, in W (megawatt charging is beyond the connectors OCPP 2.0.1 names).
    static let maxPowerLimitW = 4_000_000.0

    func parseRating(_ fields: [String: Any], at path: String) throws(BoardConfigError) -> Rating {
        let typeName = try string(fields["connectorType"], at: "\(path).connectorType")
        guard let connectorType = ConnectorEnumType(rawValue: typeName) else {
            throw fail(
                "\(path).connectorType",
                "\"\(typeName)\" is not an OCPP ConnectorEnumType; use one of "
                    + ConnectorEnumType.allCases.map(\.rawValue).joined(separator: ", ")
            )
        }
        let isDC = EVSEDescription.dcConnectorTypes.contains(connectorType)
        let maxCurrentA = try number(fields["maxCurrentA"], at: "\(path).maxCurrentA")
        guard maxCurrentA > 0, maxCurrentA <= 1000 else {
            throw fail("\(path).maxCurrentA", "must be above 0 and at most 1000 A, not \(maxCurrentA)")
        }
        // A DC EVSE reports no AC phases; its `phases` only shapes the simulation, so it may be left out.
        let phases: Int
        if let value = fields["phases"] {
            phases = try integer(value, at: "\(path).phases")
        } else if isDC {
            phases = 1
        } else {
            throw fail("\(path).phases", "is missing (1 or 3 for an AC connector such as \(typeName))")
        }
        guard phases == 1 || phases == 3 else { throw fail("\(path).phases", "must be 1 or 3, not \(phases)") }
        let maxPowerW: Double
        if let value = fields["maxPowerW"] {
            maxPowerW = try number(value, at: "\(path).maxPowerW")
            guard maxPowerW > 0, maxPowerW <= Self.maxPowerLimitW else {
                throw fail("\(path).maxPowerW", "must be above 0 and at most 4000000 W, not \(maxPowerW)")
            }
        } else if isDC {
            throw fail(
                "\(path).maxPowerW",
                "is missing: a DC connector (\(typeName)) needs its rating in W, it is not phases × current × 230 V"
            )
        } else {
            maxPowerW = Double(phases) * EVSEConfig.nominalACVoltage * maxCurrentA
        }
        return Rating(connectorType: connectorType, maxCurrentA: maxCurrentA, phases: phases, maxPowerW: maxPowerW)
    }
}
