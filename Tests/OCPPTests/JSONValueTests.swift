import OCPP
import Testing

@Suite struct JSONValueTests {
    @Test func parsesEveryKindOfValue() throws {
        let value = try JSONValue.parse(#" {"a": [1, -2.5, 1e3, true, false, null, "x"], "b": {}} "#)
        #expect(value == ["a": [1, -2.5, 1000, true, false, nil, "x"], "b": [:]])
        #expect(value.objectValue?.keys == ["a", "b"])
    }

    @Test func keepsMemberOrderWhenSerializing() throws {
        let text = #"{"z":1,"a":2,"m":{"y":true,"b":null}}"#
        #expect(try JSONValue.parse(text).serialized() == text)
    }

    @Test(arguments: [
        (#"{"a":1,"a":2}"#, "duplicate member"),
        ("[1,2", "unexpected end"),
        ("01", "leading zero"),
        ("1.", "no digit after"),
        ("1e", "empty exponent"),
        ("[1] x", "after the JSON value"),
        ("\"\u{01}\"", "control character"),
        (#""\ud800""#, "unpaired surrogate"),
        (#""\udc00\ud800""#, "unpaired surrogate"),
        (#""\x""#, "invalid escape"),
        ("tru", "unexpected end"),
        ("nul1", "invalid literal"),
        ("1e400", "out of range"),
        ("", "unexpected end"),
        ("'a'", "unexpected character"),
    ])
    func refusesInvalidJSON(text: String, reason: String) {
        #expect {
            try JSONValue.parse(text)
        } throws: { error in
            (error as? JSONParseError)?.reason.contains(reason) == true
        }
    }

    @Test func refusesInvalidUTF8() {
        let bytes: [UInt8] = [0x22, 0xC3, 0x28, 0x22]
        #expect(throws: JSONParseError.self) { try JSONValue.parse(bytes: bytes) }
    }

    @Test func limitsNestingDepth() throws {
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(deep) }
        let fine = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        _ = try JSONValue.parse(fine)
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let value = try JSONValue.parse(#""a\"b\\c\/d\n\t\u00e9\ud83d\ude00""#)
        #expect(value == .string("a\"b\\c/d\n\té😀"))
    }

    @Test func escapesWhatJSONRequires() {
        let value = JSONValue.string("q\"b\\n\n\u{01}é")
        #expect(value.serialized() == #""q\"b\\n\n\u0001é""#)
    }

    @Test(arguments: [
        ("0", "0"), ("-0", "0"), ("5", "5"), ("5.0", "5"), ("-17", "-17"), ("0.1", "0.1"), ("123.456", "123.456"),
        ("1e-7", "1e-07"), ("2.5E3", "2500"), ("12345678901234567", "1.2345678901234568e+16"),
        ("0.30000000000000004", "0.30000000000000004"),
    ])
    func numbersKeepTheirValue(input: String, output: String) throws {
        let value = try JSONValue.parse(input)
        #expect(value.serialized() == output)
        #expect(try JSONValue.parse(value.serialized()) == value)
    }

    @Test func objectEqualityIgnoresMemberOrder() throws {
        #expect(try JSONValue.parse(#"{"a":1,"b":2}"#) == JSONValue.parse(#"{"b":2,"a":1}"#))
        #expect(try JSONValue.parse(#"{"a":1}"#) != JSONValue.parse(#"{"a":1,"b":2}"#))
    }
}
