// The composite schedule (K08) of 10 stacked profiles with 24 periods each, over a day, in µs per schedule
// (run: Benchmarks/composite_schedule.sh). The station computes one per EVSE whenever profiles change, a
// transaction starts or ends, or a period boundary passes, and one per GetCompositeScheduleRequest.
import ChargingStation
import OCPP

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

let start = Date(timeIntervalSince1970: 1_764_000_000)
let seconds = CommandLine.arguments.count > 1 ? Double(CommandLine.arguments[1]) ?? 2 : 2

/// Ten profiles on EVSE 1 and the station: a ChargingStationMaxProfile, TxDefaultProfiles on stack levels 0-6 (some
/// Recurring), two TxProfiles of the running transaction; every schedule 24 periods of 15 to 75 minutes, in A or W.
func stack() -> [(evseId: Int, profile: ChargingProfileType)] {
    (0..<10).map { index in
        let purpose: ChargingProfilePurposeEnumType =
            index == 0 ? .chargingStationMaxProfile : index < 8 ? .txDefaultProfile : .txProfile
        let kind: ChargingProfileKindEnumType = index % 3 == 1 ? .recurring : index == 9 ? .relative : .absolute
        var periodStart = 0
        let periods = (0..<24).map { period -> ChargingSchedulePeriodType in
            defer { periodStart += 900 * (1 + (period + index) % 5) }
            let amps = Double(6 + (period * 7 + index * 3) % 27)
            return ChargingSchedulePeriodType(
                startPeriod: periodStart,
                limit: index % 2 == 0 ? amps * 690 : amps,
                numberPhases: 3
            )
        }
        return (
            index == 0 ? 0 : 1,
            ChargingProfileType(
                id: index + 1,
                stackLevel: index < 8 ? max(0, index - 1) : index - 8,
                chargingProfilePurpose: purpose,
                chargingProfileKind: kind,
                recurrencyKind: kind == .recurring ? .daily : nil,
                validTo: index == 4 ? start.addingTimeInterval(43_200) : nil,
                chargingSchedule: [
                    ChargingScheduleType(
                        id: index + 1,
                        startSchedule: kind == .relative ? nil : start.addingTimeInterval(Double(-3_600 * index)),
                        duration: index % 4 == 0 ? nil : 86_400,
                        chargingRateUnit: index % 2 == 0 ? .w : .a,
                        chargingSchedulePeriod: periods
                    )
                ],
                transactionId: purpose == .txProfile ? "tx-1" : nil
            )
        )
    }
}

let installed = stack()
func once(_ unit: ChargingRateUnitEnumType) -> Int {
    ChargingProfileSchedule.composite(
        installed: installed,
        evseId: 1,
        start: start,
        duration: 86_400,
        unit: unit,
        transaction: ("tx-1", start.addingTimeInterval(-1_800)),
        ratedCurrent: 32,
        phases: 3,
        stationShare: 2
    ).chargingSchedulePeriod.count
}

let clock = ContinuousClock()
for unit in [ChargingRateUnitEnumType.a, .w] {
    var periods = 0
    let warmUp = clock.now + .milliseconds(300)
    while clock.now < warmUp { periods = once(unit) }
    var samples: [Double] = []
    let end = clock.now + .seconds(seconds)
    while clock.now < end {
        let batch = 100
        let began = clock.now
        for _ in 0..<batch { periods &+= once(unit) }
        let took = clock.now - began
        let components = took.components
        samples.append((Double(components.seconds) * 1e6 + Double(components.attoseconds) / 1e12) / Double(batch))
    }
    samples.sort()
    let median = samples[samples.count / 2]
    let p90 = samples[samples.count * 9 / 10]
    print(
        "RESULT composite-10x24-\(unit.rawValue) median_us \((median * 10).rounded() / 10) p90_us \((p90 * 10).rounded() / 10)"
            + " periods \(once(unit)) batches \(samples.count) (checksum \(periods))"
    )
}
