import HAL
import OCPP
import OCPPRPC
import StationStore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Transactions (OCPP 2.0.1 E01-E14) and sampled meter values (J02): the station side of a charging session.
/// What to do is decided by `Transactions`, `EVSETransactionMachine`, `TransactionRecording` and
/// `TransactionQueue`; this extension feeds them and carries out what they return.
///
/// Every TransactionEvent is written to the store, atomically with the transaction's next seqNo, before it
/// is sent; it leaves the store only when the CSMS answered it (or after MessageAttemptsTransactionEvent
/// failed attempts, E13). One sender works through the queue oldest first, so the CSMS sees each
/// transaction's events in seqNo order, also after a power cut or a long time offline (E11/E12).
extension ChargingStation {
    // MARK: lifecycle

    /// Runs for the whole life of `run()`: restores or ends what a restart interrupted, polls the meters,
    /// follows tokens, and sends queued transaction messages.
    func runTransactions() async {
        schedule(.meterPoll, after: .zero, repeating: Self.meterPollInterval)
        scheduleClockAlignedMeterValues()
        await withTaskGroup(of: Void.self) { group in
            if let reader = hardware.tokenReader {
                let tokens = reader.tokens
                group.addTask {
                    for await token in tokens { await self.tokenPresented(token) }
                }
            }
            group.addTask {
                for await _ in self.senderWakeUpStream { await self.sendQueuedTransactionMessages() }
            }
            await group.waitForAll()
        }
    }

    /// Runs once before the hardware is watched: machines configured, every contactor commanded open (a
    /// crash or watchdog restart may have left one closed), and interrupted transactions ended.
    func prepareTransactions() async {
        configureTransactionMachines()
        for evse in hardware.evses {
            syncMayCharge(evseId: evse.id)
            do {
                try await evse.contactor.set(.open)
            } catch {
                contactorFailed(evseId: evse.id, commanded: .open, error)
            }
        }
        await recoverInterruptedTransactions()
    }

    func configureTransactionMachines() {
        let configuration = transactionConfiguration()
        for id in evseStates.keys where evseStates[id]?.transaction.inTransaction == false {
            evseStates[id]?.transaction.configuration = configuration
        }
    }

    /// TxStartPoint / TxStopPoint from the device model; the OCPP defaults if a value cannot be used.
    func transactionConfiguration() -> EVSETransactionMachine.Configuration {
        Transactions.configuration(
            startPoints: deviceModel.txStartPoints,
            stopPoints: deviceModel.txStopPoints,
            stopOnEVSideDisconnect: deviceModel.stopTxOnEVSideDisconnect,
            evConnectionTimeOut: deviceModel.evConnectionTimeOut
        )
    }

    /// A transaction still open in the store was interrupted by a power cut or crash: it is ended with
    /// stoppedReason PowerLoss, its last known meter value as the end reading, after the queued events.
    func recoverInterruptedTransactions() async {
        let open: [TransactionRecord]
        do {
            open = try store.openTransactions()
        } catch {
            logger.error("cannot read open transactions", metadata: ["error": "\(error)"])
            return
        }
        for interrupted in open {
            if let evse = hardware.evse(interrupted.evseId), let reading = try? await evse.meter.read() {
                evseStates[interrupted.evseId]?.lastReading = reading
            }
            evseStates[interrupted.evseId]?.running = interrupted
            logger.notice(
                "ending transaction interrupted by a restart",
                metadata: ["transaction-id": "\(interrupted.transactionId)", "evse": "\(interrupted.evseId)"]
            )
            record(Transactions.interruptedEnd, evseId: interrupted.evseId)
        }
        if !open.isEmpty { senderWakeUps.yield() }
    }

    // MARK: inputs from hardware and other blocks

