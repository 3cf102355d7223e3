import OCPP

/// The control socket carries requests and results as OCPP's `JSONValue`: its shape depends on the
/// command, so values are read with the accessors rather than one Codable type per command.
extension JSONValue {
    /// The value as the control socket writes it: compact, keys sorted, integral numbers without ".0", `/`
    /// not escaped, byte for byte what `JSONEncoder` with `.sortedKeys` wrote before (scripts compare lines).
    public var jsonText: String { serialized(options: [.sortedKeys, .encoderCompatible]) }

    /// `.string` or `.null`.
    public static func optional(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }
    /// `.number` or `.null`.
    public static func optional(_ value: Double?) -> JSONValue { value.map { .number($0) } ?? .null }
    /// `.number` or `.null`.
    public static func optional(_ value: Int?) -> JSONValue { value.map { .number(Double($0)) } ?? .null }
}

/// One request on the control socket: `{"id": 1, "cmd": "status", "station": "…", "args": {…}}`.
public struct ControlRequest: Sendable, Equatable {
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

    /// Reads a request line's value; the error says what is wrong, for a `bad-request` response.
    ///
    /// "id" and "args" may be any value (a missing or null "args" is `{}`), "cmd" must be a string,
    /// "station" a string or null.
    public init(json value: JSONValue) throws(ControlError) {
        guard case .object(let object) = value else { throw Self.badRequest("wrong type at the top level") }
        guard let cmd = object["cmd"] else { throw Self.badRequest("missing \"cmd\"") }
        guard case .string(let command) = cmd else { throw Self.badRequest("wrong type at \"cmd\"") }
        let station: String?
        switch object["station"] {
        case nil, .null?: station = nil
        case .string(let name)?: station = name
        default: throw Self.badRequest("wrong type at \"station\"")
        }
        let args = object["args"]
        self.init(id: object["id"] ?? .null, cmd: command, station: station, args: args == .null ? [:] : args ?? [:])
    }

    static func badRequest(_ reason: String) -> ControlError {
        ControlError(.badRequest, "expected a JSON object with a string \"cmd\" (\(reason))")
    }

    /// The request as one NDJSON line (without the newline).
    public var jsonText: String {
        var object: JSONObject = ["id": id, "cmd": .string(cmd), "args": args]
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
public struct ControlResponse: Sendable, Equatable {
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
            value = try JSONValue.parse(bytes: Array(line))
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
