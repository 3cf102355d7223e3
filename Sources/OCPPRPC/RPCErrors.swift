import OCPP

/// Why an outgoing CALL did not produce a response.
public enum RPCCallError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The request breaks its schema; it was not sent.
    case invalidRequest(OCPPValidationError)
    /// The peer's CALLRESULT breaks the response schema (or the result frame itself was malformed).
    case invalidResponse(OCPPValidationError)
    /// The peer answered with a CALLERROR.
    case callError(code: RPCErrorCode, description: String, details: JSONValue)
    /// No answer within the timeout, measured on the session's clock.
    case timeout
    /// The link went down (or the session stopped) while the call was queued or waiting for its answer.
    case disconnected
    /// The transport had no link when the CALL was to be sent, or the session has stopped running.
    case notConnected
    /// The transport failed to send the CALL.
    case transport(String)
    /// The calling task was cancelled while the call was queued or waiting.
    case cancelled

    public var description: String {
        switch self {
        case .invalidRequest(let error): "invalid request: \(error)"
        case .invalidResponse(let error): "invalid response: \(error)"
        case .callError(let code, let description, _): "CALLERROR \(code.rawValue): \(description)"
        case .timeout: "timed out"
        case .disconnected: "disconnected"
        case .notConnected: "not connected"
        case .transport(let why): "transport error: \(why)"
        case .cancelled: "cancelled"
        }
    }
}

/// Thrown by a CALL handler to answer with a specific CALLERROR instead of InternalError
/// (for example NotSupported for a recognized request the station cannot honour, or SecurityError).
public struct RPCHandlerError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: RPCErrorCode
    /// Cut to 255 characters when sent.
    public var description: String
    /// The CALLERROR's details object; `{}` by default.
    public var details: JSONObject

    public init(code: RPCErrorCode, description: String, details: JSONObject = JSONObject()) {
        self.code = code
        self.description = description
        self.details = details
    }
}
