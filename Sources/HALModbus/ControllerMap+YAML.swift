import HAL
import YAMLFields

extension ControllerMap {
    /// Loads and validates a controller map file; errors are `RegisterMapError`s naming the file and key.
    public static func load(path: String) throws(RegisterMapError) -> ControllerMap {
        try parse(yaml: RegisterMapError.readMapFile(path), file: path)
    }

    /// Parses and validates a controller map; `file` names the source in errors.
    ///
    /// The format (`proximity`, `faults`, `firmware`, `offer`, `stop`, `notes` are optional):
    /// ```yaml
    /// name: EVSE-DIN
    /// vendor: EVRacing
    /// document: {title: "EVSE-DIN register list", version: "fw 17", url: "https://…"}
    /// notes: "where the document is ambiguous, and what this map assumes"
    /// maxGap: 8                      # registers a poll may span to save a request
    /// writeFunction: 16              # 6 (single) or 16 (multiple) for holding registers
    /// vehicleState:
    ///   register: {function: 3, address: 1002}        # type u16 unless given
    ///   A: [1]                        # raw values per state A-F; "AB" strings are two ASCII characters
    ///   fault: [5]                    # raw values that mean a controller fault
    /// proximity: {register: {function: 3, address: 1003}, multiplier: 1, noCable: [0], invalid: [65535]}
    /// faults: {register: {function: 3, address: 1007}, state: E, bits: [{bit: 1, name: "diode check failed"}]}
    /// firmware: {function: 3, address: 1005, count: 1, format: decimal}   # decimal, ascii or hex
    /// current: {address: 1000, multiplier: 1, off: 0, min: 6, max: 80}
    /// offer: [{holding: 1004, value: 0}]          # writes before a non-zero offer
    /// stop: [{holding: 1000, value: 0}]           # writes for "no current" (default: current.off)
    /// notAvailable: [{coil: 20001, value: 0}]     # writes for state F
    /// ```
    public static func parse(yaml: String, file: String) throws(RegisterMapError) -> ControllerMap {
        try ControllerMapParser(file: file).parse(yaml)
    }
}

private struct ControllerMapParser: YAMLFieldReader {
    let file: String

    func fail(_ key: String, _ problem: String, line: Int?) -> RegisterMapError {
        RegisterMapError(file: file, key: key, problem: line.map { "\(problem) (line \($0))" } ?? problem)
    }

    func parse(_ yaml: String) throws(RegisterMapError) -> ControllerMap {
        let top = try loadTopLevelMapping(yaml)
        try allowOnly(
            [
                "name", "vendor", "document", "notes", "maxGap", "writeFunction", "vehicleState", "proximity",
                "faults", "firmware", "current", "offer", "stop", "notAvailable",
            ],
            in: top,
            at: ""
        )
        let documentFields = try mapping(top["document"], at: "document")
        try allowOnly(["title", "version", "url"], in: documentFields, at: "document")
        let document = ControllerDocument(
            title: try string(documentFields["title"], at: "document.title"),
            version: try string(documentFields["version"], at: "document.version"),
            url: try string(documentFields["url"], at: "document.url")
        )
        if let notes = top["notes"] { _ = try string(notes, at: "notes") }
        let maxGap = try top["maxGap"].map { value throws(RegisterMapError) in try integer(value, at: "maxGap") } ?? 0
        guard (0...RegisterMap.maxRegistersPerRequest).contains(maxGap) else {
            throw fail("maxGap", "must be between 0 and \(RegisterMap.maxRegistersPerRequest), not \(maxGap)")
        }
        var writeFunction = ModbusBus.RegisterWriteFunction.single
        if let value = top["writeFunction"] {
            let number = try integer(value, at: "writeFunction")
            guard let function = UInt8(exactly: number).flatMap(ModbusBus.RegisterWriteFunction.init(rawValue:))
            else {
                throw fail("writeFunction", "must be 6 (write single register) or 16 (write multiple), not \(number)")
            }
            writeFunction = function
        }
        return ControllerMap(
            name: try string(top["name"], at: "name"),
            vendor: try string(top["vendor"], at: "vendor"),
            document: document,
            maxGap: maxGap,
            writeFunction: writeFunction,
            vehicleState: try vehicleState(top["vehicleState"], at: "vehicleState"),
            proximity: try top["proximity"].map { value throws(RegisterMapError) in
                try proximity(value, at: "proximity")
            },
            faults: try top["faults"].map { value throws(RegisterMapError) in try faults(value, at: "faults") },
            firmware: try top["firmware"].map { value throws(RegisterMapError) in try firmware(value, at: "firmware") },
            current: try current(top["current"], at: "current"),
            offer: try writes(top["offer"], at: "offer", required: false),
            stop: try writes(top["stop"], at: "stop", required: false),
            notAvailable: try writes(top["notAvailable"], at: "notAvailable", required: true)
        )
    }

