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
///
/// Every TransactionEvent is written to the store, atomically with the transaction's next seqNo, before it
/// is sent; it leaves the store only when the CSMS answered it (or after MessageAttemptsTransactionEvent
/// failed attempts, E13). One sender works through the queue oldest first, so the CSMS sees each
/// transaction's events in seqNo order, also after a power cut or a long time offline (E11/E12).
extension ChargingStation {
    /// The current offered to an EV (A) until smart charging limits it.
    static let defaultOfferedCurrent = 32.0

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
        let defaults = EVSETransactionMachine.Configuration()
        let start = Set(deviceModel.txStartPoints.compactMap(TransactionPoint.init(rawValue:)))
        let stop = Set(deviceModel.txStopPoints.compactMap(TransactionPoint.init(rawValue:)))
        return EVSETransactionMachine.Configuration(
            startPoints: start.isEmpty ? defaults.startPoints : start,
            stopPoints: stop.isEmpty ? defaults.stopPoints : stop,
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
            let event = EVSETransactionMachine.Event(
                eventType: .ended,
                triggerReason: .abnormalCondition,
                chargingState: .idle,
                stoppedReason: .powerLoss
            )
            logger.notice(
                "ending transaction interrupted by a restart",
                metadata: ["transaction-id": "\(interrupted.transactionId)", "evse": "\(interrupted.evseId)"]
            )
            record(event, evseId: interrupted.evseId)
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
        apply(evseId) { $0.cable(connected: state.isVehicleConnected, evReady: state.isEnergyRequested) }
        // AuthCtrlr.Enabled false: the plug-in itself authorizes the session (the connected edge only).
        if state.isVehicleConnected, !wasConnected { authorizeOnPlugIn(evseId: evseId) }
    }

    /// Tells the EVSE's machine whether it may deliver energy, from the availability block's view: not
    /// Faulted (emergency stop, pilot error, welded contactor, meter failure) and not Unavailable
    /// (Inoperative). Losing it ends a running transaction (abnormal condition) and opens the power path.
    func syncMayCharge(evseId: Int) {
        // Before the CSMS accepted the station, no transaction unless TxBeforeAcceptedEnabled (B02/B03).
        let registered = registration.status == .accepted || deviceModel.txBeforeAcceptedEnabled
        let may = registered && availability.mayDeliverEnergy(evseId: evseId)
        guard let machine = evseStates[evseId]?.transaction, machine.facts.mayCharge != may else { return }
        let reason: ReasonEnumType = availability.emergencyStop ? .emergencyStop : .other
        apply(evseId) { $0.availability(mayCharge: may, reason: reason) }
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
        let idToken = IdTokenType(idToken: token.id, type: IdTokenEnumType(rawValue: token.type.rawValue) ?? .iso14443)
        // Stopping: the token ends a session whose authorization it may end (C09 GroupId, C16 MasterPass).
        for (evseId, evse) in evseStates.sorted(by: { $0.key < $1.key }) {
            guard let authorization = evse.transaction.facts.authorization, evse.transaction.inTransaction else {
                continue
            }
            let transactionId = evse.running?.transactionId
            if await mayStop(startedBy: authorization, presented: idToken) {
                // Only the session that was asked about, if it is still there after the wait.
                guard evseStates[evseId]?.running?.transactionId == transactionId else { return }
                apply(evseId) { $0.stop(trigger: .stopAuthorized, reason: .local) }
                return
            }
        }
        guard let evseId = evseForNewSession() else {
            logger.notice("token presented but no EVSE can start a session")
            return
        }
        let info = await authorize(idToken, evseId: evseId)
        guard info.status == .accepted else {
            logger.notice("token not accepted", metadata: ["status": "\(info.status.rawValue)"])
            return
        }
        // C16: a master pass stops sessions but never starts one.
        guard !isMasterPass(info) else {
            logger.notice("master pass presented with no session to stop")
            return
        }
        // The EVSE may have been taken (or faulted) while the token was being authorized.
        guard evseIsFree(evseId) else {
            logger.notice("EVSE no longer free for the presented token", metadata: ["evse": "\(evseId)"])
            return
        }
        startAuthorizedSession(
            evseId: evseId,
            SessionAuthorization(idToken: idToken, groupIdToken: info.groupIdToken)
        )
    }

    /// The EVSE a new local session goes to: one with an EV plugged in and no session, else any free one.
    func evseForNewSession() -> Int? {
        let ids = evseStates.keys.sorted().filter(evseIsFree)
        return ids.first { evseStates[$0]?.transaction.facts.evConnected == true } ?? ids.first
    }

    /// No authorized session (nor one being started remotely) on the EVSE, and it may deliver energy. A
    /// transaction started by the cable alone is free: the token authorizes it (E02).
    func evseIsFree(_ evseId: Int) -> Bool {
        guard let evse = evseStates[evseId] else { return false }
        return evse.transaction.facts.authorization == nil && evse.transaction.facts.mayCharge && !evse.startingRemotely
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

    /// Feeds one change to an EVSE's machine and carries out what it returns, in order.
    func apply(_ evseId: Int, _ change: (inout EVSETransactionMachine) -> [EVSETransactionMachine.Action]) {
        guard var machine = evseStates[evseId]?.transaction else { return }
        // TxStartPoint/TxStopPoint set by the CSMS apply from the next transaction on.
        if !machine.inTransaction { machine.configuration = transactionConfiguration() }
        let actions = change(&machine)
        evseStates[evseId]?.transaction = machine
        for action in actions {
            switch action {
            case .start(let event), .update(let event):
                // Behind an Ended still waiting for its final reading, events keep their order.
                if evseStates[evseId]?.endsAwaitingFinalReading ?? 0 > 0 {
                    hardwareCommand(.record(event), evseId: evseId)
                } else {
                    record(event, evseId: evseId)
                }
            case .end(let event):
                // The final register is read after the contactor (queued just before) has opened, so the
                // energy that flowed until then is billed in the Ended event.
                if hardware.evse(evseId) != nil {
                    evseStates[evseId]?.endsAwaitingFinalReading += 1
                    hardwareCommand(.endAfterFinalReading(event), evseId: evseId)
                } else {
                    record(event, evseId: evseId)
                }
            case .closeContactor:
                hardwareCommand(.contactor(.closed), evseId: evseId)
            case .openContactor:
                guard evseStates[evseId]?.contactor.takenAsClosed != true else { continue }
                hardwareCommand(.contactor(.open), evseId: evseId)
            case .scheduleConnectionTimeout(let delay):
                schedule(.evConnectionTimeout(evseId: evseId), after: delay)
            case .cancelConnectionTimeout:
                cancelTimer(.evConnectionTimeout(evseId: evseId))
            }
        }
        updateCurrentOffer(evseId: evseId)
        stateChanged()
    }

    /// Offers current while a session is authorized and the EVSE may charge, so the EV can ask for energy.
    private func updateCurrentOffer(evseId: Int) {
        guard let evse = evseStates[evseId] else { return }
        let machine = evse.transaction
        let wanted: Double? =
            machine.facts.authorization != nil && machine.facts.mayCharge && machine.facts.evConnected
            ? Self.defaultOfferedCurrent : nil
        guard hardware.evse(evseId) != nil, evse.offeredCurrent != wanted else { return }
        evseStates[evseId]?.offeredCurrent = wanted
        hardwareCommand(.offerCurrent(wanted), evseId: evseId)
    }

}
