import HAL

/// A charge-controller model described as data: where it reports the control pilot, the cable's PP
/// rating, its faults and firmware, and which writes offer a current, stop it or make the EVSE
/// unavailable.
///
/// Loaded from a YAML file under `BoardConfigs/controllers/` (see `ControllerMap+YAML.swift`); a new
/// controller is a new file, not new code. Addresses are the zero-based protocol addresses on the wire.
public struct ControllerMap: Sendable, Hashable {
    /// The model, e.g. "Phoenix Contact EV Charge Control Basic".
    public var name: String
    public var vendor: String
    /// The public document the registers were taken from.
    public var document: ControllerDocument
    /// Registers the map does not need that a poll may span to save a request (0: only adjacent ones).
    public var maxGap: Int
    /// How holding registers are written (function 6 or 16), as the document says.
    public var writeFunction: ModbusBus.RegisterWriteFunction
    public var vehicleState: StateDecoding
    /// Where the cable's current rating is read; nil for a tethered cable or a controller that does not say.
    public var proximity: ProximityDecoding?
    /// Fault bits; nil when the controller reports faults only through `vehicleState`.
    public var faults: FaultBits?
    /// Registers read once at start and shown as the firmware id.
    public var firmware: FirmwareRegisters?
    /// The register that takes the offered current.
    public var current: CurrentSetpoint
    /// Writes made before each non-zero offer (leave state F, enable charging).
    public var offer: [ControllerWrite]
    /// Writes that stop the PWM (pilot at a steady +12 V); empty: the current register gets `current.off`.
    public var stop: [ControllerWrite]
    /// Writes that make the EVSE unavailable (state F where the controller can drive it).
    public var notAvailable: [ControllerWrite]

    public init(
        name: String,
        vendor: String,
        document: ControllerDocument,
        maxGap: Int = 0,
        writeFunction: ModbusBus.RegisterWriteFunction = .single,
        vehicleState: StateDecoding,
        proximity: ProximityDecoding? = nil,
        faults: FaultBits? = nil,
        firmware: FirmwareRegisters? = nil,
        current: CurrentSetpoint,
        offer: [ControllerWrite] = [],
        stop: [ControllerWrite] = [],
        notAvailable: [ControllerWrite]
    ) {
        self.name = name
        self.vendor = vendor
        self.document = document
        self.maxGap = maxGap
        self.writeFunction = writeFunction
        self.vehicleState = vehicleState
        self.proximity = proximity
        self.faults = faults
        self.firmware = firmware
        self.current = current
        self.offer = offer
        self.stop = stop
        self.notAvailable = notAvailable
    }

    /// The requests one poll costs: the state, proximity and fault registers joined where at most
    /// `maxGap` registers lie between them.
    public func pollPlan(maxGap: Int) -> [ReadBlock] {
        var sources = [vehicleState.source]
        if let proximity { sources.append(proximity.source) }
        if let faults { sources.append(faults.source) }
        var plan: [ReadBlock] = []
        for function in [FunctionCode.readHoldingRegisters, .readInputRegisters] {
            let ranges = sources.filter { $0.function == function }
                .map { (start: Int($0.address), end: Int($0.address) + $0.count) }
                .sorted { ($0.start, $0.end) < ($1.start, $1.end) }
            var open: (start: Int, end: Int)?
            for range in ranges {
                if let block = open, range.start - block.end <= max(0, maxGap),
                    max(block.end, range.end) - block.start <= RegisterMap.maxRegistersPerRequest
                {
                    open = (block.start, max(block.end, range.end))
                } else {
                    if let block = open {
                        plan.append(
                            ReadBlock(function: function, address: UInt16(block.start), count: block.end - block.start)
                        )
                    }
                    open = range
                }
            }
            if let block = open {
                plan.append(ReadBlock(function: function, address: UInt16(block.start), count: block.end - block.start))
            }
        }
        return plan
    }
}

/// The public document a map was taken from.
public struct ControllerDocument: Sendable, Hashable, CustomStringConvertible {
    public var title: String
    public var version: String
    public var url: String

    public init(title: String, version: String, url: String) {
        self.title = title
        self.version = version
        self.url = url
    }

    public var description: String { "\(title), \(version) (\(url))" }
}

/// What a raw state value means: a pilot state, or a controller fault.
public enum ControllerStateValue: Sendable, Hashable {
    case pilot(ControlPilotState)
    /// The controller reports a failure in its state register (e.g. a failed diode check).
    case fault
}

