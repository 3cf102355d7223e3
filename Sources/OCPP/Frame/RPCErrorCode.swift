/// The CALLERROR error codes of OCPP-J 2.0.1 (Part 4 §4.3).
public enum RPCErrorCode: String, Sendable, CaseIterable, Codable {
    /// Payload for the action is syntactically incorrect.
    case formatViolation = "FormatViolation"
    /// Any other error not covered by the more specific codes.
    case genericError = "GenericError"
    /// An internal error occurred and the receiver could not process the action.
    case internalError = "InternalError"
    /// A message with a message type number unknown to the receiver.
    case messageTypeNotSupported = "MessageTypeNotSupported"
    /// The requested action is not known by the receiver.
    case notImplemented = "NotImplemented"
    /// The requested action is recognized but not supported by the receiver.
    case notSupported = "NotSupported"
    /// Payload is syntactically correct but at least one field breaks an occurrence constraint.
    case occurrenceConstraintViolation = "OccurrenceConstraintViolation"
    /// Payload is syntactically correct but at least one field contains an invalid value.
    case propertyConstraintViolation = "PropertyConstraintViolation"
    /// Payload for the action is not conform the PDU structure.
    case protocolError = "ProtocolError"
    /// Content of the call is not a valid RPC request, for example the message id could not be read.
    case rpcFrameworkError = "RpcFrameworkError"
    /// The action was refused for a security reason.
    case securityError = "SecurityError"
    /// Payload is syntactically correct but at least one field contains a value of the wrong data type.
    case typeConstraintViolation = "TypeConstraintViolation"

    /// Reads a code from the wire, accepting the pre-Edition-3 misspelling `OccurenceConstraintViolation`.
    /// We always send the Edition 3 spelling.
    public init?(wireValue: String) {
        if wireValue == "OccurenceConstraintViolation" {
            self = .occurrenceConstraintViolation
        } else {
            self.init(rawValue: wireValue)
        }
    }
}
