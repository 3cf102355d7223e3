import HAL
import OCPP
import OCPPRPC
import StationStore

/// Delivering queued transaction messages (E11-E13): oldest first, exactly as stored, one at a time.
/// `TransactionQueue` decides whether to send, what a failed attempt comes to and what an answer means.
extension ChargingStation {
    /// What `TransactionQueue` may read about the link and the retry settings.
    var queueContext: TransactionQueue.Context {
        TransactionQueue.Context(
            linkAccepted: registration.maySend(.transactionEvent) && session.isConnected,
            retryPending: transactionRetryPending,
            messageAttempts: deviceModel.messageAttemptsTransactionEvent,
            attemptInterval: deviceModel.messageAttemptIntervalTransactionEvent,
            longestWait: TimerSchedule.longest
        )
    }

    /// Sends queued transaction messages oldest first while the CSMS accepts them (E11-E13).
    func sendQueuedTransactionMessages() async {
        guard !senderBusy, !transactionRetryPending else { return }
        senderBusy = true
        defer {
            senderBusy = false
            stateChanged()
        }
        while TransactionQueue.maySend(in: queueContext) {
            let queued: QueuedMessage
            do {
                guard let oldest = try store.oldestQueuedMessage() else { return }
                queued = oldest
            } catch {
                logger.error("cannot read the message queue", metadata: ["error": "\(error)"])
                return
            }
            do {
                let response = try await session.callStored(
                    TransactionEventRequest.self,
                    messageId: queued.messageId,
                    payload: queued.payload
                )
                do {
                    try store.removeQueuedMessage(sequence: queued.sequence)
                } catch {
                    // Sent again after the next wake-up rather than in a tight loop; the CSMS sees a repeat.
                    logger.error("cannot remove an answered message", metadata: ["error": "\(error)"])
                    return
                }
                _ = try? store.deleteDeliveredEndedTransactions()
                transactionEventAnswered(transactionId: queued.transactionId, response)
                stateChanged()
            } catch {
                // Woken again when the link is back and accepted.
                guard TransactionQueue.countsAsAttempt(error) else { return }
                let attempts = (try? store.recordAttempt(sequence: queued.sequence)) ?? queued.attempts + 1
                switch TransactionQueue.attemptFailed(attempts: attempts, in: queueContext) {
                case .drop:
                    logger.error(
                        "transaction message dropped after its last attempt",
                        metadata: [
                            "transaction-id": "\(queued.transactionId ?? "-")", "message-id": "\(queued.messageId)",
                            "attempts": "\(attempts)", "error": "\(error)",
                        ]
                    )
                    _ = try? store.removeQueuedMessage(sequence: queued.sequence)
                    continue
                case .retry(let wait):
                    logger.warning(
                        "transaction message failed; retrying",
                        metadata: ["message-id": "\(queued.messageId)", "attempt": "\(attempts)", "error": "\(error)"]
                    )
                    transactionRetryPending = true
                    schedule(.transactionMessageRetry, after: wait)
                    return
                }
            }
        }
    }

    func transactionRetryDue() {
        transactionRetryPending = false
        senderWakeUps.yield()
    }

    /// What `TransactionQueue` may read about an answer to a message of `transactionId`. The store is read
    /// only for an idTokenInfo that no running transaction's token goes with.
    func answerContext(transactionId: String?, _ response: TransactionEventResponse) -> TransactionQueue.AnswerContext {
        let running = evseStates.keys.sorted().compactMap { evseStates[$0]?.running }
        let runningToken = running.first { $0.transactionId == transactionId }?.idToken
        let storedIdToken: IdTokenType? =
            if let transactionId, response.idTokenInfo != nil, runningToken == nil {
                (try? store.transaction(id: transactionId))?.idToken
            } else {
                nil
            }
        return TransactionQueue.AnswerContext(
            running: running,
            storedIdToken: storedIdToken,
            stopTxOnInvalidId: deviceModel.stopTxOnInvalidId
        )
    }

    private func transactionEventAnswered(transactionId: String?, _ response: TransactionEventResponse) {
        let context = answerContext(transactionId: transactionId, response)
        perform(TransactionQueue.answered(response, transactionId: transactionId, in: context))
    }

    func perform(_ actions: [TransactionQueue.Action]) {
        for action in actions {
            switch action {
            case .updateTransaction(let record):
                evseStates[record.evseId]?.running = record
                try? store.updateTransaction(record)
            case .updateAuthorizationCache(let idToken, let info):
                updateAuthorizationCache(idToken, with: info)
            case .deauthorize(let evseId, let transactionId):
                logger.notice(
                    "CSMS did not accept the idToken; deauthorizing",
                    metadata: ["transaction-id": "\(transactionId)"]
                )
                apply(evseId) { $0.deauthorize() }
            }
        }
    }
}