    func vehicleState(_ value: Any?, at path: String) throws(RegisterMapError) -> StateDecoding {
        let fields = try mapping(value, at: path)
        let names = ControlPilotState.allCases.map(\.rawValue) + ["fault"]
        try allowOnly(["register"] + names, in: fields, at: path)
        let source = try register(fields["register"], at: "\(path).register")
        var values: [UInt64: ControllerStateValue] = [:]
        var seenAt: [UInt64: String] = [:]
        for name in names {
            guard let list = fields[name] else { continue }
            let meaning: ControllerStateValue =
                ControlPilotState(rawValue: name).map { .pilot($0) } ?? .fault
            for (index, raw) in try rawValues(list, at: "\(path).\(name)", type: source.type).enumerated() {
                if let earlier = seenAt[raw] {
                    throw fail("\(path).\(name)[\(index)]", "value \(raw) is already listed under \(earlier)")
                }
                seenAt[raw] = name
                values[raw] = meaning
            }
        }
        for needed in [ControlPilotState.a, .b, .c] where !values.values.contains(.pilot(needed)) {
            throw fail("\(path).\(needed.rawValue)", "is missing (a controller map must decode states A, B and C)")
        }
        return StateDecoding(source: source, values: values)
    }

    func proximity(_ value: Any, at path: String) throws(RegisterMapError) -> ProximityDecoding {
        let fields = try mapping(value, at: path)
        try allowOnly(["register", "multiplier", "noCable", "invalid"], in: fields, at: path)
        let source = try register(fields["register"], at: "\(path).register")
        let multiplier =
            try fields["multiplier"].map { value throws(RegisterMapError) in
                try number(value, at: "\(path).multiplier")
            } ?? 1
        guard multiplier > 0 else { throw fail("\(path).multiplier", "must be above 0, not \(multiplier)") }
        return ProximityDecoding(
            source: source,
            multiplier: multiplier,
            noCable: Set(
                try fields["noCable"].map { value throws(RegisterMapError) in
                    try rawValues(value, at: "\(path).noCable", type: source.type)
                } ?? []
            ),
            invalid: Set(
                try fields["invalid"].map { value throws(RegisterMapError) in
                    try rawValues(value, at: "\(path).invalid", type: source.type)
                } ?? []
            )
        )
    }

    func faults(_ value: Any, at path: String) throws(RegisterMapError) -> FaultBits {
        let fields = try mapping(value, at: path)
        try allowOnly(["register", "state", "bits"], in: fields, at: path)
        let source = try register(fields["register"], at: "\(path).register")
        let stateName =
            try fields["state"].map { value throws(RegisterMapError) in
                try string(value, at: "\(path).state")
            } ?? "E"
        guard stateName == "E" || stateName == "F", let state = ControlPilotState(rawValue: stateName) else {
            throw fail("\(path).state", "must be E or F (the pilot state a fault stands for), not \"\(stateName)\"")
        }
        guard let list = fields["bits"] as? [Any], !list.isEmpty else {
            throw fail("\(path).bits", "must be a non-empty list of {bit, name}")
        }
        var bits: [Int: String] = [:]
        for (index, item) in list.enumerated() {
            let at = "\(path).bits[\(index)]"
            let bitFields = try mapping(item, at: at)
            try allowOnly(["bit", "name"], in: bitFields, at: at)
            let bit = try integer(bitFields["bit"], at: "\(at).bit")
            guard bit >= 0, bit < 16 * source.count else {
                throw fail(
                    "\(at).bit",
                    "must be 0 to \(16 * source.count - 1) for a \(source.type.rawValue), not \(bit)"
                )
            }
            guard bits[bit] == nil else { throw fail("\(at).bit", "bit \(bit) is listed twice") }
            bits[bit] = try string(bitFields["name"], at: "\(at).name")
        }
        return FaultBits(source: source, bits: bits, state: state)
    }