/// How the vehicle-state register reads as a pilot state.
public struct StateDecoding: Sendable, Hashable {
    public var source: RegisterSource
    /// Raw value → meaning; a value not listed is a fault ("unknown state").
    public var values: [UInt64: ControllerStateValue]

    public init(source: RegisterSource, values: [UInt64: ControllerStateValue]) {
        self.source = source
        self.values = values
    }
}

/// How the cable's PP rating reads in A.
public struct ProximityDecoding: Sendable, Hashable {
    public var source: RegisterSource
    /// A per raw unit.
    public var multiplier: Double
    /// Raw values that mean "no cable" (PP open).
    public var noCable: Set<UInt64>
    /// Raw values that mean the PP resistor cannot be read (short to PE, out of range).
    public var invalid: Set<UInt64>

    public init(source: RegisterSource, multiplier: Double = 1, noCable: Set<UInt64> = [], invalid: Set<UInt64> = []) {
        self.source = source
        self.multiplier = multiplier
        self.noCable = noCable
        self.invalid = invalid
    }
}

/// A fault register whose set bits each name a fault.
public struct FaultBits: Sendable, Hashable {
    public var source: RegisterSource
    /// Bit number (0: least significant) → what the manual calls it.
    public var bits: [Int: String]
    /// The pilot state reported while any fault bit is set (E or F).
    public var state: ControlPilotState

    public init(source: RegisterSource, bits: [Int: String], state: ControlPilotState = .e) {
        self.source = source
        self.bits = bits
        self.state = state
    }

    /// The names of the bits set in `raw`, lowest bit first.
    public func active(in raw: UInt64) -> [String] {
        bits.keys.sorted().filter { raw & (1 << UInt64($0)) != 0 }.map { bits[$0] ?? "bit \($0)" }
    }
}

/// Registers that identify the firmware.
public struct FirmwareRegisters: Sendable, Hashable {
    public enum Format: String, Sendable, Hashable, CaseIterable {
        /// Each register as a decimal number, joined by dots ("17", "1.2.3").
        case decimal
        /// Two ASCII characters per register, high byte first; NULs and trailing spaces dropped.
        case ascii
        /// Each register as four hex digits, joined by dots.
        case hex
    }

    public var function: FunctionCode
    public var address: UInt16
    public var count: Int
    public var format: Format

    public init(function: FunctionCode, address: UInt16, count: Int, format: Format) {
        self.function = function
        self.address = address
        self.count = count
        self.format = format
    }

    public func text(_ registers: [UInt16]) -> String {
        switch format {
        case .decimal:
            return registers.map { String($0) }.joined(separator: ".")
        case .hex:
            return registers.map { word in
                let digits = String(word, radix: 16, uppercase: true)
                return String(repeating: "0", count: 4 - digits.count) + digits
            }.joined(separator: ".")
        case .ascii:
            let bytes = registers.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }.filter { $0 != 0 }
            var text = String(decoding: bytes, as: UTF8.self)
            while text.last == " " { text.removeLast() }
            return text
        }
    }
}

/// The holding register that takes the offered current.
public struct CurrentSetpoint: Sendable, Hashable {
    public var address: UInt16
    /// A per raw unit (0.1 for a register in tenths of an ampere).
    public var multiplier: Double
    /// The raw value that offers no current, when the map has no `stop` writes.
    public var off: UInt16
    /// The range the controller accepts, within IEC 61851-1's 6–80 A.
    public var minimum: Double
    public var maximum: Double

    public init(address: UInt16, multiplier: Double = 1, off: UInt16 = 0, minimum: Double = 6, maximum: Double = 80) {
        self.address = address
        self.multiplier = multiplier
        self.off = off
        self.minimum = minimum
        self.maximum = maximum
    }

    /// The raw register value for `amps` (rounded down, so the offer never exceeds what was asked).
    public func raw(forAmps amps: Double) -> UInt16 {
        UInt16(clamping: Int((amps / multiplier + 1e-9).rounded(.down)))
    }
}

/// One write to the controller.
public struct ControllerWrite: Sendable, Hashable, CustomStringConvertible {
    public enum Target: Sendable, Hashable {
        case holding(UInt16)
        case coil(UInt16)
    }

    public var target: Target
    public var value: UInt16

    public init(_ target: Target, value: UInt16) {
        self.target = target
        self.value = value
    }

    public var description: String {
        switch target {
        case .holding(let address): "holding \(address) = \(value)"
        case .coil(let address): "coil \(address) = \(value != 0 ? 1 : 0)"
        }
    }
}
