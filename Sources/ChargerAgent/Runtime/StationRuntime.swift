import ChargingStation
import HALSimulated
import LocalFiles
import Logging
import OCPP
import OCPPRPC
import OCPPWebSocket
import ServiceLifecycle
import StationCertificates
import StationStore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

#if canImport(Glibc)
import Glibc
#endif

/// One station as `chargerd` runs it: the board's hardware, the store in the state directory, the
/// WebSocket link and the station, run as services of one `ServiceGroup`.
///
/// Everything that can fail is built in `init`, so a bad board, secret or state directory is reported
/// before anything connects. `run()` returns after a graceful shutdown (SIGTERM/SIGINT when
/// `Options.handlesShutdownSignals`, or `triggerGracefulShutdown()`): the station task is cancelled
/// first, then the link is closed. Open transactions stay in the store; the next start ends them with
/// PowerLoss (the station's own recovery).
public final class StationRuntime: Sendable {
    /// What the command line may change on top of the board file.
    public struct Options: Sendable {
        public var csmsURL: String?
        public var stationId: String?
        public var stateDirectory: String?
        /// Where the control socket listens (`chargerctl`); nil runs no control socket.
        public var controlSocket: String?
        /// Whether SIGTERM and SIGINT start a graceful shutdown: on in the daemon, off in tests.
        public var handlesShutdownSignals: Bool
        /// The environment secrets are read from.
        public var environment: [String: String]

        public init(
            csmsURL: String? = nil,
            stationId: String? = nil,
            stateDirectory: String? = nil,
            controlSocket: String? = nil,
            handlesShutdownSignals: Bool = false,
            environment: [String: String] = ProcessInfo.processInfo.environment
        ) {
            self.csmsURL = csmsURL
            self.stationId = stationId
            self.stateDirectory = stateDirectory
            self.controlSocket = controlSocket
            self.handlesShutdownSignals = handlesShutdownSignals
            self.environment = environment
        }
    }

    /// How `run()` ended.
    public enum Outcome: Sendable, Equatable {
        /// A graceful shutdown (signal or `triggerGracefulShutdown()`).
        case stopped
        /// The CSMS asked for a reset: the process should exit so its supervisor restarts it. The boot
        /// reason is already in the store for the next start.
        case restartRequested
    }

    /// The board as run, with the command-line overrides applied.
    public let config: BoardConfig
    /// The SQLite file of the station store.
    public let storePath: String
    public let station: ChargingStation
    /// Answers the control socket's commands for this station (Control/).
    public let controller: StationController
    private let serviceGroup: ServiceGroup
    private let logger: Logger

