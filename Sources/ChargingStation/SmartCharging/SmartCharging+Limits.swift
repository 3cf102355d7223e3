import OCPP

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension SmartCharging {
    /// What one EVSE taking part in load sharing shows now.
    struct Drawing: Sendable, Equatable {
        /// Its meter's active power, W (nil: not read yet).
        var measured: Double?
        /// The AC phases the vehicle draws on (nil: not drawing, or DC).
        var phasesInUse: Int?
    }

    /// The limits in force now.
    struct Limits: Sendable, Equatable {
        /// Per EVSE, in its own unit: A per phase for AC (the pilot), W for DC (the power setpoint).
        var perEVSE: [Int: Double]
        /// Seconds until a schedule changes next (nil: not within a day).
        var changesIn: Int?
        /// Sessions share the station's limit by what they draw: look again after `LoadSharing`'s interval.
        var sharing: Bool
    }

    /// Each EVSE's limit now: its own composite schedule without the ChargingStationMaxProfile (rating,
    /// TxProfile, TxDefaultProfile), and the ChargingStationMaxProfile shared among `taking part` by
    /// `LoadSharing`. An EVSE not taking part is limited by its own schedule and the station's whole limit.
    static func limitsNow(
        in context: Context,
        takingPart: [Int: Drawing],
        sharing: inout LoadSharing,
        now: Duration
    ) -> Limits {
        let day = 86_400
        var own = context
        own.installed = context.installed.filter { $0.purpose != .chargingStationMaxProfile }
        var perEVSE: [Int: Double] = [:]
        var changesIn: Int?
        func changes(_ seconds: Int?) {
            if let seconds { changesIn = min(changesIn ?? seconds, seconds) }
        }
        for id in context.evses.keys {
            let unit: ChargingRateUnitEnumType = context.evses[id]?.dcVoltage != nil ? .w : .a
            let periods = CompositeSchedule.periods(compositeInput(evseId: id, duration: day, unit: unit, in: own))
            perEVSE[id] = periods.first?.limit ?? 0
            changes(periods.dropFirst().first?.start)
        }
        let (stationLimit, stationChange) = stationLimitNow(in: context, duration: day)
        changes(stationChange)
        guard let stationLimit else {
            sharing.reset()
            return Limits(perEVSE: perEVSE, changesIn: changesIn, sharing: false)
        }
        var sessions: [LoadSharing.Session] = []
        var factors: [Int: Double] = [:]
        for id in context.evses.keys.sorted() {
            guard let evse = context.evses[id], let cap = perEVSE[id] else { continue }
            // W per unit of the EVSE's limit: 1 for DC; for AC the nominal voltage times the phases in use.
            let phases = evse.dcVoltage != nil ? nil : takingPart[id]?.phasesInUse ?? evse.phases
            let factor = phases.map { CompositeSchedule.nominalVoltage * Double(max(1, $0)) } ?? 1
            factors[id] = factor
            guard let drawing = takingPart[id] else {
                perEVSE[id] = min(cap, stationLimit / factor)
                continue
            }
            sessions.append(
                LoadSharing.Session(
                    evseId: id,
                    cap: cap * factor,
                    minimum: evse.dcVoltage != nil ? 0 : OfferedCurrent.minimum * factor,
                    measured: drawing.measured
                )
            )
        }
        for (id, watts) in sharing.share(stationLimit, among: sessions, now: now) {
            perEVSE[id] = CompositeSchedule.roundDown(watts / (factors[id] ?? 1))
        }
        return Limits(perEVSE: perEVSE, changesIn: changesIn, sharing: sessions.count > 1)
    }

    /// The ChargingStationMaxProfile's limit now in W (nil: none in force) and in how many seconds it changes.
    /// A limit in A is per phase of the grid connection: W = A × 230 V × the station's phases.
    static func stationLimitNow(in context: Context, duration: Int) -> (watts: Double?, changesIn: Int?) {
        let input = CompositeSchedule.Input(
            profiles: context.installed,
            evseId: 0,
            start: context.now,
            duration: duration,
            unit: .w,
            transaction: nil,
            ratedCurrent: 0,
            phases: context.evses.values.filter { $0.dcVoltage == nil }.map(\.phases).max() ?? 3
        )
        let segments = CompositeSchedule.relevantSegments(input).stationMax
        let limit = CompositeSchedule.winner(segments, at: 0).map { max(0, CompositeSchedule.roundDown($0)) }
        let next = segments.flatMap { [$0.from, $0.to] }.filter { $0 > 0 && $0 < duration }.min()
        return (limit, next)
    }
}
