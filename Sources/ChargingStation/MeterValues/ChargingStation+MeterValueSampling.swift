import HAL
import OCPP
import OCPPRPC
import StationStore

/// Meter values (J01 clock-aligned, J02 sampled): the meters polled every second, sampled values in
/// TransactionEvents and in MeterValues for EVSEs without a transaction. What to do is `MeterValues`'s.
extension ChargingStation {
    /// How often the meters are read to follow energy flow and keep a current reading for events.
    static let meterPollInterval: Duration = .seconds(1)

    /// Reads every meter (the `.meterPoll` timer, every `meterPollInterval`): keeps the last reading,
    /// follows energy flow, and treats a meter that stops answering as a fault that ends charging (power
    /// must not flow unmetered). On the same tick, every contactor's feedback is checked against the
    /// position the station holds it in. A poll still reading when the next one is due makes it skip.
    func pollMetersOnce() async {
        for evse in hardware.evses {
            do {
                let reading = try await evse.meter.read()
                evseStates[evse.id]?.lastReading = reading
                perform(MeterValues.meterRead(reading, by: meterValuesEVSE(evse.id)))
            } catch {
                perform(MeterValues.meterFailed("\(error)", by: meterValuesEVSE(evse.id)))
            }
        }
        await superviseContactors()
        meterPollRunning = false
    }

    /// A transaction started: its sampled values begin (J02).
    func startSampledMeterValues(evseId: Int) {
        perform(MeterValues.transactionStarted(evseId: evseId, in: meterValuesContext(evseIds: [evseId])))
    }

    /// A transaction ended: its sampled values stop.
    func stopSampledMeterValues(evseId: Int) {
        perform(MeterValues.transactionEnded(evseId: evseId))
    }

    /// The `.sampledTxEndedValues` timer (SampledDataCtrlr.TxEndedInterval).
    func sampleTxEndedValues(evseId: Int) {
        perform(MeterValues.txEndedIntervalElapsed(evseId: evseId, in: meterValuesContext(evseIds: [evseId])))
    }

    /// The `.sampledMeterValues` timer (SampledDataCtrlr.TxUpdatedInterval).
    func sampleMeterValues(evseId: Int) {
        perform(MeterValues.txUpdatedIntervalElapsed(evseId: evseId, in: meterValuesContext(evseIds: [evseId])))
    }

    /// AlignedDataCtrlr (J01): the `.clockAlignedMeterValues` timer set for the next boundary.
    func scheduleClockAlignedMeterValues() {
        schedule(.clockAlignedMeterValues, after: MeterValues.nextAlignedBoundary(in: meterValuesContext(evseIds: [])))
    }

    /// The `.clockAlignedMeterValues` timer: the boundaries reached now, then the next one.
    func clockAlignedTimerFired() {
        perform(MeterValues.alignedTimerFired(in: meterValuesContext()))
    }
}
