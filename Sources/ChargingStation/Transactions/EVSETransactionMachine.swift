import OCPP

/// The facts about one EVSE that decide when its transaction starts and stops, and whether power may flow.
public struct EVSESessionFacts: Sendable, Equatable {
    /// A cable is plugged in at both ends (control pilot B, C or D).
    public var evConnected = false
    /// The EV asks for energy (control pilot C or D).
    public var evReady = false
    /// The identity that authorized this session, if any.
    public var authorization: SessionAuthorization?
    /// The contactor is closed (read back from its feedback).
    public var powerPathClosed = false
    /// Energy flows to the EV.
    public var energyFlowing = false
    /// The EVSE may deliver energy (operative, no fault, no emergency stop).
    public var mayCharge = true

    public init() {}
}

/// Who authorized a session and how.
public struct SessionAuthorization: Sendable, Equatable {
    public var idToken: IdTokenType
    public var groupIdToken: IdTokenType?
    /// Set when the CSMS started the session with RequestStartTransaction.
    public var remoteStartId: Int?

    public init(idToken: IdTokenType, groupIdToken: IdTokenType? = nil, remoteStartId: Int? = nil) {
        self.idToken = idToken
        self.groupIdToken = groupIdToken
        self.remoteStartId = remoteStartId
    }
}

/// Decides, for one EVSE, when a transaction starts, what each TransactionEvent says, when it ends and
/// when the contactor may close (OCPP 2.0.1 E01-E08, with TxStartPoint / TxStopPoint).
///
/// A value type: feed it fact changes, it returns the events to record and the power actions to take.
/// It knows nothing of messages on the wire, the store or the clock; the station does that.
public struct EVSETransactionMachine: Sendable, Equatable {
    public struct Configuration: Sendable, Equatable {
        public var startPoints: Set<TransactionPoint>
        public var stopPoints: Set<TransactionPoint>

        /// The OCPP default for a station with a cable: start when the cable is plugged in or the driver
        /// authorizes, stop when either is undone.
        /// TxCtrlr.StopTxOnEVSideDisconnect: pulling the cable ends the session whatever the stop points
        /// (E10); the authorization never outlives the cable, so the next EV cannot charge on it.
        public var stopOnEVSideDisconnect: Bool
        /// TxCtrlr.EVConnectionTimeOut: how long an authorization waits for the cable (E03).
        public var evConnectionTimeOut: Duration

        public init(
            startPoints: Set<TransactionPoint> = [.evConnected, .authorized],
            stopPoints: Set<TransactionPoint> = [.evConnected, .authorized],
            stopOnEVSideDisconnect: Bool = true,
            evConnectionTimeOut: Duration = .seconds(120)
        ) {
            self.startPoints = startPoints
            self.stopPoints = stopPoints
            self.stopOnEVSideDisconnect = stopOnEVSideDisconnect
            self.evConnectionTimeOut = evConnectionTimeOut
        }
    }

    /// One TransactionEvent to record (and send), before meter values and timestamps are added.
    public struct Event: Sendable, Equatable {
        public var eventType: TransactionEventEnumType
        public var triggerReason: TriggerReasonEnumType
        public var chargingState: ChargingStateEnumType?
        public var stoppedReason: ReasonEnumType?
        /// The idToken goes in the first event after authorization, once (E03.FR.01-style once-only field).
        public var idToken: IdTokenType?
        public var remoteStartId: Int?
    }

    /// What the station must do, in order.
    public enum Action: Sendable, Equatable {
        /// A new transaction begins: make its id and record a Started event.
        case start(Event)
        case update(Event)
        case end(Event)
        /// Close or open the contactor (the station reads back the feedback and reports it as a fact).
        case closeContactor
        case openContactor
        /// Start (or restart) the EV connection timer: call `connectionTimedOut()` when it fires (E03).
        case scheduleConnectionTimeout(after: Duration)
        /// The cable came, or the authorization went: the EV connection timer is no longer needed.
        case cancelConnectionTimeout
    }

