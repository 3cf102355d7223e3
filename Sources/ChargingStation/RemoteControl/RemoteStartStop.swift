import OCPP

/// Remote start and stop of transactions (OCPP 2.0.1 F01-F04) and the transaction status query (E14) as a
/// block with a narrow context.
///
/// It reads only whether the CSMS accepted the station, AuthorizeRemoteStart and a few facts per EVSE, and
/// returns what the station must do. The sessions it starts and stops are the transactions block's: the
/// actor hands them over through the transactions block's own functions. Authorizing a token (an
/// AuthorizeRequest may go to the CSMS) is the actor's too; what follows from the answer is decided here.
enum RemoteStartStop {
    /// What the block may read.
    struct Context: Sendable {
        /// The CSMS accepted the station's registration (B02.FR.05).
        var accepted: Bool
        /// AuthCtrlr.AuthorizeRemoteStart: a remote start is authorized like a local token first.
        var authorizeRemoteStart: Bool
        /// Every EVSE, by id.
        var evses: [Int: EVSE]
        /// The EVSE a session without a requested EVSE goes to, as the transactions block picks it (one
        /// with an EV plugged in first); nil when none is free.
        var newSessionEVSE: Int?
    }

    /// What the block reads of one EVSE.
    struct EVSE: Sendable, Equatable {
        /// A session is authorized on it (a token, or a remote start, took it).
        var authorized = false
        /// It may deliver energy (no fault, operative, registered).
        var mayCharge = true
        /// A remote start holds it between its answer and the session start.
        var startingRemotely = false
        /// The transaction running on it, if any (one the cable started, F01).
        var transactionId: String?
    }

    /// What the block may ask for. The station carries them out in order.
    enum Action: Sendable, Equatable {
        /// Hold the EVSE for a remote start, so no other session takes it, until `release`.
        case hold(evseId: Int)
        case release(evseId: Int)
        /// Carry these out once the response is sent: the answer comes first.
        case afterResponse([Action])
        /// Authorize the token as if presented at the EVSE, then hand the answer to `authorizeAnswered`.
        case authorize(evseId: Int, SessionAuthorization)
        /// Look at the EVSE again (time has passed), then carry out `checkThenStart`.
        case checkThenStart(evseId: Int, SessionAuthorization)
        /// Give the EVSE this authorized session (the transactions block starts or authorizes it).
        case startSession(evseId: Int, SessionAuthorization)
        /// Look at the EVSE again (time has passed), then carry out `checkThenStop`.
        case checkThenStop(evseId: Int, transactionId: String)
        /// End the transaction on this EVSE with this trigger and stopped reason.
        case stopTransaction(evseId: Int, trigger: TriggerReasonEnumType, reason: ReasonEnumType)
        /// The remote start's token was not authorized: nothing starts (logged).
        case noteNotAuthorized(AuthorizationStatusEnumType)
        /// The EVSE was taken or faulted while the remote start waited: nothing starts (logged).
        case noteNoLongerAvailable(evseId: Int)
    }

    // MARK: RequestStartTransaction

    /// F01/F02: the CSMS starts a session for `idToken`, on the requested EVSE or one the station picks.
    ///
    /// - Not accepted (yet) by the CSMS: a CALLRESULT Rejected with reasonCode NotAccepted, not a
    ///   CALLERROR (B02.FR.05).
    /// - The requested EVSE is unknown, already has an authorized session (or a remote start pending), or
    ///   may not deliver energy: Rejected. A transaction the cable started without authorization takes the
    ///   remote start, and its id is returned (F01, TC_F_01).
    /// - No EVSE requested and none free: Rejected.
    /// - Otherwise Accepted, and the EVSE is held for the session. After the answer the token is
    ///   authorized first when AuthorizeRemoteStart is true (F01.FR.01; F01.FR.02 when false), then the
    ///   session starts with the remoteStartId, so its first TransactionEvent says triggerReason RemoteStart
    ///   and carries the remoteStartId (F01.FR.19, F02.FR.01).
    static func requestStart(
        _ request: RequestStartTransactionRequest,
        in context: Context
    ) -> (RequestStartTransactionResponse, [Action]) {
        guard context.accepted else {
            return (RequestStartTransactionResponse(status: .rejected, statusInfo: notAccepted), [])
        }
        let evseId: Int
        if let requested = request.evseId {
            guard let evse = context.evses[requested], !evse.authorized, evse.mayCharge, !evse.startingRemotely
            else { return (RequestStartTransactionResponse(status: .rejected), []) }
            evseId = requested
        } else {
            guard let free = context.newSessionEVSE else {
                return (RequestStartTransactionResponse(status: .rejected), [])
            }
            evseId = free
        }
        let authorization = SessionAuthorization(
            idToken: request.idToken,
            groupIdToken: request.groupIdToken,
            remoteStartId: request.remoteStartId
        )
        let next: Action =
            context.authorizeRemoteStart
            ? .authorize(evseId: evseId, authorization) : .checkThenStart(evseId: evseId, authorization)
        let response = RequestStartTransactionResponse(
            status: .accepted,
            transactionId: context.evses[evseId]?.transactionId
        )
        return (response, [.hold(evseId: evseId), .afterResponse([next])])
    }