    /// Builds everything; throws `StationRuntimeError` naming what is wrong.
    public init(
        config: BoardConfig,
        options: Options = Options(),
        logger: Logger = Logger(label: "chargerd")
    ) throws(StationRuntimeError) {
        var config = config
        if let url = options.csmsURL { config.csms.url = url }
        if let id = options.stationId { config.station.id = id }
        if let directory = options.stateDirectory { config.stateDirectory = directory }
        self.config = config
        var logger = logger
        logger[metadataKey: "station-id"] = .string(config.station.id)
        self.logger = logger

        let clock = ContinuousClock()
        // The simulated meters go on from the registers the last run saved (a real meter keeps counting).
        let registerFile = MeterRegisterFile(stateDirectory: config.stateDirectory)
        let savedRegisters = registerFile.load()
        let built = try Self.buildHardware(for: config, clock: clock, initialRegisters: savedRegisters)
        let connection = try Self.connectionConfiguration(for: config, environment: options.environment)
        storePath = try Self.prepareStateDirectory(config.stateDirectory) + "/station.sqlite"
        let store: SQLiteStationStore
        do {
            store = try SQLiteStationStore(path: storePath)
        } catch {
            throw .store(path: storePath, problem: "\(error)")
        }

        // Each attempt's profile, password and TLS material come from the station and the state directory.
        let planner = StationConnectionPlanner(
            board: connection,
            csms: config.csms,
            stateDirectory: config.stateDirectory,
            logger: logger
        )
        let transport: OCPPWebSocketTransport
        do {
            transport = try OCPPWebSocketTransport(
                configuration: connection,
                planner: planner,
                clock: clock,
                logger: Logger(label: "ocpp.websocket")
            )
        } catch {
            throw .csms(problem: "\(error)")
        }
        let session = RPCSession(
            transport: transport,
            configuration: .init(stationId: config.station.id),
            clock: clock,
            logger: Logger(label: "ocpp.rpc")
        )
        let bootReason = ChargingStation.bootReason(after: store) ?? .powerUp
        let maintenance = Self.maintenanceService(for: config, environment: options.environment, store: store)
        // The certificate store in the state directory (a certificate installation a crash cut short is
        // finished first, so the link reads a matching key and certificate).
        let certificates = CertificateDirectory(layout: CertificateStoreLayout(stateDirectory: config.stateDirectory))
        do {
            try certificates.prepare()
        } catch {
            throw .stateDirectory(path: certificates.layout.root, problem: "certificate store: \(error)")
        }
        station = ChargingStation(
            identity: .init(
                stationId: config.station.id,
                vendorName: config.station.vendor,
                model: config.station.model,
                serialNumber: config.station.serial,
                firmwareVersion: maintenance.runningFirmwareVersion,
                securityProfile: config.csms.securityProfile,
                evses: config.evseDescriptions,
                boardCSMSRoots: !config.csms.trustRoots.isEmpty,
                boardStationCertificate: config.csms.clientCertificate != nil
            ),
            session: session,
            hardware: built.hardware,
            store: store,
            bootReason: bootReason,
            clock: clock,
            logger: Logger(label: "charger.station"),
            certificateFiles: certificates
        )

        planner.attach(station)
        let linked = station
        Task { await linked.useLinkReconnection { [weak transport] in transport?.reconnectNow() } }
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: TransportService(transport: transport), serviceName: "transport"),
            .init(service: StationService(station: station, maintenance: maintenance), serviceName: "station"),
        ]
        if let simulation = built.simulation {
            services.append(.init(service: SimulationService(simulation: simulation), serviceName: "simulation"))
        }
        if let simulation = built.simulation {
            let meters = config.evses.filter { $0.meter == .simulated }.map { ($0.id, simulation[evse: $0.id].meter) }
            if !meters.isEmpty {
                let keeper = MeterRegisterService(
                    meters: Dictionary(meters, uniquingKeysWith: { first, _ in first }),
                    file: registerFile,
                    loaded: savedRegisters,
                    clock: clock,
                    logger: logger
                )
                // First, so it shuts down last: the registers it saves at the end are the final ones.
                services.insert(.init(service: keeper, serviceName: "meter-registers"), at: 0)
            }
        }
        controller = Self.makeController(station: station, built: built, config: config, storePath: storePath)
        if let socket = options.controlSocket {
            let router = ControlRouter(stations: [config.station.id: controller])
            // Every new maintenance session on the socket, and every refused peer, is a security event (A04).
            let logins = MaintenanceLoginGate { [station] login in
                await station.raiseSecurityEvent(
                    login.accepted ? .maintenanceLoginAccepted : .maintenanceLoginFailed,
                    techInfo: login.summary
                )
            }
            services.append(
                .init(service: ControlServer(path: socket, router: router, logins: logins), serviceName: "control")
            )
        }
        if !built.gpioContactors.isEmpty {
            // First in the list, so shut down last: after the station and the link have stopped.
            let safety = ContactorSafetyService(contactors: built.gpioContactors, logger: logger)
            services.insert(.init(service: safety, serviceName: "contactor-safety"), at: 0)
        }
        if !built.controllers.isEmpty {
            services.append(
                .init(service: ControllerPollService(controllers: built.controllers), serviceName: "charge-controllers")
            )
        }
        if !built.gpioInputs.isEmpty {
            services.append(.init(service: GPIOInputService(inputs: built.gpioInputs), serviceName: "gpio-inputs"))
        }
        if !built.pilotBoards.isEmpty {
            let pilots = PilotHATService(boards: built.pilotBoards, logger: logger)
            services.append(.init(service: pilots, serviceName: "pilot-hats"))
        }
        if let reader = built.tokenReader {
            services.append(.init(service: TokenReaderService(reader: reader), serviceName: "token-reader"))
        }
        if !config.externalLimits.isEmpty {
            let limits = ExternalLimitService(
                station: station,
                limits: config.externalLimits,
                buses: built.buses,
                inputs: built.hardware.inputs,
                clock: clock,
                logger: Logger(label: "external-limits")
            )
            services.append(.init(service: limits, serviceName: "external-limits"))
        }
        // Last, so a graceful shutdown tells systemd STOPPING=1 first.
        if let notify = Self.systemdNotifyService(for: station, environment: options.environment, logger: logger) {
            services.append(.init(service: notify, serviceName: "systemd-notify"))
        }
        // Graceful shutdown goes in reverse order: simulation, then the station, then the link.
        serviceGroup = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services,
                gracefulShutdownSignals: options.handlesShutdownSignals ? [.sigterm, .sigint] : [],
                logger: logger
            )
        )
        logger.info(
            "station assembled",
            metadata: [
                "csms": "\(config.csms.url)", "profile": "\(config.csms.securityProfile)",
                "evses": "\(config.evses.count)", "store": "\(storePath)", "boot-reason": "\(bootReason.rawValue)",
            ]
        )
    }

    /// The firmware version reported in BootNotification: the build's `ChargerAgentVersion.current`.
    public static let firmwareVersion = ChargerAgentVersion.current

    /// Runs until a graceful shutdown, or until the CSMS asks for a restart.
    public func run() async throws -> Outcome {
        let group = serviceGroup
        let station = station
        let logger = logger
        return try await withThrowingTaskGroup(of: Outcome?.self) { tasks in
            tasks.addTask {
                try await group.run()
                return .stopped
            }
            tasks.addTask {
                for await reset in station.resetRequests {
                    logger.notice(
                        "the CSMS asked for a restart; shutting down",
                        metadata: ["type": "\(reset.type.rawValue)", "boot-reason": "\(reset.bootReason.rawValue)"]
                    )
                    await group.triggerGracefulShutdown()
                    return .restartRequested
                }
                return nil
            }
            var outcome = Outcome.stopped
            // Only the service group's end ends the run; a restart request only changes the outcome.
            while let next = try await tasks.next() {
                if next == .restartRequested {
                    outcome = .restartRequested
                } else if next == .stopped {
                    break
                }
            }
            tasks.cancelAll()
            logger.info("stopped", metadata: ["outcome": "\(outcome)"])
            return outcome
        }
    }

    /// Starts a graceful shutdown, as SIGTERM does.
    public func triggerGracefulShutdown() async {
        await serviceGroup.triggerGracefulShutdown()
    }

    /// Creates the state directory if needed and checks it can be written; returns its path. Public for the
    /// fleet simulator, whose stations keep their stores in one such directory.
    public static func prepareStateDirectory(_ path: String) throws(StationRuntimeError) -> String {
        do {
            try LocalFiles.createDirectories(path)
        } catch {
            throw .stateDirectory(path: path, problem: "cannot be created (\(error))")
        }
        guard LocalFiles.isWritableDirectory(path) else {
            throw .stateDirectory(path: path, problem: "is not writable by this user")
        }
        return path
    }
}