    func firmware(_ value: Any, at path: String) throws(RegisterMapError) -> FirmwareRegisters {
        let fields = try mapping(value, at: path)
        try allowOnly(["function", "address", "count", "format"], in: fields, at: path)
        let function = try functionCode(fields["function"], at: "\(path).function")
        let address = try integer(fields["address"], at: "\(path).address")
        let count =
            try fields["count"].map { value throws(RegisterMapError) in
                try integer(value, at: "\(path).count")
            } ?? 1
        guard (1...16).contains(count) else { throw fail("\(path).count", "must be 1 to 16, not \(count)") }
        guard address >= 0, address + count <= 65536 else {
            throw fail("\(path).address", "\(address) is outside the register space 0...65535")
        }
        let formatName =
            try fields["format"].map { value throws(RegisterMapError) in
                try string(value, at: "\(path).format")
            } ?? "decimal"
        guard let format = FirmwareRegisters.Format(rawValue: formatName) else {
            throw fail("\(path).format", "must be decimal, ascii or hex, not \"\(formatName)\"")
        }
        return FirmwareRegisters(function: function, address: UInt16(address), count: count, format: format)
    }

    func current(_ value: Any?, at path: String) throws(RegisterMapError) -> CurrentSetpoint {
        let fields = try mapping(value, at: path)
        try allowOnly(["address", "multiplier", "off", "min", "max"], in: fields, at: path)
        let address = try holdingAddress(fields["address"], at: "\(path).address")
        let multiplier =
            try fields["multiplier"].map { value throws(RegisterMapError) in
                try number(value, at: "\(path).multiplier")
            } ?? 1
        guard multiplier > 0, multiplier <= 1 else {
            throw fail("\(path).multiplier", "must be above 0 and at most 1 A per raw unit, not \(multiplier)")
        }
        let off = try fields["off"].map { value throws(RegisterMapError) in try integer(value, at: "\(path).off") } ?? 0
        guard (0...65535).contains(off) else { throw fail("\(path).off", "must be 0 to 65535, not \(off)") }
        let minimum =
            try fields["min"].map { value throws(RegisterMapError) in
                try number(value, at: "\(path).min")
            } ?? PilotDutyCycle.minimumCurrent
        let maximum =
            try fields["max"].map { value throws(RegisterMapError) in
                try number(value, at: "\(path).max")
            } ?? PilotDutyCycle.maximumCurrent
        guard minimum >= PilotDutyCycle.minimumCurrent, maximum <= PilotDutyCycle.maximumCurrent, minimum <= maximum
        else {
            throw fail(path, "min \(minimum) and max \(maximum) must lie within 6-80 A (IEC 61851-1), min ≤ max")
        }
        guard maximum / multiplier <= 65535 else { throw fail("\(path).max", "does not fit the 16-bit register") }
        return CurrentSetpoint(
            address: address,
            multiplier: multiplier,
            off: UInt16(off),
            minimum: minimum,
            maximum: maximum
        )
    }

