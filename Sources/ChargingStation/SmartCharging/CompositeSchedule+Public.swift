import OCPP

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The composite schedule (K08) for code outside the station (the benchmark, a site controller): the same
/// pure function GetCompositeSchedule answers with. See `CompositeSchedule` for the rules.
public enum ChargingProfileSchedule {
    /// The composite schedule of `evseId` over `duration` seconds from `start`, in `unit`.
    ///
    /// - Parameters:
    ///   - installed: every installed profile with the EVSE it was set on (0: the station).
    ///   - transaction: the transaction running on the EVSE (its TxProfiles count, Relative schedules start
    ///     with it).
    ///   - ratedCurrent: the EVSE's rating per phase, A; `phases`: its supply phases.
    ///   - stationShare: how many EVSEs share the ChargingStationMaxProfile.
    public static func composite(
        installed: [(evseId: Int, profile: ChargingProfileType)],
        evseId: Int,
        start: Date,
        duration: Int,
        unit: ChargingRateUnitEnumType,
        transaction: (id: String, start: Date)? = nil,
        ratedCurrent: Double,
        phases: Int,
        stationShare: Int = 1
    ) -> CompositeScheduleType {
        CompositeSchedule.schedule(
            CompositeSchedule.Input(
                profiles: installed.map { InstalledProfile(evseId: $0.evseId, profile: $0.profile) },
                evseId: evseId,
                start: start,
                duration: duration,
                unit: unit,
                transaction: transaction.map { CompositeSchedule.Transaction(id: $0.id, start: $0.start) },
                ratedCurrent: ratedCurrent,
                phases: phases,
                stationShare: stationShare
            )
        )
    }
}
