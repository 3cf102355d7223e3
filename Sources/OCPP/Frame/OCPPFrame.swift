/// One OCPP-J message (Part 4 §4): a CALL, a CALLRESULT or a CALLERROR, with its payload still as JSON.
///
/// Typed payloads are decoded a step later (see `OCPPAction`), so that an unknown action or a payload that
/// breaks its schema can be answered with the right CALLERROR for the right message id.
public enum OCPPFrame: Sendable, Equatable {
    /// `[2, "<messageId>", "<action>", {payload}]`
    case call(messageId: String, action: String, payload: JSONValue)
    /// `[3, "<messageId>", {payload}]`
    case callResult(messageId: String, payload: JSONValue)
    /// `[4, "<messageId>", "<errorCode>", "<errorDescription>", {errorDetails}]`
    case callError(messageId: String, code: RPCErrorCode, description: String, details: JSONValue)

    /// Message ids are at most 36 characters (a UUID fits).
    public static let maximumMessageIdLength = 36
    /// CALLERROR descriptions are at most 255 characters.
    public static let maximumErrorDescriptionLength = 255
    /// The message id used in a CALLERROR when the offending message's id cannot be read.
    public static let unreadableMessageId = "-1"

    public var messageId: String {
        switch self {
        case .call(let id, _, _), .callResult(let id, _), .callError(let id, _, _, _): id
        }
    }

    /// Builds a CALLERROR, cutting the description to 255 characters.
    public static func error(
        messageId: String,
        code: RPCErrorCode,
        description: String,
        details: JSONValue = .object(JSONObject())
    ) -> OCPPFrame {
        .callError(
            messageId: messageId,
            code: code,
            description: description.truncated(toUnicodeScalars: maximumErrorDescriptionLength),
            details: details
        )
    }

    /// The frame as JSON.
    public func jsonValue() -> JSONValue {
        switch self {
        case .call(let id, let action, let payload):
            .array([2, .string(id), .string(action), payload])
        case .callResult(let id, let payload):
            .array([3, .string(id), payload])
        case .callError(let id, let code, let description, let details):
            .array([4, .string(id), .string(code.rawValue), .string(description), details])
        }
    }

    /// The frame as the text sent in one WebSocket message.
    public func encoded() -> String { jsonValue().serialized() }

    /// Decodes one WebSocket text message.
    public static func decode(_ text: String) throws(OCPPFrameError) -> OCPPFrame {
        let json: JSONValue
        do {
            json = try JSONValue.parse(text)
        } catch {
            throw OCPPFrameError(unreadable: error)
        }
        return try decode(json: json)
    }

    /// Decodes one message from raw bytes (which may not even be UTF-8).
    public static func decode(bytes: [UInt8]) throws(OCPPFrameError) -> OCPPFrame {
        let json: JSONValue
        do {
            json = try JSONValue.parse(bytes: bytes)
        } catch {
            throw OCPPFrameError(unreadable: error)
        }
        return try decode(json: json)
    }

