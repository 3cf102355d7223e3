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

    let eventContinuation: AsyncStream<RPCSessionEvent>.Continuation
    /// The link under the session (`LinkSettings.swift` reaches its parameters through it).
    let transport: any MessageTransport
    let clock: any Clock<Duration>
    /// Time on `clock` since the session was made, and a sleep until such a time: a CALL's timeout runs
    /// from the moment it is sent, even when the clock moves before the wait for its answer begins.
    let elapsed: @Sendable () -> Duration
    let sleepUntil: @Sendable (Duration) async throws -> Void
    let logger: Logger
    let state = Mutex(State())
    /// Told about frames from the peer the session rejects (`observeRejectedMessages`).
    let rejections = RejectionObserver()

    typealias Outcome = Result<JSONValue, RPCCallError>
    typealias Handler = @Sendable (JSONValue, CallContext) async -> OCPPFrame

    enum SlotGrant {
        case granted
        case disconnected
        case stopped
        case cancelled
    }

    struct InFlight {
        let ticket: UInt64
        let messageId: String
        let action: OCPPAction
        /// Set once, by the first of: the answer, a disconnect, the end of `run()`.
        var outcome: Outcome?
        var waiter: CheckedContinuation<Outcome, Never>?
    }

    struct State {
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
        let stopwatch = ClockStopwatch(clock)
        (elapsed, sleepUntil) = (stopwatch.elapsed, stopwatch.sleepUntil)
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
        let rejections = rejections
        let erased: Handler = { payload, context in
            let request: R
            do throws(OCPPValidationError) {
                request = try R(json: payload)
            } catch {
                context.logger.warning(
                    "incoming CALL breaks its schema",
                    metadata: ["code": "\(error.code.rawValue)", "error": "\(error.description)"]
                )
                rejections.report(
                    RejectedMessage(code: error.code, action: R.action.rawValue, messageId: context.messageId)
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
        let (json, log) = try await exchange(
            action: action,
            messageId: nil,
            timeout: timeout,
            frame: { OCPPFrame.call(messageId: $0, action: action.rawValue, payload: payload).encoded() },
            tracePayload: { payload.serialized() }
        )
        return try Self.decodeResponse(R.Response.self, json, log: log)
    }

    /// Sends a CALL exactly as it was stored: with the stored message id and the stored payload text, framed
    /// as they are — not parsed, re-encoded or validated again (the payload was checked against its schema
    /// once, when it was made and stored). A retry of the same stored message goes out with the same id, so
    /// the CSMS can recognise a repeat. Otherwise it behaves as `call(_:timeout:)`.
    public func callStored<R: OCPPRequest>(
        _: R.Type,
        messageId: String,
        payload: String,
        timeout: Duration? = nil
    ) async throws(RPCCallError) -> R.Response {
        let action = R.action
        let (json, log) = try await exchange(
            action: action,
            messageId: messageId,
            timeout: timeout,
            frame: { id in
                "[2,\(JSONValue.string(id).serialized()),\(JSONValue.string(action.rawValue).serialized()),\(payload)]"
            },
            tracePayload: { payload }
        )
        return try Self.decodeResponse(R.Response.self, json, log: log)
    }

    /// Sends one CALL framed by `frame` (given the message id) in its turn and waits for its answer. Without
    /// a `messageId`, a new one is made when the call's turn comes, so ids follow the order CALLs go out.
    private func exchange(
        action: OCPPAction,
        messageId storedId: String?,
        timeout: Duration?,
        frame: (String) -> String,
        tracePayload: () -> String
    ) async throws(RPCCallError) -> (JSONValue, Logger) {
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

        let messageId = storedId ?? configuration.makeMessageId()
        var log = logger
        log[metadataKey: "message-id"] = .string(messageId)
        log[metadataKey: "action"] = .string(action.rawValue)
        state.withLock { $0.inFlight = InFlight(ticket: ticket, messageId: messageId, action: action) }

        log.trace("CALL payload", metadata: ["payload": "\(tracePayload())"])
        let deadline = elapsed() + (timeout ?? configuration.callTimeout)
        do {
            try await transport.send(frame(messageId))
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

        let outcome = await awaitOutcome(ticket, until: deadline)
        switch outcome {
        case .success(let json):
            return (json, log)
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

    private static func decodeResponse<Response: OCPPPayload>(
        _: Response.Type,
        _ json: JSONValue,
        log: Logger
    ) throws(RPCCallError) -> Response {
        do {
            let response = try Response(json: json)
            log.info("CALLRESULT received")
            return response
        } catch {
            log.warning("CALLRESULT breaks its schema", metadata: ["error": "\(error.description)"])
            throw .invalidResponse(error)
        }
    }
}
