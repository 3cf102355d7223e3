import OCPP

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The composite schedule of one EVSE (K08): the limit in force at each moment of a time window, as a pure
/// function of the installed profiles, the transaction running there and the EVSE's own rating.
///
/// The rules (the same ones `Tests/Peers/composite_schedule.py` implements independently from the spec text):
/// - Times are whole seconds from the window's start (fractions of a second are dropped).
/// - Per purpose, at each moment the profile with the highest stackLevel whose schedule has a period then wins
///   (a profile outside validFrom/validTo, before its schedule starts or past its duration gives way to a lower
///   stack level).
/// - ChargingStationMaxProfile (installed on EVSE 0) limits the whole station: an EVSE gets its share
///   (`stationShare`, the number of EVSEs sharing it; 1 gives the whole limit). For EVSE 0 itself only the
///   station's profiles and rating count.
/// - TxDefaultProfile: one installed on the EVSE itself overrides one installed on EVSE 0.
/// - TxProfile (only the running transaction's) overrides TxDefaultProfile while it has a period.
/// - The result is the minimum of the EVSE's rating, the ChargingStationMaxProfile share and the
///   TxProfile-or-TxDefaultProfile limit.
/// - Absolute schedules start at startSchedule; Recurring ones at startSchedule plus whole days (Daily) or weeks
///   (Weekly), never before startSchedule, each occurrence ending where the next begins; Relative ones at the
///   transaction's start (without a transaction: the window's start, as if it started now).
/// - A ↔ W: W = A × voltage × phases, with the period's numberPhases, else the EVSE's supply phases, and the
///   nominal voltage (230 V: the station measures no voltage before a session; the board file's EVSE rating is
///   in A).
/// - Limits are rounded down to 0.1 (the schema's multipleOf), then equal neighbouring periods are merged.
/// - A DC EVSE converts with its DC voltage (rated power over rated current) and one current: numberPhases is
///   for AC (Part 2, ChargingSchedulePeriodType); W is the total power, as ChargingRateUnitEnumType defines.
/// - minChargingRate is the EV's, for a local load-sharing algorithm: it does not change the limits.
/// - ChargingStationExternalConstraints (external limits, K11-K13; only the station makes them): every one in
///   force applies, whatever its stack level. One on EVSE 0 caps the station's total like the
///   ChargingStationMaxProfile (the smaller of the two is shared); one on the EVSE caps the EVSE.
enum CompositeSchedule {
    /// The transaction running on the EVSE.
    struct Transaction: Sendable, Equatable {
        var id: String
        var start: Date
    }

    struct Input: Sendable {
        var profiles: [InstalledProfile]
        var evseId: Int
        var start: Date
        /// Seconds.
        var duration: Int
        var unit: ChargingRateUnitEnumType
        var transaction: Transaction?
        /// The EVSE's rating per phase (for EVSE 0: the station's).
        var ratedCurrent: Double
        /// The EVSE's supply phases.
        var phases: Int
        var voltage: Double = CompositeSchedule.nominalVoltage
        var stationShare: Int = 1
        /// A DC EVSE: `voltage` is its DC voltage, and a period's numberPhases does not apply (one DC current).
        var isDC = false
    }

    /// The nominal voltage between a phase and neutral used for A ↔ W (IEC 60038 low voltage).
    static let nominalVoltage = 230.0
    /// The DC voltage a DC EVSE whose board gives no DC rating converts with (a typical 400 V battery).
    static let nominalDCVoltage = 400.0

    /// One period of the result: from `start` (seconds into the window) until the next one.
    struct Period: Sendable, Equatable {
        var start: Int
        var limit: Double
    }

    /// The composite schedule, as periods from 0 on (never empty).
    static func periods(_ input: Input) -> [Period] {
        let segments = relevantSegments(input)
        var boundaries = Set([0])
        for segment in segments.all {
            if segment.from > 0, segment.from < input.duration { boundaries.insert(segment.from) }
            if segment.to > 0, segment.to < input.duration { boundaries.insert(segment.to) }
        }
        var result: [Period] = []
        for moment in boundaries.sorted() {
            let limit = roundDown(limit(at: moment, segments, input))
            if result.last?.limit != limit { result.append(Period(start: moment, limit: limit)) }
        }
        return result
    }

    /// The schedule as GetCompositeScheduleResponse carries it.
    static func schedule(_ input: Input) -> CompositeScheduleType {
        CompositeScheduleType(
            chargingSchedulePeriod: periods(input).map {
                ChargingSchedulePeriodType(startPeriod: $0.start, limit: $0.limit)
            },
            evseId: input.evseId,
            duration: input.duration,
            scheduleStart: input.start,
            chargingRateUnit: input.unit
        )
    }

    static func roundDown(_ value: Double) -> Double {
        (value * 10 + 1e-9).rounded(.down) / 10
    }

    // MARK: segments

    /// A stretch of time in which one profile's schedule sets one limit (already in the requested unit).
    struct Segment: Sendable {
        var from: Int
        var to: Int
        var limit: Double
        var stackLevel: Int
    }

    struct Segments: Sendable {
        var stationMax: [Segment] = []
        var evseDefault: [Segment] = []
        var stationDefault: [Segment] = []
        var tx: [Segment] = []
        var externalStation: [Segment] = []
        var externalEVSE: [Segment] = []
        var all: [Segment] { stationMax + evseDefault + stationDefault + tx + externalStation + externalEVSE }
    }