    func writes(_ value: Any?, at path: String, required: Bool) throws(RegisterMapError) -> [ControllerWrite] {
        guard let value else {
            if required { throw fail(path, "is missing (a list of {holding|coil: address, value})") }
            return []
        }
        guard let list = value as? [Any], !list.isEmpty || !required else {
            throw fail(path, "must be a\(required ? " non-empty" : "") list of {holding|coil: address, value}")
        }
        var result: [ControllerWrite] = []
        for (index, item) in list.enumerated() {
            let at = "\(path)[\(index)]"
            let fields = try mapping(item, at: at)
            try allowOnly(["holding", "coil", "value"], in: fields, at: at)
            let number = try integer(fields["value"], at: "\(at).value")
            let target: ControllerWrite.Target
            switch (fields["holding"], fields["coil"]) {
            case (let address?, nil):
                target = .holding(try holdingAddress(address, at: "\(at).holding"))
                guard (0...65535).contains(number) else {
                    throw fail("\(at).value", "must be 0 to 65535, not \(number)")
                }
            case (nil, let address?):
                target = .coil(try holdingAddress(address, at: "\(at).coil"))
                guard number == 0 || number == 1 else {
                    throw fail("\(at).value", "must be 0 or 1 for a coil, not \(number)")
                }
            default:
                throw fail(at, "must have exactly one of holding or coil")
            }
            result.append(ControllerWrite(target, value: UInt16(number)))
        }
        return result
    }

    // MARK: - Values and registers

    func register(_ value: Any?, at path: String) throws(RegisterMapError) -> RegisterSource {
        let fields = try mapping(value, at: path)
        try allowOnly(["function", "address", "type"], in: fields, at: path)
        let function = try functionCode(fields["function"], at: "\(path).function")
        let address = try integer(fields["address"], at: "\(path).address")
        let typeName =
            try fields["type"].map { value throws(RegisterMapError) in
                try string(value, at: "\(path).type")
            } ?? "u16"
        let integers: [RegisterType] = [.u16, .u32]
        guard let type = RegisterType(rawValue: typeName), integers.contains(type) else {
            throw fail("\(path).type", "must be u16 or u32 (a state, rating or fault register), not \"\(typeName)\"")
        }
        guard address >= 0, address + type.registerCount <= 65536 else {
            throw fail("\(path).address", "\(address) is outside the register space 0...65535")
        }
        return RegisterSource(function: function, address: UInt16(address), type: type)
    }

    func functionCode(_ value: Any?, at path: String) throws(RegisterMapError) -> FunctionCode {
        let number = try integer(value, at: path)
        guard let code = UInt8(exactly: number).flatMap(FunctionCode.init(rawValue:)) else {
            throw fail(path, "must be 3 (holding registers) or 4 (input registers), not \(number)")
        }
        return code
    }

    func holdingAddress(_ value: Any?, at path: String) throws(RegisterMapError) -> UInt16 {
        let address = try integer(value, at: path)
        guard let result = UInt16(exactly: address) else {
            throw fail(path, "\(address) is outside the register space 0...65535")
        }
        return result
    }

    /// A list of raw values: integers, or strings of two ASCII characters per register ("A1" = 0x4131).
    func rawValues(_ value: Any, at path: String, type: RegisterType) throws(RegisterMapError) -> [UInt64] {
        guard let list = value as? [Any] else { throw fail(path, "must be a list of raw values") }
        let limit: UInt64 = type == .u16 ? 0xFFFF : 0xFFFF_FFFF
        var result: [UInt64] = []
        for (index, item) in list.enumerated() {
            if let number = item as? Int {
                guard number >= 0, UInt64(number) <= limit else {
                    throw fail("\(path)[\(index)]", "\(number) does not fit a \(type.rawValue)")
                }
                result.append(UInt64(number))
            } else if let text = item as? String, text.utf8.count == 2 * type.registerCount,
                text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F })
            {
                result.append(text.utf8.reduce(UInt64(0)) { ($0 << 8) | UInt64($1) })
            } else {
                throw fail(
                    "\(path)[\(index)]",
                    "must be an integer or \(2 * type.registerCount) ASCII characters, not \(describe(item))"
                )
            }
        }
        return result
    }
}