    public var configuration: Configuration
    public private(set) var facts = EVSESessionFacts()
    /// Whether a transaction is running on this EVSE.
    public private(set) var inTransaction = false
    public private(set) var chargingState: ChargingStateEnumType?
    private var idTokenReported = false
    private var remoteStartReported = false
    /// Set when a transaction ended with the cable still in: plugging alone does not start the next one
    /// until the cable has been out (a fresh authorization still does).
    public private(set) var awaitingUnplug = false
    /// The start/stop points reached during the running transaction.
    private var reached: Set<TransactionPoint> = []

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Resumes an open transaction found in the store after a restart (see E04 / PowerLoss handling).
    public mutating func restore(openTransactionWith authorization: SessionAuthorization?) {
        inTransaction = true
        facts.authorization = authorization
        idTokenReported = authorization != nil
        remoteStartReported = authorization?.remoteStartId != nil
    }

    // MARK: inputs

    public mutating func cable(connected: Bool, evReady: Bool) -> [Action] {
        let timer: [Action] =
            connected && !facts.evConnected && facts.authorization != nil ? [.cancelConnectionTimeout] : []
        return timer + cableChanged(connected: connected, evReady: evReady)
    }

    private mutating func cableChanged(connected: Bool, evReady: Bool) -> [Action] {
        let wasConnected = facts.evConnected
        facts.evConnected = connected
        if !connected { awaitingUnplug = false }
        facts.evReady = connected && evReady
        if !connected { facts.energyFlowing = false }
        let trigger: TriggerReasonEnumType =
            connected && !wasConnected
            ? .cablePluggedIn : (!connected && wasConnected ? .evCommunicationLost : .chargingStateChanged)
        let stopReason: ReasonEnumType = .evDisconnected
        if !connected, wasConnected, configuration.stopOnEVSideDisconnect {
            guard inTransaction else {
                facts.authorization = nil
                return powerActions()
            }
            return end(trigger: trigger, reason: stopReason)
        }
        return reevaluate(trigger: trigger, stopReason: stopReason)
    }

    public mutating func authorize(_ authorization: SessionAuthorization) -> [Action] {
        facts.authorization = authorization
        idTokenReported = false
        let actions = reevaluate(
            trigger: authorization.remoteStartId != nil ? .remoteStart : .authorized,
            stopReason: .local
        )
        // Without a cable yet, the authorization lapses after EVConnectionTimeOut (E03).
        return facts.evConnected
            ? actions : actions + [.scheduleConnectionTimeout(after: configuration.evConnectionTimeOut)]
    }

    /// The driver or the CSMS ends the session (presenting the card again, RequestStopTransaction, …).
    public mutating func stop(trigger: TriggerReasonEnumType, reason: ReasonEnumType) -> [Action] {
        guard inTransaction || facts.authorization != nil else { return [] }
        facts.authorization = nil
        guard inTransaction else { return powerActions() }
        return end(trigger: trigger, reason: reason)
    }

    /// The CSMS or the cache says the token is no longer valid (E05/E06 deauthorization).
    public mutating func deauthorize() -> [Action] {
        facts.authorization = nil
        return reevaluate(trigger: .deauthorized, stopReason: .deAuthorized)
    }

    /// The contactor's feedback changed.
    public mutating func powerPath(closed: Bool) -> [Action] {
        facts.powerPathClosed = closed
        if !closed { facts.energyFlowing = false }
        return reevaluate(trigger: .chargingStateChanged, stopReason: .other)
    }

    /// The meter sees energy flow start or stop.
    public mutating func energy(flowing: Bool) -> [Action] {
        facts.energyFlowing = flowing
        return reevaluate(trigger: .chargingStateChanged, stopReason: .other)
    }

    /// The EVSE became unable (or able again) to deliver energy: a fault, emergency stop, Inoperative.
    public mutating func availability(mayCharge: Bool, reason: ReasonEnumType) -> [Action] {
        facts.mayCharge = mayCharge
        guard !mayCharge, inTransaction else { return reevaluate(trigger: .chargingStateChanged, stopReason: reason) }
        // A fault or emergency stop ends the transaction outright.
        return end(trigger: .abnormalCondition, reason: reason)
    }

    /// EVConnectionTimeOut passed after authorization without a cable (E03): the authorization lapses and a
    /// transaction it started ends with Timeout.
    public mutating func connectionTimedOut() -> [Action] {
        guard !facts.evConnected, facts.authorization != nil else { return [] }
        facts.authorization = nil
        guard inTransaction else { return [] }
        return end(trigger: .evConnectTimeout, reason: .timeout)
    }

    // MARK: rules

    func holds(_ point: TransactionPoint) -> Bool {
        switch point {
        case .parkingBayOccupancy: facts.evConnected  // no bay sensor: the cable is the best evidence
        case .evConnected: facts.evConnected
        case .authorized: facts.authorization != nil
        case .dataSigned: false  // no signed meter data
        case .powerPathClosed: facts.powerPathClosed
        case .energyTransfer: facts.energyFlowing
        }
    }

