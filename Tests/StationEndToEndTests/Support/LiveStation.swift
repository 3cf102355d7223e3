import ChargingStation
import Foundation
import HALSimulated
import Logging
import OCPPRPC
import OCPPTestSupport
import OCPPWebSocket
import StationStore
import Synchronization

/// A whole station as `chargerd` would assemble it (real WebSocket transport, RPC session, station) on
/// simulated hardware and an in-memory store, with real time: nothing here is a test double but the
/// hardware. `stop()` it at the end of each test.
final class LiveStation: Sendable {
    static let stationId = "CS-E2E-01"

    let simulation: SimulatedStation
    let station: ChargingStation
    /// What the station, session and transport logged, shown when a test fails.
    let logs: LogBuffer
    private let transport: OCPPWebSocketTransport
    private let task: Task<Void, Never>

    /// Builds the station for a CSMS on `ws://127.0.0.1:<port>/ocpp` and starts it (it connects at once).
    init(csmsPort port: Int, evseCount: Int = 2) throws {
        let clock = ContinuousClock()
        let logs = LogBuffer()
        self.logs = logs
        let configuration = OCPPConnectionConfiguration(
            csmsURL: "ws://127.0.0.1:\(port)/ocpp",
            stationId: Self.stationId,
            securityProfile: .unsecured,
            pingInterval: .zero,
            connectTimeout: .seconds(5),
            reconnectBackOff: ReconnectBackOff(waitMinimum: .milliseconds(200), randomRange: .zero, repeatTimes: 0)
        )
        let transport = try OCPPWebSocketTransport(
            configuration: configuration,
            clock: clock,
            randomFraction: { 0 },
            logger: logs.logger(label: "ocpp.websocket")
        )
        self.transport = transport
        let session = RPCSession(
            transport: transport,
            configuration: .init(stationId: Self.stationId, callTimeout: .seconds(10)),
            clock: clock,
            logger: logs.logger(label: "ocpp.rpc")
        )
        let simulation = SimulatedStation(evseCount: evseCount, clock: clock, now: { Date() })
        self.simulation = simulation
        let station = ChargingStation(
            identity: StationIdentity(
                stationId: Self.stationId,
                vendorName: "charger-agent",
                model: "e2e-sim",
                serialNumber: "E2E-0001",
                firmwareVersion: "0.0.0-test"
            ),
            session: session,
            hardware: simulation.hardware,
            store: InMemoryStationStore(),
            bootReason: .powerUp,
            clock: clock,
            wallClock: { Date() },
            logger: logs.logger(label: "charger.station")
        )
        self.station = station
        task = Task {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await transport.run() }
                group.addTask { await station.run() }
                group.addTask { try? await simulation.run(tick: .milliseconds(100)) }
                await group.waitForAll()
            }
        }
    }

    /// Closes the link and stops everything; gives up waiting after 5 s (and says so) rather than hang.
    func stop() async throws {
        transport.shutdown()
        task.cancel()
        let task = self.task
        do {
            try await withDeadline("the station to stop after shutdown", within: .seconds(5)) { await task.value }
        } catch {
            throw TestFailure("\(error)\n\(logs.tail())")
        }
    }
}

/// A swift-log sink that keeps every line in memory, so a failing test can show what the station did.
final class LogBuffer: Sendable {
    private let lines = Mutex<[String]>([])

    func logger(label: String) -> Logger {
        var logger = Logger(label: label) { label in Handler(label: label, buffer: self) }
        logger.logLevel = .debug
        return logger
    }

    /// The last `count` lines.
    func tail(_ count: Int = 80) -> String {
        let all = lines.withLock { $0 }
        return "station log (last \(min(count, all.count)) of \(all.count) lines):\n  "
            + all.suffix(count).joined(separator: "\n  ")
    }

    fileprivate func append(_ line: String) { lines.withLock { $0.append(line) } }

    private struct Handler: LogHandler {
        let label: String
        let buffer: LogBuffer
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .debug

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            var all = metadata
            if let extra = event.metadata { all.merge(extra) { $1 } }
            all.removeValue(forKey: "station-id")
            let fields = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            buffer.append("\(event.level) [\(label)] \(event.message) \(fields)")
        }
    }
}
