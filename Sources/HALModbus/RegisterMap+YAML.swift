import LocalFiles
import YAMLFields

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A register map file that cannot be used, with the file, the key and what is wrong.
public struct RegisterMapError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// The dotted path of the offending key, e.g. `quantities.voltage.l2.type`; empty for the whole file.
    public var key: String
    public var problem: String

    public init(file: String, key: String, problem: String) {
        self.file = file
        self.key = key
        self.problem = problem
    }

    public var description: String { key.isEmpty ? "\(file): \(problem)" : "\(file): \(key): \(problem)" }

    /// The text of a map file (a meter's register map, a charge controller's map), or why it cannot be read.
    static func readMapFile(_ path: String) throws(RegisterMapError) -> String {
        do {
            return try LocalFiles.readText(path)
        } catch {
            throw RegisterMapError(file: path, key: "", problem: "cannot be read (\(error.reason))")
        }
    }
}

extension RegisterMap {
    /// Loads and validates a register map file.
    public static func load(path: String) throws(RegisterMapError) -> RegisterMap {
        try parse(yaml: RegisterMapError.readMapFile(path), file: path)
    }

    /// Parses and validates a register map; `file` names the source in errors.
    ///
    /// The format (every key but `quantities.energyImportWh` and `quantities.powerW` is optional):
    /// ```yaml
    /// name: Eastron SDM630 v2
    /// vendor: Eastron
    /// document: "SDM630 Modbus protocol V1.8"
    /// maxGap: 0                    # registers the map does not use that a block read may span
    /// maxRegisters: 125            # the most registers the meter answers in one request
    /// defaults: {function: 4, type: float32, wordOrder: high-first, byteOrder: big-endian}
    /// quantities:
    ///   energyImportWh: {address: 0x0048, scale: {multiplier: 1000}}   # kWh on the meter
    ///   powerW: {address: 0x0034}
    ///   voltage: {l1: {address: 0x0000}, l2: {address: 0x0002}, l3: {address: 0x0004}}
    ///   frequency: {address: 0x0046, type: u16, scale: {exponent: -2, register: {address: 0x0047, type: s16}}}
    /// ```
    public static func parse(yaml: String, file: String) throws(RegisterMapError) -> RegisterMap {
        var parser = MapParser(file: file)
        return try parser.parse(yaml)
    }
}

private struct MapParser: YAMLFieldReader {
    let file: String

    func fail(_ key: String, _ problem: String, line: Int?) -> RegisterMapError {
        RegisterMapError(file: file, key: key, problem: line.map { "\(problem) (line \($0))" } ?? problem)
    }