    /// The answer to a remote start's authorization: Accepted goes on to the session start (the EVSE
    /// looked at again); anything else starts nothing and frees the EVSE (F02, TC_F_02).
    static func authorizeAnswered(
        _ info: IdTokenInfoType,
        evseId: Int,
        _ authorization: SessionAuthorization,
        in context: Context
    ) -> [Action] {
        guard info.status == .accepted else { return [.noteNotAuthorized(info.status), .release(evseId: evseId)] }
        return checkThenStart(evseId: evseId, authorization, in: context)
    }

    /// After the waits, the EVSE may have faulted or been given to another session: the remote start then
    /// starts nothing. Either way the hold ends.
    static func checkThenStart(evseId: Int, _ authorization: SessionAuthorization, in context: Context) -> [Action] {
        guard let evse = context.evses[evseId], !evse.authorized, evse.mayCharge else {
            return [.noteNoLongerAvailable(evseId: evseId), .release(evseId: evseId)]
        }
        return [.startSession(evseId: evseId, authorization), .release(evseId: evseId)]
    }

    // MARK: RequestStopTransaction

    /// F03: the CSMS stops a running transaction.
    ///
    /// - Not accepted (yet) by the CSMS: Rejected with reasonCode NotAccepted (B02.FR.05).
    /// - No transaction with that id runs here: Rejected (TC_F_09).
    /// - Otherwise Accepted; after the answer the transaction ends with triggerReason RemoteStop and
    ///   stoppedReason Remote (TC_F_08).
    static func requestStop(
        _ request: RequestStopTransactionRequest,
        in context: Context
    ) -> (RequestStopTransactionResponse, [Action]) {
        guard context.accepted else {
            return (RequestStopTransactionResponse(status: .rejected, statusInfo: notAccepted), [])
        }
        guard let evseId = evse(running: request.transactionId, in: context) else {
            return (RequestStopTransactionResponse(status: .rejected), [])
        }
        let next = Action.checkThenStop(evseId: evseId, transactionId: request.transactionId)
        return (RequestStopTransactionResponse(status: .accepted), [.afterResponse([next])])
    }

    /// After the answer: the transaction ends unless it already did (or another runs there now).
    static func checkThenStop(evseId: Int, transactionId: String, in context: Context) -> [Action] {
        guard context.evses[evseId]?.transactionId == transactionId else { return [] }
        return [.stopTransaction(evseId: evseId, trigger: .remoteStop, reason: .remote)]
    }

    // MARK: GetTransactionStatus

    /// E14: whether the transaction is ongoing and whether its messages still wait to be sent; without a
    /// transactionId, whether any transaction message waits. `queued`: the transaction id of each queued
    /// message (nil for one without).
    static func transactionStatus(
        _ request: GetTransactionStatusRequest,
        queued: [String?],
        in context: Context
    ) -> GetTransactionStatusResponse {
        guard let transactionId = request.transactionId else {
            return GetTransactionStatusResponse(messagesInQueue: !queued.isEmpty)
        }
        let ongoing = evse(running: transactionId, in: context) != nil
        return GetTransactionStatusResponse(ongoingIndicator: ongoing, messagesInQueue: queued.contains(transactionId))
    }

    // MARK: private

    private static let notAccepted = StatusInfoType(
        reasonCode: "NotAccepted",
        additionalInfo: "registration is not Accepted"
    )

    /// The EVSE the transaction runs on (the lowest id, should two claim it).
    private static func evse(running transactionId: String, in context: Context) -> Int? {
        context.evses.keys.sorted().first { context.evses[$0]?.transactionId == transactionId }
    }
}