    /// Decodes a frame already parsed as JSON, applying the OCPP-J error mapping.
    public static func decode(json: JSONValue) throws(OCPPFrameError) -> OCPPFrame {
        guard case .array(let elements) = json else {
            throw OCPPFrameError(
                messageId: unreadableMessageId,
                code: .rpcFrameworkError,
                description: "message is a JSON \(json.typeName), not an array"
            )
        }
        // The id is read first so every later error can be answered to the right message.
        let messageId: String
        if elements.count >= 2, case .string(let id) = elements[1], !id.isEmpty,
            id.count <= maximumMessageIdLength
        {
            messageId = id
        } else {
            let why: String
            if elements.count < 2 {
                why = "message has no message id"
            } else if case .string(let id) = elements[1] {
                why =
                    id.isEmpty
                    ? "message id is empty" : "message id is longer than \(maximumMessageIdLength) characters"
            } else {
                why = "message id is a \(elements[1].typeName), not a string"
            }
            throw OCPPFrameError(messageId: unreadableMessageId, code: .rpcFrameworkError, description: why)
        }
        guard case .number(let typeNumber) = elements[0] else {
            throw OCPPFrameError(
                messageId: messageId,
                code: .rpcFrameworkError,
                description: "message type id is a \(elements[0].typeName), not a number"
            )
        }
        switch typeNumber {
        case 2:
            guard elements.count == 4 else {
                throw wrongCount(messageId, kind: "CALL", expected: 4, got: elements.count)
            }
            guard case .string(let action) = elements[2] else {
                throw OCPPFrameError(
                    messageId: messageId,
                    code: .rpcFrameworkError,
                    description: "CALL action is a \(elements[2].typeName), not a string"
                )
            }
            guard case .object = elements[3] else {
                throw OCPPFrameError(
                    messageId: messageId,
                    code: .formatViolation,
                    description: "CALL payload is a \(elements[3].typeName), not an object"
                )
            }
            return .call(messageId: messageId, action: action, payload: elements[3])
        case 3:
            guard elements.count == 3 else {
                throw wrongCount(messageId, kind: "CALLRESULT", expected: 3, got: elements.count)
            }
            guard case .object = elements[2] else {
                throw OCPPFrameError(
                    messageId: messageId,
                    code: .formatViolation,
                    description: "CALLRESULT payload is a \(elements[2].typeName), not an object"
                )
            }
            return .callResult(messageId: messageId, payload: elements[2])
        case 4:
            guard elements.count == 5 else {
                throw wrongCount(messageId, kind: "CALLERROR", expected: 5, got: elements.count)
            }
            guard case .string(let codeText) = elements[2], case .string(let description) = elements[3] else {
                throw OCPPFrameError(
                    messageId: messageId,
                    code: .rpcFrameworkError,
                    description: "CALLERROR code and description must be strings"
                )
            }
            guard case .object = elements[4] else {
                throw OCPPFrameError(
                    messageId: messageId,
                    code: .formatViolation,
                    description: "CALLERROR details is a \(elements[4].typeName), not an object"
                )
            }
            // An unknown code from a peer is still an error answer; it is kept as GenericError with the
            // original code in front of the description so nothing is lost.
            if let code = RPCErrorCode(wireValue: codeText) {
                return .callError(messageId: messageId, code: code, description: description, details: elements[4])
            }
            return .callError(
                messageId: messageId,
                code: .genericError,
                description: "\(codeText): \(description)",
                details: elements[4]
            )
        default:
            throw OCPPFrameError(
                messageId: messageId,
                code: .messageTypeNotSupported,
                description: "message type id \(JSONValue.number(typeNumber).serialized()) is not 2, 3 or 4"
            )
        }
    }

    private static func wrongCount(_ id: String, kind: String, expected: Int, got: Int) -> OCPPFrameError {
        OCPPFrameError(
            messageId: id,
            code: .rpcFrameworkError,
            description: "\(kind) has \(got) elements, expected \(expected)"
        )
    }
}

/// A message that could not be decoded, with everything needed to answer it.
public struct OCPPFrameError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The offending message's id, or "-1" when it could not be read.
    public var messageId: String
    public var code: RPCErrorCode
    /// At most 255 characters.
    public var description: String

    public init(messageId: String, code: RPCErrorCode, description: String) {
        self.messageId = messageId
        self.code = code
        self.description = description.truncated(toUnicodeScalars: OCPPFrame.maximumErrorDescriptionLength)
    }

    init(unreadable error: JSONParseError) {
        self.init(messageId: OCPPFrame.unreadableMessageId, code: .rpcFrameworkError, description: error.description)
    }

    /// The CALLERROR that answers the bad message.
    public var callError: OCPPFrame {
        .error(messageId: messageId, code: code, description: description)
    }
}