    mutating func parse(_ yaml: String) throws(RegisterMapError) -> RegisterMap {
        let top = try loadTopLevelMapping(yaml)
        try allowOnly(
            ["name", "vendor", "document", "maxGap", "maxRegisters", "defaults", "quantities"],
            in: top,
            at: ""
        )
        let name = try string(top["name"], at: "name")
        let vendor = try string(top["vendor"], at: "vendor")
        let document = try string(top["document"], at: "document")
        let maxGap = try top["maxGap"].map { value throws(RegisterMapError) in try integer(value, at: "maxGap") } ?? 0
        guard (0...RegisterMap.maxRegistersPerRequest).contains(maxGap) else {
            throw fail("maxGap", "must be between 0 and \(RegisterMap.maxRegistersPerRequest), not \(maxGap)")
        }
        let maxRegisters =
            try top["maxRegisters"].map { value throws(RegisterMapError) in try integer(value, at: "maxRegisters") }
            ?? RegisterMap.maxRegistersPerRequest
        guard (4...RegisterMap.maxRegistersPerRequest).contains(maxRegisters) else {
            throw fail(
                "maxRegisters",
                "must be between 4 (the longest value) and \(RegisterMap.maxRegistersPerRequest), not \(maxRegisters)"
            )
        }
        var defaults: [String: Any] = [:]
        if let value = top["defaults"] {
            defaults = try mapping(value, at: "defaults")
            try allowOnly(["function", "type", "wordOrder", "byteOrder"], in: defaults, at: "defaults")
        }
        let quantities = try mapping(top["quantities"], at: "quantities")
        var entries: [QuantityKey: RegisterEntry] = [:]
        for (rawKey, value) in quantities.sorted(by: { $0.key < $1.key }) {
            let path = "quantities.\(rawKey)"
            guard let quantity = Quantity(rawValue: rawKey) else {
                throw fail(
                    path,
                    "unknown quantity; expected one of \(Quantity.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            if quantity.isPerPhase {
                let phases = try mapping(value, at: path)
                try allowOnly(Phase.allCases.map(\.rawValue), in: phases, at: path)
                guard phases["l1"] != nil else {
                    throw fail("\(path).l1", "is missing (a per-phase quantity needs l1)")
                }
                for phase in Phase.allCases {
                    guard let entry = phases[phase.rawValue] else { continue }
                    entries[QuantityKey(quantity, phase)] = try registerEntry(
                        entry,
                        defaults: defaults,
                        at: "\(path).\(phase.rawValue)"
                    )
                }
            } else {
                entries[QuantityKey(quantity)] = try registerEntry(value, defaults: defaults, at: path)
            }
        }
        for required in [Quantity.energyImportWh, .powerW] where entries[QuantityKey(required)] == nil {
            throw fail("quantities.\(required.rawValue)", "is missing (every meter map must read it)")
        }
        return RegisterMap(
            name: name,
            vendor: vendor,
            document: document,
            maxGap: maxGap,
            maxRegisters: maxRegisters,
            entries: entries
        )
    }

    func registerEntry(
        _ value: Any?,
        defaults: [String: Any],
        at path: String
    ) throws(RegisterMapError) -> RegisterEntry {
        let fields = try mapping(value, at: path)
        try allowOnly(
            ["function", "address", "count", "type", "wordOrder", "byteOrder", "scale"],
            in: fields,
            at: path
        )
        let source = try registerSource(fields, defaults: defaults, at: path)
        var scale = Scale.identity
        if let rawScale = fields["scale"] {
            scale = try self.scale(rawScale, defaults: defaults, at: "\(path).scale")
        }
        return RegisterEntry(source: source, scale: scale)
    }

    func scale(_ value: Any?, defaults: [String: Any], at path: String) throws(RegisterMapError) -> Scale {
        if let number = value as? Double { return Scale(multiplier: number) }
        if let number = value as? Int { return Scale(multiplier: Double(number)) }
        let fields = try mapping(value, at: path)
        try allowOnly(["multiplier", "exponent", "register"], in: fields, at: path)
        var scale = Scale.identity
        if let multiplier = fields["multiplier"] {
            scale.multiplier = try number(multiplier, at: "\(path).multiplier")
            guard scale.multiplier != 0, scale.multiplier.isFinite else {
                throw fail("\(path).multiplier", "must be a finite number other than 0")
            }
        }
        if let exponent = fields["exponent"] {
            scale.exponent = try integer(exponent, at: "\(path).exponent")
            guard (-12...12).contains(scale.exponent) else { throw fail("\(path).exponent", "must be within -12...12") }
        }
        if let register = fields["register"] {
            let registerFields = try mapping(register, at: "\(path).register")
            try allowOnly(
                ["function", "address", "count", "type", "wordOrder", "byteOrder"],
                in: registerFields,
                at: "\(path).register"
            )
            // An exponent register is a small signed integer unless the file says otherwise.
            var registerDefaults = defaults
            registerDefaults["type"] = "s16"
            scale.exponentRegister = try registerSource(
                registerFields,
                defaults: registerDefaults,
                at: "\(path).register"
            )
        }
        return scale
    }

    func registerSource(
        _ fields: [String: Any],
        defaults: [String: Any],
        at path: String
    ) throws(RegisterMapError)
        -> RegisterSource
    {
        func field(_ name: String) -> (value: Any, path: String)? {
            if let value = fields[name] { return (value, "\(path).\(name)") }
            if let value = defaults[name] { return (value, "defaults.\(name)") }
            return nil
        }
        guard let functionField = field("function") else {
            throw fail("\(path).function", "is missing (3: holding registers, 4: input registers)")
        }
        let functionNumber = try integer(functionField.value, at: functionField.path)
        guard let functionCode = UInt8(exactly: functionNumber).flatMap(FunctionCode.init(rawValue:)) else {
            throw fail(
                functionField.path,
                "must be 3 (holding registers) or 4 (input registers), not \(functionNumber)"
            )
        }
        guard let addressValue = fields["address"] else { throw fail("\(path).address", "is missing") }
        let address = try integer(addressValue, at: "\(path).address")
        guard let typeField = field("type") else {
            throw fail("\(path).type", "is missing (\(RegisterType.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let typeName = try string(typeField.value, at: typeField.path)
        guard let type = RegisterType(rawValue: typeName) else {
            throw fail(
                typeField.path,
                "unknown type \"\(typeName)\"; expected one of \(RegisterType.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        if let countValue = fields["count"] {
            let count = try integer(countValue, at: "\(path).count")
            guard (1...4).contains(count) else { throw fail("\(path).count", "must be 1 to 4, not \(count)") }
            guard count == type.registerCount else {
                throw fail(
                    "\(path).count",
                    "is \(count) but a \(type.rawValue) takes \(type.registerCount) register(s)"
                )
            }
        }
        guard address >= 0, address + type.registerCount <= 65536 else {
            throw fail("\(path).address", "\(address) is outside the register space 0...65535 for a \(type.rawValue)")
        }
        var wordOrder = WordOrder.highFirst
        if let orderField = field("wordOrder") {
            let name = try string(orderField.value, at: orderField.path)
            guard let order = WordOrder(rawValue: name) else {
                throw fail(orderField.path, "must be high-first or low-first, not \"\(name)\"")
            }
            wordOrder = order
        }
        var byteOrder = ByteOrder.bigEndian
        if let orderField = field("byteOrder") {
            let name = try string(orderField.value, at: orderField.path)
            guard let order = ByteOrder(rawValue: name) else {
                throw fail(orderField.path, "must be big-endian or little-endian, not \"\(name)\"")
            }
            byteOrder = order
        }
        return RegisterSource(
            function: functionCode,
            address: UInt16(address),
            type: type,
            wordOrder: wordOrder,
            byteOrder: byteOrder
        )
    }
}
