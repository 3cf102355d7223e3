import Foundation
import HAL
import HALSimulated
import OCPPTestSupport

/// The wall clock of every simulated meter in these tests: a fixed instant, so readings compare equal.
let fixedDate = Date(timeIntervalSince1970: 1_700_000_000)
let fixedNow: @Sendable () -> Date = { fixedDate }

/// Whether `a` and `b` agree within `tolerance`.
func approximately(_ a: Double, _ b: Double, tolerance: Double = 1e-6) -> Bool {
    abs(a - b) <= tolerance
}

/// One simulated EVSE on a manual clock (single phase, 230 V, no lock).
func makeEVSE(
    _ configuration: SimulatedEVSE.Configuration = SimulatedEVSE.Configuration()
) -> (evse: SimulatedEVSE, clock: ManualClock) {
    let clock = ManualClock()
    return (SimulatedEVSE(id: 1, configuration: configuration, clock: clock, now: fixedNow), clock)
}

/// Plugs a vehicle in, offers `amps` and closes the contactor: the start of every charging test.
func startCharging(_ evse: SimulatedEVSE, amps: Double, profile: EVProfile = EVProfile()) async throws {
    evse.ev.plugIn(profile)
    try await evse.board.offerCurrent(amps)
    try await evse.contactor.set(.closed)
}
