#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A request or response payload of an OCPP 2.0.1 action, or one of its data types.
///
/// `init(json:)` applies every constraint of the OCA schema (types, required, maxLength, enums,
/// minItems/maxItems, minimum/maximum, no unknown properties) and throws the matching CALLERROR code.
/// `jsonValue()` writes the schema's properties in schema order, omitting absent optionals.
public protocol OCPPPayload: OCPPJSONConvertible, Codable, Sendable, Equatable {
    init(json: JSONValue) throws(OCPPValidationError)
    func jsonValue() -> JSONValue
}

extension OCPPPayload {
    /// Checks the payload against its schema before it is sent, by decoding our own encoding.
    ///
    /// A memberwise-built message can hold a too-long string or an empty array the schema forbids; the
    /// peer would answer that with a CALLERROR, so we refuse it here with the same code instead.
    public func validate() throws(OCPPValidationError) {
        _ = try Self(json: jsonValue())
    }

    /// Decodes a payload from JSON text; a parse failure is reported as a FormatViolation.
    public init(jsonText: String) throws(OCPPValidationError) {
        let json: JSONValue
        do {
            json = try JSONValue.parse(jsonText)
        } catch {
            throw OCPPValidationError(code: .formatViolation, path: "", message: error.description)
        }
        try self.init(json: json)
    }

    /// The payload as compact JSON text.
    public func jsonText() -> String { jsonValue().serialized() }
}

/// A request payload: names its action and the response it expects.
public protocol OCPPRequest: OCPPPayload {
    associatedtype Response: OCPPPayload
    static var action: OCPPAction { get }
}

/// A value that maps to and from one JSON value under OCPP's schema rules; generated code builds on it.
public protocol OCPPJSONConvertible {
    init(ocppJSON json: JSONValue) throws(OCPPValidationError)
    var ocppJSON: JSONValue { get }
}

extension OCPPPayload {
    public init(ocppJSON json: JSONValue) throws(OCPPValidationError) { try self.init(json: json) }
    public var ocppJSON: JSONValue { jsonValue() }
}

extension JSONValue: OCPPJSONConvertible {
    public init(ocppJSON json: JSONValue) { self = json }
    public var ocppJSON: JSONValue { self }
}

extension String: OCPPJSONConvertible {
    public init(ocppJSON json: JSONValue) throws(OCPPValidationError) {
        guard case .string(let s) = json else { throw .typeMismatch(expected: "a string", got: json) }
        self = s
    }
    public var ocppJSON: JSONValue { .string(self) }
}

extension Bool: OCPPJSONConvertible {
    public init(ocppJSON json: JSONValue) throws(OCPPValidationError) {
        guard case .bool(let b) = json else { throw .typeMismatch(expected: "a boolean", got: json) }
        self = b
    }
    public var ocppJSON: JSONValue { .bool(self) }
}

extension Int: OCPPJSONConvertible {
    public init(ocppJSON json: JSONValue) throws(OCPPValidationError) {
        guard case .number(let n) = json, n == n.rounded(.towardZero), abs(n) <= 9_007_199_254_740_992 else {
            throw .typeMismatch(expected: "an integer", got: json)
        }
        self = Int(n)
    }
    public var ocppJSON: JSONValue { .number(Double(self)) }
}

extension Double: OCPPJSONConvertible {
    public init(ocppJSON json: JSONValue) throws(OCPPValidationError) {
        guard case .number(let n) = json else { throw .typeMismatch(expected: "a number", got: json) }
        self = n
    }
    public var ocppJSON: JSONValue { .number(self) }
}

extension Date: OCPPJSONConvertible {
    public init(ocppJSON json: JSONValue) throws(OCPPValidationError) {
        guard case .string(let s) = json else { throw .typeMismatch(expected: "an RFC 3339 date-time", got: json) }
        guard let date = RFC3339.date(from: s) else {
            throw OCPPValidationError(
                code: .formatViolation,
                path: "",
                message: "\"\(s.prefix(40))\" is not an RFC 3339 date-time"
            )
        }
        self = date
    }
    public var ocppJSON: JSONValue { .string(RFC3339.string(from: self)) }
}

/// Generated enums: a string from a closed set.
public protocol OCPPEnum: RawRepresentable, OCPPJSONConvertible, Codable, Sendable, Hashable, CaseIterable
where RawValue == String {}

extension OCPPEnum {
    public init(ocppJSON json: JSONValue) throws(OCPPValidationError) {
        guard case .string(let s) = json else { throw .typeMismatch(expected: "a string", got: json) }
        guard let value = Self(rawValue: s) else {
            throw OCPPValidationError(
                code: .propertyConstraintViolation,
                path: "",
                message: "\"\(s.prefix(40))\" is not a value of \(Self.self)"
            )
        }
        self = value
    }
    public var ocppJSON: JSONValue { .string(rawValue) }
}

extension OCPPValidationError {
    static func typeMismatch(expected: String, got: JSONValue) -> OCPPValidationError {
        OCPPValidationError(
            code: .typeConstraintViolation,
            path: "",
            message: "expected \(expected), got \(got.typeName)"
        )
    }
}