    static func relevantSegments(_ input: Input) -> Segments {
        var segments = Segments()
        for installed in input.profiles {
            let profile = installed.profile
            switch profile.chargingProfilePurpose {
            case .chargingStationMaxProfile where installed.evseId == 0:
                segments.stationMax += self.segments(of: profile, input)
            case .txDefaultProfile where input.evseId > 0 && installed.evseId == input.evseId:
                segments.evseDefault += self.segments(of: profile, input)
            case .txDefaultProfile where input.evseId > 0 && installed.evseId == 0:
                segments.stationDefault += self.segments(of: profile, input)
            case .txProfile where input.evseId > 0 && installed.evseId == input.evseId:
                guard let transaction = input.transaction, profile.transactionId == transaction.id else { continue }
                segments.tx += self.segments(of: profile, input)
            case .chargingStationExternalConstraints where installed.evseId == 0:
                segments.externalStation += self.segments(of: profile, input)
            case .chargingStationExternalConstraints where input.evseId > 0 && installed.evseId == input.evseId:
                segments.externalEVSE += self.segments(of: profile, input)
            default:
                continue
            }
        }
        return segments
    }

    /// Seconds from the window's start to `date`, whole seconds down.
    static func offset(_ date: Date, from start: Date) -> Int {
        Int(date.timeIntervalSince(start).rounded(.down))
    }

    static func segments(of profile: ChargingProfileType, _ input: Input) -> [Segment] {
        guard let schedule = profile.chargingSchedule.first else { return [] }
        let end = input.duration
        var starts: [Int] = []
        var occurrenceLength: Int?
        switch profile.chargingProfileKind {
        case .absolute:
            guard let startSchedule = schedule.startSchedule else { return [] }
            starts = [offset(startSchedule, from: input.start)]
        case .relative:
            starts = [input.transaction.map { offset($0.start, from: input.start) } ?? 0]
        case .recurring:
            guard let startSchedule = schedule.startSchedule else { return [] }
            let period = profile.recurrencyKind == .weekly ? 7 * 86_400 : 86_400
            let first = offset(startSchedule, from: input.start)
            // Occurrences k ≥ 0 that can reach into [0, end).
            let lowest = max(0, Int((Double(-first) / Double(period)).rounded(.down)))
            var k = lowest
            while first + k * period < end {
                starts.append(first + k * period)
                k += 1
            }
            occurrenceLength = period
        }
        let validFrom = profile.validFrom.map { offset($0, from: input.start) } ?? Int.min
        let validTo = profile.validTo.map { offset($0, from: input.start) } ?? Int.max
        var result: [Segment] = []
        for start in starts {
            var scheduleEnd = Int.max
            if let duration = schedule.duration { scheduleEnd = start + duration }
            if let occurrenceLength { scheduleEnd = min(scheduleEnd, start + occurrenceLength) }
            let periods = schedule.chargingSchedulePeriod
            for (index, period) in periods.enumerated() {
                let from = start + period.startPeriod
                let next = index + 1 < periods.count ? start + periods[index + 1].startPeriod : Int.max
                let clippedFrom = max(from, validFrom, 0)
                let clippedTo = min(next, scheduleEnd, validTo, end)
                guard clippedFrom < clippedTo else { continue }
                let limit = convert(period, unit: schedule.chargingRateUnit, input)
                result.append(Segment(from: clippedFrom, to: clippedTo, limit: limit, stackLevel: profile.stackLevel))
            }
        }
        return result
    }

    static func convert(_ period: ChargingSchedulePeriodType, unit: ChargingRateUnitEnumType, _ input: Input) -> Double
    {
        let phases = input.isDC ? 1 : Double(period.numberPhases ?? input.phases)
        switch (unit, input.unit) {
        case (.a, .w): return period.limit * input.voltage * phases
        case (.w, .a): return period.limit / (input.voltage * phases)
        default: return period.limit
        }
    }

    /// The limit of the highest stack level among `segments` in force at `moment`.
    static func winner(_ segments: [Segment], at moment: Int) -> Double? {
        var best: Segment?
        for segment in segments where segment.from <= moment && moment < segment.to {
            if segment.stackLevel > best?.stackLevel ?? Int.min { best = segment }
        }
        return best?.limit
    }

    /// The lowest limit among `segments` in force at `moment` (external limits all apply at once).
    static func lowest(_ segments: [Segment], at moment: Int) -> Double? {
        segments.filter { $0.from <= moment && moment < $0.to }.map(\.limit).min()
    }

    static func limit(at moment: Int, _ segments: Segments, _ input: Input) -> Double {
        let rated =
            input.unit == .w ? input.ratedCurrent * input.voltage * Double(input.phases) : input.ratedCurrent
        var limit = rated
        var station = winner(segments.stationMax, at: moment)
        if let external = lowest(segments.externalStation, at: moment) { station = min(station ?? external, external) }
        if let station {
            limit = min(limit, input.evseId == 0 ? station : station / Double(max(1, input.stationShare)))
        }
        if let external = lowest(segments.externalEVSE, at: moment) { limit = min(limit, external) }
        let txDefault = winner(segments.evseDefault, at: moment) ?? winner(segments.stationDefault, at: moment)
        if let transactionLimit = winner(segments.tx, at: moment) ?? txDefault {
            limit = min(limit, transactionLimit)
        }
        return max(0, limit)
    }
}
