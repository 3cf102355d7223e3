import ChargingStation
import HAL
import HALSimulated
import Logging
import OCPPRPC
import OCPPWebSocket
import StationStore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One charger of a simulated fleet: its own OCPP identity, WebSocket, RPC session, store and station on
/// simulated hardware. It shares only the event loop group (NIO's singleton) and the clock with the others.
public final class FleetStation: Sendable {
    public let charger: FleetCharger
    public let evProfile: EVBehaviourProfile
    /// The simulated hardware: the EV, meter, contactor and card reader the outside world drives.
    public let simulation: SimulatedStation
    /// The hardware as the station sees it (a DC charger's meter shows DC voltage and current).
    public let hardware: StationHardware
    public let station: ChargingStation
    let transport: OCPPWebSocketTransport
    /// Where the station's SQLite store is, or nil for an in-memory store.
    public let storePath: String?

    /// The current `ChargingStation` offers a vehicle (its default, without a charging profile), in A.
    ///
    /// A DC charger is simulated as one phase at rating ÷ this current, so the offer means "the full
    /// rating". `Tests/Interop/fleet` checks that a 200 kW charger really draws 200 kW.
    public static let offeredCurrentA = 32.0
    /// The DC voltage a DC charger's meter shows, in V.
    public static let dcVoltage = 400.0
    /// The AC phase-to-neutral voltage, in V.
    public static let acVoltage = 230.0

    public var id: String { charger.id }

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

        let isDC = charger.kind == .dc
        let configuration = SimulatedEVSE.Configuration(
            phases: charger.phases,
            nominalVoltage: isDC ? charger.ratedPowerKW * 1000 / Self.offeredCurrentA : Self.acVoltage,
            hasLock: !isDC,
            hasIndicator: true
        )
        let simulation = SimulatedStation(evses: [configuration], clock: clock, now: { Date() })
        self.simulation = simulation
        var evses = simulation.hardware.evses
        if isDC { evses[0].meter = DCMeter(meter: evses[0].meter, voltage: Self.dcVoltage) }
        let hardware = StationHardware(
            evses: evses,
            tokenReader: simulation.tokenReader,
            emergencyStop: simulation.emergencyStop
        )
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

        let profile: SecurityProfile
        if csmsURL.lowercased().hasPrefix("ws://") {
            profile = .unsecured
        } else {
            throw .csms(problem: "charger-sim connects without TLS or passwords (security profile 0): use a ws:// URL")
        }
        do {
            transport = try OCPPWebSocketTransport(
                configuration: OCPPConnectionConfiguration(
                    csmsURL: csmsURL,
                    stationId: charger.id,
                    securityProfile: profile
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
        station = ChargingStation(
            identity: .init(
                stationId: charger.id,
                vendorName: "charger-agent",
                // BootNotification allows 20 characters of model and 25 of serial number.
                model: "sim \(isDC ? "DC" : "AC") \(Int(charger.ratedPowerKW)) kW",
                serialNumber: String(charger.id.prefix(25)),
                firmwareVersion: StationRuntime.firmwareVersion,
                securityProfile: 0
            ),
            session: session,
            hardware: hardware,
            store: store,
            bootReason: ChargingStation.bootReason(after: store) ?? .powerUp,
            clock: clock,
            logger: logger
        )
    }

    /// Runs the link and the station until the link is shut down (`shutdownLink()`).
    func run() async {
        let transport = transport
        let station = station
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await transport.run() }
            group.addTask { await station.run() }
        }
    }

    /// Closes the link (1001) and ends its reconnect loop; the station ends with its session.
    func shutdownLink() {
        transport.shutdown()
    }
}