    /// The control pilot of `evseId` changed (called by the availability block's hardware monitor).
    func transactionsPilotChanged(evseId: Int, to state: ControlPilotState) {
        // E (short or diode fault) is an error of the pilot circuit, not an unplugged cable: the availability
        // block marks the EVSE Faulted, which ends charging through `syncMayCharge`. F is driven by the EVSE
        // itself (not available) and says nothing about the cable.
        if state == .e || state == .f { return }
        let wasConnected = evseStates[evseId]?.transaction.facts.evConnected ?? false
        if state.isVehicleConnected, !wasConnected { readCable(evseId: evseId) }
        if state == .a { evseStates[evseId]?.cable = nil }
        apply(evseId) { $0.cable(connected: state.isVehicleConnected, evReady: state.isEnergyRequested) }
        // AuthCtrlr.Enabled false: the plug-in itself authorizes the session (the connected edge only).
        if state.isVehicleConnected, !wasConnected { authorizeOnPlugIn(evseId: evseId) }
    }

    /// Tells the EVSE's machine whether it may deliver energy, from the availability block's view: not
    /// Faulted (emergency stop, pilot error, welded contactor, meter failure) and not Unavailable
    /// (Inoperative). Losing it ends a running transaction (abnormal condition) and opens the power path.
    func syncMayCharge(evseId: Int) {
        let allowed = Transactions.Availability(
            registrationAccepted: registration.status == .accepted,
            txBeforeAcceptedEnabled: deviceModel.txBeforeAcceptedEnabled,
            mayDeliverEnergy: availability.mayDeliverEnergy(evseId: evseId),
            emergencyStop: availability.emergencyStop
        )
        guard let evse = transactionsEVSE(evseId), let change = Transactions.mayCharge(evse, allowed) else { return }
        apply(evseId) { $0.availability(mayCharge: change.mayCharge, reason: change.reason) }
    }

    /// Sets directly whether the EVSE may deliver energy, for blocks with a reason of their own (a reset
    /// ends transactions with ImmediateReset). Losing it ends a running transaction with `reason`.
    func transactionsAvailabilityChanged(evseId: Int, mayCharge: Bool, reason: ReasonEnumType) {
        guard evseStates[evseId]?.transaction.facts.mayCharge != mayCharge else { return }
        apply(evseId) { $0.availability(mayCharge: mayCharge, reason: reason) }
    }

    /// A token was presented at the reader: start a session on a free EVSE, or stop the session it (or its
    /// group, or the master pass) started.
    func tokenPresented(_ token: PresentedToken) async {
        lastToken = (token, now)
        let idToken = IdTokenType(idToken: token.id, type: IdTokenEnumType(rawValue: token.type.rawValue) ?? .iso14443)
        // Stopping: the token ends a session whose authorization it may end (C09 GroupId, C16 MasterPass).
        for session in Transactions.sessionsToStop(transactionsEVSEs) {
            if await mayStop(startedBy: session.authorization, presented: idToken) {
                // Only the session that was asked about, if it is still there after the wait.
                guard evseStates[session.evseId]?.running?.transactionId == session.transactionId else { return }
                apply(session.evseId) { $0.stop(trigger: .stopAuthorized, reason: .local) }
                return
            }
        }
        guard let evseId = evseForNewSession() else {
            logger.notice("token presented but no EVSE can start a session")
            return
        }
        let info = await authorize(idToken, evseId: evseId)
        let outcome = Transactions.tokenAuthorized(
            idToken,
            info,
            isMasterPass: isMasterPass(info),
            on: transactionsEVSE(evseId)
        )
        switch outcome {
        case .notAccepted(let status):
            logger.notice("token not accepted", metadata: ["status": "\(status.rawValue)"])
        case .masterPassStartsNothing:
            logger.notice("master pass presented with no session to stop")
        case .evseTaken:
            logger.notice("EVSE no longer free for the presented token", metadata: ["evse": "\(evseId)"])
        case .start(let authorization):
            startAuthorizedSession(evseId: evseId, authorization)
        }
    }

    /// The EVSE a new local session goes to: one with an EV plugged in and no session, else any free one.
    func evseForNewSession() -> Int? {
        Transactions.evseForNewSession(transactionsEVSEs)
    }

    /// No authorized session (nor one being started remotely) on the EVSE, and it may deliver energy.
    func evseIsFree(_ evseId: Int) -> Bool {
        transactionsEVSE(evseId).map(Transactions.isFree) ?? false
    }

