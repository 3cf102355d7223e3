import HAL

/// A simulated charge controller: generates the pilot the simulated vehicle answers.
public final class SimulatedEVSEBoard: EVSEBoard {
    /// A failure to inject.
    public enum Fault: Sendable, Hashable {
        /// Every call throws `.communicationFailure`, as if the controller stopped answering.
        case communicationFailure
        /// Pilot reads throw `.pilotFault` (a vehicle without its diode, a bad contact, a shorted pilot) and
        /// the pilot stream reports state E until the fault is cleared.
        case pilotFault
    }

    private let simulation: EVSESimulation

    init(simulation: EVSESimulation) {
        self.simulation = simulation
    }

    public func pilotState() async throws(EVSEBoardError) -> ControlPilotState {
        try simulation.update { (physics) throws(EVSEBoardError) in
            try Self.check(physics.boardFault, pilot: true)
            return physics.pilotState
        }
    }

    public var pilotStates: AsyncStream<ControlPilotState> {
        simulation.pilotStates
    }

    public func offerCurrent(_ amps: Double?) async throws(EVSEBoardError) {
        let output: EVSEPhysics.PilotOutput
        switch amps {
        case nil, 0:
            output = .idle
        case let amps?:
            do {
                _ = try PilotDutyCycle.percent(forCurrent: amps)
            } catch {
                throw .currentOutOfRange(amps)
            }
            output = .pwm(amps: amps)
        }
        try simulation.update { (physics) throws(EVSEBoardError) in
            try Self.check(physics.boardFault, pilot: false)
            physics.output = output
        }
    }

    public func signalNotAvailable() async throws(EVSEBoardError) {
        try simulation.update { (physics) throws(EVSEBoardError) in
            try Self.check(physics.boardFault, pilot: false)
            physics.output = .notAvailable
        }
    }

    /// The configured cable rating while a vehicle is plugged in; `nil` when unplugged or tethered.
    public var proximityCurrentLimit: Double? {
        get async throws(EVSEBoardError) {
            try simulation.update { (physics) throws(EVSEBoardError) in
                try Self.check(physics.boardFault, pilot: false)
                return physics.vehicle == nil ? nil : physics.proximityCurrentLimit
            }
        }
    }

    /// The current offered now in A, or `nil` without PWM.
    public var offeredCurrent: Double? {
        simulation.update { physics in physics.offeredCurrent > 0 ? physics.offeredCurrent : nil }
    }

    /// The PWM duty cycle in percent: 100 for a steady +12 V, 0 for state F.
    public var dutyCycle: Double {
        simulation.update { physics in
            switch physics.output {
            case .idle: 100
            case .notAvailable: 0
            case .pwm(let amps): (try? PilotDutyCycle.percent(forCurrent: amps)) ?? 100
            }
        }
    }

    public func injectFault(_ fault: Fault) {
        simulation.update { $0.boardFault = fault }
    }

    public func clearFault() {
        simulation.update { $0.boardFault = nil }
    }

    private static func check(_ fault: Fault?, pilot: Bool) throws(EVSEBoardError) {
        switch fault {
        case nil: return
        case .communicationFailure: throw .communicationFailure(reason: "simulated: controller not answering")
        case .pilotFault: if pilot { throw .pilotFault(reason: "simulated: no negative half-wave (diode missing)") }
        }
    }
}
