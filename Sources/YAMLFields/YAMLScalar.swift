/// What a scalar means: YAML 1.1 resolution of plain scalars, and the explicit core tags.
///
/// Resolution is the one our files were written against (Yams 6's default resolver), checked in this order:
/// - bool: `true/True/TRUE`, `false`, `yes`, `no`, `on`, `off` in the same three spellings;
/// - int: decimal, `0x` hex, `0o` or leading-`0` octal, `0b` binary, base-60 `1:30`, with sign and `_`;
/// - float: `1.5`, `1e3`, `.5`, `08` (not octal, so a float), base-60 `1:30.5`, `.inf`, `-.inf`, `.nan`;
/// - null: `~`, `null`, `Null`, `NULL` and the empty scalar;
/// - anything else, and a number too large for `Int`, is a string. A timestamp stays a string (Yams made it a
///   `Date`, which no reader takes).
///
/// Quoted and block scalars are always strings unless tagged.
enum YAMLScalar {
    /// A tagged scalar whose text does not fit its tag, e.g. `!!int twelve`.
    struct Mismatch: Error {
        var problem: String
    }

    static let corePrefix = "tag:yaml.org,2002:"

    /// The value of a plain (unquoted, untagged) scalar.
    static func resolve(_ text: String) -> Any {
        if let flag = boolSpellings[text] { return flag }
        // Numbers start with a digit, a sign or a dot; most scalars (names, ids, paths) are none of them.
        guard let first = text.utf8.first, first == UInt8(ascii: ".") || isSign(first) || isDigit(first, radix: 10)
        else { return nullSpellings.contains(text) ? YAMLNull() : text }
        let bytes = Array(text.utf8)
        if isInteger(bytes) { return integer(text) ?? text }
        if isFloat(bytes) { return float(text) ?? text }
        if nullSpellings.contains(text) { return YAMLNull() }
        return text
    }

    /// The value of a scalar with an explicit tag; the core tags must fit, any other tag leaves a string.
    static func construct(_ text: String, tag: String) throws(Mismatch) -> Any {
        guard tag.hasPrefix(corePrefix) else { return text }  // `!` (non-specific) or a local tag
        let name = String(tag.dropFirst(corePrefix.count))
        let value: Any?
        switch name {
        case "int": value = integer(text)
        case "float": value = float(text)
        case "bool": value = boolSpellings[text.lowercased()]
        case "null": value = nullSpellings.contains(text) ? YAMLNull() : nil
        default: value = text  // str, and the types no reader takes (timestamp, binary)
        }
        guard let value else { throw Mismatch(problem: "\"\(text)\" is not a valid !!\(name)") }
        return value
    }

    // MARK: - Spellings and patterns

    private static let boolSpellings: [String: Bool] = {
        var spellings: [String: Bool] = [:]
        for (word, flag) in [
            ("true", true), ("yes", true), ("on", true), ("false", false), ("no", false), ("off", false),
        ] {
            for spelling in [word, word.prefix(1).uppercased() + word.dropFirst(), word.uppercased()] {
                spellings[spelling] = flag
            }
        }
        return spellings
    }()

    private static let nullSpellings: Set<String> = ["", "~", "null", "Null", "NULL"]
    // Made once: `isFloat` runs for every plain scalar of every file.
    private static let nanSpellings: [[UInt8]] = [".nan", ".NaN", ".NAN"].map { Array($0.utf8) }
    private static let infinitySpellings: [[UInt8]] = [".inf", ".Inf", ".INF"].map { Array($0.utf8) }

    /// `[-+]?` then binary, octal, decimal, hex or base 60.
    static func isInteger(_ text: [UInt8]) -> Bool {
        let body = text.dropFirst(text.first.map(isSign) == true ? 1 : 0)
        guard let first = body.first else { return false }
        let rest = body.dropFirst()
        if starts(body, "0b") { return body.count > 2 && body.dropFirst(2).allSatisfy { isDigit($0, radix: 2) } }
        if starts(body, "0x") { return body.count > 2 && body.dropFirst(2).allSatisfy { isDigit($0, radix: 16) } }
        if first == UInt8(ascii: "0") {
            if body.count == 1 { return true }
            let octal = rest.first == UInt8(ascii: "o") ? rest.dropFirst() : rest
            return !octal.isEmpty && octal.allSatisfy { isDigit($0, radix: 8) }
        }
        guard isDigit(first, radix: 10, underscore: false) else { return false }
        let groups = rest.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        guard groups[0].allSatisfy({ isDigit($0, radix: 10) }) else { return false }
        return groups.dropFirst().allSatisfy(isSexagesimalDigit)
    }

