import HAL
import OCPP
import OCPPRPC
import StationStore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Delivering queued transaction messages (E11-E13): oldest first, exactly as stored, one at a time.
extension ChargingStation {
    // MARK: sending

    /// Sends queued transaction messages oldest first while the CSMS accepts them (E11-E13).
    ///
    /// A message that times out or is answered with a CALLERROR is retried after
    /// MessageAttemptIntervalTransactionEvent × attempts, and dropped after MessageAttemptsTransactionEvent
    /// attempts (E13). A lost link does not count as an attempt: the queue waits for the next Accepted link.
    func sendQueuedTransactionMessages() async {
        // While a failed message waits for its retry interval, nothing overtakes it (E13: in order).
        guard !senderBusy, !transactionRetryPending else { return }
        senderBusy = true
        defer {
            senderBusy = false
            stateChanged()
        }
        while registration.maySend(.transactionEvent), session.isConnected {
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
                switch error {
                case .disconnected, .notConnected, .cancelled, .transport:
                    return  // woken again when the link is back and accepted
                case .timeout, .callError, .invalidResponse, .invalidRequest:
                    let attempts = (try? store.recordAttempt(sequence: queued.sequence)) ?? queued.attempts + 1
                    if attempts >= max(1, deviceModel.messageAttemptsTransactionEvent) {
                        logger.error(
                            "transaction message dropped after its last attempt",
                            metadata: [
                                "transaction-id": "\(queued.transactionId ?? "-")", "message-id": "\(queued.messageId)",
                                "attempts": "\(attempts)", "error": "\(error)",
                            ]
                        )
                        _ = try? store.removeQueuedMessage(sequence: queued.sequence)
                        continue
                    }
                    let interval = min(deviceModel.messageAttemptIntervalTransactionEvent, TimerSchedule.longest)
                    let wait = min(interval * min(attempts, 1000), TimerSchedule.longest)
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

    /// What the CSMS says back about a transaction: its idTokenInfo (cache, deauthorization) and cost.
    ///
    /// The answer is matched to the transaction by the id kept beside the stored frame, not by decoding the
    /// frame again; the idTokenInfo is about the token that authorized the transaction (only the event that
    /// carried it gets one from the CSMS).
    private func transactionEventAnswered(transactionId: String?, _ response: TransactionEventResponse) {
        guard let transactionId else { return }
        let evseId = evseStates.first(where: { $0.value.running?.transactionId == transactionId })?.key
        if let evseId, let totalCost = response.totalCost, var record = evseStates[evseId]?.running {
            record.totalCost = totalCost
            evseStates[evseId]?.running = record
            try? store.updateTransaction(record)
        }
        // A transaction replayed after an outage may have ended already: its token is in the store.
        guard let info = response.idTokenInfo,
            let idToken = evseId.flatMap({ evseStates[$0]?.running?.idToken })
                ?? (try? store.transaction(id: transactionId))?.idToken
        else { return }
        updateAuthorizationCache(idToken, with: info)
        if let evseId, info.status != .accepted, deviceModel.stopTxOnInvalidId {
            logger.notice(
                "CSMS did not accept the idToken; deauthorizing",
                metadata: ["transaction-id": "\(transactionId)"]
            )
            apply(evseId) { $0.deauthorize() }
        }
    }
}
