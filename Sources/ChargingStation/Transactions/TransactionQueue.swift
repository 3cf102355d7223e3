import OCPP
import OCPPRPC
import StationStore

/// Delivering queued transaction messages (OCPP 2.0.1 E11-E13) and what the CSMS answers to them.
///
/// Every TransactionEvent waits in the store until the CSMS answered it. One sender works through the queue
/// oldest first, exactly as stored, one at a time, so the CSMS sees each transaction's events in seqNo order,
/// also after a power cut or a long time offline. A block with a narrow context: it decides whether to send,
/// what a failed attempt comes to and what an answer means; the store, the link and the timers are the actor's.
enum TransactionQueue {
    /// What the block may read.
    struct Context: Sendable {
        /// The registration allows TransactionEvent and the link is up.
        var linkAccepted: Bool
        /// A failed message waits for its retry interval.
        var retryPending = false
        /// OCPPCommCtrlr.MessageAttemptsTransactionEvent.
        var messageAttempts: Int
        /// OCPPCommCtrlr.MessageAttemptIntervalTransactionEvent.
        var attemptInterval: Duration
        /// The longest a timer may be set for.
        var longestWait: Duration
    }

    /// What a failed attempt comes to.
    enum Retry: Sendable, Equatable {
        /// E13: the last attempt failed; the message leaves the queue and the next one is sent.
        case drop
        /// E13: send the same frame again after this wait; nothing overtakes it meanwhile.
        case retry(after: Duration)
    }

    /// What the block may read when the CSMS answered.
    struct AnswerContext: Sendable {
        /// The transactions running now.
        var running: [TransactionRecord]
        /// The token the store keeps for the answered transaction, when no running transaction gives one (it
        /// may have ended already, e.g. when its events are replayed after an outage).
        var storedIdToken: IdTokenType?
        /// TxCtrlr.StopTxOnInvalidId.
        var stopTxOnInvalidId: Bool
    }

    /// What the block may ask for once the CSMS answered.
    enum Action: Sendable, Equatable {
        /// Keep this record (with the cost the CSMS told) in memory and in the store.
        case updateTransaction(TransactionRecord)
        /// The CSMS's idTokenInfo about the token that authorized the transaction goes to the cache (C10).
        case updateAuthorizationCache(IdTokenType, IdTokenInfoType)
        /// The CSMS did not accept the token: the transaction on the EVSE is deauthorized (E05, TC_E_16).
        case deauthorize(evseId: Int, transactionId: String)
    }

    /// Sending goes on while the link is up and accepted and no failed message waits for its retry (E13:
    /// in order, nothing overtakes a message being retried).
    static func maySend(in context: Context) -> Bool {
        context.linkAccepted && !context.retryPending
    }

    /// A lost link (or a stopped session) is not an attempt: the queue waits for the next Accepted link. A
    /// timeout, a CALLERROR or an answer that breaks its schema is one (E13, TC_E_41, TC_E_50).
    static func countsAsAttempt(_ error: RPCCallError) -> Bool {
        switch error {
        case .disconnected, .notConnected, .cancelled, .transport: false
        case .timeout, .callError, .invalidResponse, .invalidRequest: true
        }
    }

    /// After `attempts` failed attempts: dropped after MessageAttemptsTransactionEvent of them (at least one,
    /// TC_E_41, TC_E_50); otherwise retried after MessageAttemptIntervalTransactionEvent × attempts
    /// (TC_E_42, TC_E_51), never longer than a timer may wait.
    static func attemptFailed(attempts: Int, in context: Context) -> Retry {
        if attempts >= max(1, context.messageAttempts) { return .drop }
        let interval = min(context.attemptInterval, context.longestWait)
        return .retry(after: min(interval * min(attempts, 1000), context.longestWait))
    }

    /// What the CSMS says back about a transaction: its cost, and its idTokenInfo.
    ///
    /// The answer belongs to the transaction whose id is kept beside the stored frame (the frame is not
    /// decoded again). The idTokenInfo is about the token that authorized the transaction (only the event
    /// that carried it gets one): it updates the cache, and when it is not Accepted and
    /// TxCtrlr.StopTxOnInvalidId is true, the running transaction is deauthorized (E05, TC_E_16).
    static func answered(
        _ response: TransactionEventResponse,
        transactionId: String?,
        in context: AnswerContext
    ) -> [Action] {
        guard let transactionId else { return [] }
        var actions: [Action] = []
        let running = context.running.first { $0.transactionId == transactionId }
        if var record = running, let totalCost = response.totalCost {
            record.totalCost = totalCost
            actions.append(.updateTransaction(record))
        }
        guard let info = response.idTokenInfo, let idToken = running?.idToken ?? context.storedIdToken else {
            return actions
        }
        actions.append(.updateAuthorizationCache(idToken, info))
        if let running, info.status != .accepted, context.stopTxOnInvalidId {
            actions.append(.deauthorize(evseId: running.evseId, transactionId: transactionId))
        }
        return actions
    }
}
