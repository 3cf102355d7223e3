import OCPP
import Synchronization

/// A frame from the peer that the session rejected: malformed (answered with a CALLERROR such as
/// FormationViolation or ProtocolError, or dropped when it was a result), or a CALL whose payload broke its
/// schema. The session goes on; its owner may report it (OCPP 2.0.1 A04: the InvalidMessages security event).
public struct RejectedMessage: Sendable, Equatable {
    /// The CALLERROR code the frame was (or would have been) answered with.
    public var code: RPCErrorCode
    /// The action, when the frame was a CALL with a readable one.
    public var action: String?
    /// The message id, when it could be read.
    public var messageId: String?

    public init(code: RPCErrorCode, action: String? = nil, messageId: String? = nil) {
        self.code = code
        self.action = action
        self.messageId = messageId
    }

    /// One line for a log or a security event's techInfo: the code, the action and the id, never the payload.
    public var summary: String {
        var text = "rejected frame: \(code.rawValue)"
        if let action { text += " action=\(action.prefix(64))" }
        if let messageId { text += " messageId=\(messageId.prefix(36))" }
        return text
    }
}

/// Who is told about rejected frames; one observer per session.
final class RejectionObserver: Sendable {
    private let body = Mutex<(@Sendable (RejectedMessage) -> Void)?>(nil)

    func set(_ observer: (@Sendable (RejectedMessage) -> Void)?) { body.withLock { $0 = observer } }

    func report(_ rejection: RejectedMessage) {
        let observer = body.withLock { $0 }
        observer?(rejection)
    }
}

extension RPCSession {
    /// Calls `observer` for every frame from the peer the session rejects (replacing an earlier observer).
    ///
    /// Called on the receive path: it must return quickly (hand the report to a task or an actor).
    public func observeRejectedMessages(_ observer: @escaping @Sendable (RejectedMessage) -> Void) {
        rejections.set(observer)
    }
}
