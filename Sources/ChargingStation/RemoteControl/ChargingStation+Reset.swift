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

/// Reset (OCPP 2.0.1 B11 without, B12 with ongoing transactions). See `ResetPlanner` for the decisions.
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
        if let raw = try? store.value(forKey: resetBootReasonKey), let reason = BootReasonEnumType(rawValue: raw) {
            return reason
        }
        if (try? store.value(forKey: scheduledResetKey)) != nil { return .scheduledReset }
        return nil
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

    /// B11/B12: answers at once; what the reset does (end transactions, restart) happens after the answer.
    func reset(_ request: ResetRequest, context: CallContext) -> ResetResponse {
        var planner = resetPlanner
        let (status, actions) = planner.request(
            request.type,
            evseId: request.evseId,
            evseIds: hardware.evses.map(\.id),
            busy: evsesInTransaction
        )
        resetPlanner = planner
        logger.notice(
            "reset requested",
            metadata: [
                "type": "\(request.type.rawValue)", "evse": "\(request.evseId.map(String.init) ?? "all")",
                "status": "\(status.rawValue)",
            ]
        )
        if !actions.isEmpty {
            context.afterResponse { [weak self] in await self?.perform(actions) }
        }
        return ResetResponse(status: status)
    }

    /// Called when a transaction ended (by the availability block's `transactionEnded` hook): a scheduled
    /// reset may be due now.
    func resetsTransactionEnded(evseId: Int) {
        let actions = resetPlanner.transactionEnded(evseId: evseId, busy: evsesInTransaction)
        guard !actions.isEmpty else { return }
        perform(actions)
    }

    /// The EVSEs with a running transaction.
    var evsesInTransaction: Set<Int> {
        Set(evseStates.filter { $0.value.transaction.inTransaction }.keys)
    }

    func perform(_ actions: [ResetPlanner.Action]) {
        for action in actions {
            switch action {
            case .endTransaction(let evseId):
                // Records (stores) the Ended event before returning, so a restart after this cannot lose it.
                apply(evseId) { $0.stop(trigger: .resetCommand, reason: .immediateReset) }
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
