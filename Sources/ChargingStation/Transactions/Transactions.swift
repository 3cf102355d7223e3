import HAL
import OCPP

/// Transactions (OCPP 2.0.1 E01-E10): what the EVSE transaction machine's actions come to on the station,
/// whether an EVSE may charge, which EVSE a presented token goes to, and how a transaction a restart
/// interrupted ends. When a transaction starts and stops is `EVSETransactionMachine`'s; what an event
/// carries is `TransactionRecording`'s; delivering it is `TransactionQueue`'s.
///
/// A block with a narrow context: it reads one EVSE as plain values and returns what the station must do;
/// the hardware command queue, the timers, the store and the other blocks are the actor's.
enum Transactions {
    /// One EVSE as the block sees it.
    struct EVSE: Sendable, Equatable {
        var id: Int
        /// The EVSE has hardware (contactor, meter, board).
        var hasHardware = true
        var facts = EVSESessionFacts()
        var inTransaction = false
        /// The id of the transaction running here.
        var transactionId: String?
        /// Reserved by a RequestStartTransaction between its answer and the session start.
        var startingRemotely = false
        /// Ended events queued behind their contactor command for a final meter reading.
        var endsAwaitingFinalReading = 0
        /// The contactor failed to open and is taken as closed: it is not commanded again.
        var contactorTakenAsClosed = false
        /// The current offered to the EV now (nil: none).
        var offeredCurrent: Double?
        /// The EVSE's rating from the board file (A).
        var ratedCurrent = OfferedCurrent.minimum
        /// The cable of this plug-in, once read (nil: unplugged, or not read yet).
        var cable: OfferedCurrent.Cable?
        /// What the charging profiles allow now: A for AC, W for a DC EVSE (nil: no limit).
        var scheduleLimit: Double?
        /// A DC EVSE's converter: its rating and the setpoint last commanded, W (nil: an AC EVSE).
        var dc: DCPower?
    }

    /// What the block sees of a DC EVSE's power stage.
    struct DCPower: Sendable, Equatable {
        /// The least of the board's rating and the converter's, W.
        var ratedPower: Double
        /// The setpoint last commanded, W (nil: none yet).
        var setpoint: Double?
    }

    /// What the block may ask for.
    enum Action: Sendable, Equatable {
        /// Record this TransactionEvent now.
        case record(EVSETransactionMachine.Event)
        /// Record it on the EVSE's hardware queue, behind the Ended event waiting there for its final
        /// reading, so the CSMS sees the events in the order they happened.
        case recordInOrder(EVSETransactionMachine.Event)
        /// Read the meter once the contactor command queued before has completed, then record the Ended
        /// event: the energy that flowed until the contactor opened is billed in it.
        case endAfterFinalReading(EVSETransactionMachine.Event)
        /// Drive the contactor (on the EVSE's hardware queue).
        case contactor(ContactorState)
        /// Offer this current to the EV (nil: none), on the EVSE's hardware queue.
        case offerCurrent(Double?)
        /// Limit a DC EVSE's converter to this power, W, on the EVSE's hardware queue.
        case powerSetpoint(Double)
        case timer(TimerAction)
    }

    /// What a token presented at the reader comes to once it was authorized.
    enum TokenOutcome: Sendable, Equatable {
        /// Not accepted: nothing starts.
        case notAccepted(AuthorizationStatusEnumType)
        /// C16: a master pass stops sessions but never starts one.
        case masterPassStartsNothing
        /// The EVSE was taken (or faulted) while the token was being authorized.
        case evseTaken
        /// The session starts on the EVSE with this authorization.
        case start(SessionAuthorization)
    }

    // MARK: the machine's actions

    /// What one action of the EVSE's transaction machine comes to, in the order the machine gave them.
    ///
    /// - Events behind an Ended event still waiting for its final reading keep their order.
    /// - The Ended event waits for the meter to be read after the contactor (commanded just before) opened;
    ///   an EVSE without hardware has no meter to wait for.
    /// - A contactor taken as closed (it failed to open) is not commanded again until a technician clears it.
    /// - E03: EVConnectionTimeOut runs while an authorization waits for the cable.
    static func carryOut(_ action: EVSETransactionMachine.Action, on evse: EVSE) -> [Action] {
        switch action {
        case .start(let event), .update(let event):
            [evse.endsAwaitingFinalReading > 0 ? .recordInOrder(event) : .record(event)]
        case .end(let event):
            [evse.hasHardware ? .endAfterFinalReading(event) : .record(event)]
        case .closeContactor:
            [.contactor(.closed)]
        case .openContactor:
            evse.contactorTakenAsClosed ? [] : [.contactor(.open)]
        case .scheduleConnectionTimeout(let delay):
            [.timer(.schedule(.evConnectionTimeout(evseId: evse.id), after: delay))]
        case .cancelConnectionTimeout:
            [.timer(.cancel(.evConnectionTimeout(evseId: evse.id)))]
        }
    }

