import ChargerAgent
import ChargingStation
import HAL
import HALSimulated
import Logging
import OCPP
import OCPPRPC
import OCPPWebSocket
import StationStore
import Synchronization

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One charger of a simulated fleet: its own OCPP identity, WebSocket, RPC session, store and station on
/// simulated hardware. It shares only the event loop group (NIO's singleton) and the clock with the others.
///
/// Like a real charger it survives a reset the CSMS asks for: the hardware (a plugged-in vehicle, the
/// meter's registers) and the store stay, the link, session and station are built anew and boot with the
/// reason the station stored (RemoteReset, ScheduledReset).
public final class FleetStation: Sendable {
    public let charger: FleetCharger
    public let evProfile: EVBehaviourProfile
    /// The simulated hardware: the EV, meter, contactor and card reader the outside world drives.
    public let simulation: SimulatedStation
    /// The hardware as the station sees it (a DC charger has a power supply, and its meter shows DC voltage and
    /// current).
    public let hardware: StationHardware
    /// Where the station's SQLite store is, or nil for an in-memory store.
    public let storePath: String?
    let store: any StationStore
    private let csmsURL: String
    private let clock: any Clock<Duration>
    private let logger: Logger
    private let state: Mutex<State>

    /// What one boot of the station is made of; a reset replaces it.
    private struct Boot: Sendable {
        var station: ChargingStation
        var transport: OCPPWebSocketTransport
    }

    private struct State: Sendable {
        var boot: Boot
        /// Set by `shutdownLink()`: no further boot starts.
        var stopped = false
        var restarts = 0
    }

    /// The most current an AC charger of the fleet offers, in A (the cap of its EVSE rating).
    public static let offeredCurrentA = 32.0
    /// The DC voltage a DC charger's meter shows, in V; with the rating it makes the DC EVSE's rated current,
    /// which a charging schedule in A converts with.
    public static let dcVoltage = 400.0
    /// The AC phase-to-neutral voltage, in V.
    public static let acVoltage = 230.0

    public var id: String { charger.id }

    /// The station of the current boot.
    public var station: ChargingStation { state.withLock { $0.boot.station } }

    /// How many times the station restarted because the CSMS asked for it.
    public var restarts: Int { state.withLock { $0.restarts } }

    /// Builds the station; throws `StationRuntimeError` naming what is wrong.
    public init(
        charger: FleetCharger,
        evProfile: EVBehaviourProfile,
        csmsURL: String,
        stateDirectory: String?,
        clock: any Clock<Duration>,
        logger: Logger
    ) throws(StationRuntimeError) {
        self.charger = charger
        self.evProfile = evProfile
        var logger = logger
        logger[metadataKey: "station-id"] = .string(charger.id)
        self.logger = logger
        self.csmsURL = csmsURL
        self.clock = clock

        let isDC = charger.kind == .dc
        // A DC charger is a simulated DC EVSE: its converter delivers the least of its rating, the station's
        // power setpoint and what the vehicle takes, and its meter shows that power at `dcVoltage`.
        let configuration = SimulatedEVSE.Configuration(
            phases: charger.phases,
            nominalVoltage: Self.acVoltage,
            hasLock: !isDC,
            hasIndicator: true,
            dcRatedPower: isDC ? charger.ratedPowerKW * 1000 : nil,
            dcVoltage: Self.dcVoltage
        )
        let simulation = SimulatedStation(evses: [configuration], clock: clock, now: { Date() })
        self.simulation = simulation
        let hardware = simulation.hardware
        self.hardware = hardware

        let store: any StationStore
        if let stateDirectory {
            let path = try StationRuntime.prepareStateDirectory(stateDirectory) + "/\(charger.id).sqlite"
            do {
                store = try SQLiteStationStore(path: path)
            } catch {
                throw .store(path: path, problem: "\(error)")
            }
            storePath = path
        } else {
            store = InMemoryStationStore()
            storePath = nil
        }
        self.store = store
        // Security profile 0: no TLS, no password.
        guard CSMSURLScheme(url: csmsURL) == CSMSURLScheme(securityProfile: 0) else {
            throw .csms(problem: "charger-sim connects without TLS or passwords (security profile 0): use a ws:// URL")
        }
        let boot = try Self.makeBoot(
            charger: charger,
            csmsURL: csmsURL,
            hardware: hardware,
            store: store,
            clock: clock,
            logger: logger
        )
        state = Mutex(State(boot: boot))
    }

