import ChargingStation
import HALSimulated
import OCPPWebSocket
import ServiceLifecycle

/// The WebSocket link as a service: graceful shutdown closes the link (1001) and ends the reconnect loop.
struct TransportService: Service, CustomStringConvertible {
    let transport: OCPPWebSocketTransport

    func run() async throws {
        let transport = transport
        await withGracefulShutdownHandler {
            await transport.run()
        } onGracefulShutdown: {
            transport.shutdown()
        }
    }

    var description: String { "TransportService" }
}

/// The station as a service: graceful shutdown cancels its task. Whatever was in flight stays in the
/// store; the next start recovers it.
struct StationService: Service, CustomStringConvertible {
    let station: ChargingStation
    /// Firmware and log I/O, attached before the station runs (L01, N01).
    var maintenance: (any StationMaintenance)? = nil

    func run() async throws {
        let station = station
        // Each start of the station (a process start, or the restart a reset asked for) is a security event.
        await station.recordStartup()
        if let maintenance { await station.attachMaintenance(maintenance) }
        await cancelWhenGracefulShutdown {
            await station.run()
        }
    }

    var description: String { "StationService" }
}

/// The simulated hardware's clock tick as a service; cancellation is its normal end.
struct SimulationService: Service, CustomStringConvertible {
    let simulation: SimulatedStation

    func run() async throws {
        let simulation = simulation
        await cancelWhenGracefulShutdown {
            try? await simulation.run()
        }
    }

    var description: String { "SimulationService" }
}
