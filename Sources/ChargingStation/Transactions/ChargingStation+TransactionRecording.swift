import HAL
import OCPP
import OCPPRPC
import StationStore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Recording TransactionEvents: `TransactionRecording` decides what each event carries; the actor writes
/// the frame to the store, atomically with the transaction's next seqNo, before anything is sent (E11/E12).
extension ChargingStation {
    /// What `TransactionRecording` may read about `evseId`.
    func recordingContext(evseId: Int) -> TransactionRecording.Context {
        let evse = evseStates[evseId]
        return TransactionRecording.Context(
            evseId: evseId,
            running: evse?.running,
            reading: evse?.lastReading,
            txEndedSamples: evse?.txEndedSamples ?? [],
            measurands: meterValueMeasurands,
            online: isOnline,
            now: now,
            newTransactionId: UUID().uuidString.lowercased(),
            newMessageId: UUID().uuidString.lowercased()
        )
    }

    /// Writes one TransactionEvent (and the transaction's new state) to the store, then wakes the sender.
    func record(_ event: EVSETransactionMachine.Event, evseId: Int) {
        perform(TransactionRecording.record(event, in: recordingContext(evseId: evseId)), of: event, evseId: evseId)
    }

    func perform(_ actions: [TransactionRecording.Action], of event: EVSETransactionMachine.Event, evseId: Int) {
        for action in actions {
            switch action {
            case .noTransaction:
                logger.error("transaction event without a transaction", metadata: ["evse": "\(evseId)"])
            case .registerBelowLastSent(let transactionId, let read, let sent):
                logger.warning(
                    "meter register below the last one sent for this transaction; the last one is reported",
                    metadata: ["transaction-id": "\(transactionId)", "read-wh": "\(read)", "sent-wh": "\(sent)"]
                )
            case .brokenFrame(let transactionId, let error):
                logger.critical(
                    "transaction event breaks its schema; not stored",
                    metadata: ["transaction-id": "\(transactionId)", "error": "\(error)"]
                )
            case .store(let record, let message):
                do {
                    _ = try store.appendTransactionEvent(transactionUpdate: record, message: message)
                } catch {
                    logger.critical(
                        "could not store a transaction event; not sent",
                        metadata: ["transaction-id": "\(record.transactionId)", "error": "\(error)"]
                    )
                    perform(TransactionRecording.notStored(event), of: event, evseId: evseId)
                    return
                }
            case .recorded(let transactionId, let eventType, let trigger, let seqNo):
                logger.info(
                    "transaction event recorded",
                    metadata: [
                        "transaction-id": "\(transactionId)", "event": "\(eventType.rawValue)",
                        "trigger": "\(trigger.rawValue)", "seq-no": "\(seqNo)",
                    ]
                )
            case .keepRunning(let record):
                evseStates[evseId]?.running = record
            case .transactionStarted:
                transactionStarted(evseId: evseId)
                smartChargingTransactionStarted(evseId: evseId)
                startSampledMeterValues(evseId: evseId)
            case .transactionEnded:
                let ended = evseStates[evseId]?.running?.transactionId
                evseStates[evseId]?.running = nil
                smartChargingTransactionEnded(evseId: evseId, transactionId: ended)
                stopSampledMeterValues(evseId: evseId)
                transactionEnded(evseId: evseId)
            case .wakeSender:
                senderWakeUps.yield()
                stateChanged()
            case .faultEVSEForStore:
                faultChanged(evseId: evseId, .other("store"), active: true)
            }
        }
    }
}
