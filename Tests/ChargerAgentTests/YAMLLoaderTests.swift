import ChargerAgent
import HALModbus
import Testing
import YAMLFields

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reads through the public entry point every data-file loader uses.
private struct Reader: YAMLFieldReader {
    func fail(_ key: String, _ problem: String, line: Int?) -> YAMLFileError {
        YAMLFileError(file: "test.yaml", key: key, line: line, problem: problem)
    }
}

private func load(_ text: String) throws(YAMLFileError) -> [String: Any] {
    try Reader().loadTopLevelMapping(text)
}

private func loadError(_ text: String) -> YAMLFileError? {
    do {
        _ = try load(text)
        return nil
    } catch {
        return error
    }
}

/// What a scalar must come out as.
enum YAMLScalarExpectation: Sendable, CustomStringConvertible {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case null
    case nan

    func matches(_ value: Any?) -> Bool {
        switch self {
        case .string(let text): (value as? String) == text
        case .int(let number): (value as? Int) == number
        case .double(let number): (value as? Double) == number
        case .bool(let flag): (value as? Bool) == flag
        case .null: value is YAMLNull
        case .nan: (value as? Double)?.isNaN == true
        }
    }

    var description: String {
        switch self {
        case .string(let text): "string \"\(text)\""
        case .int(let number): "int \(number)"
        case .double(let number): "double \(number)"
        case .bool(let flag): "bool \(flag)"
        case .null: "null"
        case .nan: "nan"
        }
    }
}

/// The composer over libyaml that replaced Yams: value shapes, YAML 1.1 scalars, anchors, duplicates, errors.
@Suite("YAML loader: libyaml events composed into the values the data-file readers take")
struct YAMLLoaderTests {
    /// Resolution as Yams 6 did it for plain scalars (checked side by side with Yams 6.2.2 when it was replaced).
    static let scalars: [(String, YAMLScalarExpectation)] = [
        // null
        ("~", .null), ("null", .null), ("Null", .null), ("NULL", .null), ("", .null),
        ("nULL", .string("nULL")), ("'null'", .string("null")), ("''", .string("")),
        // bool, in the YAML 1.1 spellings board files in the field may use
        ("true", .bool(true)), ("True", .bool(true)), ("TRUE", .bool(true)), ("false", .bool(false)),
        ("False", .bool(false)), ("FALSE", .bool(false)), ("yes", .bool(true)), ("Yes", .bool(true)),
        ("YES", .bool(true)), ("no", .bool(false)), ("No", .bool(false)), ("NO", .bool(false)),
        ("on", .bool(true)), ("On", .bool(true)), ("ON", .bool(true)), ("off", .bool(false)),
        ("Off", .bool(false)), ("OFF", .bool(false)), ("tRUE", .string("tRUE")), ("y", .string("y")),
        ("\"true\"", .string("true")), ("'yes'", .string("yes")),
        // int
        ("0", .int(0)), ("12", .int(12)), ("-12", .int(-12)), ("+12", .int(12)), ("1_000", .int(1000)),
        ("0x1F", .int(31)), ("0x1f", .int(31)), ("-0x1F", .int(-31)), ("0x_1F", .int(31)),
        ("0o17", .int(15)), ("017", .int(15)), ("-0o17", .int(-15)), ("0b101", .int(5)),
        ("1:30", .int(90)), ("9223372036854775807", .int(Int.max)),
        ("9223372036854775808", .string("9223372036854775808")), ("0x", .string("0x")),
        ("0o8", .string("0o8")), ("_1", .string("_1")), ("0:30", .string("0:30")),
        // float
        ("1.5", .double(1.5)), ("-1.5", .double(-1.5)), ("+1.5", .double(1.5)), ("1.", .double(1)),
        (".5", .double(0.5)), ("1e5", .double(100_000)), ("1E-5", .double(0.000_01)),
        ("1.5e3", .double(1500)), ("1_000.5", .double(1000.5)), ("08", .double(8)), ("1:30.5", .double(90.5)),
        (".inf", .double(.infinity)), (".Inf", .double(.infinity)), ("+.inf", .double(.infinity)),
        ("-.inf", .double(-.infinity)), (".nan", .nan), (".NaN", .nan), (".NAN", .nan),
        ("-.5", .string("-.5")), ("inf", .string("inf")), ("nan", .string("nan")), ("1.2.3", .string("1.2.3")),
        ("0x1p3", .string("0x1p3")), ("1.5e", .string("1.5e")),
        // strings, quoted and block scalars
        ("ws://127.0.0.1:9000/ocpp", .string("ws://127.0.0.1:9000/ocpp")), ("/dev/ttyUSB0", .string("/dev/ttyUSB0")),
        ("\"12\"", .string("12")), ("'1.5'", .string("1.5")), ("\"~\"", .string("~")),
        ("2026-11-25", .string("2026-11-25")), ("<<", .string("<<")), ("|\n  12", .string("12\n")),
        // explicit tags
        ("!!str 12", .string("12")), ("!!str true", .string("true")), ("!!int 12", .int(12)),
        ("!!int \"12\"", .int(12)), ("!!float 12", .double(12)), ("!!bool yes", .bool(true)),
        ("!!null ~", .null), ("! 12", .string("12")), ("!local 12", .string("12")),
    ]

