import HAL
import OCPP
import OCPPRPC
import StationStore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Turning a meter reading into OCPP sampled values, with the configured measurands the meter supplies.
extension ChargingStation {
    /// A meter value from the last reading, with the configured measurands this meter can supply.
    func meterValue(evseId: Int, context: ReadingContextEnumType, measurands: [MeasurandEnumType]) -> MeterValueType? {
        guard let evse = evseStates[evseId], let reading = evse.lastReading else { return nil }
        var sampled: [SampledValueType] = []
        for measurand in measurands.isEmpty ? [.energyActiveImportRegister] : measurands {
            switch measurand {
            case .energyActiveImportRegister:
                sampled.append(
                    SampledValueType(
                        value: evse.reportableEnergyImport ?? reading.energyImport,
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
}
