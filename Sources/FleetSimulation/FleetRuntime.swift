import ChargerAgent
import Logging
import ServiceLifecycle
import Synchronization

/// Many simulated stations in one process, as `charger-sim` runs them: one `FleetStation` per charger,
/// each its own OCPP identity and WebSocket, sharing only NIO's event loop group and one clock.
///
/// Everything that can fail (the CSMS URL, the state directory, the stores) is built in `init`, so a bad
/// argument is reported before anything connects. `run()` connects the stations spread over time (at
/// most `Options.connectRate` a second, so a large fleet does not stampede its CSMS), ticks the
/// simulated hardware, plays the EV drivers unless `manual`, and returns after a graceful shutdown
/// (SIGTERM/SIGINT when `handlesShutdownSignals`, or `triggerGracefulShutdown()`).
public final class FleetRuntime: Sendable {
    public struct Options: Sendable {
        public var csmsURL: String
        /// How many stations to run, repeating the fleet (`--stations`); nil runs each charger once.
        public var stationCount: Int?
        /// Run only these chargers (`--only`).
        public var only: [String]?
        /// A SQLite store per station here; nil keeps stores in memory.
        public var stateDirectory: String?
        /// No automatic EV arrivals: sessions are driven from outside (`--manual`).
        public var manual: Bool
        /// New connections a second at start.
        public var connectRate: Double
        /// Whether SIGTERM and SIGINT start a graceful shutdown: on in `charger-sim`, off in tests.
        public var handlesShutdownSignals: Bool

        public init(
            csmsURL: String,
            stationCount: Int? = nil,
            only: [String]? = nil,
            stateDirectory: String? = nil,
            manual: Bool = false,
            connectRate: Double = 100,
            handlesShutdownSignals: Bool = false
        ) {
            self.csmsURL = csmsURL
            self.stationCount = stationCount
            self.only = only
            self.stateDirectory = stateDirectory
            self.manual = manual
            self.connectRate = connectRate
            self.handlesShutdownSignals = handlesShutdownSignals
        }
    }

    /// Why the fleet could not be assembled.
    public enum AssemblyError: Error, Sendable, CustomStringConvertible {
        case selection(FleetConfig.SelectionError)
        case station(id: String, StationRuntimeError)
        case option(String)

        public var description: String {
            switch self {
            case .selection(let error): "\(error)"
            case .station(let id, let error): "station \(id): \(error)"
            case .option(let problem): problem
            }
        }
    }

    public let fleet: FleetConfig
    public let options: Options
    /// The stations, in start order.
    public let stations: [FleetStation]
    private let index: [String: Int]
    private let clock: ContinuousClock
    private let logger: Logger
    private let shutdown = ShutdownTrigger()

    public init(
        fleet: FleetConfig,
        options: Options,
        logger: Logger = Logger(label: "charger-sim")
    ) throws(AssemblyError) {
        guard options.connectRate > 0, options.connectRate.isFinite else {
            throw .option("--connect-rate: must be above 0, not \(options.connectRate)")
        }
        let chargers: [FleetCharger]
        do {
            chargers = try fleet.selectChargers(count: options.stationCount, only: options.only)
        } catch {
            throw .selection(error)
        }
        let clock = ContinuousClock()
        var stations: [FleetStation] = []
        stations.reserveCapacity(chargers.count)
        for charger in chargers {
            guard let profile = fleet.profiles[charger.evProfile] else {
                throw .option("charger \(charger.id): unknown EV profile \(charger.evProfile)")
            }
            do {
                stations.append(
                    try FleetStation(
                        charger: charger,
                        evProfile: profile,
                        csmsURL: options.csmsURL,
                        stateDirectory: options.stateDirectory,
                        clock: clock,
                        logger: logger
                    )
                )
            } catch {
                throw .station(id: charger.id, error)
            }
        }
        self.fleet = fleet
        self.options = options
        self.stations = stations
        self.index = Dictionary(uniqueKeysWithValues: stations.enumerated().map { ($1.id, $0) })
        self.clock = clock
        self.logger = logger
        logger.info(
            "fleet assembled",
            metadata: [
                "fleet": "\(fleet.name)", "stations": "\(stations.count)", "csms": "\(options.csmsURL)",
                "store": "\(options.stateDirectory ?? "memory")", "mode": "\(options.manual ? "manual" : "auto")",
            ]
        )
    }

    /// The station with OCPP identity `id`.
    public func station(_ id: String) -> FleetStation? {
        index[id].map { stations[$0] }
    }