    @Test("plain, quoted and tagged scalars", arguments: scalars)
    func scalar(text: String, expected: YAMLScalarExpectation) throws {
        let value = try load("v: \(text)\n")["v"]
        #expect(expected.matches(value), "\(text) gave \(value.map { "\($0) (\(type(of: $0)))" } ?? "nothing")")
    }

    @Test("a tagged scalar that does not fit its tag names the key and line")
    func tagMismatch() {
        let error = loadError("a: 1\nb: !!int twelve\n")
        #expect(error?.key == "b")
        #expect(error?.line == 2)
        #expect(error?.problem == "\"twelve\" is not a valid !!int")
    }

    @Test("nested mappings and sequences come out as [AnyHashable: Any] and [Any]")
    func nesting() throws {
        let top = try load(
            """
            station: {id: CP-1, vendor: Test}
            evses:
              - id: 1
                meter: {type: modbus, unitId: 3}
              - id: 2
                phases: [1, 2, 3]
            empty: {}
            none: []
            """
        )
        let station = try #require(top["station"] as? [AnyHashable: Any])
        #expect(station["id"] as? String == "CP-1")
        let evses = try #require(top["evses"] as? [Any])
        #expect(evses.count == 2)
        let first = try #require(evses[0] as? [AnyHashable: Any])
        let meter = try #require(first["meter"] as? [AnyHashable: Any])
        #expect(meter["unitId"] as? Int == 3)
        let second = try #require(evses[1] as? [AnyHashable: Any])
        #expect(second["phases"] as? [Int] == [1, 2, 3])
        #expect((top["empty"] as? [AnyHashable: Any])?.isEmpty == true)
        #expect((top["none"] as? [Any])?.isEmpty == true)
    }

    @Test("keys are their text, whatever they would resolve to as values")
    func keysAreText() throws {
        let top = try load("1: one\ntrue: t\non: o\n~: n\n0x10: h\n\"q\": quoted\n")
        #expect(Set(top.keys) == ["1", "true", "on", "~", "0x10", "q"])
        #expect(top["on"] as? String == "o")
    }

    @Test("a list or mapping as a key is refused with its line")
    func nonScalarKey() {
        let error = loadError("a: 1\n? [x, y]\n: z\n")
        #expect(error?.line == 2)
        #expect(error?.problem == "has a key that is not a string but a list")
        #expect(loadError("outer:\n  ? {x: 1}\n  : z\n")?.key == "outer")
    }

    @Test("an alias is a copy of its anchored node, as a value and as a key")
    func anchorsAndAliases() throws {
        let top = try load(
            """
            base: &line {chip: gpiochip0, offset: 5}
            copy: *line
            list: [*line, *line]
            name: &n relay
            *n : by-alias
            """
        )
        let copy = try #require(top["copy"] as? [AnyHashable: Any])
        #expect(copy["chip"] as? String == "gpiochip0")
        #expect(copy["offset"] as? Int == 5)
        #expect((top["list"] as? [Any])?.count == 2)
        #expect(top["relay"] as? String == "by-alias")
    }

    @Test("an undefined alias is a YAML error at its line and column")
    func undefinedAlias() {
        let error = loadError("a: 1\nb: *nowhere\n")
        #expect(error?.line == 2)
        #expect(error?.problem == "is not valid YAML: found undefined alias \"nowhere\" (column 4)")
    }

