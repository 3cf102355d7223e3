import HAL
import OCPP
import OCPPRPC
import StationStore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Recording TransactionEvents: each event becomes its final OCPP-J frame (message id and payload, checked
/// against its schema once) and is written to the store, atomically with the transaction's next seqNo,
/// before anything is sent (E11/E12).
extension ChargingStation {
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
                meterStartWh: evseStates[evseId]?.lastReading?.energyImport,
                idToken: event.idToken,
                remoteStartId: event.remoteStartId
            )
        } else if let running = evseStates[evseId]?.running {
            record = running
        } else {
            logger.error("transaction event without a transaction", metadata: ["evse": "\(evseId)"])
            return
        }
        if let reading = evseStates[evseId]?.lastReading?.energyImport, let sent = record.lastMeterWh, reading < sent {
            logger.warning(
                "meter register below the last one sent for this transaction; the last one is reported",
                metadata: ["transaction-id": "\(record.transactionId)", "read-wh": "\(reading)", "sent-wh": "\(sent)"]
            )
        }
        let request = transactionEventRequest(event, record: record, evseId: evseId)
        var updated = record
        updated.nextSeqNo += 1
        updated.chargingState = event.chargingState?.rawValue
        updated.lastMeterWh = evseStates[evseId]?.reportableEnergyImport ?? record.lastMeterWh
        if let idToken = event.idToken { updated.idToken = idToken }
        if let remoteStartId = event.remoteStartId { updated.remoteStartId = remoteStartId }
        if event.eventType == .ended {
            updated.state = .ended
            updated.endedAt = now
            updated.stoppedReason = event.stoppedReason?.rawValue
        }
        // The final frame is made here, once: checked against the schema now, stored, and later sent exactly
        // as stored (the same message id on every attempt), never parsed or decoded again on the way.
        let payload = request.jsonValue()
        do {
            _ = try TransactionEventRequest(json: payload)
        } catch {
            logger.critical(
                "transaction event breaks its schema; not stored",
                metadata: ["transaction-id": "\(record.transactionId)", "error": "\(error.description)"]
            )
            return
        }
        let message = OutboundMessage(
            action: OCPPAction.transactionEvent.rawValue,
            messageId: UUID().uuidString.lowercased(),
            payload: payload.serialized(),
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
            evseStates[evseId]?.running = updated
            transactionStarted(evseId: evseId)
            startSampledMeterValues(evseId: evseId)
        case .updated:
            evseStates[evseId]?.running = updated
        case .ended:
            evseStates[evseId]?.running = nil
            evseStates[evseId]?.txEndedSamples = []
            cancelTimer(.sampledMeterValues(evseId: evseId))
            cancelTimer(.sampledTxEndedValues(evseId: evseId))
            transactionEnded(evseId: evseId)
        }
        senderWakeUps.yield()
        stateChanged()
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
        if event.eventType == .ended { meterValues += evseStates[evseId]?.txEndedSamples ?? [] }
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

}
