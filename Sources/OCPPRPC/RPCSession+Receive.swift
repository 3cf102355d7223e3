import Logging
import OCPP
import Synchronization

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The receive loop: frames from the transport, answers to our CALL, and the peer's CALLs served by the
/// registered handlers.
extension RPCSession {
    // MARK: the receive loop

    /// Consumes the transport's events until they finish or the calling task is cancelled.
    ///
    /// Incoming CALLs are served in child tasks of this call. When it returns, every pending and queued call
    /// has failed with `.disconnected`, later calls fail with `.notConnected`, and `events` has finished.
    /// Call it once.
    public func run() async {
        let first = state.withLock { s -> Bool in
            guard !s.running, !s.stopped else { return false }
            s.running = true
            return true
        }
        guard first else {
            logger.error("RPCSession.run() called more than once")
            return
        }
        logger.debug("RPC session started")
        await withDiscardingTaskGroup { group in
            for await event in transport.events {
                switch event {
                case .connected(let subprotocol):
                    linkUp(subprotocol: subprotocol)
                case .disconnected(let reason):
                    linkDown(reason: reason)
                case .message(let text):
                    receive(text, in: &group)
                }
            }
            group.cancelAll()
        }
        failAllCalls(.disconnected, stopping: true)
        eventContinuation.finish()
        logger.debug("RPC session stopped")
    }

    func linkUp(subprotocol: String?) {
        state.withLock { $0.connected = true }
        if subprotocol == "ocpp2.0.1" {
            logger.info("link up", metadata: ["subprotocol": "ocpp2.0.1"])
        } else {
            logger.warning(
                "link up without the ocpp2.0.1 subprotocol",
                metadata: ["subprotocol": "\(subprotocol ?? "none")"]
            )
        }
        eventContinuation.yield(.connected(subprotocol: subprotocol))
    }

    func linkDown(reason: String) {
        logger.info("link down", metadata: ["reason": "\(reason)"])
        failAllCalls(.disconnected, stopping: false)
        eventContinuation.yield(.disconnected(reason: reason))
    }

    func messageLogger(_ messageId: String) -> Logger {
        var log = logger
        log[metadataKey: "message-id"] = .string(messageId)
        return log
    }

    func receive(_ text: String, in group: inout DiscardingTaskGroup) {
        let frame: OCPPFrame
        do {
            frame = try OCPPFrame.decode(text)
        } catch {
            receiveMalformed(text, error: error, in: &group)
            return
        }
        switch frame {
        case .call(let messageId, let action, let payload):
            group.addTask { await self.serve(messageId: messageId, actionName: action, payload: payload) }
        case .callResult(let messageId, let payload):
            let log = messageLogger(messageId)
            log.trace("CALLRESULT payload", metadata: ["payload": "\(payload.serialized())"])
            if !settleInFlight(messageId: messageId, with: .success(payload)) {
                log.warning("CALLRESULT for no pending CALL dropped")
            }
        case .callError(let messageId, let code, let description, let details):
            let error = RPCCallError.callError(code: code, description: description, details: details)
            if !settleInFlight(messageId: messageId, with: .failure(error)) {
                messageLogger(messageId).warning(
                    "CALLERROR for no pending CALL dropped",
                    metadata: ["code": "\(code.rawValue)"]
                )
            }
        }
    }

    func receiveMalformed(_ text: String, error: OCPPFrameError, in group: inout DiscardingTaskGroup) {
        let log = messageLogger(error.messageId)
        let readableId = error.messageId == OCPPFrame.unreadableMessageId ? nil : error.messageId
        rejections.report(RejectedMessage(code: error.code, messageId: readableId))
        log.trace("malformed frame", metadata: ["frame": "\(text.prefix(1024))"])
        // A CALLRESULT or CALLERROR is never answered with a CALLERROR (the peer would not expect an answer).
        if let type = Self.messageTypeId(of: text), type == 3 || type == 4 {
            let kind = type == 3 ? "CALLRESULT" : "CALLERROR"
            log.warning(
                "malformed \(kind) dropped",
                metadata: ["code": "\(error.code.rawValue)", "error": "\(error.description)"]
            )
            if error.messageId != OCPPFrame.unreadableMessageId {
                let invalid = OCPPValidationError(code: error.code, path: "", message: error.description)
                settleInFlight(messageId: error.messageId, with: .failure(.invalidResponse(invalid)))
            }
            return
        }
        log.warning(
            "malformed frame answered with CALLERROR",
            metadata: ["code": "\(error.code.rawValue)", "error": "\(error.description)"]
        )
        let reply = error.callError
        group.addTask { await self.sendReply(reply, log: log) }
    }

    /// The message type number of a frame that failed to decode, when it has one.
    static func messageTypeId(of text: String) -> Double? {
        guard case .array(let elements)? = try? JSONValue.parse(text), case .number(let type)? = elements.first else {
            return nil
        }
        return type
    }

    func serve(messageId: String, actionName: String, payload: JSONValue) async {
        var log = messageLogger(messageId)
        log[metadataKey: "action"] = .string(String(actionName.prefix(64)))
        log.info("CALL received")
        log.trace("CALL payload", metadata: ["payload": "\(payload.serialized())"])

        let reply: OCPPFrame
        let followUps = CallContext.FollowUps()
        if let action = OCPPAction(rawValue: actionName) {
            if let handler = state.withLock({ $0.handlers[action] }) {
                let context = CallContext(
                    messageId: messageId,
                    action: action,
                    stationId: configuration.stationId,
                    logger: log,
                    followUps: followUps
                )
                reply = await handler(payload, context)
            } else {
                reply = .error(
                    messageId: messageId,
                    code: .notSupported,
                    description: "\(action.rawValue) is not supported by this charging station"
                )
            }
        } else {
            reply = .error(
                messageId: messageId,
                code: .notImplemented,
                description: "unknown action \"\(actionName.prefix(64))\""
            )
        }
        await sendReply(reply, log: log)
        for followUp in followUps.take() { await followUp() }
    }

    func sendReply(_ reply: OCPPFrame, log: Logger) async {
        do {
            try await transport.send(reply.encoded())
        } catch {
            log.warning("answer not sent", metadata: ["error": "\(error)"])
            return
        }
        switch reply {
        case .callResult(_, let payload):
            log.trace("CALLRESULT payload", metadata: ["payload": "\(payload.serialized())"])
            log.info("CALLRESULT sent")
        case .callError(_, let code, _, _):
            log.info("CALLERROR sent", metadata: ["code": "\(code.rawValue)"])
        case .call:
            break
        }
    }
}