    /// A new link, session and station on the same hardware and store.
    private static func makeBoot(
        charger: FleetCharger,
        csmsURL: String,
        hardware: StationHardware,
        store: any StationStore,
        clock: any Clock<Duration>,
        logger: Logger
    ) throws(StationRuntimeError) -> Boot {
        let transport: OCPPWebSocketTransport
        do {
            transport = try OCPPWebSocketTransport(
                configuration: OCPPConnectionConfiguration(
                    csmsURL: csmsURL,
                    stationId: charger.id,
                    securityProfile: .unsecured
                ),
                clock: clock,
                logger: logger
            )
        } catch {
            throw .csms(problem: "\(charger.id): \(error)")
        }
        let session = RPCSession(
            transport: transport,
            configuration: .init(stationId: charger.id),
            clock: clock,
            logger: logger
        )
        let station = ChargingStation(
            identity: .init(
                stationId: charger.id,
                vendorName: "charger-agent",
                // BootNotification allows 20 characters of model and 25 of serial number.
                model: "sim \(charger.kind == .dc ? "DC" : "AC") \(Int(charger.ratedPowerKW)) kW",
                serialNumber: String(charger.id.prefix(25)),
                firmwareVersion: StationRuntime.firmwareVersion,
                securityProfile: 0,
                evses: [1: charger.evseDescription]
            ),
            session: session,
            hardware: hardware,
            store: store,
            bootReason: ChargingStation.bootReason(after: store) ?? .powerUp,
            clock: clock,
            logger: logger
        )
        return Boot(station: station, transport: transport)
    }

    /// How one boot ended.
    private enum BootEnd: Sendable {
        case linkAndStationEnded
        case resetRequested
        case noReset
    }

    /// Runs the link and the station until the link is shut down (`shutdownLink()`), restarting the
    /// station each time the CSMS asks for a reset; `restarted` is called with each new boot running.
    func run(restarted: @escaping @Sendable (FleetStation) -> Void = { _ in }) async {
        while true {
            let boot = state.withLock { $0.boot }
            let reset = await Self.runBoot(boot, logger: logger)
            guard reset else { return }
            let next: Boot
            do {
                next = try Self.makeBoot(
                    charger: charger,
                    csmsURL: csmsURL,
                    hardware: hardware,
                    store: store,
                    clock: clock,
                    logger: logger
                )
            } catch {
                logger.error("could not restart the station", metadata: ["error": "\(error)"])
                return
            }
            let swapped = state.withLock { state -> Bool in
                guard !state.stopped else { return false }
                state.boot = next
                state.restarts += 1
                return true
            }
            guard swapped else { return }
            logger.notice("station restarted after a reset the CSMS asked for")
            restarted(self)
        }
    }

    /// Runs one boot; true when it ended because the CSMS asked for a reset.
    private static func runBoot(_ boot: Boot, logger: Logger) async -> Bool {
        await withTaskGroup(of: BootEnd.self) { group in
            group.addTask {
                await boot.transport.run()
                return .linkAndStationEnded
            }
            group.addTask {
                await boot.station.run()
                return .linkAndStationEnded
            }
            group.addTask {
                for await reset in boot.station.resetRequests {
                    logger.notice(
                        "the CSMS asked for a restart; restarting this station",
                        metadata: ["type": "\(reset.type.rawValue)", "boot-reason": "\(reset.bootReason.rawValue)"]
                    )
                    boot.transport.shutdown()
                    return .resetRequested
                }
                return .noReset
            }
            var reset = false
            var ended = 0
            while let end = await group.next() {
                switch end {
                case .resetRequested: reset = true
                case .noReset: break
                case .linkAndStationEnded:
                    ended += 1
                    // The reset watcher waits on a stream that never ends by itself.
                    if ended == 2 { group.cancelAll() }
                }
            }
            return reset
        }
    }

    /// Closes the link (1001) and ends its reconnect loop; the station ends with its session and no
    /// further boot starts.
    func shutdownLink() {
        let transport = state.withLock { state in
            state.stopped = true
            return state.boot.transport
        }
        transport.shutdown()
    }
}
