import HAL
import OCPP
import StationStore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Recording a TransactionEvent (OCPP 2.0.1 E01-E12): what the event carries (seqNo, triggerReason, the meter
/// values of SampledDataCtrlr and AlignedDataCtrlr, the offline flag) and the transaction's new state, as one
/// final OCPP-J frame to store before anything is sent.
///
/// A block with a narrow context: it reads the EVSE's running transaction, last reading and configuration,
/// and returns what the station must do; the store write, the sender and the other blocks are the actor's.
enum TransactionRecording {
    /// What the block may read.
    struct Context: Sendable {
        var evseId: Int
        /// The transaction running on the EVSE, as stored (nil before its Started event).
        var running: TransactionRecord?
        /// The EVSE's last good meter reading.
        var reading: MeterReading?
        /// Values kept for the running transaction's Ended event, oldest first.
        var txEndedSamples: [MeterValueType] = []
        var measurands: MeterValues.Measurands
        /// Linked to the CSMS and accepted by it; otherwise the event is marked offline (E11, E12).
        var online: Bool
        /// The time (as the CSMS sees it) the event happens.
        var now: Date
        /// A fresh transaction id (UUID text), taken by a Started event.
        var newTransactionId: String
        /// A fresh OCPP-J message id (UUID text): the frame is sent with it on every attempt.
        var newMessageId: String
    }

    /// What the block may ask for, in order.
    enum Action: Sendable, Equatable {
        /// An Updated or Ended event with no transaction on the EVSE: nothing recorded (logged as an error).
        case noTransaction
        /// The meter reads below the register already sent for this transaction: the sent one is reported
        /// (logged as a warning).
        case registerBelowLastSent(transactionId: String, readWh: Double, sentWh: Double)
        /// The frame breaks its schema: neither stored nor sent (logged as critical).
        case brokenFrame(transactionId: String, error: String)
        /// Write the transaction's new state and the frame in one commit. The actions after it apply once
        /// it is stored; when it cannot be, the station carries out `notStored(_:)` instead.
        case store(TransactionRecord, OutboundMessage)
        /// Logged once stored.
        case recorded(
            transactionId: String,
            eventType: TransactionEventEnumType,
            trigger: TriggerReasonEnumType,
            seqNo: Int
        )
        /// The transaction runs on as this record (Started, Updated).
        case keepRunning(TransactionRecord)
        /// Started: the EVSE is in a transaction, and its sampled values begin.
        case transactionStarted
        /// Ended: the EVSE is free of it, and its sampled values stop.
        case transactionEnded
        /// Wake the sender: a frame waits in the queue.
        case wakeSender
        /// A Started event could not be stored: the EVSE faults, since no energy may flow that cannot be
        /// billed.
        case faultEVSEForStore
    }

    /// Records one event from the EVSE's transaction machine (or a meter value timer, or a trigger).
    ///
    /// - A Started event makes the transaction (id, EVSE, connector, start reading) with seqNo 0 and the
    ///   EVSE in its `evse` field; every later event carries the next seqNo and no `evse`.
    /// - The meter value goes in every Started and Ended event and in Updated events of MeterValuePeriodic
    ///   (Sample.Periodic, TxUpdatedMeasurands, J02), MeterValueClock (Sample.Clock, AlignedDataCtrlr
    ///   Measurands, J01) and Trigger (Trigger, TxUpdatedMeasurands, F06); Started uses TxStartedMeasurands
    ///   (Transaction.Begin, TC_J_07), Ended TxEndedMeasurands (Transaction.End, TC_J_10) after the values kept
    ///   for it (TxEndedInterval, TC_J_03).
    /// - The energy register is never below the last one sent for the transaction (issue 13 item 8).
    /// - Recorded while not linked and accepted, the event is marked offline (E11, E12).
    /// - stoppedReason Local is the default and is left out.
    static func record(_ event: EVSETransactionMachine.Event, in context: Context) -> [Action] {
        let record: TransactionRecord
        if event.eventType == .started {
            record = TransactionRecord(
                transactionId: context.newTransactionId,
                evseId: context.evseId,
                connectorId: 1,
                startedAt: context.now,
                meterStartWh: context.reading?.energyImport,
                idToken: event.idToken,
                remoteStartId: event.remoteStartId
            )
        } else if let running = context.running {
            record = running
        } else {
            return [.noTransaction]
        }
        var actions: [Action] = []
        let read = context.reading?.energyImport
        if let read, let sent = record.lastMeterWh, read < sent {
            actions.append(.registerBelowLastSent(transactionId: record.transactionId, readWh: read, sentWh: sent))
        }
        let energy = MeterValues.reportableEnergyImport(read: read, sent: record.lastMeterWh)
        let request = request(for: event, of: record, energyImport: energy, in: context)

        // The final frame is made here, once: checked against the schema now, stored, and later sent exactly
        // as stored (the same message id on every attempt), never parsed or decoded again on the way.
        let payload = request.jsonValue()
        do {
            _ = try TransactionEventRequest(json: payload)
        } catch {
            return actions + [.brokenFrame(transactionId: record.transactionId, error: error.description)]
        }
        let message = OutboundMessage(
            action: OCPPAction.transactionEvent.rawValue,
            messageId: context.newMessageId,
            payload: payload.serialized(),
            createdAt: context.now,
            offline: request.offline
        )
        var updated = record
        updated.nextSeqNo += 1
        updated.chargingState = event.chargingState?.rawValue
        updated.lastMeterWh = energy
        if let idToken = event.idToken { updated.idToken = idToken }
        if let remoteStartId = event.remoteStartId { updated.remoteStartId = remoteStartId }
        if event.eventType == .ended {
            updated.state = .ended
            updated.endedAt = context.now
            updated.stoppedReason = event.stoppedReason?.rawValue
        }
        actions.append(.store(updated, message))
        actions.append(
            .recorded(
                transactionId: record.transactionId,
                eventType: event.eventType,
                trigger: event.triggerReason,
                seqNo: record.nextSeqNo
            )
        )
        switch event.eventType {
        case .started: actions += [.keepRunning(updated), .transactionStarted]
        case .updated: actions.append(.keepRunning(updated))
        case .ended: actions.append(.transactionEnded)
        }
        actions.append(.wakeSender)
        return actions
    }

    /// The event could not be stored, so it is not sent: a Started one faults the EVSE (nothing flows that
    /// cannot be billed); a later one leaves the transaction as it was.
    static func notStored(_ event: EVSETransactionMachine.Event) -> [Action] {
        event.eventType == .started ? [.faultEVSEForStore] : []
    }

    /// The reading context and measurands of the meter value an event carries; nil for an Updated event
    /// that carries none (a change of charging state, an authorization).
    static func sampling(
        for event: EVSETransactionMachine.Event,
        _ measurands: MeterValues.Measurands
    ) -> (context: ReadingContextEnumType, measurands: [MeasurandEnumType])? {
        switch (event.eventType, event.triggerReason) {
        case (.started, _): (.transactionBegin, measurands.txStarted)
        case (.ended, _): (.transactionEnd, measurands.txEnded)
        case (.updated, .meterValueClock): (.sampleClock, measurands.aligned)
        case (.updated, .meterValuePeriodic): (.samplePeriodic, measurands.txUpdated)
        case (.updated, .trigger): (.trigger, measurands.txUpdated)
        case (.updated, _): nil
        }
    }

    /// The TransactionEventRequest for `event` of `record`, with the register to report.
    static func request(
        for event: EVSETransactionMachine.Event,
        of record: TransactionRecord,
        energyImport: Double?,
        in context: Context
    ) -> TransactionEventRequest {
        var meterValues: [MeterValueType] = []
        if event.eventType == .ended { meterValues += context.txEndedSamples }
        if let sampling = sampling(for: event, context.measurands), let reading = context.reading,
            let value = MeterValues.meterValue(
                reading,
                energyImport: energyImport ?? reading.energyImport,
                context: sampling.context,
                measurands: sampling.measurands,
                at: context.now
            )
        {
            meterValues.append(value)
        }
        return TransactionEventRequest(
            eventType: event.eventType,
            meterValue: meterValues.isEmpty ? nil : meterValues,
            timestamp: context.now,
            triggerReason: event.triggerReason,
            seqNo: record.nextSeqNo,
            offline: context.online ? nil : true,
            transactionInfo: TransactionType(
                transactionId: record.transactionId,
                chargingState: event.chargingState,
                stoppedReason: event.stoppedReason == .local ? nil : event.stoppedReason,
                remoteStartId: event.remoteStartId
            ),
            evse: record.nextSeqNo == 0 ? EVSEType(id: context.evseId, connectorId: record.connectorId) : nil,
            idToken: event.idToken
        )
    }
}