    /// `1.5`, `-1_000.`, `2e-3`, `.5`, `.5e+3`, base-60 `1:30.5`, `.inf`, `-.inf`, `.nan`.
    static func isFloat(_ text: [UInt8]) -> Bool {
        if nanSpellings.contains(where: { text.elementsEqual($0) }) { return true }
        let signed = text.first.map(isSign) == true
        let body = text.dropFirst(signed ? 1 : 0)
        if infinitySpellings.contains(where: { body.elementsEqual($0) }) { return true }
        guard let first = body.first else { return false }
        if first == UInt8(ascii: ".") {
            // `.5` takes no sign, and its exponent must have one.
            guard !signed else { return false }
            let exponentIndex = exponentStart(body) ?? body.endIndex
            let fraction = body[body.index(after: body.startIndex)..<exponentIndex]
            guard !fraction.isEmpty, fraction.allSatisfy({ isDigit($0, radix: 10) }) else { return false }
            let exponent = body[exponentIndex...]
            return exponent.isEmpty || isExponent(exponent, signRequired: true)
        }
        guard isDigit(first, radix: 10, underscore: false) else { return false }
        if body.contains(UInt8(ascii: ":")) {
            // Base 60: digits, then `:` groups, the last one with the fraction.
            guard let dot = body.firstIndex(of: UInt8(ascii: ".")) else { return false }
            let groups = body[..<dot].split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
            return groups.count > 1 && groups[0].allSatisfy { isDigit($0, radix: 10) }
                && groups.dropFirst().allSatisfy(isSexagesimalDigit)
                && body[body.index(after: dot)...].allSatisfy { isDigit($0, radix: 10) }
        }
        let exponentIndex = exponentStart(body) ?? body.endIndex
        let mantissa = body[..<exponentIndex]
        let parts = mantissa.split(separator: UInt8(ascii: "."), maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.allSatisfy({ $0.allSatisfy { isDigit($0, radix: 10) } }) else { return false }
        let exponent = body[exponentIndex...]
        return exponent.isEmpty || isExponent(exponent, signRequired: false)
    }

    // MARK: - Construction

    /// An integer in any of the forms above; `nil` when it does not fit an `Int`.
    static func integer(_ text: String) -> Int? {
        let digits = text.filter { $0 != "_" }
        let negative = digits.hasPrefix("-")
        let body = Substring(digits).dropFirst(negative || digits.hasPrefix("+") ? 1 : 0)
        guard let first = body.first, first.isASCII, first.isNumber else { return nil }
        for (prefix, radix) in [("0x", 16), ("0b", 2), ("0o", 8), ("0", 8)] where body.hasPrefix(prefix) {
            let number = body.dropFirst(prefix.count)
            if number.isEmpty { return prefix == "0" ? 0 : nil }
            guard number.allSatisfy({ $0.isHexDigit }) else { return nil }
            return Int((negative ? "-" : "") + number, radix: radix)
        }
        if body.contains(":") {
            return sexagesimal(body, negative: negative, zero: 0) {
                Int($0, radix: 10)
            } combine: { total, digit in
                let (shifted, overflowShift) = total.multipliedReportingOverflow(by: 60)
                let (sum, overflowSum) = shifted.addingReportingOverflow(digit)
                return overflowShift || overflowSum ? nil : sum
            }
        }
        return Int((negative ? "-" : "") + body, radix: 10)
    }

    /// A floating-point number in any of the forms above.
    static func float(_ text: String) -> Double? {
        switch text.lowercased() {
        case ".inf", "+.inf": return .infinity
        case "-.inf": return -.infinity
        case ".nan": return .nan
        default: break
        }
        let digits = text.filter { $0 != "_" }
        let negative = digits.hasPrefix("-")
        let body = Substring(digits).dropFirst(negative || digits.hasPrefix("+") ? 1 : 0)
        // `Double(_:)` would also take `inf`, `nan` and hex floats, which are not YAML numbers.
        guard let first = body.first, first == "." || (first.isASCII && first.isNumber) else { return nil }
        guard body.allSatisfy({ $0.isASCII && ($0.isNumber || ".eE+-:".contains($0)) }) else { return nil }
        if body.contains(":") {
            return sexagesimal(body, negative: negative, zero: 0.0) {
                Double($0)
            } combine: {
                $0 * 60 + $1
            }
        }
        return Double(digits)
    }

    /// `a:b:c` as `(a * 60 + b) * 60 + c`, each part read by `parse`.
    private static func sexagesimal<Number: SignedNumeric>(
        _ body: Substring,
        negative: Bool,
        zero: Number,
        parse: (Substring) -> Number?,
        combine: (Number, Number) -> Number?
    ) -> Number? {
        var total = zero
        for part in body.split(separator: ":", omittingEmptySubsequences: false) {
            guard let digit = parse(part), let next = combine(total, digit) else { return nil }
            total = next
        }
        return negative ? -total : total
    }

    // MARK: - Characters

    private static func isSign(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
    }

    private static func isDigit(_ byte: UInt8, radix: Int, underscore: Bool = true) -> Bool {
        if underscore && byte == UInt8(ascii: "_") { return true }
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(byte - UInt8(ascii: "0")) < radix
        case UInt8(ascii: "a")...UInt8(ascii: "f"), UInt8(ascii: "A")...UInt8(ascii: "F"): return radix == 16
        default: return false
        }
    }

    /// A base-60 group after a `:`: one digit, or two with the first 0 to 5.
    private static func isSexagesimalDigit(_ group: ArraySlice<UInt8>) -> Bool {
        let digits = Array(group)
        switch digits.count {
        case 1: return isDigit(digits[0], radix: 10, underscore: false)
        case 2:
            return (UInt8(ascii: "0")...UInt8(ascii: "5")).contains(digits[0])
                && isDigit(digits[1], radix: 10, underscore: false)
        default: return false
        }
    }

    private static func starts(_ bytes: ArraySlice<UInt8>, _ prefix: String) -> Bool {
        bytes.starts(with: prefix.utf8)
    }

    private static func exponentStart(_ bytes: ArraySlice<UInt8>) -> Int? {
        bytes.firstIndex { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
    }

    /// `e` or `E`, a sign (optional unless `signRequired`), then at least one digit (no `_`).
    private static func isExponent(_ bytes: ArraySlice<UInt8>, signRequired: Bool) -> Bool {
        var digits = bytes.dropFirst()
        if let sign = digits.first, isSign(sign) {
            digits = digits.dropFirst()
        } else if signRequired {
            return false
        }
        return !digits.isEmpty && digits.allSatisfy { isDigit($0, radix: 10, underscore: false) }
    }
}
