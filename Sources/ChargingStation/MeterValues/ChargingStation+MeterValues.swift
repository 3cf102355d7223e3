import HAL
import OCPP
import OCPPRPC
import StationStore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Meter values (J01 clock-aligned, J02 sampled): the meters polled every second, sampled values in
/// TransactionEvents and in MeterValues for EVSEs without a transaction.
extension ChargingStation {
    // MARK: meter values

    /// Reads every meter (the `.meterPoll` timer, every `meterPollInterval`): keeps the last reading,
    /// follows energy flow, and treats a meter that stops answering as a fault that ends charging (power
    /// must not flow unmetered). On the same tick, every contactor's feedback is checked against the
    /// position the station holds it in. A poll still reading when the next one is due makes it skip.
    func pollMetersOnce() async {
        for evse in hardware.evses {
            do {
                let reading = try await evse.meter.read()
                meterRead(evseId: evse.id, reading)
            } catch {
                meterFailed(evseId: evse.id, error)
            }
        }
        await superviseContactors()
        meterPollRunning = false
    }

    private func meterRead(evseId: Int, _ reading: MeterReading) {
        evseStates[evseId]?.lastReading = reading
        if availability.hasFault(evseId: evseId, .meterFailure) {
            faultChanged(evseId: evseId, .meterFailure, active: false)
        }
        let flowing = reading.activePower > Self.energyFlowThreshold
        if evseStates[evseId]?.transaction.facts.energyFlowing != flowing {
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
    func startSampledMeterValues(evseId: Int) {
        evseStates[evseId]?.txEndedSamples = []
        let interval = deviceModel.sampledDataTxUpdatedInterval
        if interval > .zero {
            schedule(.sampledMeterValues(evseId: evseId), after: interval, repeating: interval)
        }
        let endedInterval = deviceModel.sampledDataTxEndedInterval
        if endedInterval > .zero {
            schedule(.sampledTxEndedValues(evseId: evseId), after: endedInterval, repeating: endedInterval)
        }
    }

    func sampleTxEndedValues(evseId: Int) {
        guard evseStates[evseId]?.transaction.inTransaction == true,
            let value = meterValue(
                evseId: evseId,
                context: .samplePeriodic,
                measurands: deviceModel.sampledDataTxEndedMeasurands
            )
        else { return }
        appendTxEndedSample(value, evseId: evseId)
    }

    func sampleMeterValues(evseId: Int) {
        guard evseStates[evseId]?.transaction.inTransaction == true else { return }
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
    /// event (AlignedDataCtrlr.TxEndedMeasurands). A changed interval applies from the next boundary on.
    func scheduleClockAlignedMeterValues() {
        let interval = deviceModel.alignedDataInterval.components.seconds
        let endedInterval = deviceModel.alignedDataTxEndedInterval.components.seconds
        let secondsOfDay = Int64(now.timeIntervalSince1970.rounded(.down)) % 86_400
        let waits = [interval, endedInterval].filter { $0 > 0 }.map { $0 - secondsOfDay % $0 }
        schedule(.clockAlignedMeterValues, after: .seconds(waits.min() ?? 60))
    }

    /// The `.clockAlignedMeterValues` timer: the boundaries reached now, then the next one.
    func clockAlignedTimerFired() {
        let interval = deviceModel.alignedDataInterval.components.seconds
        let endedInterval = deviceModel.alignedDataTxEndedInterval.components.seconds
        let reached = Int64(now.timeIntervalSince1970.rounded()) % 86_400
        if interval > 0, reached % interval == 0 { clockAlignedBoundary() }
        if endedInterval > 0, reached % endedInterval == 0 { clockAlignedTxEndedBoundary() }
        scheduleClockAlignedMeterValues()
    }

    private func clockAlignedBoundary() {
        for evse in hardware.evses {
            if evseStates[evse.id]?.transaction.inTransaction == true {
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
        for evse in hardware.evses where evseStates[evse.id]?.transaction.inTransaction == true {
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
        var samples = evseStates[evseId]?.txEndedSamples ?? []
        samples.append(value)
        if samples.count > Self.maximumTxEndedSamples {
            samples.removeFirst(samples.count - Self.maximumTxEndedSamples)
        }
        evseStates[evseId]?.txEndedSamples = samples
    }

    static let maximumTxEndedSamples = 96
}
