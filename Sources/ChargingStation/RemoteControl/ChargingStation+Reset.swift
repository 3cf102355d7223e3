import OCPP
import OCPPRPC
import StationStore

/// The stream of station restarts the CSMS asked for, held by the station for the composition root.
struct ResetChannel: Sendable {
    let stream: AsyncStream<StationReset>
    let continuation: AsyncStream<StationReset>.Continuation

    init() {
        (stream, continuation) = AsyncStream.makeStream(of: StationReset.self, bufferingPolicy: .bufferingNewest(1))
    }
}

/// Reset (OCPP 2.0.1 B11 without, B12 with ongoing transactions): the decisions are `Reset`'s (and its
/// `ResetPlanner`'s); the actor builds the context and carries out the actions.
extension ChargingStation {
    /// Store key: the boot reason of the restart the station asked for (written just before asking).
    static let resetBootReasonKey = "RemoteControl.resetBootReason"
    /// Store key: an OnIdle station reset waits for transactions to end.
    static let scheduledResetKey = "RemoteControl.scheduledReset"

    /// Restarts of the station the CSMS asked for: the composition root consumes this and restarts the
    /// process, passing `bootReason(after:)` to the next station. The station never restarts by itself.
    public nonisolated var resetRequests: AsyncStream<StationReset> { resetChannel.stream }

    /// The boot reason for a station built on `store` after a restart, if the CSMS caused that restart.
    ///
    /// RemoteReset (or ScheduledReset) when the station asked for the restart. When an OnIdle reset was
    /// still waiting for transactions at the restart, whatever caused the restart also performed that reset
    /// (a restart ends every transaction), so the boot reports ScheduledReset and the CSMS learns its reset
    /// happened. Nil otherwise: the composition root knows best (PowerUp, …). The station clears both
    /// markers when it runs.
    public static func bootReason(after store: any StationStore) -> BootReasonEnumType? {
        Reset.bootReason(
            storedBootReason: try? store.value(forKey: resetBootReasonKey),
            scheduledResetWaiting: (try? store.value(forKey: scheduledResetKey)) != nil
        )
    }

    /// The reset markers served their purpose once the daemon built this station with its boot reason.
    func clearResetMarkers() {
        do {
            try store.removeValue(forKey: Self.resetBootReasonKey)
            try store.removeValue(forKey: Self.scheduledResetKey)
        } catch {
            logger.error("could not clear the reset markers", metadata: ["error": "\(error)"])
        }
    }

    /// What the reset block may read.
    var resetContext: Reset.Context {
        Reset.Context(planner: resetPlanner, evseIds: hardware.evses.map(\.id), inTransaction: evsesInTransaction)
    }

    /// B11/B12: answers at once; what the reset does (end transactions, restart) happens after the answer.
    func reset(_ request: ResetRequest, context: CallContext) -> ResetResponse {
        let (response, actions) = Reset.reset(request, in: resetContext)
        perform(actions, call: context)
        return response
    }

    /// Called when a transaction ended (by the availability block's `transactionEnded` hook): a scheduled
    /// reset may be due now.
    func resetsTransactionEnded(evseId: Int) {
        perform(Reset.transactionEnded(evseId: evseId, in: resetContext), call: nil)
    }

    /// The EVSEs with a running transaction.
    var evsesInTransaction: Set<Int> {
        Set(evseStates.filter { $0.value.transaction.inTransaction }.keys)
    }

    /// Carries out the reset block's actions, in order; `afterResponse` ones once the answer to `call` is
    /// sent (at once without a call).
    func perform(_ actions: [Reset.Action], call: CallContext?) {
        for action in actions {
            switch action {
            case .update(let planner):
                resetPlanner = planner
            case .noteRequest(let type, let evseId, let status):
                logger.notice(
                    "reset requested",
                    metadata: [
                        "type": "\(type.rawValue)", "evse": "\(evseId.map(String.init) ?? "all")",
                        "status": "\(status.rawValue)",
                    ]
                )
            case .afterResponse(let later):
                if let call {
                    call.afterResponse { [weak self] in await self?.perform(later, call: nil) }
                } else {
                    perform(later, call: nil)
                }
            case .endTransaction(let evseId, let trigger, let reason):
                // Records (stores) the Ended event before returning, so a restart after this cannot lose it.
                apply(evseId) { $0.stop(trigger: trigger, reason: reason) }
            case .persistSchedule:
                do {
                    try store.setValue(ResetEnumType.onIdle.rawValue, forKey: Self.scheduledResetKey)
                } catch {
                    logger.error("could not store the scheduled reset", metadata: ["error": "\(error)"])
                }
            case .evseReset(let evseId):
                logger.notice("EVSE reset", metadata: ["evse": "\(evseId)"])
            case .restartStation(let reset):
                requestRestart(reset)
            }
        }
    }

    private func requestRestart(_ reset: StationReset) {
        do {
            try store.setValue(reset.bootReason.rawValue, forKey: Self.resetBootReasonKey)
        } catch {
            // The restart still happens; the next boot just cannot tell the CSMS why.
            logger.error("could not store the reset's boot reason", metadata: ["error": "\(error)"])
        }
        logger.notice("asking for a station restart", metadata: ["boot-reason": "\(reset.bootReason.rawValue)"])
        resetChannel.continuation.yield(reset)
    }
}
