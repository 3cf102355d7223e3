import HALSimulated

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Plays the drivers at one charger: vehicles arrive, plug in, present a card, charge up to the energy
/// they want and leave after their stay, as an `EVBehaviourProfile` describes.
///
/// Randomness comes from an injected generator so a test can repeat a run. A vehicle plugged in by
/// someone else (`chargerctl sim plug`) is left alone: nobody arrives at an occupied charger.
struct EVBehaviour: Sendable {
    let profile: EVBehaviourProfile
    /// The charger's rating, which caps what the vehicle may ask for, in kW.
    let chargerRatingKW: Double
    let evse: SimulatedEVSE
    let tokenReader: SimulatedTokenReader
    let clock: any Clock<Duration>
    /// How long after plugging in the driver presents the card.
    var tokenDelay: Duration = .seconds(3)

    /// One visit: what the vehicle wants and how long it stays.
    struct Visit: Sendable, Hashable {
        var energyWh: Double
        var dwell: Duration
    }

    /// The wait before the next arrival (exponential with the profile's mean), nil if nobody comes.
    func nextArrival(using random: inout some RandomNumberGenerator) -> Duration? {
        guard profile.arrivalsPerHour > 0 else { return nil }
        let uniform = Double.random(in: Double.ulpOfOne..<1, using: &random)
        let seconds = -(3600 / profile.arrivalsPerHour) * log(uniform)
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }

    func nextVisit(using random: inout some RandomNumberGenerator) -> Visit {
        let energy = Double.random(in: profile.energyKWh, using: &random) * 1000
        let minutes = Double.random(in: profile.dwellMinutes, using: &random)
        return Visit(energyWh: energy, dwell: .milliseconds(Int64((minutes * 60_000).rounded())))
    }

    /// The vehicle that comes: the profile's limit, capped by the charger's rating.
    func vehicle(for visit: Visit) -> EVProfile {
        EVProfile(
            maxPower: min(profile.maxPowerKW, chargerRatingKW) * 1000,
            phases: profile.phases,
            targetEnergy: visit.energyWh
        )
    }

    /// Runs visits until cancelled (throws `CancellationError` then).
    func run(using random: inout some RandomNumberGenerator) async throws {
        while let gap = nextArrival(using: &random) {
            try await clock.sleep(for: gap)
            guard !evse.ev.isPluggedIn else { continue }
            let visit = nextVisit(using: &random)
            evse.ev.plugIn(vehicle(for: visit))
            try await clock.sleep(for: tokenDelay)
            tokenReader.present(id: profile.idToken)
            try await clock.sleep(for: visit.dwell)
            evse.ev.unplug()
        }
    }
}
