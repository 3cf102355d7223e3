import HAL

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A whole simulated charging station: N EVSEs, a card reader and an emergency-stop input.
///
/// `hardware` goes to the station; everything else is for whoever plays the outside world (a test,
/// the fleet simulator). Nothing runs on its own except `run()`, which only makes time-driven changes
/// visible on time.
public struct SimulatedStation: Sendable {
    public let evses: [SimulatedEVSE]
    public let tokenReader: SimulatedTokenReader
    /// Asserted (`true`) means pressed.
    public let emergencyStop: SimulatedDigitalInput
    private let clock: any Clock<Duration>

    /// A station with one EVSE per configuration, with ids 1, 2, ….
    public init(
        evses configurations: [SimulatedEVSE.Configuration],
        clock: any Clock<Duration>,
        now: @escaping @Sendable () -> Date
    ) {
        evses = configurations.enumerated().map { index, configuration in
            SimulatedEVSE(id: index + 1, configuration: configuration, clock: clock, now: now)
        }
        tokenReader = SimulatedTokenReader()
        emergencyStop = SimulatedDigitalInput(level: false)
        self.clock = clock
    }

    /// A station with `evseCount` identical EVSEs.
    public init(
        evseCount: Int = 1,
        evse configuration: SimulatedEVSE.Configuration = SimulatedEVSE.Configuration(),
        clock: any Clock<Duration>,
        now: @escaping @Sendable () -> Date
    ) {
        self.init(
            evses: Array(repeating: configuration, count: max(evseCount, 0)),
            clock: clock,
            now: now
        )
    }

    /// The station's hardware, as the station sees it.
    public var hardware: StationHardware {
        StationHardware(evses: evses.map(\.hardware), tokenReader: tokenReader, emergencyStop: emergencyStop)
    }

    /// The EVSE with OCPP id `id` (from 1).
    public subscript(evse id: Int) -> SimulatedEVSE {
        evses[id - 1]
    }

    /// Until cancelled, applies the time passed every `tick` on the clock, so a vehicle reaching its
    /// target energy shows B within a tick even if nobody reads the meter. The energy is exact
    /// either way; only the moment the pilot change is announced depends on the tick.
    ///
    /// Throws `CancellationError` when cancelled (a service's `run()`).
    public func run(tick: Duration = .seconds(1)) async throws {
        while true {
            try await clock.sleep(for: tick)
            for evse in evses { evse.catchUp() }
        }
    }
}