    /// Current is offered while a session is authorized, the EVSE may charge and the cable is in, so the EV
    /// can ask for energy; none otherwise. How much is `OfferedCurrent`'s: the EVSE's rating capped by the
    /// cable's and the charging profiles' limit, none before the cable was read or with a cable that cannot be
    /// used, and none (the session paused) while the profiles allow less than 6 A. Only a change is commanded.
    static func currentOffer(on evse: EVSE) -> [Action] {
        let facts = evse.facts
        let charging = facts.authorization != nil && facts.mayCharge && facts.evConnected
        guard evse.hasHardware else { return [] }
        var actions: [Action] = []
        var pilotLimit = evse.scheduleLimit
        if let dc = evse.dc {
            // DC: the limit is the converter's setpoint; the pilot only says "ready" (none while the limit is 0).
            let setpoint = DCSetpoint.applying(evse.scheduleLimit, ratedPower: dc.ratedPower)
            if dc.setpoint != setpoint { actions.append(.powerSetpoint(setpoint)) }
            pilotLimit = setpoint > 0 ? nil : 0
        }
        let wanted =
            charging
            ? OfferedCurrent.applying(
                pilotLimit,
                to: OfferedCurrent.limit(ratedCurrent: evse.ratedCurrent, cable: evse.cable)
            )
            : nil
        if evse.offeredCurrent != wanted { actions.append(.offerCurrent(wanted)) }
        return actions
    }

    // MARK: configuration and availability

    /// TxCtrlr.TxStartPoint / TxStopPoint (the OCPP defaults when a list holds no usable point),
    /// StopTxOnEVSideDisconnect and EVConnectionTimeOut.
    static func configuration(
        startPoints: Set<String>,
        stopPoints: Set<String>,
        stopOnEVSideDisconnect: Bool,
        evConnectionTimeOut: Duration
    ) -> EVSETransactionMachine.Configuration {
        let defaults = EVSETransactionMachine.Configuration()
        let start = Set(startPoints.compactMap(TransactionPoint.init(rawValue:)))
        let stop = Set(stopPoints.compactMap(TransactionPoint.init(rawValue:)))
        return EVSETransactionMachine.Configuration(
            startPoints: start.isEmpty ? defaults.startPoints : start,
            stopPoints: stop.isEmpty ? defaults.stopPoints : stop,
            stopOnEVSideDisconnect: stopOnEVSideDisconnect,
            evConnectionTimeOut: evConnectionTimeOut
        )
    }

    /// What decides whether an EVSE may deliver energy.
    struct Availability: Sendable, Equatable {
        /// The CSMS accepted the station (BootNotification Accepted).
        var registrationAccepted: Bool
        /// TxCtrlr.TxBeforeAcceptedEnabled.
        var txBeforeAcceptedEnabled: Bool
        /// The availability block's view: not Faulted, not Unavailable.
        var mayDeliverEnergy: Bool
        var emergencyStop: Bool
    }

    /// Whether the EVSE may deliver energy now, and the reason a running transaction ends with when it
    /// may not; nil when nothing changed for its machine. Before the CSMS accepted the station, no
    /// transaction unless TxBeforeAcceptedEnabled (B02, B03).
    static func mayCharge(_ evse: EVSE, _ availability: Availability) -> (mayCharge: Bool, reason: ReasonEnumType)? {
        let registered = availability.registrationAccepted || availability.txBeforeAcceptedEnabled
        let may = registered && availability.mayDeliverEnergy
        guard evse.facts.mayCharge != may else { return nil }
        return (may, availability.emergencyStop ? .emergencyStop : .other)
    }

    // MARK: local sessions

    /// No authorized session (nor one being started remotely) on the EVSE, and it may deliver energy. A
    /// transaction started by the cable alone is free: a token authorizes it (E02).
    static func isFree(_ evse: EVSE) -> Bool {
        evse.facts.authorization == nil && evse.facts.mayCharge && !evse.startingRemotely
    }

    /// The EVSE a new local session goes to: one with an EV plugged in and no session, else any free one.
    static func evseForNewSession(_ evses: [EVSE]) -> Int? {
        let free = evses.filter(isFree)
        return (free.first { $0.facts.evConnected } ?? free.first)?.id
    }

    /// The sessions a presented token may end, in EVSE order: authorized and in a transaction. Whether the
    /// token may end each (the same token, its group C09, a master pass C16) is Authorization's.
    static func sessionsToStop(
        _ evses: [EVSE]
    ) -> [(evseId: Int, authorization: SessionAuthorization, transactionId: String?)] {
        evses.compactMap { evse in
            guard let authorization = evse.facts.authorization, evse.inTransaction else { return nil }
            return (evse.id, authorization, evse.transactionId)
        }
    }

    /// A presented token was authorized for `evse` (E02, E03 with C01): accepted, not a master pass (C16)
    /// and the EVSE still free, the session starts with the token and its group.
    static func tokenAuthorized(
        _ idToken: IdTokenType,
        _ info: IdTokenInfoType,
        isMasterPass: Bool,
        on evse: EVSE?
    ) -> TokenOutcome {
        guard info.status == .accepted else { return .notAccepted(info.status) }
        guard !isMasterPass else { return .masterPassStartsNothing }
        guard let evse, isFree(evse) else { return .evseTaken }
        return .start(SessionAuthorization(idToken: idToken, groupIdToken: info.groupIdToken))
    }

    // MARK: restart

    /// A transaction still open in the store was interrupted by a power cut or crash (E12): it ends with
    /// stoppedReason PowerLoss and triggerReason AbnormalCondition, its last known reading as the end
    /// reading, after the events queued before the cut.
    static let interruptedEnd = EVSETransactionMachine.Event(
        eventType: .ended,
        triggerReason: .abnormalCondition,
        chargingState: .idle,
        stoppedReason: .powerLoss
    )
}
