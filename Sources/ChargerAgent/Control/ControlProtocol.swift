#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Any JSON value: the arguments and results of control-socket commands.
///
/// The socket speaks plain JSON objects whose shape depends on the command, so requests and results
/// are carried as values and read with the small accessors below rather than one Codable type per
/// command.
public enum JSONValue: Sendable, Hashable, Codable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value):
            // Integral values print without ".0", so ids and seqNos read as integers.
            if value.rounded() == value, abs(value) < 9e15 {
                try container.encode(Int64(value))
            } else {
                try container.encode(value)
            }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// The value encoded as compact JSON with sorted keys.
    public var jsonText: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }

    public var description: String { jsonText }

    /// Converts any Encodable value (a result struct) into a JSON value.
    public init(encoding value: some Encodable) throws {
        let encoder = JSONEncoder()
        let data = try encoder.encode(value)
        self = try JSONDecoder().decode(JSONValue.self, from: data)
    }

    /// Parses JSON text.
    public init(parsing text: some Collection<UInt8>) throws {
        self = try JSONDecoder().decode(JSONValue.self, from: Data(text))
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var doubleValue: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// The number if it is integral.
    public var intValue: Int? {
        guard case .number(let value) = self, value.rounded() == value, abs(value) < 9e15 else { return nil }
        return Int(value)
    }

    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    public var objectValue: [String: JSONValue]? {
        if case .object(let value) = self { return value }
        return nil
    }

    public var isNull: Bool { self == .null }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByDictionaryLiteral, ExpressibleByArrayLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(nilLiteral: ()) { self = .null }
}

extension JSONValue {
    /// `.string` or `.null`.
    public static func optional(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }
    /// `.number` or `.null`.
    public static func optional(_ value: Double?) -> JSONValue { value.map { .number($0) } ?? .null }
    /// `.number` or `.null`.
    public static func optional(_ value: Int?) -> JSONValue { value.map { .number(Double($0)) } ?? .null }
}

/// One request on the control socket: `{"id": 1, "cmd": "status", "station": "…", "args": {…}}`.
public struct ControlRequest: Sendable, Hashable, Codable {
    /// Echoed in the response; any JSON value (clients use integers).
    public var id: JSONValue
    public var cmd: String
    /// Which station, when the socket serves several (charger-sim); optional when it serves one.
    public var station: String?
    public var args: JSONValue

    public init(id: JSONValue = 1, cmd: String, station: String? = nil, args: JSONValue = [:]) {
        self.id = id
        self.cmd = cmd
        self.station = station
        self.args = args
    }

    enum CodingKeys: String, CodingKey { case id, cmd, station, args }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(JSONValue.self, forKey: .id) ?? .null
        cmd = try container.decode(String.self, forKey: .cmd)
        station = try container.decodeIfPresent(String.self, forKey: .station)
        args = try container.decodeIfPresent(JSONValue.self, forKey: .args) ?? [:]
    }

    /// The request as one NDJSON line (without the newline).
    public var jsonText: String {
        var object: [String: JSONValue] = ["id": id, "cmd": .string(cmd), "args": args]
        if let station { object["station"] = .string(station) }
        return JSONValue.object(object).jsonText
    }
}

/// Why a command failed; `code` is stable for scripts, `message` is for people.
public struct ControlError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    public var code: String
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code.rawValue
        self.message = message
    }

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    /// The error codes the server uses.
    public enum Code: String, Sendable {
        /// The line is not a JSON object with a string "cmd".
        case badRequest = "bad-request"
        /// The line is longer than `ControlServer.maxLineLength`.
        case lineTooLong = "line-too-long"
        case unknownCommand = "unknown-command"
        /// "station" names no station served here.
        case unknownStation = "unknown-station"
        /// Several stations are served and the request names none.
        case stationRequired = "station-required"
        /// An argument is missing or has the wrong type or value.
        case badArguments = "bad-arguments"
        /// The command is not allowed now (a self-test during a transaction).
        case refused
        /// The part is not simulated, so it cannot be driven by `sim`.
        case notSimulated = "not-simulated"
        /// The command ran and failed (a self-test whose contactor did not follow).
        case failed
    }

    public var description: String { "\(code): \(message)" }
}

/// One response line: `{"id": 1, "ok": true, "result": {…}}` or `{"id": 1, "ok": false, "error": {…}}`.
public struct ControlResponse: Sendable, Hashable {
    public var id: JSONValue
    public var outcome: Result<JSONValue, ControlError>

    public init(id: JSONValue, outcome: Result<JSONValue, ControlError>) {
        self.id = id
        self.outcome = outcome
    }

    public var jsonValue: JSONValue {
        switch outcome {
        case .success(let result):
            ["id": id, "ok": true, "result": result]
        case .failure(let error):
            ["id": id, "ok": false, "error": ["code": .string(error.code), "message": .string(error.message)]]
        }
    }

    /// Parses a response line; throws `ControlError(.badRequest)` for anything else.
    public init(parsing line: some Collection<UInt8>) throws(ControlError) {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: line)
        } catch {
            throw ControlError(.badRequest, "the response is not JSON")
        }
        guard let ok = value["ok"]?.boolValue else { throw ControlError(.badRequest, "the response has no \"ok\"") }
        id = value["id"] ?? .null
        if ok {
            outcome = .success(value["result"] ?? .null)
        } else {
            let error = value["error"]
            outcome = .failure(
                ControlError(
                    code: error?["code"]?.stringValue ?? "unknown",
                    message: error?["message"]?.stringValue ?? "no message"
                )
            )
        }
    }
}

/// What answers commands for one station behind the control socket.
public protocol StationControlling: Sendable {
    /// Runs `command` with `args`; the result is the response's "result".
    func handle(command: String, args: JSONValue) async throws(ControlError) -> JSONValue
}