    /// Gives an authorized session to `evseId`; without a cable yet, EVConnectionTimeOut starts (E03).
    func startAuthorizedSession(evseId: Int, _ authorization: SessionAuthorization) {
        apply(evseId) { $0.authorize(authorization) }
    }

    func evConnectionTimedOut(evseId: Int) {
        logger.notice("EV not connected in time; authorization lapsed", metadata: ["evse": "\(evseId)"])
        apply(evseId) { $0.connectionTimedOut() }
    }

    // MARK: the machine's actions

    /// One EVSE as `Transactions` sees it; nil for an EVSE the station does not know.
    func transactionsEVSE(_ evseId: Int) -> Transactions.EVSE? {
        guard let state = evseStates[evseId] else { return nil }
        return Transactions.EVSE(
            id: evseId,
            hasHardware: hardware.evse(evseId) != nil,
            facts: state.transaction.facts,
            inTransaction: state.transaction.inTransaction,
            transactionId: state.running?.transactionId,
            startingRemotely: state.startingRemotely,
            endsAwaitingFinalReading: state.endsAwaitingFinalReading,
            contactorTakenAsClosed: state.contactor.takenAsClosed,
            offeredCurrent: state.offeredCurrent,
            ratedCurrent: identity.description(ofEVSE: evseId).maxCurrent,
            cable: state.cable,
            scheduleLimit: state.chargingLimit,
            dc: hardware.evse(evseId)?.powerSupply.map { supply in
                Transactions.DCPower(
                    ratedPower: min(supply.ratedPower, identity.description(ofEVSE: evseId).maxPower),
                    setpoint: state.powerSetpoint
                )
            }
        )
    }

    /// Every EVSE the station knows, in id order.
    var transactionsEVSEs: [Transactions.EVSE] {
        evseStates.keys.sorted().compactMap(transactionsEVSE)
    }

    /// Feeds one change to an EVSE's machine and carries out what it returns, in order; each action is
    /// decided on the EVSE as it is when its turn comes (an earlier one may have recorded or faulted).
    func apply(_ evseId: Int, _ change: (inout EVSETransactionMachine) -> [EVSETransactionMachine.Action]) {
        guard var machine = evseStates[evseId]?.transaction else { return }
        let tookPart = takesPartInLoadSharing(evseId)
        // TxStartPoint/TxStopPoint set by the CSMS apply from the next transaction on.
        if !machine.inTransaction { machine.configuration = transactionConfiguration() }
        let actions = change(&machine)
        evseStates[evseId]?.transaction = machine
        for action in actions {
            guard let evse = transactionsEVSE(evseId) else { continue }
            perform(Transactions.carryOut(action, on: evse), evseId: evseId)
        }
        // A session joining or leaving changes every EVSE's share of the station's limit (load sharing).
        if takesPartInLoadSharing(evseId) != tookPart { applyChargingLimits() }
        if let evse = transactionsEVSE(evseId) { perform(Transactions.currentOffer(on: evse), evseId: evseId) }
        stateChanged()
    }

    func perform(_ actions: [Transactions.Action], evseId: Int) {
        for action in actions {
            switch action {
            case .record(let event):
                record(event, evseId: evseId)
            case .recordInOrder(let event):
                hardwareCommand(.record(event), evseId: evseId)
            case .endAfterFinalReading(let event):
                evseStates[evseId]?.endsAwaitingFinalReading += 1
                hardwareCommand(.endAfterFinalReading(event), evseId: evseId)
            case .contactor(let state):
                hardwareCommand(.contactor(state), evseId: evseId)
            case .offerCurrent(let amps):
                evseStates[evseId]?.offeredCurrent = amps
                hardwareCommand(.offerCurrent(amps), evseId: evseId)
            case .powerSetpoint(let watts):
                evseStates[evseId]?.powerSetpoint = watts
                hardwareCommand(.powerSetpoint(watts), evseId: evseId)
            case .timer(let timer):
                perform([timer])
            }
        }
    }
}
