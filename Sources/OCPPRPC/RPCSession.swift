import Logging
import OCPP
import Synchronization

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A link state change, as reported to the session's owner (for example to send BootNotification on connect).
public enum RPCSessionEvent: Sendable, Equatable {
    case connected(subprotocol: String?)
    case disconnected(reason: String)
}

/// What a CALL handler knows about the CALL it serves.
public struct CallContext: Sendable {
    /// The CALL's message id (the CALLRESULT or CALLERROR goes out with it).
    public let messageId: String
    public let action: OCPPAction
    public let stationId: String
    /// The session's logger with `station-id`, `message-id` and `action` metadata set.
    public let logger: Logger
    let followUps: FollowUps

    /// Runs `body` once the answer to this CALL has been handed to the transport.
    ///
    /// For requests whose answer must reach the CSMS before what they cause: TriggerMessage (F06: the
    /// response precedes the triggered message), GetBaseReport (B07: NotifyReport after the response),
    /// ChangeAvailability (G03: StatusNotification after the response). Runs whether the answer was a
    /// CALLRESULT or a CALLERROR; a handler that refuses simply doesn't register one.
    public func afterResponse(_ body: @escaping @Sendable () async -> Void) {
        followUps.append(body)
    }

    /// Work registered with `afterResponse`, run in registration order.
    final class FollowUps: Sendable {
        private let bodies = Mutex<[@Sendable () async -> Void]>([])
        func append(_ body: @escaping @Sendable () async -> Void) { bodies.withLock { $0.append(body) } }
        func take() -> [@Sendable () async -> Void] {
            bodies.withLock { b in
                defer { b = [] }
                return b
            }
        }
    }
}

/// The OCPP-J RPC layer (OCPP 2.0.1 Part 4 §4) over one message transport.
///
/// Outgoing: `call(_:timeout:)` validates the request, sends it as a CALL and waits for the CALLRESULT or
/// CALLERROR with the same message id. At most one CALL of ours is in flight; later calls wait their turn in
/// FIFO order. Timeouts are measured on the injected clock.
///
/// Incoming: CALLs are decoded, validated against their schema and handed to the handler registered for the
/// action; each is served in its own child task of `run()`, so they are answered while our own CALL waits,
/// each as soon as its handler is done. Error mapping:
/// - a frame that cannot be decoded is answered with the CALLERROR `OCPPFrameError.callError` (id "-1" when the
///   id cannot be read), except when it is recognisably a CALLRESULT or CALLERROR (message type 3 or 4): a
///   result is never answered with a CALLERROR, so it is logged and dropped, and if its id is that of our CALL
///   in flight, that call fails with `.invalidResponse`;
/// - an action not in `OCPPAction` (not known here): NotImplemented; a known action with no registered handler
///   (recognised, but not supported by this station): NotSupported (OCPP-J, OCPP 2.0.1 Part 4 §4.3);
/// - a payload that breaks the schema: the validation error's code and description;
/// - a handler that throws `RPCHandlerError`: its code; any other error: InternalError;
/// - a handler response that breaks its own schema: InternalError (and an error log line).
/// A CALL whose id repeats that of a CALL still being served is served normally; the two answers carry the
/// same id, in the order the handlers finish.
///
/// Logging: every line about a message carries `station-id` and `message-id` (and `action`) metadata.
/// Payloads are logged at trace level only.
public final class RPCSession: Sendable {
    public struct Configuration: Sendable {
        /// Put on every log line as `station-id`.
        public var stationId: String
        /// How long a CALL waits for its answer when `call` is not given a timeout.
        public var callTimeout: Duration
        /// Makes the message id of each outgoing CALL: unique, at most 36 characters.
        public var makeMessageId: @Sendable () -> String