    @Test("merge keys: the mapping's own keys win, then the first merged mapping")
    func mergeKeys() throws {
        let top = try load(
            """
            a: &a {x: 1, y: 1}
            b: &b {y: 2, z: 2}
            one: {<<: *a, x: 0}
            two: {<<: [*b, *a]}
            """
        )
        let one = try #require(top["one"] as? [AnyHashable: Any])
        #expect(one["x"] as? Int == 0)
        #expect(one["y"] as? Int == 1)
        #expect(one["<<"] == nil)
        let two = try #require(top["two"] as? [AnyHashable: Any])
        #expect(two["x"] as? Int == 1)
        #expect(two["y"] as? Int == 2)
        #expect(two["z"] as? Int == 2)
        #expect(loadError("a: {<<: 3}\n")?.key == "a.<<")
    }

    @Test("a key given twice in one mapping is refused, naming the key and both lines")
    func duplicateKeys() {
        let top = loadError("name: a\nvendor: b\nname: c\n")
        #expect(top?.key == "name")
        #expect(top?.line == 3)
        #expect(top?.problem == "is given twice in one mapping (first on line 1)")
        let nested = loadError("evses:\n  - id: 1\n    meter: simulated\n    meter: modbus\n")
        #expect(nested?.key == "evses[0].meter")
        #expect(nested?.line == 4)
        // A quoted and a plain spelling of one key are the same key.
        #expect(loadError("\"a\": 1\na: 2\n")?.key == "a")
        // The same key in two different mappings is fine.
        #expect(loadError("x: {a: 1}\ny: {a: 2}\n") == nil)
    }

    @Test("syntax errors: libyaml's problem, the 1-based line and column")
    func syntaxErrors() {
        let flow = loadError("fleet: x\nprofiles: {a: [1, 2}\n")
        #expect(flow?.key == "")
        #expect(flow?.line == 2)
        #expect(flow?.problem == "is not valid YAML: did not find expected ',' or ']' (column 20)")
        let tab = loadError("key:\n\t- tab\n")
        #expect(tab?.line == 2)
        #expect(tab?.problem == "is not valid YAML: found character that cannot start any token (column 1)")
        let value = loadError("a: b: c\n")
        #expect(value?.line == 1)
        #expect(value?.problem == "is not valid YAML: mapping values are not allowed in this context (column 5)")
        let control = loadError("a: 1\nk: \u{1}\n")
        #expect(control?.line == 2)
        #expect(control?.problem == "is not valid YAML: control characters are not allowed (column 4)")
    }

    /// One file holds one document, as with Yams; an empty file has no mapping, and a bare `---` a null.
    @Test("documents: exactly one; none is a missing mapping")
    func documents() throws {
        let second = loadError("a: 1\n---\nb: 2\n")
        #expect(second?.line == 2)
        #expect(
            second?.problem == "is not valid YAML: expected a single document but found another document (column 1)"
        )
        #expect(loadError("")?.problem == "is missing")
        #expect(loadError("# only a comment\n")?.problem == "is missing")
        #expect(loadError("---\n")?.problem == "must be a YAML mapping")
        #expect(loadError("- 1\n- 2\n")?.problem == "must be a YAML mapping")
        #expect(try load("%YAML 1.1\n---\na: 1\n...\n")["a"] as? Int == 1)
    }

    @Test("a null value is present, and readers name it")
    func nullValues() throws {
        let top = try load("maxGap:\nname: ~\n")
        #expect(top["maxGap"] is YAMLNull)
        #expect(Reader().describe(try #require(top["name"])) == "null")
        #expect(throws: YAMLFileError.self) { try Reader().integer(top["maxGap"], at: "maxGap") }
    }

    @Test("nesting deeper than the limit is refused, not a stack overflow")
    func deepNesting() {
        let depth = 10_000
        let error = loadError("a: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth))
        #expect(error?.problem.hasPrefix("nests deeper than") == true)
    }
}

/// Every data file the repository ships, through its real loader: boards and meter register maps (the
/// fleets: FleetSimulationTests).
@Suite("Shipped data files all load")
struct ShippedDataFileTests {
    private static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("BoardConfigs").path
    }()

    private static func yamlFiles(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { "\(folder)/\($0)" }
    }

    @Test("every board file")
    func boards() throws {
        let files = Self.yamlFiles(in: Self.root)
        #expect(files.count >= 4)
        for file in files {
            let config = try BoardConfig.load(path: file, metersDirectory: "\(Self.root)/meters")
            #expect(!config.evses.isEmpty, "\(file)")
        }
    }

    @Test("every meter register map")
    func meters() throws {
        let files = Self.yamlFiles(in: "\(Self.root)/meters")
        #expect(files.count >= 6)
        for file in files {
            let map = try RegisterMap.load(path: file)
            #expect(!map.name.isEmpty, "\(file)")
        }
    }
}