    /// Runs until a graceful shutdown. `services` (a control server) run alongside and stop first;
    /// `restarted` is called with a station that restarted after a reset (its `station` is new).
    public func run(
        with services: [ServiceGroupConfiguration.ServiceConfiguration] = [],
        restarted: @escaping @Sendable (FleetStation) -> Void = { _ in }
    ) async throws {
        var all: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(
                service: FleetStationsService(
                    stations: stations,
                    spacing: .nanoseconds(Int64(1e9 / options.connectRate)),
                    clock: clock,
                    restarted: restarted
                ),
                serviceName: "stations"
            ),
            .init(service: FleetSimulationService(stations: stations, clock: clock), serviceName: "simulation"),
        ]
        if !options.manual {
            all.append(
                .init(service: FleetBehaviourService(stations: stations, clock: clock), serviceName: "ev-drivers")
            )
        }
        all.append(contentsOf: services)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: all,
                gracefulShutdownSignals: options.handlesShutdownSignals ? [.sigterm, .sigint] : [],
                logger: logger
            )
        )
        shutdown.set(group)
        try await group.run()
        logger.info("fleet stopped", metadata: ["stations": "\(stations.count)"])
    }

    /// Starts a graceful shutdown, as SIGTERM does.
    public func triggerGracefulShutdown() async {
        await shutdown.trigger()
    }
}

/// Hands `triggerGracefulShutdown()` the group once `run()` made it.
private final class ShutdownTrigger: Sendable {
    private let state = Mutex<(group: ServiceGroup?, requested: Bool)>((nil, false))

    func set(_ group: ServiceGroup) {
        let requested = state.withLock { state in
            state.group = group
            return state.requested
        }
        if requested { Task { await group.triggerGracefulShutdown() } }
    }

    func trigger() async {
        let group = state.withLock { state in
            state.requested = true
            return state.group
        }
        await group?.triggerGracefulShutdown()
    }
}

/// A flag set once, read from any task.
private final class Flag: Sendable {
    private let state = Mutex(false)

    var isSet: Bool { state.withLock { $0 } }

    func set() { state.withLock { $0 = true } }
}

/// The stations' links and behaviour: connects them `spacing` apart; graceful shutdown closes every link.
struct FleetStationsService: Service, CustomStringConvertible {
    let stations: [FleetStation]
    let spacing: Duration
    let clock: ContinuousClock
    let restarted: @Sendable (FleetStation) -> Void

    func run() async throws {
        let stations = stations
        let spacing = spacing
        let clock = clock
        let restarted = restarted
        let start = clock.now
        let stopping = Flag()
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                for (position, station) in stations.enumerated() {
                    group.addTask {
                        // Wait for this station's slot in steps, so a shutdown during the ramp is not held up.
                        let slot = start.advanced(by: spacing * position)
                        while clock.now < slot, !stopping.isSet {
                            let step = min(slot - clock.now, .seconds(1))
                            guard (try? await clock.sleep(for: step)) != nil else { break }
                        }
                        // A station whose link was shut down before it ran ends at once.
                        await station.run(restarted: restarted)
                    }
                }
            }
        } onGracefulShutdown: {
            stopping.set()
            for station in stations { station.shutdownLink() }
        }
    }

    var description: String { "FleetStationsService" }
}

/// One clock tick for every simulated EVSE, instead of one task per station.
struct FleetSimulationService: Service, CustomStringConvertible {
    let stations: [FleetStation]
    let clock: ContinuousClock

    func run() async throws {
        let stations = stations
        let clock = clock
        await cancelWhenGracefulShutdown {
            while (try? await clock.sleep(for: .seconds(1))) != nil {
                for station in stations {
                    for evse in station.simulation.evses { evse.catchUp() }
                }
            }
        }
    }

    var description: String { "FleetSimulationService" }
}

/// The EV drivers of every station (`EVBehaviour`); cancelled at shutdown.
struct FleetBehaviourService: Service, CustomStringConvertible {
    let stations: [FleetStation]
    let clock: ContinuousClock

    func run() async throws {
        let stations = stations
        let clock = clock
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                for station in stations {
                    let behaviour = EVBehaviour(
                        profile: station.evProfile,
                        chargerRatingKW: station.charger.ratedPowerKW,
                        evse: station.simulation[evse: 1],
                        tokenReader: station.simulation.tokenReader,
                        clock: clock
                    )
                    group.addTask {
                        var random = SystemRandomNumberGenerator()
                        try? await behaviour.run(using: &random)
                    }
                }
            }
        }
    }

    var description: String { "FleetBehaviourService" }
}