        public init(
            stationId: String,
            callTimeout: Duration = .seconds(30),
            makeMessageId: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() }
        ) {
            self.stationId = stationId
            self.callTimeout = callTimeout
            self.makeMessageId = makeMessageId
        }
    }

    public let configuration: Configuration
    /// Link state changes; finishes when `run()` returns. Meant for one consumer (the session's owner).
    public let events: AsyncStream<RPCSessionEvent>

    private let eventContinuation: AsyncStream<RPCSessionEvent>.Continuation
    private let transport: any MessageTransport
    private let clock: any Clock<Duration>
    private let logger: Logger
    private let state = Mutex(State())

    private typealias Outcome = Result<JSONValue, RPCCallError>
    private typealias Handler = @Sendable (JSONValue, CallContext) async -> OCPPFrame

    private enum SlotGrant {
        case granted
        case disconnected
        case stopped
        case cancelled
    }

    private struct InFlight {
        let ticket: UInt64
        let messageId: String
        let action: OCPPAction
        /// Set once, by the first of: the answer, a disconnect, the end of `run()`.
        var outcome: Outcome?
        var waiter: CheckedContinuation<Outcome, Never>?
    }

    private struct State {
        var connected = false
        var running = false
        var stopped = false
        /// Whether some call holds the right to send; `queue` is empty whenever this is false.
        var slotBusy = false
        var queue: [(ticket: UInt64, continuation: CheckedContinuation<SlotGrant, Never>)] = []
        var inFlight: InFlight?
        var nextTicket: UInt64 = 0
        var handlers: [OCPPAction: Handler] = [:]
    }

    public init(
        transport: any MessageTransport,
        configuration: Configuration,
        clock: any Clock<Duration> = ContinuousClock(),
        logger: Logger = Logger(label: "ocpp.rpc")
    ) {
        self.transport = transport
        self.configuration = configuration
        self.clock = clock
        var logger = logger
        logger[metadataKey: "station-id"] = .string(configuration.stationId)
        self.logger = logger
        (events, eventContinuation) = AsyncStream.makeStream(of: RPCSessionEvent.self)
    }

    // MARK: state for owners and tests

    /// Whether the transport last reported the link up.
    public var isConnected: Bool { state.withLock { $0.connected } }

    /// How many calls wait for their turn (not counting the one in flight).
    public var queuedCallCount: Int { state.withLock { $0.queue.count } }

    /// The message id of our CALL waiting for its answer, if any.
    public var inFlightMessageId: String? { state.withLock { $0.inFlight?.messageId } }

    // MARK: handlers

    /// Serves incoming CALLs of `type`'s action with `handler` (replacing any handler registered before).
    ///
    /// The request reaches the handler only after it passed its schema; the response is checked against its
    /// schema before it is sent. Throw `RPCHandlerError` to answer with a chosen CALLERROR code.
    public func register<R: OCPPRequest>(
        _ type: R.Type,
        handler: @escaping @Sendable (R, CallContext) async throws -> R.Response
    ) {
        let erased: Handler = { payload, context in
            let request: R
            do throws(OCPPValidationError) {
                request = try R(json: payload)
            } catch {
                context.logger.warning(
                    "incoming CALL breaks its schema",
                    metadata: ["code": "\(error.code.rawValue)", "error": "\(error.description)"]
                )
                return .error(messageId: context.messageId, code: error.code, description: error.description)
            }
            let response: R.Response
            do {
                response = try await handler(request, context)
            } catch let error as RPCHandlerError {
                context.logger.notice(
                    "handler refused the CALL",
                    metadata: ["code": "\(error.code.rawValue)", "error": "\(error.description)"]
                )
                return .error(
                    messageId: context.messageId,
                    code: error.code,
                    description: error.description,
                    details: .object(error.details)
                )
            } catch {
                context.logger.error("handler failed; answering InternalError", metadata: ["error": "\(error)"])
                return .error(
                    messageId: context.messageId,
                    code: .internalError,
                    description: "\(R.action.rawValue) could not be processed"
                )
            }
            let json = response.jsonValue()
            do throws(OCPPValidationError) {
                _ = try R.Response(json: json)
            } catch {
                context.logger.error(
                    "handler response breaks its schema; answering InternalError",
                    metadata: ["error": "\(error.description)"]
                )
                return .error(
                    messageId: context.messageId,
                    code: .internalError,
                    description: "\(R.action.rawValue) response could not be built"
                )
            }
            return .callResult(messageId: context.messageId, payload: json)
        }
        state.withLock { $0.handlers[R.action] = erased }
    }

    /// Stops serving `action`; its CALLs are answered NotSupported again.
    public func unregister(_ action: OCPPAction) {
        _ = state.withLock { $0.handlers.removeValue(forKey: action) }
    }

    // MARK: outgoing calls

    /// Sends `request` as a CALL and returns the peer's response.
    ///
    /// Waits (FIFO) while another call of ours is in flight. `timeout` (default: the configuration's
    /// `callTimeout`) runs from the moment the CALL is sent. Cancelling the calling task takes the call out of
    /// the queue, or stops waiting for its answer (a late answer is then dropped).
    public func call<R: OCPPRequest>(
        _ request: R,
        timeout: Duration? = nil
    ) async throws(RPCCallError) -> R.Response {
        let action = R.action
        // Encode once; validating means decoding that same encoding against the schema.
        let payload = request.jsonValue()
        do {
            _ = try R(json: payload)
        } catch {
            logger.error(
                "request breaks its schema; not sent",
                metadata: ["action": "\(action.rawValue)", "error": "\(error.description)"]
            )
            throw .invalidRequest(error)
        }
        let ticket = state.withLock { s in
            s.nextTicket += 1
            return s.nextTicket
        }

        switch await acquireSlot(ticket) {
        case .granted: break
        case .disconnected: throw .disconnected
        case .stopped: throw .notConnected
        case .cancelled: throw .cancelled
        }
        defer { releaseSlot(ticket) }
        if Task.isCancelled { throw .cancelled }

        let messageId = configuration.makeMessageId()
        var log = logger
        log[metadataKey: "message-id"] = .string(messageId)
        log[metadataKey: "action"] = .string(action.rawValue)
        state.withLock { $0.inFlight = InFlight(ticket: ticket, messageId: messageId, action: action) }

        let frame = OCPPFrame.call(messageId: messageId, action: action.rawValue, payload: payload)
        log.trace("CALL payload", metadata: ["payload": "\(payload.serialized())"])
        do {
            try await transport.send(frame.encoded())
        } catch {
            let failure: RPCCallError =
                switch error as? TransportError {
                case .notConnected: .notConnected
                case .sendFailed(let why): .transport(why)
                case nil: error is CancellationError ? .cancelled : .transport(String(describing: error))
                }
            log.warning("CALL not sent", metadata: ["error": "\(failure)"])
            throw failure
        }
        log.info("CALL sent")

        let outcome = await awaitOutcome(ticket, timeout: timeout ?? configuration.callTimeout)
        switch outcome {
        case .success(let json):
            do {
                let response = try R.Response(json: json)
                log.info("CALLRESULT received")
                return response
            } catch {
                log.warning("CALLRESULT breaks its schema", metadata: ["error": "\(error.description)"])
                throw .invalidResponse(error)
            }
        case .failure(let error):
            switch error {
            case .callError(let code, let description, _):
                log.warning(
                    "CALLERROR received",
                    metadata: ["code": "\(code.rawValue)", "error": "\(description.prefix(255))"]
                )
            case .cancelled:
                log.info("CALL cancelled while waiting for its answer")
            default:
                log.warning("CALL failed", metadata: ["error": "\(error)"])
            }
            throw error
        }
    }

    /// Waits until `ticket` may send (FIFO after every earlier caller).
    private func acquireSlot(_ ticket: UInt64) async -> SlotGrant {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<SlotGrant, Never>) in
                let immediate = state.withLock { s -> SlotGrant? in
                    if s.stopped { return .stopped }
                    if Task.isCancelled { return .cancelled }
                    if !s.slotBusy {
                        s.slotBusy = true
                        return .granted
                    }
                    s.queue.append((ticket, continuation))
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { s -> CheckedContinuation<SlotGrant, Never>? in
                guard let index = s.queue.firstIndex(where: { $0.ticket == ticket }) else { return nil }
                return s.queue.remove(at: index).continuation
            }
            waiter?.resume(returning: .cancelled)
        }
    }

    /// Ends `ticket`'s turn: forgets its CALL (a late answer is then dropped) and lets the next caller send.
    private func releaseSlot(_ ticket: UInt64) {
        let next = state.withLock { s -> CheckedContinuation<SlotGrant, Never>? in
            if s.inFlight?.ticket == ticket { s.inFlight = nil }
            if s.queue.isEmpty {
                s.slotBusy = false
                return nil
            }
            return s.queue.removeFirst().continuation
        }
        next?.resume(returning: .granted)
    }

    /// The answer to `ticket`'s CALL, or `.timeout` when the clock runs out first.
    private func awaitOutcome(_ ticket: UInt64, timeout: Duration) async -> Outcome {
        let clock = self.clock
        return await withTaskGroup(of: Outcome?.self) { group in
            group.addTask { await self.waitForOutcome(ticket) }
            group.addTask {
                do {
                    try await clock.sleep(for: timeout)
                } catch {
                    return nil
                }
                return .failure(.timeout)
            }
            var outcome: Outcome = .failure(.cancelled)
            while let next = await group.next() {
                if let next {
                    outcome = next
                    break
                }
            }
            group.cancelAll()
            return outcome
        }
    }

    private func waitForOutcome(_ ticket: UInt64) async -> Outcome {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Outcome, Never>) in
                let immediate = state.withLock { s -> Outcome? in
                    guard var inFlight = s.inFlight, inFlight.ticket == ticket else { return .failure(.cancelled) }
                    if let outcome = inFlight.outcome { return outcome }
                    if Task.isCancelled { return .failure(.cancelled) }
                    inFlight.waiter = continuation
                    s.inFlight = inFlight
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { s -> CheckedContinuation<Outcome, Never>? in
                guard s.inFlight?.ticket == ticket, let waiter = s.inFlight?.waiter else { return nil }
                s.inFlight?.waiter = nil
                return waiter
            }
            waiter?.resume(returning: .failure(.cancelled))
        }
    }

    /// Settles our CALL in flight if `messageId` is its id (any id when nil); false when nothing matched.
    @discardableResult
    private func settleInFlight(messageId: String?, with outcome: Outcome) -> Bool {
        let (matched, waiter) = state.withLock { s -> (Bool, CheckedContinuation<Outcome, Never>?) in
            guard var inFlight = s.inFlight, inFlight.outcome == nil else { return (false, nil) }
            if let messageId, inFlight.messageId != messageId { return (false, nil) }
            inFlight.outcome = outcome
            let waiter = inFlight.waiter
            inFlight.waiter = nil
            s.inFlight = inFlight
            return (true, waiter)
        }
        waiter?.resume(returning: outcome)
        return matched
    }

    /// Fails the call in flight and every queued call.
    private func failAllCalls(_ error: RPCCallError, stopping: Bool) {
        let queued = state.withLock { s -> [CheckedContinuation<SlotGrant, Never>] in
            s.connected = false
            if stopping { s.stopped = true }
            let queued = s.queue.map(\.continuation)
            s.queue.removeAll()
            return queued
        }
        settleInFlight(messageId: nil, with: .failure(error))
        for waiter in queued { waiter.resume(returning: stopping ? .stopped : .disconnected) }
    }

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

    private func linkUp(subprotocol: String?) {
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

    private func linkDown(reason: String) {
        logger.info("link down", metadata: ["reason": "\(reason)"])
        failAllCalls(.disconnected, stopping: false)
        eventContinuation.yield(.disconnected(reason: reason))
    }

    private func messageLogger(_ messageId: String) -> Logger {
        var log = logger
        log[metadataKey: "message-id"] = .string(messageId)
        return log
    }

    private func receive(_ text: String, in group: inout DiscardingTaskGroup) {
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

    private func receiveMalformed(_ text: String, error: OCPPFrameError, in group: inout DiscardingTaskGroup) {
        let log = messageLogger(error.messageId)
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
    private static func messageTypeId(of text: String) -> Double? {
        guard case .array(let elements)? = try? JSONValue.parse(text), case .number(let type)? = elements.first else {
            return nil
        }
        return type
    }

    private func serve(messageId: String, actionName: String, payload: JSONValue) async {
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

    private func sendReply(_ reply: OCPPFrame, log: Logger) async {
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