    /// The charging state this EVSE is in, as OCPP names it.
    func currentChargingState() -> ChargingStateEnumType {
        if facts.energyFlowing { return .charging }
        if facts.powerPathClosed { return .suspendedEV }
        if facts.evConnected {
            return facts.authorization != nil && facts.evReady ? .suspendedEVSE : .evConnected
        }
        return .idle
    }

    private mutating func reevaluate(trigger: TriggerReasonEnumType, stopReason: ReasonEnumType) -> [Action] {
        var actions: [Action] = []
        if !inTransaction {
            // Nothing starts on an EVSE that may not deliver energy (faulted, Inoperative, not accepted).
            let startable =
                facts.mayCharge
                && (awaitingUnplug
                    ? facts.authorization != nil : configuration.startPoints.contains(where: holds))
            if startable {
                awaitingUnplug = false
                inTransaction = true
                chargingState = currentChargingState()
                actions.append(.start(makeEvent(.started, trigger: trigger)))
            }
        } else if configuration.stopPoints.contains(where: { !holds($0) && wasReachable($0) }) {
            return end(trigger: trigger, reason: stopReason)
        } else {
            let state = currentChargingState()
            let authorizationNews = facts.authorization != nil && !idTokenReported
            if state != chargingState || authorizationNews {
                chargingState = state
                actions.append(.update(makeEvent(.updated, trigger: trigger)))
            }
        }
        actions += powerActions()
        return actions
    }

    /// A stop point only ends a transaction once it had been reached in it: with TxStopPoint EVConnected,
    /// a transaction started by authorization before plug-in is not ended by "not connected".
    private func wasReachable(_ point: TransactionPoint) -> Bool {
        switch point {
        case .evConnected, .parkingBayOccupancy: everConnected
        case .authorized: everAuthorized
        case .powerPathClosed, .energyTransfer, .dataSigned: false
        }
    }

    private var everConnected: Bool { reached.contains(.evConnected) }
    private var everAuthorized: Bool { reached.contains(.authorized) }

    private mutating func makeEvent(_ type: TransactionEventEnumType, trigger: TriggerReasonEnumType) -> Event {
        if facts.evConnected { reached.insert(.evConnected) }
        if facts.authorization != nil { reached.insert(.authorized) }
        var event = Event(eventType: type, triggerReason: trigger, chargingState: chargingState)
        if let authorization = facts.authorization, !idTokenReported {
            event.idToken = authorization.idToken
            idTokenReported = true
            if let remoteStartId = authorization.remoteStartId, !remoteStartReported {
                // F01.FR.19: the first event after an accepted RequestStartTransaction says RemoteStart,
                // even when what made it (the cable plugged in later, say) would otherwise name the trigger.
                event.remoteStartId = remoteStartId
                event.triggerReason = .remoteStart
                remoteStartReported = true
            }
        }
        return event
    }

    private mutating func end(trigger: TriggerReasonEnumType, reason: ReasonEnumType) -> [Action] {
        var actions: [Action] = []
        if facts.powerPathClosed || facts.energyFlowing { actions.append(.openContactor) }
        chargingState = facts.evConnected ? .evConnected : .idle
        var event = Event(eventType: .ended, triggerReason: trigger, chargingState: chargingState)
        event.stoppedReason = reason
        actions.append(.end(event))
        inTransaction = false
        awaitingUnplug = facts.evConnected
        idTokenReported = false
        remoteStartReported = false
        reached = []
        facts.authorization = nil
        return actions
    }

    /// Power may flow only for an authorized session with the EV ready and the EVSE able, inside a
    /// transaction — or about to start one when the transaction starts with the power path itself
    /// (TxStartPoint PowerPathClosed / EnergyTransfer).
    private func powerActions() -> [Action] {
        let startsWithPower =
            !awaitingUnplug
            && (configuration.startPoints.contains(.powerPathClosed)
                || configuration.startPoints.contains(.energyTransfer))
        let allowed =
            (inTransaction || startsWithPower) && facts.authorization != nil && facts.evReady && facts.mayCharge
        if allowed && !facts.powerPathClosed { return [.closeContactor] }
        if !allowed && facts.powerPathClosed { return [.openContactor] }
        return []
    }
}
