import HAL
import OCPP
import OCPPRPC
import StationStore

/// Meter values as the station carries them out: `MeterValues` decides; the actor builds its context from
/// the device model and the EVSEs, and performs what it asks for.
extension ChargingStation {
    /// The configured measurands (SampledDataCtrlr, AlignedDataCtrlr).
    var meterValueMeasurands: MeterValues.Measurands {
        MeterValues.Measurands(
            txStarted: deviceModel.sampledDataTxStartedMeasurands,
            txUpdated: deviceModel.sampledDataTxUpdatedMeasurands,
            txEnded: deviceModel.sampledDataTxEndedMeasurands,
            aligned: deviceModel.alignedDataMeasurands,
            alignedTxEnded: deviceModel.alignedDataTxEndedMeasurands
        )
    }

    /// One EVSE as `MeterValues` sees it.
    func meterValuesEVSE(_ evseId: Int) -> MeterValues.EVSE {
        let state = evseStates[evseId]
        return MeterValues.EVSE(
            id: evseId,
            inTransaction: state?.transaction.inTransaction == true,
            reading: state?.lastReading,
            sentEnergyImport: state?.running?.lastMeterWh,
            txEndedSamples: state?.txEndedSamples ?? [],
            meterFaulted: availability.hasFault(evseId: evseId, .meterFailure),
            energyFlowing: state?.transaction.facts.energyFlowing == true
        )
    }

    /// What `MeterValues` may read about `evseIds` (every EVSE when nil).
    func meterValuesContext(evseIds: [Int]? = nil) -> MeterValues.Context {
        MeterValues.Context(
            evses: (evseIds ?? hardware.evses.map(\.id)).map(meterValuesEVSE),
            measurands: meterValueMeasurands,
            txUpdatedInterval: deviceModel.sampledDataTxUpdatedInterval,
            txEndedInterval: deviceModel.sampledDataTxEndedInterval,
            alignedInterval: deviceModel.alignedDataInterval,
            alignedTxEndedInterval: deviceModel.alignedDataTxEndedInterval,
            maySendMeterValues: registration.maySend(.meterValues) && session.isConnected,
            now: now
        )
    }

    /// A meter value from the last reading of `evseId`, with the configured measurands this meter can
    /// supply; its register never below the one sent for the running transaction.
    func meterValue(evseId: Int, context: ReadingContextEnumType, measurands: [MeasurandEnumType]) -> MeterValueType? {
        guard evseStates[evseId] != nil else { return nil }
        return MeterValues.meterValue(of: meterValuesEVSE(evseId), context: context, measurands: measurands, at: now)
    }

    func perform(_ actions: [MeterValues.Action]) {
        for action in actions {
            switch action {
            case .recordTransactionEvent(let evseId, let event):
                record(event, evseId: evseId)
            case .sendMeterValues(let request):
                startTask { station in
                    do {
                        _ = try await station.session.call(request)
                    } catch {
                        station.logger.warning("MeterValues not delivered", metadata: ["error": "\(error)"])
                    }
                }
            case .keepForEnded(let evseId, let samples):
                evseStates[evseId]?.txEndedSamples = samples
            case .timer(let timer):
                perform([timer])
            case .clearMeterFault(let evseId):
                faultChanged(evseId: evseId, .meterFailure, active: false)
            case .raiseMeterFault(let evseId, let error):
                logger.error("meter failed", metadata: ["evse": "\(evseId)", "error": "\(error)"])
                faultChanged(evseId: evseId, .meterFailure, active: true)
            case .energyFlowing(let evseId, let flowing):
                apply(evseId) { $0.energy(flowing: flowing) }
            }
        }
    }
}
