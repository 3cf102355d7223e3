#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One read request: a run of registers of one function code.
public struct ReadBlock: Sendable, Hashable, CustomStringConvertible {
    public var function: FunctionCode
    public var address: UInt16
    public var count: Int

    public init(function: FunctionCode, address: UInt16, count: Int) {
        self.function = function
        self.address = address
        self.count = count
    }

    public var description: String { "fc\(function.rawValue) @\(address) ×\(count)" }

    func contains(_ source: RegisterSource) -> Bool {
        source.function == function && Int(source.address) >= Int(address)
            && Int(source.address) + source.count <= Int(address) + count
    }
}

/// The registers read in one poll, by block.
public struct RegisterSnapshot: Sendable {
    public var blocks: [(block: ReadBlock, registers: [UInt16])]

    public init(blocks: [(block: ReadBlock, registers: [UInt16])]) {
        self.blocks = blocks
    }

    /// The raw registers of `source`, in wire order.
    func registers(of source: RegisterSource) -> ArraySlice<UInt16>? {
        for (block, registers) in blocks where block.contains(source) && registers.count == block.count {
            let start = Int(source.address) - Int(block.address)
            return registers[start..<start + source.count]
        }
        return nil
    }
}

extension RegisterMap {
    /// Every register the map reads, merged into as few requests as the model allows.
    ///
    /// Ranges of one function code are sorted and joined while the gap between them is at most
    /// `maxGap` registers and the request stays within `maxRegisters`.
    public var readPlan: [ReadBlock] { readPlan(maxGap: maxGap) }

    /// The plan that reads only registers the map uses (adjacent ones still share a request): the
    /// fallback for a meter that refuses a read spanning registers it does not define.
    public var gaplessReadPlan: [ReadBlock] { readPlan(maxGap: 0) }

    /// The blocks for a given largest gap, each at most `maxRegisters` long.
    public func readPlan(maxGap: Int) -> [ReadBlock] {
        var sources = Set<RegisterSource>()
        for entry in entries.values {
            sources.insert(entry.source)
            if let register = entry.scale.exponentRegister { sources.insert(register) }
        }
        let limit = min(max(1, maxRegisters), Self.maxRegistersPerRequest)
        var plan: [ReadBlock] = []
        for function in [FunctionCode.readHoldingRegisters, .readInputRegisters] {
            let ranges = sources.filter { $0.function == function }
                .map { (start: Int($0.address), end: Int($0.address) + $0.count) }
                .sorted { ($0.start, $0.end) < ($1.start, $1.end) }
            var current: (start: Int, end: Int)?
            for range in ranges {
                if let open = current, range.start - open.end <= max(0, maxGap),
                    max(open.end, range.end) - open.start <= limit
                {
                    current = (open.start, max(open.end, range.end))
                } else {
                    if let open = current {
                        plan.append(
                            ReadBlock(function: function, address: UInt16(open.start), count: open.end - open.start)
                        )
                    }
                    current = range
                }
            }
            if let open = current {
                plan.append(ReadBlock(function: function, address: UInt16(open.start), count: open.end - open.start))
            }
        }
        return plan
    }

    /// Decodes every quantity of the map from one poll's registers.
    public func decode(_ snapshot: RegisterSnapshot) throws(DecodingFailure) -> [QuantityKey: Double] {
        var values: [QuantityKey: Double] = [:]
        for (key, entry) in entries {
            values[key] = try entry.value(in: snapshot, key: key)
        }
        return values
    }
}

/// A value that could not be decoded from the registers read.
public struct DecodingFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public var key: String
    public var problem: String

    public var description: String { "\(key): \(problem)" }
}

extension RegisterEntry {
    func value(in snapshot: RegisterSnapshot, key: QuantityKey) throws(DecodingFailure) -> Double {
        guard let registers = snapshot.registers(of: source) else {
            throw DecodingFailure(key: key.description, problem: "register \(source.address) was not read")
        }
        var exponent = scale.exponent
        if let register = scale.exponentRegister {
            guard let words = snapshot.registers(of: register) else {
                throw DecodingFailure(key: key.description, problem: "scale register \(register.address) was not read")
            }
            let power = register.decode(words)
            guard power.isFinite, power == power.rounded(), abs(power) <= 30 else {
                throw DecodingFailure(key: key.description, problem: "scale register holds \(power), not an exponent")
            }
            exponent += Int(power)
        }
        let raw = source.decode(registers)
        guard raw.isFinite else {
            throw DecodingFailure(key: key.description, problem: "register \(source.address) holds \(raw)")
        }
        return raw * scale.multiplier * powerOfTen(exponent)
    }
}

extension RegisterSource {
    /// The number in `registers` (wire order), before scaling.
    public func decode(_ registers: ArraySlice<UInt16>) -> Double {
        var words = registers.map { byteOrder == .littleEndian ? $0.byteSwapped : $0 }
        if wordOrder == .lowFirst { words.reverse() }
        let bits = words.reduce(UInt64(0)) { ($0 << 16) | UInt64($1) }
        switch type {
        case .u16: return Double(UInt16(truncatingIfNeeded: bits))
        case .s16: return Double(Int16(bitPattern: UInt16(truncatingIfNeeded: bits)))
        case .u32: return Double(UInt32(truncatingIfNeeded: bits))
        case .s32: return Double(Int32(bitPattern: UInt32(truncatingIfNeeded: bits)))
        case .u64: return Double(bits)
        case .float32: return Double(Float(bitPattern: UInt32(truncatingIfNeeded: bits)))
        case .float64: return Double(bitPattern: bits)
        }
    }

    /// The registers (wire order) that hold `value`; the inverse of `decode`, for simulators and tests.
    public func encode(_ value: Double) -> [UInt16] {
        let bits: UInt64 =
            switch type {
            case .u16: UInt64(UInt16(value))
            case .s16: UInt64(UInt16(bitPattern: Int16(value)))
            case .u32: UInt64(UInt32(value))
            case .s32: UInt64(UInt32(bitPattern: Int32(value)))
            case .u64: UInt64(value)
            case .float32: UInt64(Float(value).bitPattern)
            case .float64: value.bitPattern
            }
        var words = (0..<count).reversed().map { UInt16(truncatingIfNeeded: bits >> (16 * UInt64($0))) }
        if wordOrder == .lowFirst { words.reverse() }
        return words.map { byteOrder == .littleEndian ? $0.byteSwapped : $0 }
    }
}

/// 10^exponent, exact for the small exponents meters use.
func powerOfTen(_ exponent: Int) -> Double {
    var result = 1.0
    for _ in 0..<abs(exponent) { result *= 10 }
    return exponent < 0 ? 1 / result : result
}
