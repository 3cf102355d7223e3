import HAL

/// A simulated DC converter: the station's power setpoint caps the power the simulated vehicle draws, as a real
/// DC charger's power stage does.
public final class SimulatedDCSupply: DCPowerSupply {
    /// A failure to inject.
    public enum Fault: Sendable, Hashable {
        /// Setpoints are not accepted (`.communicationFailure`); the last one stays in force.
        case communicationFailure
    }

    public let ratedPower: Double
    private let simulation: EVSESimulation

    init(simulation: EVSESimulation, ratedPower: Double) {
        self.simulation = simulation
        self.ratedPower = ratedPower
    }

    public func setPowerLimit(_ watts: Double?) async throws(EVSEBoardError) {
        if let watts, !(watts.isFinite && watts >= 0) { throw .powerOutOfRange(watts) }
        try simulation.update { (physics) throws(EVSEBoardError) in
            if physics.dcFault == .communicationFailure {
                throw .communicationFailure(reason: "simulated: DC converter not answering")
            }
            physics.powerLimit = watts.map { min($0, ratedPower) }
        }
    }

    /// The setpoint in force, W (nil: the rating).
    public var powerLimit: Double? { simulation.update { $0.powerLimit } }

    public func injectFault(_ fault: Fault) {
        simulation.update { $0.dcFault = fault }
    }

    public func clearFault() {
        simulation.update { $0.dcFault = nil }
    }
}
