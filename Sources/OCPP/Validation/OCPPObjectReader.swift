/// Reads the members of one JSON object for a generated `init(json:)`, applying schema constraints.
///
/// Each member is looked up once; at the end `finish()` compares the number of members read with the
/// object's size, so unknown properties cost nothing on the success path.
struct OCPPObjectReader {
    let object: JSONObject
    private var read = 0

    init(_ json: JSONValue) throws(OCPPValidationError) {
        guard case .object(let object) = json else { throw .typeMismatch(expected: "an object", got: json) }
        self.object = object
    }

    private mutating func take(_ key: String) -> JSONValue? {
        guard let value = object[key] else { return nil }
        read += 1
        return value
    }

    private static func missing(_ key: String) -> OCPPValidationError {
        OCPPValidationError(code: .occurrenceConstraintViolation, path: key, message: "required property is missing")
    }

    // MARK: values

    mutating func required<T: OCPPJSONConvertible>(_ key: String, _: T.Type) throws(OCPPValidationError) -> T {
        guard let value = take(key) else { throw Self.missing(key) }
        do { return try T(ocppJSON: value) } catch { throw error.nested(in: key) }
    }

    mutating func optional<T: OCPPJSONConvertible>(_ key: String, _: T.Type) throws(OCPPValidationError) -> T? {
        guard let value = take(key) else { return nil }
        do { return try T(ocppJSON: value) } catch { throw error.nested(in: key) }
    }

    mutating func required(_ key: String, _: String.Type, maxLength: Int) throws(OCPPValidationError) -> String {
        guard let value = take(key) else { throw Self.missing(key) }
        do { return try Self.string(value, maxLength: maxLength) } catch { throw error.nested(in: key) }
    }

    mutating func optional(_ key: String, _: String.Type, maxLength: Int) throws(OCPPValidationError) -> String? {
        guard let value = take(key) else { return nil }
        do { return try Self.string(value, maxLength: maxLength) } catch { throw error.nested(in: key) }
    }

    mutating func required(
        _ key: String,
        _: Int.Type,
        minimum: Int?,
        maximum: Int?
    ) throws(OCPPValidationError) -> Int {
        guard let value = take(key) else { throw Self.missing(key) }
        do { return try Self.integer(value, minimum: minimum, maximum: maximum) } catch { throw error.nested(in: key) }
    }

    mutating func optional(
        _ key: String,
        _: Int.Type,
        minimum: Int?,
        maximum: Int?
    ) throws(OCPPValidationError) -> Int? {
        guard let value = take(key) else { return nil }
        do { return try Self.integer(value, minimum: minimum, maximum: maximum) } catch { throw error.nested(in: key) }
    }

    // MARK: arrays

    mutating func requiredArray<T: OCPPJSONConvertible>(
        _ key: String,
        _: T.Type,
        minItems: Int?,
        maxItems: Int?,
        maxLength: Int? = nil
    ) throws(OCPPValidationError) -> [T] {
        guard let value = take(key) else { throw Self.missing(key) }
        do {
            return try Self.array(value, T.self, minItems: minItems, maxItems: maxItems, maxLength: maxLength)
        } catch {
            throw error.nested(in: key)
        }
    }

    mutating func optionalArray<T: OCPPJSONConvertible>(
        _ key: String,
        _: T.Type,
        minItems: Int?,
        maxItems: Int?,
        maxLength: Int? = nil
    ) throws(OCPPValidationError) -> [T]? {
        guard let value = take(key) else { return nil }
        do {
            return try Self.array(value, T.self, minItems: minItems, maxItems: maxItems, maxLength: maxLength)
        } catch {
            throw error.nested(in: key)
        }
    }

    /// Fails with FormatViolation when the object has a member the schema does not define.
    func finish(known keys: [String]) throws(OCPPValidationError) {
        guard read != object.count else { return }
        for member in object.members where !keys.contains(member.key) {
            throw OCPPValidationError(
                code: .formatViolation,
                path: member.key,
                message: "property is not defined by the schema"
            )
        }
    }

    // MARK: element checks

    static func string(_ value: JSONValue, maxLength: Int) throws(OCPPValidationError) -> String {
        let s = try String(ocppJSON: value)
        // JSON Schema counts code points; UTF-8 length is an upper bound, so most strings skip the count.
        if s.utf8.count > maxLength, s.unicodeScalars.count > maxLength {
            throw OCPPValidationError(
                code: .propertyConstraintViolation,
                path: "",
                message: "string of \(s.unicodeScalars.count) characters is longer than \(maxLength)"
            )
        }
        return s
    }

    static func integer(_ value: JSONValue, minimum: Int?, maximum: Int?) throws(OCPPValidationError) -> Int {
        let n = try Int(ocppJSON: value)
        if let minimum, n < minimum {
            throw OCPPValidationError(
                code: .propertyConstraintViolation,
                path: "",
                message: "\(n) is less than the minimum \(minimum)"
            )
        }
        if let maximum, n > maximum {
            throw OCPPValidationError(
                code: .propertyConstraintViolation,
                path: "",
                message: "\(n) is greater than the maximum \(maximum)"
            )
        }
        return n
    }

    static func array<T: OCPPJSONConvertible>(
        _ value: JSONValue,
        _: T.Type,
        minItems: Int?,
        maxItems: Int?,
        maxLength: Int?
    ) throws(OCPPValidationError) -> [T] {
        guard case .array(let elements) = value else { throw .typeMismatch(expected: "an array", got: value) }
        if let minItems, elements.count < minItems {
            throw OCPPValidationError(
                code: .occurrenceConstraintViolation,
                path: "",
                message: "array has \(elements.count) items, at least \(minItems) required"
            )
        }
        if let maxItems, elements.count > maxItems {
            throw OCPPValidationError(
                code: .occurrenceConstraintViolation,
                path: "",
                message: "array has \(elements.count) items, at most \(maxItems) allowed"
            )
        }
        var result: [T] = []
        result.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            do {
                if let maxLength, T.self == String.self {
                    result.append(try string(element, maxLength: maxLength) as! T)
                } else {
                    result.append(try T(ocppJSON: element))
                }
            } catch {
                throw error.nested(at: index)
            }
        }
        return result
    }
}
