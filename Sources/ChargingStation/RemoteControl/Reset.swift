import OCPP

/// Reset (OCPP 2.0.1 B11 without, B12 with ongoing transactions) as a block with a narrow context.
///
/// It reads only the reset planner (what waits for idle, whether a restart is on its way; `ResetPlanner`
/// holds those rules), the station's EVSEs and those with a transaction, and returns what the station must
/// do. Ending a transaction, storing the schedule and asking the composition root for a restart are the
/// actor's.
enum Reset {
    /// What the block may read.
    struct Context: Sendable {
        /// What waits for idle, and whether a restart was already asked for.
        var planner: ResetPlanner
        /// The station's EVSEs.
        var evseIds: [Int]
        /// The EVSEs with a transaction running now.
        var inTransaction: Set<Int>
    }

    /// What the block may ask for. The station carries them out in order.
    enum Action: Sendable, Equatable {
        /// The planner after the request or event: the station keeps it.
        case update(ResetPlanner)
        /// The request and its answer, in the log.
        case noteRequest(ResetEnumType, evseId: Int?, ResetStatusEnumType)
        /// Carry these out once the ResetResponse is sent: the answer comes first (B11/B12).
        case afterResponse([Action])
        /// End the transaction on this EVSE with this trigger and stopped reason; its Ended event is stored
        /// before the next action, so a restart after it cannot lose it.
        case endTransaction(evseId: Int, trigger: TriggerReasonEnumType, reason: ReasonEnumType)
        /// Remember that a station reset waits for idle (it survives a restart; see `bootReason`).
        case persistSchedule
        /// The EVSE is reset: its transaction has ended; nothing else to restart.
        case evseReset(evseId: Int)
        /// Ask the composition root to restart the station (after storing the next boot reason).
        case restartStation(StationReset)
    }

    /// B11/B12: a ResetRequest. The answer goes out at once; what the reset does follows it.
    ///
    /// - An EVSE the station does not have: Rejected.
    /// - Immediate: every transaction concerned ends with triggerReason ResetCommand and stoppedReason
    ///   ImmediateReset (B12.FR.08, TC_B_22/27), then the station (or EVSE) resets.
    /// - OnIdle without a transaction: Accepted, reset at once (TC_B_20/25).
    /// - OnIdle with transactions: Scheduled; the reset comes when the last one ends (B12.FR.01/07,
    ///   TC_B_21/26/41).
    /// - After a station restart was asked for: Accepted, nothing more (the restart is on its way).
    static func reset(_ request: ResetRequest, in context: Context) -> (ResetResponse, [Action]) {
        var planner = context.planner
        let (status, steps) = planner.request(
            request.type,
            evseId: request.evseId,
            evseIds: context.evseIds,
            busy: context.inTransaction
        )
        var actions: [Action] = planner == context.planner ? [] : [.update(planner)]
        actions.append(.noteRequest(request.type, evseId: request.evseId, status))
        if !steps.isEmpty { actions.append(.afterResponse(steps.map(Action.init))) }
        return (ResetResponse(status: status), actions)
    }

    /// The transaction on `evseId` ended (`context.inTransaction` no longer has it): a scheduled EVSE reset
    /// is done now, and a scheduled station reset restarts the station once no transaction is left
    /// (B12.FR.01, boot reason ScheduledReset).
    static func transactionEnded(evseId: Int, in context: Context) -> [Action] {
        var planner = context.planner
        let steps = planner.transactionEnded(evseId: evseId, busy: context.inTransaction)
        return (planner == context.planner ? [] : [.update(planner)]) + steps.map(Action.init)
    }

    /// The boot reason after a restart, from the markers the station stored: the reason it stored when it
    /// asked for the restart (RemoteReset, ScheduledReset); else ScheduledReset when an OnIdle station reset
    /// was still waiting (whatever restarted the station performed it, a restart ends every transaction);
    /// else nil (the composition root knows best: PowerUp, …).
    static func bootReason(storedBootReason: String?, scheduledResetWaiting: Bool) -> BootReasonEnumType? {
        if let storedBootReason, let reason = BootReasonEnumType(rawValue: storedBootReason) { return reason }
        return scheduledResetWaiting ? .scheduledReset : nil
    }
}

extension Reset.Action {
    init(_ step: ResetPlanner.Action) {
        switch step {
        case .endTransaction(let evseId):
            self = .endTransaction(evseId: evseId, trigger: .resetCommand, reason: .immediateReset)
        case .persistSchedule: self = .persistSchedule
        case .evseReset(let evseId): self = .evseReset(evseId: evseId)
        case .restartStation(let reset): self = .restartStation(reset)
        }
    }
}
