import HAL
import Synchronization

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A simulated meter: its import register integrates the power flowing to the vehicle, exactly, on the
/// simulation's clock; voltage is nominal on every phase the EVSE has, current splits evenly over
/// the phases the vehicle draws on.
public final class SimulatedMeter: EnergyMeter {
    /// A failure to inject; reads fail until `clearFault()`.
    public enum Fault: Sendable, Hashable {
        /// The meter stops answering: reads throw `.timeout` after the configured response timeout.
        case timeout
        /// The meter answers garbage: reads throw `.invalidData`.
        case garbage
        /// The bus fails: reads throw `.communicationFailure`.
        case communicationFailure
        /// The meter answers with an import register 1 kWh below its real value (a swapped word order, a
        /// replaced meter): reads throw `.implausible`, from the same check a Modbus meter's readings pass.
        case implausible
    }

    private let simulation: EVSESimulation
    private let responseTimeout: Duration
    private let now: @Sendable () -> Date
    /// The same checks a Modbus meter's readings go through, so an injected implausible value reaches the
    /// station as the same typed error.
    private let plausibility = Mutex(MeterPlausibility())

    init(simulation: EVSESimulation, responseTimeout: Duration, now: @escaping @Sendable () -> Date) {
        self.simulation = simulation
        self.responseTimeout = responseTimeout
        self.now = now
    }

    public func read() async throws(MeterError) -> MeterReading {
        let timestamp = now()
        let result = simulation.update { physics -> Result<MeterReading, MeterError> in
            switch physics.meterFault {
            case nil: .success(physics.reading(at: timestamp))
            case .implausible:
                .success(
                    { () -> MeterReading in
                        var reading = physics.reading(at: timestamp)
                        reading.energyImport -= 1000  // below the last reading, or negative
                        return reading
                    }()
                )
            case .timeout: .failure(.timeout)
            case .garbage: .failure(.invalidData(reason: "simulated: CRC mismatch"))
            case .communicationFailure: .failure(.communicationFailure(reason: "simulated: bus not responding"))
            }
        }
        if case .failure(.timeout) = result {
            await simulatedDelay(responseTimeout, on: simulation.clock)
        }
        let reading = try result.get()
        try plausibility.withLock { (check: inout MeterPlausibility) throws(MeterError) in try check.accept(reading) }
        return reading
    }

    public func injectFault(_ fault: Fault) {
        simulation.update { $0.meterFault = fault }
    }

    /// The meter answers again; its registers kept counting while it did not.
    public func clearFault() {
        simulation.update { $0.meterFault = nil }
    }

    /// The import register in Wh, without going through `read()` (ignores injected faults).
    public var energyImport: Double { simulation.update { $0.energyImport } }
}
