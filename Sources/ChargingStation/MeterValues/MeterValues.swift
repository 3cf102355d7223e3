import HAL
import OCPP

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Meter values (OCPP 2.0.1 J01 clock-aligned, J02 sampled): what a value carries, when values are taken and
/// where they go — a TransactionEvent for an EVSE with a transaction, MeterValues for one without, or kept
/// for the transaction's Ended event.
///
/// A block with a narrow context: it reads the readings, the configured measurands and intervals and which
/// EVSEs run a transaction, and returns what the station must do. Reading the meters, recording events,
/// sending and timers are the actor's.
enum MeterValues {
    /// The measurands configured for each kind of value (SampledDataCtrlr, AlignedDataCtrlr).
    struct Measurands: Sendable, Equatable {
        /// SampledDataCtrlr.TxStartedMeasurands: the Started event (Transaction.Begin).
        var txStarted: [MeasurandEnumType] = []
        /// SampledDataCtrlr.TxUpdatedMeasurands: Updated events (Sample.Periodic, Trigger).
        var txUpdated: [MeasurandEnumType] = []
        /// SampledDataCtrlr.TxEndedMeasurands: the Ended event (Transaction.End) and its TxEndedInterval values.
        var txEnded: [MeasurandEnumType] = []
        /// AlignedDataCtrlr.Measurands: clock-aligned values (Sample.Clock).
        var aligned: [MeasurandEnumType] = []
        /// AlignedDataCtrlr.TxEndedMeasurands: clock-aligned values kept for the Ended event.
        var alignedTxEnded: [MeasurandEnumType] = []
    }

    /// One EVSE as the block sees it.
    struct EVSE: Sendable, Equatable {
        var id: Int
        var inTransaction = false
        /// The last good meter reading.
        var reading: MeterReading?
        /// The energy register last sent for the running transaction.
        var sentEnergyImport: Double?
        /// Values kept for the running transaction's Ended event, oldest first.
        var txEndedSamples: [MeterValueType] = []
        /// The EVSE is faulted for a meter that stopped answering.
        var meterFaulted = false
        /// The transaction machine holds energy as flowing.
        var energyFlowing = false
    }

    /// What the block may read.
    struct Context: Sendable {
        /// The EVSEs concerned (every EVSE for a clock-aligned boundary), in the station's order.
        var evses: [EVSE]
        var measurands: Measurands
        /// SampledDataCtrlr.TxUpdatedInterval and TxEndedInterval (zero: off).
        var txUpdatedInterval: Duration = .zero
        var txEndedInterval: Duration = .zero
        /// AlignedDataCtrlr.Interval and TxEndedInterval (zero: off).
        var alignedInterval: Duration = .zero
        var alignedTxEndedInterval: Duration = .zero
        /// The registration allows MeterValues and the link is up.
        var maySendMeterValues = false
        /// The time (as the CSMS sees it) stamped on values taken now.
        var now: Date

        func evse(_ id: Int) -> EVSE? { evses.first { $0.id == id } }
    }

    /// What the block may ask for.
    enum Action: Sendable, Equatable {
        /// An Updated TransactionEvent for the EVSE's transaction (Transactions records it).
        case recordTransactionEvent(evseId: Int, EVSETransactionMachine.Event)
        /// A MeterValues CALL; not queued: one that is not delivered is only logged.
        case sendMeterValues(MeterValuesRequest)
        /// The values kept for the transaction's Ended event become these.
        case keepForEnded(evseId: Int, [MeterValueType])
        case timer(TimerAction)
        /// The meter answered again: its fault clears.
        case clearMeterFault(evseId: Int)
        /// The meter stopped answering: the EVSE faults, which ends charging (no energy flows unmetered).
        case raiseMeterFault(evseId: Int, error: String)
        /// Energy started or stopped flowing (a fact for the transaction machine).
        case energyFlowing(evseId: Int, Bool)
    }

    /// Active power above this (W) counts as energy flowing (meters read a few W of noise).
    static let energyFlowThreshold = 50.0
    /// At most this many values are kept for one Ended event (the oldest go first), so a long session cannot
    /// make its Ended event too large to be accepted.
    static let maximumTxEndedSamples = 96

