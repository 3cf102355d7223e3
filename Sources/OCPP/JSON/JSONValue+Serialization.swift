/// How `JSONValue.serialized(options:)` writes text beyond the default (compact, stored member order).
public struct JSONWritingOptions: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// Object members in ascending order of their keys' UTF-8 bytes (as `JSONEncoder`'s `.sortedKeys` on
    /// Linux) instead of their stored order, so the same value always reads the same.
    public static let sortedKeys = JSONWritingOptions(rawValue: 1 << 0)

    /// Numbers and escapes as FoundationEssentials' `JSONEncoder` writes them: integral numbers up to 2^53 in
    /// magnitude without a fraction (the default writes "1000000000000000.0" from 1e15), and backspace and form feed as
    /// `\b` and `\f` instead of `\u0008` and `\u000c`. For output that must stay byte-identical to text
    /// that `JSONEncoder` produced before; OCPP payloads keep the default.
    public static let encoderCompatible = JSONWritingOptions(rawValue: 1 << 1)
}

extension JSONValue {
    /// The compact JSON text of this value (no whitespace), members in their stored order.
    ///
    /// Integral numbers print without a fraction (`5`, not `5.0`); others print in the shortest form that
    /// reads back to the same Double. Non-finite numbers cannot occur in parsed input; if code builds one,
    /// it is written as `null` rather than producing invalid JSON (the validators reject it before send).
    public func serialized() -> String {
        String(decoding: serializedBytes(), as: UTF8.self)
    }

    /// The JSON text as UTF-8 bytes.
    public func serializedBytes() -> [UInt8] {
        serializedBytes(options: [])
    }

    /// The compact JSON text of this value written with `options`.
    public func serialized(options: JSONWritingOptions) -> String {
        String(decoding: serializedBytes(options: options), as: UTF8.self)
    }

    /// The JSON text written with `options`, as UTF-8 bytes.
    public func serializedBytes(options: JSONWritingOptions) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        JSONWriter(options: options).write(self, into: &out)
        return out
    }
}

struct JSONWriter {
    let options: JSONWritingOptions

    init(options: JSONWritingOptions = []) { self.options = options }

    func write(_ value: JSONValue, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let n): Self.writeNumber(n, encoderCompatible: options.contains(.encoderCompatible), into: &out)
        case .string(let s): Self.writeString(s, shortEscapes: options.contains(.encoderCompatible), into: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(element, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            let members =
                options.contains(.sortedKeys)
                ? object.members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) } : object.members
            for (i, member) in members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                Self.writeString(member.key, shortEscapes: options.contains(.encoderCompatible), into: &out)
                out.append(UInt8(ascii: ":"))
                write(member.value, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    static func writeNumber(_ n: Double, encoderCompatible: Bool = false, into out: inout [UInt8]) {
        guard n.isFinite else {
            out.append(contentsOf: "null".utf8)
            return
        }
        if n == n.rounded(.towardZero), abs(n) < 1e15 {
            out.append(contentsOf: String(Int64(n)).utf8)
        } else if encoderCompatible, n.description.hasSuffix(".0") {
            // Integral numbers up to about 2^53 print as "9000000000000000.0"; JSONEncoder drops the fraction.
            out.append(contentsOf: n.description.dropLast(2).utf8)
        } else {
            out.append(contentsOf: n.description.utf8)
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    static func writeString(_ s: String, shortEscapes: Bool = false, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x08 where shortEscapes: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x0C where shortEscapes: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0x00..<0x20:
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
