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
    /// How often the meters are read to follow energy flow and keep a current reading for events.
    static let meterPollInterval: Duration = .seconds(1)
    /// The current offered to an EV (A) until smart charging limits it.
    static let defaultOfferedCurrent = 32.0
    /// Active power above this (W) counts as energy transfer (meters read a few W of noise).
    static let energyFlowThreshold = 50.0

    // MARK: lifecycle

    /// Runs for the whole life of `run()`: restores or ends what a restart interrupted, polls the meters,
    /// follows tokens, and sends queued transaction messages.
    func runTransactions() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.pollMeters() }
            group.addTask { await self.sendClockAlignedMeterValues() }
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
        for evse in hardware.evses where transactionMachines[evse.id] == nil {
            transactionMachines[evse.id] = EVSETransactionMachine(configuration: configuration)
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
            stopOnEVSideDisconnect: deviceModel.stopTxOnEVSideDisconnect
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
                lastMeterReadings[interrupted.evseId] = reading
            }
            runningTransactions[interrupted.evseId] = interrupted
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
        apply(evseId) { $0.cable(connected: state.isVehicleConnected, evReady: state.isEnergyRequested) }
        if state.isVehicleConnected { cancelTimer(.evConnectionTimeout(evseId: evseId)) }
    }

    /// Tells the EVSE's machine whether it may deliver energy, from the availability block's view: not
    /// Faulted (emergency stop, pilot error, welded contactor, meter failure) and not Unavailable
    /// (Inoperative). Losing it ends a running transaction (abnormal condition) and opens the power path.
    func syncMayCharge(evseId: Int) {
        // Before the CSMS accepted the station, no transaction unless TxBeforeAcceptedEnabled (B02/B03).
        let registered = registration.status == .accepted || deviceModel.txBeforeAcceptedEnabled
        let may = registered && availability.mayDeliverEnergy(evseId: evseId)
        guard let machine = transactionMachines[evseId], machine.facts.mayCharge != may else { return }
        let reason: ReasonEnumType = availability.emergencyStop ? .emergencyStop : .other
        apply(evseId) { $0.availability(mayCharge: may, reason: reason) }
    }

    /// Sets directly whether the EVSE may deliver energy, for blocks with a reason of their own (a reset
    /// ends transactions with ImmediateReset). Losing it ends a running transaction with `reason`.
    func transactionsAvailabilityChanged(evseId: Int, mayCharge: Bool, reason: ReasonEnumType) {
        guard transactionMachines[evseId]?.facts.mayCharge != mayCharge else { return }
        apply(evseId) { $0.availability(mayCharge: mayCharge, reason: reason) }
    }

    /// A token was presented at the reader: start a session on a free EVSE, or stop the session it (or its
    /// group, or the master pass) started.
    func tokenPresented(_ token: PresentedToken) async {
        let idToken = IdTokenType(idToken: token.id, type: IdTokenEnumType(rawValue: token.type.rawValue) ?? .iso14443)
        // Stopping: the token ends a session whose authorization it may end (C09 GroupId, C16 MasterPass).
        for (evseId, machine) in transactionMachines.sorted(by: { $0.key < $1.key }) {
            guard let authorization = machine.facts.authorization, machine.inTransaction else { continue }
            let transactionId = runningTransactions[evseId]?.transactionId
            if await mayStop(startedBy: authorization, presented: idToken) {
                // Only the session that was asked about, if it is still there after the wait.
                guard runningTransactions[evseId]?.transactionId == transactionId else { return }
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
        let ids = transactionMachines.keys.sorted().filter(evseIsFree)
        return ids.first { transactionMachines[$0]?.facts.evConnected == true } ?? ids.first
    }

    /// No authorized session (nor one being started remotely) on the EVSE, and it may deliver energy. A
    /// transaction started by the cable alone is free: the token authorizes it (E02).
    func evseIsFree(_ evseId: Int) -> Bool {
        guard let machine = transactionMachines[evseId] else { return false }
        return machine.facts.authorization == nil && machine.facts.mayCharge && !sessionsStarting.contains(evseId)
    }

    /// Gives an authorized session to `evseId`; without a cable yet, EVConnectionTimeOut starts (E03).
    func startAuthorizedSession(evseId: Int, _ authorization: SessionAuthorization) {
        apply(evseId) { $0.authorize(authorization) }
        if transactionMachines[evseId]?.facts.evConnected == false {
            startTimer(.evConnectionTimeout(evseId: evseId), after: deviceModel.evConnectionTimeOut) { station in
                await station.evConnectionTimedOut(evseId: evseId)
            }
        }
    }

    private func evConnectionTimedOut(evseId: Int) {
        cancelTimer(.evConnectionTimeout(evseId: evseId))
        logger.notice("EV not connected in time; authorization lapsed", metadata: ["evse": "\(evseId)"])
        apply(evseId) { $0.connectionTimedOut() }
    }

    // MARK: the machine's actions

    /// Feeds one change to an EVSE's machine and carries out what it returns, in order.
    func apply(_ evseId: Int, _ change: (inout EVSETransactionMachine) -> [EVSETransactionMachine.Action]) {
        guard var machine = transactionMachines[evseId] else { return }
        // TxStartPoint/TxStopPoint set by the CSMS apply from the next transaction on.
        if !machine.inTransaction { machine.configuration = transactionConfiguration() }
        let actions = change(&machine)
        transactionMachines[evseId] = machine
        for action in actions {
            switch action {
            case .start(let event), .update(let event):
                // Behind an Ended still waiting for its final reading, events keep their order.
                if endsAwaitingFinalReading[evseId, default: 0] > 0 {
                    hardwareCommand(.record(event), evseId: evseId)
                } else {
                    record(event, evseId: evseId)
                }
            case .end(let event):
                // The final register is read after the contactor (queued just before) has opened, so the
                // energy that flowed until then is billed in the Ended event.
                if hardware.evse(evseId) != nil {
                    endsAwaitingFinalReading[evseId, default: 0] += 1
                    hardwareCommand(.endAfterFinalReading(event), evseId: evseId)
                } else {
                    record(event, evseId: evseId)
                }
            case .closeContactor:
                hardwareCommand(.contactor(.closed), evseId: evseId)
            case .openContactor:
                guard !contactorFaulted.contains(evseId) else { continue }
                hardwareCommand(.contactor(.open), evseId: evseId)
            }
        }
        updateCurrentOffer(evseId: evseId)
    }

    /// Offers current while a session is authorized and the EVSE may charge, so the EV can ask for energy.
    private func updateCurrentOffer(evseId: Int) {
        guard let machine = transactionMachines[evseId] else { return }
        let wanted: Double? =
            machine.facts.authorization != nil && machine.facts.mayCharge && machine.facts.evConnected
            ? Self.defaultOfferedCurrent : nil
        guard hardware.evse(evseId) != nil, offeredCurrent[evseId] != wanted else { return }
        offeredCurrent[evseId] = wanted
        hardwareCommand(.offerCurrent(wanted), evseId: evseId)
    }

    /// A command for one EVSE's hardware. Each EVSE's commands run one at a time, in the order given, so
    /// a contactor is never driven by two calls at once and a later offer never lands before an earlier one.
    enum HardwareCommand: Sendable {
        case contactor(ContactorState)
        case offerCurrent(Double?)
        /// Reads the meter once more (the contactor command before it has completed), then records the Ended event.
        case endAfterFinalReading(EVSETransactionMachine.Event)
        /// Records an event that came after a pending `endAfterFinalReading`, keeping the order.
        case record(EVSETransactionMachine.Event)
    }

    func hardwareCommand(_ command: HardwareCommand, evseId: Int) {
        if case .contactor = command {
            contactorCommandsInFlight[evseId, default: 0] += 1
            contactorCommandGeneration[evseId, default: 0] += 1
        }
        if hardwareQueues[evseId] == nil {
            let (stream, continuation) = AsyncStream.makeStream(of: HardwareCommand.self)
            hardwareQueues[evseId] = continuation
            startTask { station in
                for await command in stream { await station.execute(command, evseId: evseId) }
            }
        }
        hardwareQueues[evseId]?.yield(command)
    }

    private func execute(_ command: HardwareCommand, evseId: Int) async {
        switch command {
        case .contactor(let state):
            await driveContactor(evseId: evseId, to: state)
            contactorCommandsInFlight[evseId, default: 1] -= 1
            contactorCommandGeneration[evseId, default: 0] += 1
        case .offerCurrent(let amps):
            guard let board = hardware.evse(evseId)?.board else { return }
            do {
                try await board.offerCurrent(amps)
            } catch {
                logger.error("could not set the offered current", metadata: ["evse": "\(evseId)", "error": "\(error)"])
            }
        case .endAfterFinalReading(let event):
            await readFinalRegister(evseId: evseId)
            endsAwaitingFinalReading[evseId, default: 1] -= 1
            record(event, evseId: evseId)
        case .record(let event):
            record(event, evseId: evseId)
        }
    }

    /// One more meter read for the Ended event; a meter already known to have failed is not waited for
    /// (the last good reading stands, as it does for every event while the meter is down).
    private func readFinalRegister(evseId: Int) async {
        guard let meter = hardware.evse(evseId)?.meter, !availability.hasFault(evseId: evseId, .meterFailure) else {
            return
        }
        do {
            lastMeterReadings[evseId] = try await meter.read()
        } catch {
            logger.warning(
                "final meter read failed; the Ended event carries the last reading",
                metadata: ["evse": "\(evseId)", "error": "\(error)"]
            )
        }
    }

    /// Commands the contactor and reports its verified position back to the machine; a contactor that
    /// does not follow puts the EVSE in Faulted.
    func driveContactor(evseId: Int, to state: ContactorState) async {
        guard let contactor = hardware.evse(evseId)?.contactor else { return }
        do {
            try await contactor.set(state)
            apply(evseId) { $0.powerPath(closed: state == .closed) }
        } catch {
            contactorFailed(evseId: evseId, commanded: state, error)
        }
    }

    /// A contactor that did not follow its command faults the EVSE. After a failed open it is taken as
    /// closed (welded, or position unknown) and not commanded again: the fault stays until a technician
    /// clears it (a passing self-test, or a restart), instead of hammering the coil and flooding the log.
    /// After a failed close the coil is released again (unless it could not be driven at all), so a slow
    /// or repaired contactor does not close later with no session behind it.
    func contactorFailed(evseId: Int, commanded state: ContactorState, _ error: ContactorError) {
        logger.critical(
            "contactor did not follow its command",
            metadata: ["evse": "\(evseId)", "commanded": "\(state)", "error": "\(error)"]
        )
        let coilDriven: Bool = if case .driveFailure = error { false } else { true }
        if state == .closed, coilDriven { hardwareCommand(.contactor(.open), evseId: evseId) }
        contactorFault(evseId: evseId, heldAt: state, error)
    }

    /// Faults the EVSE because its contactor is not where the station holds it (`state`): a failed
    /// command, or what supervision found between commands. Held open, it is taken as closed and not
    /// commanded again until a technician clears the fault.
    func contactorFault(evseId: Int, heldAt state: ContactorState, _ error: ContactorError) {
        if state == .open { contactorFaulted.insert(evseId) }
        faultChanged(evseId: evseId, error == .welded ? .contactorWelded : .contactor(error), active: true)
        apply(evseId) { $0.powerPath(closed: state == .open) }
    }

    // MARK: recording events

    /// Writes one TransactionEvent (and the transaction's new state) to the store, then wakes the sender.
    func record(_ event: EVSETransactionMachine.Event, evseId: Int) {
        var record: TransactionRecord
        let isNew = event.eventType == .started
        if isNew {
            record = TransactionRecord(
                transactionId: UUID().uuidString.lowercased(),
                evseId: evseId,
                connectorId: 1,
                startedAt: now,
                meterStartWh: lastMeterReadings[evseId]?.energyImport,
                idToken: event.idToken,
                remoteStartId: event.remoteStartId
            )
        } else if let running = runningTransactions[evseId] {
            record = running
        } else {
            logger.error("transaction event without a transaction", metadata: ["evse": "\(evseId)"])
            return
        }
        let request = transactionEventRequest(event, record: record, evseId: evseId)
        var updated = record
        updated.nextSeqNo += 1
        updated.chargingState = event.chargingState?.rawValue
        updated.lastMeterWh = lastMeterReadings[evseId]?.energyImport ?? record.lastMeterWh
        if let idToken = event.idToken { updated.idToken = idToken }
        if let remoteStartId = event.remoteStartId { updated.remoteStartId = remoteStartId }
        if event.eventType == .ended {
            updated.state = .ended
            updated.endedAt = now
            updated.stoppedReason = event.stoppedReason?.rawValue
        }
        let message = OutboundMessage(
            action: OCPPAction.transactionEvent.rawValue,
            messageId: UUID().uuidString.lowercased(),
            payload: request.jsonText(),
            createdAt: now,
            offline: request.offline
        )
        do {
            _ = try store.appendTransactionEvent(transactionUpdate: updated, message: message)
        } catch {
            // Nothing is sent that was not stored, and no energy flows that cannot be billed: a store
            // that fails faults the EVSE.
            logger.critical(
                "could not store a transaction event; not sent",
                metadata: ["transaction-id": "\(record.transactionId)", "error": "\(error)"]
            )
            if event.eventType == .started {
                faultChanged(evseId: evseId, .other("store"), active: true)
            }
            return
        }
        logger.info(
            "transaction event recorded",
            metadata: [
                "transaction-id": "\(record.transactionId)", "event": "\(event.eventType.rawValue)",
                "trigger": "\(event.triggerReason.rawValue)", "seq-no": "\(record.nextSeqNo)",
            ]
        )
        switch event.eventType {
        case .started:
            runningTransactions[evseId] = updated
            transactionStarted(evseId: evseId)
            startSampledMeterValues(evseId: evseId)
        case .updated:
            runningTransactions[evseId] = updated
        case .ended:
            runningTransactions[evseId] = nil
            txEndedSamples[evseId] = nil
            cancelTimer(.sampledMeterValues(evseId: evseId))
            cancelTimer(.sampledTxEndedValues(evseId: evseId))
            transactionEnded(evseId: evseId)
        }
        senderWakeUps.yield()
    }

    func transactionEventRequest(
        _ event: EVSETransactionMachine.Event,
        record: TransactionRecord,
        evseId: Int
    ) -> TransactionEventRequest {
        let context: ReadingContextEnumType
        let measurands: [MeasurandEnumType]
        switch event.eventType {
        case .started:
            (context, measurands) = (.transactionBegin, deviceModel.sampledDataTxStartedMeasurands)
        case .ended:
            (context, measurands) = (.transactionEnd, deviceModel.sampledDataTxEndedMeasurands)
        case .updated where event.triggerReason == .meterValueClock:
            (context, measurands) = (.sampleClock, deviceModel.alignedDataMeasurands)
        case .updated:
            (context, measurands) = (
                event.triggerReason == .meterValuePeriodic ? .samplePeriodic : .trigger,
                deviceModel.sampledDataTxUpdatedMeasurands
            )
        }
        let sendMeterValue =
            event.eventType != .updated || event.triggerReason == .meterValuePeriodic
            || event.triggerReason == .meterValueClock || event.triggerReason == .trigger
        var meterValues: [MeterValueType] = []
        if event.eventType == .ended { meterValues += txEndedSamples[evseId] ?? [] }
        if sendMeterValue, let value = meterValue(evseId: evseId, context: context, measurands: measurands) {
            meterValues.append(value)
        }
        let online = isOnline
        return TransactionEventRequest(
            eventType: event.eventType,
            meterValue: meterValues.isEmpty ? nil : meterValues,
            timestamp: now,
            triggerReason: event.triggerReason,
            seqNo: record.nextSeqNo,
            offline: online ? nil : true,
            transactionInfo: TransactionType(
                transactionId: record.transactionId,
                chargingState: event.chargingState,
                stoppedReason: event.stoppedReason == .local ? nil : event.stoppedReason,
                remoteStartId: event.remoteStartId
            ),
            evse: record.nextSeqNo == 0 ? EVSEType(id: evseId, connectorId: record.connectorId) : nil,
            idToken: event.idToken
        )
    }

    /// A meter value from the last reading, with the configured measurands this meter can supply.
    func meterValue(evseId: Int, context: ReadingContextEnumType, measurands: [MeasurandEnumType]) -> MeterValueType? {
        guard let reading = lastMeterReadings[evseId] else { return nil }
        var sampled: [SampledValueType] = []
        for measurand in measurands.isEmpty ? [.energyActiveImportRegister] : measurands {
            switch measurand {
            case .energyActiveImportRegister:
                sampled.append(
                    SampledValueType(
                        value: reading.energyImport,
                        context: context,
                        measurand: measurand,
                        location: .outlet,
                        unitOfMeasure: UnitOfMeasureType(unit: "Wh")
                    )
                )
            case .energyActiveExportRegister:
                sampled.append(
                    SampledValueType(
                        value: reading.energyExport,
                        context: context,
                        measurand: measurand,
                        unitOfMeasure: UnitOfMeasureType(unit: "Wh")
                    )
                )
            case .powerActiveImport:
                sampled.append(
                    SampledValueType(
                        value: max(reading.activePower, 0),
                        context: context,
                        measurand: measurand,
                        unitOfMeasure: UnitOfMeasureType(unit: "W")
                    )
                )
            case .currentImport:
                sampled += perPhase(
                    reading.current,
                    [.l1, .l2, .l3],
                    unit: "A",
                    context: context,
                    measurand: measurand
                )
            case .voltage:
                sampled += perPhase(
                    reading.voltage,
                    [.l1N, .l2N, .l3N],
                    unit: "V",
                    context: context,
                    measurand: measurand
                )
            case .frequency:
                if let frequency = reading.frequency {
                    sampled.append(SampledValueType(value: frequency, context: context, measurand: measurand))
                }
            default:
                continue
            }
        }
        guard !sampled.isEmpty else { return nil }
        return MeterValueType(sampledValue: sampled, timestamp: now)
    }

    /// One sampled value per phase the meter reports.
    private func perPhase(
        _ values: PhaseValues,
        _ phases: [PhaseEnumType],
        unit: String,
        context: ReadingContextEnumType,
        measurand: MeasurandEnumType
    ) -> [SampledValueType] {
        zip(phases, [values.l1, values.l2, values.l3]).compactMap { phase, value in
            value.map {
                SampledValueType(
                    value: $0,
                    context: context,
                    measurand: measurand,
                    phase: phase,
                    unitOfMeasure: UnitOfMeasureType(unit: unit)
                )
            }
        }
    }

    // MARK: meter values

    /// Reads every meter each `meterPollInterval`: keeps the last reading, follows energy flow, and treats
    /// a meter that stops answering as a fault that ends charging (power must not flow unmetered). On the
    /// same tick, every contactor's feedback is checked against the position the station holds it in.
    func pollMeters() async {
        while !Task.isCancelled {
            for evse in hardware.evses {
                do {
                    let reading = try await evse.meter.read()
                    meterRead(evseId: evse.id, reading)
                } catch {
                    meterFailed(evseId: evse.id, error)
                }
            }
            await superviseContactors()
            do {
                try await clock.sleep(for: Self.meterPollInterval)
            } catch {
                return
            }
        }
    }

    private func meterRead(evseId: Int, _ reading: MeterReading) {
        lastMeterReadings[evseId] = reading
        if availability.hasFault(evseId: evseId, .meterFailure) {
            faultChanged(evseId: evseId, .meterFailure, active: false)
        }
        let flowing = reading.activePower > Self.energyFlowThreshold
        if transactionMachines[evseId]?.facts.energyFlowing != flowing {
            apply(evseId) { $0.energy(flowing: flowing) }
        }
    }

    private func meterFailed(evseId: Int, _ error: MeterError) {
        guard !availability.hasFault(evseId: evseId, .meterFailure) else { return }
        logger.error("meter failed", metadata: ["evse": "\(evseId)", "error": "\(error)"])
        faultChanged(evseId: evseId, .meterFailure, active: true)
    }

    /// SampledDataCtrlr.TxUpdatedInterval: an Updated event with MeterValuePeriodic every interval (J02);
    /// SampledDataCtrlr.TxEndedInterval: a value every interval, kept for the Ended event.
    private func startSampledMeterValues(evseId: Int) {
        txEndedSamples[evseId] = nil
        let interval = deviceModel.sampledDataTxUpdatedInterval
        if interval > .zero {
            startTimer(.sampledMeterValues(evseId: evseId), after: interval, repeating: true) { station in
                await station.sampleMeterValues(evseId: evseId)
            }
        }
        let endedInterval = deviceModel.sampledDataTxEndedInterval
        if endedInterval > .zero {
            startTimer(.sampledTxEndedValues(evseId: evseId), after: endedInterval, repeating: true) { station in
                await station.sampleTxEndedValues(evseId: evseId)
            }
        }
    }

    private func sampleTxEndedValues(evseId: Int) {
        guard transactionMachines[evseId]?.inTransaction == true,
            let value = meterValue(
                evseId: evseId,
                context: .samplePeriodic,
                measurands: deviceModel.sampledDataTxEndedMeasurands
            )
        else { return }
        appendTxEndedSample(value, evseId: evseId)
    }

    private func sampleMeterValues(evseId: Int) {
        guard let machine = transactionMachines[evseId], machine.inTransaction else { return }
        record(
            EVSETransactionMachine.Event(
                eventType: .updated,
                triggerReason: .meterValuePeriodic,
                chargingState: nil
            ),
            evseId: evseId
        )
    }

    /// AlignedDataCtrlr (J01): at every multiple of `Interval` since midnight UTC, a meter value with context
    /// Sample.Clock — in a TransactionEvent (MeterValueClock) for an EVSE with a transaction, in MeterValues
    /// for one without; at every multiple of `TxEndedInterval`, a value kept for the transaction's Ended
    /// event (J01.FR.?: TxEndedMeasurands). A changed interval applies from the next boundary on.
    func sendClockAlignedMeterValues() async {
        while !Task.isCancelled {
            let interval = deviceModel.alignedDataInterval.components.seconds
            let endedInterval = deviceModel.alignedDataTxEndedInterval.components.seconds
            let secondsOfDay = Int64(now.timeIntervalSince1970.rounded(.down)) % 86_400
            let waits = [interval, endedInterval].filter { $0 > 0 }.map { $0 - secondsOfDay % $0 }
            do {
                try await clock.sleep(for: .seconds(waits.min() ?? 60))
            } catch {
                return
            }
            let reached = Int64(now.timeIntervalSince1970.rounded()) % 86_400
            if interval > 0, reached % interval == 0 { clockAlignedBoundary() }
            if endedInterval > 0, reached % endedInterval == 0 { clockAlignedTxEndedBoundary() }
        }
    }

    private func clockAlignedBoundary() {
        for evse in hardware.evses {
            if transactionMachines[evse.id]?.inTransaction == true {
                record(
                    EVSETransactionMachine.Event(eventType: .updated, triggerReason: .meterValueClock),
                    evseId: evse.id
                )
            } else if registration.maySend(.meterValues), session.isConnected,
                let value = meterValue(
                    evseId: evse.id,
                    context: .sampleClock,
                    measurands: deviceModel.alignedDataMeasurands
                )
            {
                let request = MeterValuesRequest(evseId: evse.id, meterValue: [value])
                startTask { station in
                    do {
                        _ = try await station.session.call(request)
                    } catch {
                        station.logger.warning("MeterValues not delivered", metadata: ["error": "\(error)"])
                    }
                }
            }
        }
    }

    private func clockAlignedTxEndedBoundary() {
        for evse in hardware.evses where transactionMachines[evse.id]?.inTransaction == true {
            guard
                let value = meterValue(
                    evseId: evse.id,
                    context: .sampleClock,
                    measurands: deviceModel.alignedDataTxEndedMeasurands
                )
            else { continue }
            appendTxEndedSample(value, evseId: evse.id)
        }
    }

    /// Keeps at most `maximumTxEndedSamples` values per transaction (the oldest go first), so a long session
    /// cannot make an Ended event too large to be accepted.
    private func appendTxEndedSample(_ value: MeterValueType, evseId: Int) {
        var samples = txEndedSamples[evseId] ?? []
        samples.append(value)
        if samples.count > Self.maximumTxEndedSamples {
            samples.removeFirst(samples.count - Self.maximumTxEndedSamples)
        }
        txEndedSamples[evseId] = samples
    }

    static let maximumTxEndedSamples = 96

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
        defer { senderBusy = false }
        while registration.maySend(.transactionEvent), session.isConnected {
            let queued: QueuedMessage
            do {
                guard let oldest = try store.oldestQueuedMessage() else { return }
                queued = oldest
            } catch {
                logger.error("cannot read the message queue", metadata: ["error": "\(error)"])
                return
            }
            let request: TransactionEventRequest
            do {
                request = try TransactionEventRequest(jsonText: queued.payload)
            } catch {
                logger.error(
                    "dropping an unreadable queued message",
                    metadata: ["sequence": "\(queued.sequence)", "error": "\(error)"]
                )
                _ = try? store.removeQueuedMessage(sequence: queued.sequence)
                continue
            }
            do {
                let response = try await session.call(request)
                do {
                    try store.removeQueuedMessage(sequence: queued.sequence)
                } catch {
                    // Sent again after the next wake-up rather than in a tight loop; the CSMS sees a repeat.
                    logger.error("cannot remove an answered message", metadata: ["error": "\(error)"])
                    return
                }
                _ = try? store.deleteDeliveredEndedTransactions()
                await transactionEventAnswered(request, response)
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
                                "transaction-id": "\(request.transactionInfo.transactionId)",
                                "seq-no": "\(request.seqNo)", "attempts": "\(attempts)", "error": "\(error)",
                            ]
                        )
                        _ = try? store.removeQueuedMessage(sequence: queued.sequence)
                        continue
                    }
                    let interval = min(deviceModel.messageAttemptIntervalTransactionEvent, Self.longestTimer)
                    let wait = min(interval * min(attempts, 1000), Self.longestTimer)
                    logger.warning(
                        "transaction message failed; retrying",
                        metadata: ["seq-no": "\(request.seqNo)", "attempt": "\(attempts)", "error": "\(error)"]
                    )
                    transactionRetryPending = true
                    startTimer(.transactionMessageRetry, after: wait) { station in
                        await station.transactionRetryDue()
                    }
                    return
                }
            }
        }
    }

    private func transactionRetryDue() {
        transactionRetryPending = false
        senderWakeUps.yield()
    }

    /// What the CSMS says back about a transaction: its idTokenInfo (cache, deauthorization) and cost.
    private func transactionEventAnswered(
        _ request: TransactionEventRequest,
        _ response: TransactionEventResponse
    )
        async
    {
        let transactionId = request.transactionInfo.transactionId
        if let totalCost = response.totalCost,
            var record = runningTransactions.values.first(where: { $0.transactionId == transactionId })
        {
            record.totalCost = totalCost
            runningTransactions[record.evseId] = record
            try? store.updateTransaction(record)
        }
        guard let info = response.idTokenInfo, let idToken = request.idToken else { return }
        updateAuthorizationCache(idToken, with: info)
        if info.status != .accepted, deviceModel.stopTxOnInvalidId,
            let evseId = runningTransactions.first(where: { $0.value.transactionId == transactionId })?.key
        {
            logger.notice(
                "CSMS did not accept the idToken; deauthorizing",
                metadata: ["transaction-id": "\(transactionId)"]
            )
            apply(evseId) { $0.deauthorize() }
        }
    }
}
