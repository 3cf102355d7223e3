import OCPP
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The additions the control socket needs: `boolValue`, `intValue` and the writing options that make its
/// text byte-identical to what `JSONEncoder` with `.sortedKeys` wrote before.
@Suite struct JSONValueWritingOptionsTests {
    private static let socketOptions: JSONWritingOptions = [.sortedKeys, .encoderCompatible]

    @Test func boolValueIsOnlyForBooleans() {
        #expect(JSONValue.bool(true).boolValue == true)
        #expect(JSONValue.bool(false).boolValue == false)
        #expect(JSONValue.number(1).boolValue == nil)
        #expect(JSONValue.string("true").boolValue == nil)
        #expect(JSONValue.null.boolValue == nil)
    }

    @Test func intValueIsOnlyForIntegralNumbersBelow9e15() {
        #expect(JSONValue.number(42).intValue == 42)
        #expect(JSONValue.number(-7).intValue == -7)
        #expect(JSONValue.number(-0.0).intValue == 0)
        #expect(JSONValue.number(8_999_999_999_999_998).intValue == 8_999_999_999_999_998)
        #expect(JSONValue.number(2.5).intValue == nil)
        #expect(JSONValue.number(9e15).intValue == nil)
        #expect(JSONValue.number(1e300).intValue == nil)
        #expect(JSONValue.string("1").intValue == nil)
    }

    @Test func sortedKeysOrdersMembersByTheirUTF8BytesAtEveryLevel() {
        let value: JSONValue = [
            "b": 1, "B": 2, "a": ["z": true, "door10": 1, "door2": 2], "_x": nil, "é": "1", "e\u{301}x": "2", "": 0,
        ]
        #expect(
            value.serialized(options: .sortedKeys)
                == #"{"":0,"B":2,"_x":null,"a":{"door10":1,"door2":2,"z":true},"b":1,"e\#u{301}x":"2","é":"1"}"#
        )
        // Arrays keep their order.
        #expect(JSONValue.array(["b", "a"]).serialized(options: .sortedKeys) == #"["b","a"]"#)
    }

    @Test func encoderCompatibleWritesIntegersUpTo2p53AndShortEscapes() {
        let value: JSONValue = [1e15, 9e15, 9_007_199_254_740_992, 1e16, 0.1, -0.0, 1e-7, "\u{08}\u{0C}\u{0B}/\u{7F}"]
        #expect(
            value.serialized(options: .encoderCompatible)
                == #"[1000000000000000,9000000000000000,9007199254740992,1e+16,0.1,0,1e-07,"\b\f\u000b/\#u{7F}"]"#
        )
    }

    @Test func theDefaultIsUnchanged() {
        let value: JSONValue = ["z": 1e15, "a": "\u{08}\u{0C}"]
        #expect(value.serialized() == #"{"z":1000000000000000.0,"a":"\u0008\u000c"}"#)
        #expect(value.serialized(options: []) == value.serialized())
        #expect(value.serializedBytes(options: []) == value.serializedBytes())
    }

    @Test func socketOptionsMatchJSONEncoderForRandomValues() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var generator = RandomJSON(seed: 0x5EED)
        for _ in 0..<2_000 {
            let value = generator.value(depth: 0)
            let expected = String(decoding: try encoder.encode(value), as: UTF8.self)
            #expect(value.serialized(options: Self.socketOptions) == expected)
        }
    }
}

/// Random JSON values from a fixed seed (SplitMix64), with the keys, strings and numbers where writers differ:
/// control characters, "/", non-ASCII and decomposed keys, integers around 1e15 and 2^53, tiny and huge numbers.
private struct RandomJSON {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    private mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    private static let pieces = [
        "a", "B", "z", "_", "1", "10", "2", "/", "\u{8}", "\u{C}", "\u{0}", "\u{1F}", "\u{7F}", "é", "e\u{301}", "ß",
        "😀", "\"", "\\", "\n", "\t", "\u{2028}", " ",
    ]

    private mutating func string() -> String {
        (0..<below(6)).map { _ in Self.pieces[below(Self.pieces.count)] }.joined()
    }

    private mutating func number() -> Double {
        switch below(6) {
        case 0: return Double(below(2001) - 1000)
        case 1: return Double(Int64(bitPattern: next()) >> Int64(below(64)))
        case 2: return Double(below(2_000_000)) / 1000 - 1000
        case 3:
            let special: [Double] = [
                0, -0.0, 1e15, 9e15, 8_999_999_999_999_999, 9_007_199_254_740_992, 1e16, 1e21, 1e-7, 0.1,
                .leastNonzeroMagnitude,
                .greatestFiniteMagnitude, 12.5,
            ]
            return special[below(special.count)]
        default:
            let bits = Double(bitPattern: next())
            return bits.isFinite ? bits : 1
        }
    }

    mutating func value(depth: Int) -> JSONValue {
        switch below(depth > 3 ? 4 : 6) {
        case 0: return .null
        case 1: return .bool(below(2) == 0)
        case 2: return .number(number())
        case 3: return .string(string())
        case 4: return .array((0..<below(5)).map { _ in value(depth: depth + 1) })
        default:
            var object = JSONObject()
            for _ in 0..<below(7) { object[string()] = value(depth: depth + 1) }
            return .object(object)
        }
    }
}
