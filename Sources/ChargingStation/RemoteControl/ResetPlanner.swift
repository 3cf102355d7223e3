import OCPP

/// A restart of the whole station that the CSMS asked for (B11/B12), for the composition root to carry out.
///
/// The station cannot reboot itself: it yields one of these on `ChargingStation.resetRequests` once the
/// Ended events of the transactions it ended are stored; the daemon then restarts the process and passes
/// `bootReason` (see `ChargingStation.bootReason(after:)`) to the next station.
public struct StationReset: Sendable, Equatable {
    /// Immediate or OnIdle, as the CSMS asked.
    public var type: ResetEnumType
    /// The reason the next BootNotification gives: RemoteReset for a reset done at once, ScheduledReset for
    /// an OnIdle reset that waited for transactions to end.
    public var bootReason: BootReasonEnumType

    public init(type: ResetEnumType, bootReason: BootReasonEnumType) {
        self.type = type
        self.bootReason = bootReason
    }
}

/// Decides what a ResetRequest does and when a scheduled reset happens (OCPP 2.0.1 B11/B12).
///
/// A value type: it takes the request (or the end of a transaction) and the EVSEs that have a transaction,
/// and returns the answer and the actions; the station carries them out.
///
/// Decisions:
/// - **EVSE reset is supported** (TC_B_25-27): an EVSE has no software of its own to restart, so resetting
///   it means ending its transaction (Immediate: triggerReason ResetCommand, stoppedReason ImmediateReset,
///   B12.FR.08) or waiting for it to end (OnIdle: Scheduled, B12.FR.07). The process is not restarted.
/// - **A scheduled reset does not refuse new sessions.** B12 asks only that the reset waits until the
///   transactions have ended (B12.FR.01/03); a driver who plugs in meanwhile still charges, and the reset
///   comes when the station is next idle. Refusing sessions would mean reporting the idle connectors
///   Unavailable, which belongs to the availability block (a follow-up if operators want it).
/// - An Immediate station reset cancels a scheduled one; requests after the restart was asked for are
///   answered Accepted and change nothing (the restart is already on its way).
struct ResetPlanner: Sendable, Equatable {
    /// What an OnIdle reset waits for.
    enum Scope: Sendable, Hashable {
        case station
        case evse(Int)
    }

    enum Action: Sendable, Equatable {
        /// End the transaction on this EVSE with triggerReason ResetCommand, stoppedReason ImmediateReset.
        case endTransaction(evseId: Int)
        /// Remember that a station reset waits for idle (it survives a restart; see `bootReason(after:)`).
        case persistSchedule
        /// The EVSE is reset: its transaction has ended; nothing else to restart.
        case evseReset(evseId: Int)
        /// Ask the composition root to restart the station (after storing the next boot reason).
        case restartStation(StationReset)
    }

    /// The OnIdle resets waiting for transactions to end.
    private(set) var scheduled: Set<Scope> = []
    /// A station restart has been asked for; nothing more to decide.
    private(set) var restarting = false

    /// A ResetRequest. `evseIds` are the station's EVSEs; `busy` those with a transaction now.
    mutating func request(
        _ type: ResetEnumType,
        evseId: Int?,
        evseIds: [Int],
        busy: Set<Int>
    ) -> (ResetStatusEnumType, [Action]) {
        if restarting { return (.accepted, []) }
        // evseId 0 is the station itself, as elsewhere in OCPP.
        if let evseId, evseId != 0 {
            guard evseIds.contains(evseId) else { return (.rejected, []) }
            return requestEVSE(type, evseId: evseId, busy: busy)
        }
        switch type {
        case .immediate:
            scheduled.removeAll()
            restarting = true
            let ends = busy.sorted().map { Action.endTransaction(evseId: $0) }
            return (.accepted, ends + [.restartStation(StationReset(type: .immediate, bootReason: .remoteReset))])
        case .onIdle:
            guard !busy.isEmpty else {
                restarting = true
                return (.accepted, [.restartStation(StationReset(type: .onIdle, bootReason: .remoteReset))])
            }
            scheduled.insert(.station)
            return (.scheduled, [.persistSchedule])
        }
    }

    private mutating func requestEVSE(
        _ type: ResetEnumType,
        evseId: Int,
        busy: Set<Int>
    ) -> (ResetStatusEnumType, [Action]) {
        guard busy.contains(evseId) else {
            scheduled.remove(.evse(evseId))
            return (.accepted, [.evseReset(evseId: evseId)])
        }
        switch type {
        case .immediate:
            scheduled.remove(.evse(evseId))
            return (.accepted, [.endTransaction(evseId: evseId), .evseReset(evseId: evseId)])
        case .onIdle:
            scheduled.insert(.evse(evseId))
            return (.scheduled, [])
        }
    }

    /// The transaction on `evseId` ended; `busy` are the EVSEs that still have one.
    mutating func transactionEnded(evseId: Int, busy: Set<Int>) -> [Action] {
        guard !restarting else { return [] }
        var actions: [Action] = []
        if scheduled.remove(.evse(evseId)) != nil {
            actions.append(.evseReset(evseId: evseId))
        }
        if scheduled.contains(.station), busy.isEmpty {
            scheduled.removeAll()
            restarting = true
            actions.append(.restartStation(StationReset(type: .onIdle, bootReason: .scheduledReset)))
        }
        return actions
    }
}