    // MARK: the values

    /// The energy register to report for a transaction: never below what was already sent for it (issue 13
    /// item 8). A meter that restarted at zero, was replaced or read a glitch would otherwise make the CSMS
    /// see energy going backwards and bill a negative session; the last register sent stands instead.
    static func reportableEnergyImport(read: Double?, sent: Double?) -> Double? {
        guard let read else { return sent }
        guard let sent else { return read }
        return max(read, sent)
    }

    /// A meter value from `reading`, with the configured measurands this meter can supply (the energy
    /// register alone when none is configured); nil when it supplies none of them. `energyImport` is the
    /// register to report (see `reportableEnergyImport`).
    static func meterValue(
        _ reading: MeterReading,
        energyImport: Double,
        context: ReadingContextEnumType,
        measurands: [MeasurandEnumType],
        at time: Date
    ) -> MeterValueType? {
        var sampled: [SampledValueType] = []
        for measurand in measurands.isEmpty ? [.energyActiveImportRegister] : measurands {
            switch measurand {
            case .energyActiveImportRegister:
                sampled.append(
                    SampledValueType(
                        value: energyImport,
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
        return MeterValueType(sampledValue: sampled, timestamp: time)
    }

    /// A meter value from the EVSE's last reading, its register never below the one sent for its transaction.
    static func meterValue(
        of evse: EVSE,
        context: ReadingContextEnumType,
        measurands: [MeasurandEnumType],
        at time: Date
    ) -> MeterValueType? {
        guard let reading = evse.reading else { return nil }
        let energy = reportableEnergyImport(read: reading.energyImport, sent: evse.sentEnergyImport)
        return meterValue(
            reading,
            energyImport: energy ?? reading.energyImport,
            context: context,
            measurands: measurands,
            at: time
        )
    }

    /// One sampled value per phase the meter reports.
    private static func perPhase(
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

    /// `samples` with `value` added, at most `maximumTxEndedSamples` of them (the oldest go first).
    static func keeping(_ value: MeterValueType, after samples: [MeterValueType]) -> [MeterValueType] {
        var kept = samples
        kept.append(value)
        if kept.count > maximumTxEndedSamples { kept.removeFirst(kept.count - maximumTxEndedSamples) }
        return kept
    }

    // MARK: the meters

    /// A good reading (the `.meterPoll` timer): a meter fault clears, and energy flow follows active power.
    static func meterRead(_ reading: MeterReading, by evse: EVSE) -> [Action] {
        var actions: [Action] = []
        if evse.meterFaulted { actions.append(.clearMeterFault(evseId: evse.id)) }
        let flowing = reading.activePower > energyFlowThreshold
        if evse.energyFlowing != flowing { actions.append(.energyFlowing(evseId: evse.id, flowing)) }
        return actions
    }

    /// A meter that does not answer faults its EVSE, once: power must not flow unmetered.
    static func meterFailed(_ error: String, by evse: EVSE) -> [Action] {
        evse.meterFaulted ? [] : [.raiseMeterFault(evseId: evse.id, error: error)]
    }

    // MARK: sampled values (J02)

    /// A transaction started: SampledDataCtrlr.TxUpdatedInterval brings an Updated event with
    /// MeterValuePeriodic every interval (J02); SampledDataCtrlr.TxEndedInterval a value every interval, kept
    /// for the Ended event. An interval of zero turns its values off.
    static func transactionStarted(evseId: Int, in context: Context) -> [Action] {
        var actions: [Action] = [.keepForEnded(evseId: evseId, [])]
        if context.txUpdatedInterval > .zero {
            let interval = context.txUpdatedInterval
            actions.append(.timer(.schedule(.sampledMeterValues(evseId: evseId), after: interval, repeating: interval)))
        }
        if context.txEndedInterval > .zero {
            let interval = context.txEndedInterval
            actions.append(
                .timer(.schedule(.sampledTxEndedValues(evseId: evseId), after: interval, repeating: interval))
            )
        }
        return actions
    }

    /// A transaction ended: its values went with the Ended event, and its intervals stop.
    static func transactionEnded(evseId: Int) -> [Action] {
        [
            .keepForEnded(evseId: evseId, []),
            .timer(.cancel(.sampledMeterValues(evseId: evseId))),
            .timer(.cancel(.sampledTxEndedValues(evseId: evseId))),
        ]
    }

    /// SampledDataCtrlr.TxUpdatedInterval elapsed: an Updated event with triggerReason MeterValuePeriodic
    /// (its value, Sample.Periodic with TxUpdatedMeasurands, is taken when the event is recorded).
    static func txUpdatedIntervalElapsed(evseId: Int, in context: Context) -> [Action] {
        guard context.evse(evseId)?.inTransaction == true else { return [] }
        let event = EVSETransactionMachine.Event(eventType: .updated, triggerReason: .meterValuePeriodic)
        return [.recordTransactionEvent(evseId: evseId, event)]
    }

    /// SampledDataCtrlr.TxEndedInterval elapsed: a Sample.Periodic value with TxEndedMeasurands, kept for the
    /// Ended event.
    static func txEndedIntervalElapsed(evseId: Int, in context: Context) -> [Action] {
        guard let evse = context.evse(evseId), evse.inTransaction,
            let value = meterValue(
                of: evse,
                context: .samplePeriodic,
                measurands: context.measurands.txEnded,
                at: context.now
            )
        else { return [] }
        return [.keepForEnded(evseId: evseId, keeping(value, after: evse.txEndedSamples))]
    }

    // MARK: clock-aligned values (J01)

    /// The wait until the next boundary: a multiple of AlignedDataCtrlr.Interval or TxEndedInterval since
    /// midnight UTC (a minute when both are off, to look again). A changed interval applies from the next
    /// boundary on.
    static func nextAlignedBoundary(in context: Context) -> Duration {
        let secondsOfDay = Int64(context.now.timeIntervalSince1970.rounded(.down)) % 86_400
        let intervals = [context.alignedInterval, context.alignedTxEndedInterval].map(\.components.seconds)
        let waits = intervals.filter { $0 > 0 }.map { $0 - secondsOfDay % $0 }
        return .seconds(waits.min() ?? 60)
    }

    /// The `.clockAlignedMeterValues` timer fired: the boundaries reached now, then the next one (J01).
    ///
    /// - At an AlignedDataCtrlr.Interval boundary, a Sample.Clock value with AlignedDataCtrlr.Measurands: in
    ///   an Updated event with MeterValueClock for an EVSE with a transaction (TC_J_02), in MeterValues for
    ///   one without (TC_J_01; SendDuringIdle is false: values go out with and without a transaction).
    /// - At an AlignedDataCtrlr.TxEndedInterval boundary, a Sample.Clock value with
    ///   AlignedDataCtrlr.TxEndedMeasurands, kept for the transaction's Ended event (TC_J_03).
    static func alignedTimerFired(in context: Context) -> [Action] {
        let reached = Int64(context.now.timeIntervalSince1970.rounded()) % 86_400
        let interval = context.alignedInterval.components.seconds
        let endedInterval = context.alignedTxEndedInterval.components.seconds
        var actions: [Action] = []
        if interval > 0, reached % interval == 0 {
            for evse in context.evses {
                if evse.inTransaction {
                    let event = EVSETransactionMachine.Event(eventType: .updated, triggerReason: .meterValueClock)
                    actions.append(.recordTransactionEvent(evseId: evse.id, event))
                } else if context.maySendMeterValues,
                    let value = meterValue(
                        of: evse,
                        context: .sampleClock,
                        measurands: context.measurands.aligned,
                        at: context.now
                    )
                {
                    actions.append(.sendMeterValues(MeterValuesRequest(evseId: evse.id, meterValue: [value])))
                }
            }
        }
        if endedInterval > 0, reached % endedInterval == 0 {
            for evse in context.evses where evse.inTransaction {
                guard
                    let value = meterValue(
                        of: evse,
                        context: .sampleClock,
                        measurands: context.measurands.alignedTxEnded,
                        at: context.now
                    )
                else { continue }
                actions.append(.keepForEnded(evseId: evse.id, keeping(value, after: evse.txEndedSamples)))
            }
        }
        actions.append(.timer(.schedule(.clockAlignedMeterValues, after: nextAlignedBoundary(in: context))))
        return actions
    }
}
