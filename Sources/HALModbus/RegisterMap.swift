/// A meter model described as data: which registers hold which quantity and how to decode them.
///
/// Loaded from a YAML file under `BoardConfigs/meters/` (see `RegisterMap+YAML.swift`); a new meter is
/// a new file, not new code. Addresses are the zero-based protocol addresses that go on the wire
/// (a manual's "30073" or "0x0048 (30073)" is address 0x0048 with function code 4).
public struct RegisterMap: Sendable, Hashable {
    /// The model, e.g. "Eastron SDM630 v2".
    public var name: String
    public var vendor: String
    /// The vendor document the addresses were taken from.
    public var document: String
    /// How many registers the map does not need a block read may span to save a request (0: only adjacent ones).
    ///
    /// Set it only where the vendor document says the meter answers every register in the span: some
    /// meters answer "illegal data address" for undefined registers, so this is per model. A meter that
    /// refuses a spanning read anyway is read without gaps from then on (`ModbusEnergyMeter`).
    public var maxGap: Int
    /// The most registers one request may ask for on this model (the protocol's limit is 125; Eastron's
    /// documents limit a request to 30 or 40 parameters, Carlo Gavazzi's to 50 registers).
    public var maxRegisters: Int
    /// Where each quantity is read; `energyImportWh` and `powerW` are always present.
    public var entries: [QuantityKey: RegisterEntry]

    public init(
        name: String,
        vendor: String,
        document: String,
        maxGap: Int = 0,
        maxRegisters: Int = RegisterMap.maxRegistersPerRequest,
        entries: [QuantityKey: RegisterEntry]
    ) {
        self.name = name
        self.vendor = vendor
        self.document = document
        self.maxGap = maxGap
        self.maxRegisters = min(max(1, maxRegisters), Self.maxRegistersPerRequest)
        self.entries = entries
    }

    /// The largest number of registers one read request may ask for (Modbus application protocol, 6.3/6.4).
    public static let maxRegistersPerRequest = 125
}

/// A quantity a meter reports, in the unit of its name (Wh, W, V, A, Hz).
public enum Quantity: String, Sendable, Hashable, CaseIterable {
    case energyImportWh
    case energyExportWh
    case powerW
    case voltage
    case current
    case frequency

    /// Whether the quantity is given per phase (`l1`, `l2`, `l3`) rather than once.
    public var isPerPhase: Bool { self == .voltage || self == .current }
}

public enum Phase: String, Sendable, Hashable, CaseIterable {
    case l1
    case l2
    case l3
}

/// One quantity, or one phase of a per-phase quantity.
public struct QuantityKey: Sendable, Hashable, CustomStringConvertible {
    public var quantity: Quantity
    public var phase: Phase?

    public init(_ quantity: Quantity, _ phase: Phase? = nil) {
        self.quantity = quantity
        self.phase = phase
    }

    public var description: String { phase.map { "\(quantity.rawValue).\($0.rawValue)" } ?? quantity.rawValue }
}

/// The Modbus read functions a meter map may use.
public enum FunctionCode: UInt8, Sendable, Hashable {
    case readHoldingRegisters = 3
    case readInputRegisters = 4
}

/// How the bits of one or more registers form a number.
public enum RegisterType: String, Sendable, Hashable, CaseIterable {
    case u16
    case s16
    case u32
    case s32
    case u64
    case float32
    case float64

    /// The number of 16-bit registers the value occupies.
    public var registerCount: Int {
        switch self {
        case .u16, .s16: 1
        case .u32, .s32, .float32: 2
        case .u64, .float64: 4
        }
    }
}

/// Which register of a multi-register value holds the most significant word.
public enum WordOrder: String, Sendable, Hashable, CaseIterable {
    /// The first register is the most significant word (Modbus' usual "big-endian" order).
    case highFirst = "high-first"
    /// The first register is the least significant word ("word-swapped", e.g. Carlo Gavazzi).
    case lowFirst = "low-first"
}

/// The order of the two bytes inside each register.
public enum ByteOrder: String, Sendable, Hashable, CaseIterable {
    /// The high byte first, as the Modbus specification says.
    case bigEndian = "big-endian"
    /// The low byte first (byte-swapped; a few gateways).
    case littleEndian = "little-endian"
}

/// Where a number lives on the device and how to read its bits.
public struct RegisterSource: Sendable, Hashable {
    public var function: FunctionCode
    public var address: UInt16
    public var type: RegisterType
    public var wordOrder: WordOrder
    public var byteOrder: ByteOrder

    public init(
        function: FunctionCode,
        address: UInt16,
        type: RegisterType,
        wordOrder: WordOrder = .highFirst,
        byteOrder: ByteOrder = .bigEndian
    ) {
        self.function = function
        self.address = address
        self.type = type
        self.wordOrder = wordOrder
        self.byteOrder = byteOrder
    }

    public var count: Int { type.registerCount }
}

/// value = raw × multiplier × 10^(exponent + the exponent register's value, when there is one).
public struct Scale: Sendable, Hashable {
    public var multiplier: Double
    public var exponent: Int
    /// A register holding a further power-of-ten exponent (SunSpec-style scale factors).
    public var exponentRegister: RegisterSource?

    public init(multiplier: Double = 1, exponent: Int = 0, exponentRegister: RegisterSource? = nil) {
        self.multiplier = multiplier
        self.exponent = exponent
        self.exponentRegister = exponentRegister
    }

    public static let identity = Scale()
}

/// One quantity's register and scale.
public struct RegisterEntry: Sendable, Hashable {
    public var source: RegisterSource
    public var scale: Scale

    public init(source: RegisterSource, scale: Scale = .identity) {
        self.source = source
        self.scale = scale
    }
}
