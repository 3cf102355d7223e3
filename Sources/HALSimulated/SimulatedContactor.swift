import HAL

/// A simulated contactor whose contacts follow the command unless a fault says otherwise.
public final class SimulatedContactor: Contactor {
    /// A failure to inject.
    public enum Fault: Sendable, Hashable {
        /// The contacts weld: they close when commanded but never open again.
        case welded
        /// The contacts never close (no coil supply, mechanically stuck); injected while closed, they
        /// drop out at once.
        case stuckOpen
        /// The contacts are closed whatever the command (a coil driver stuck on, a mechanical fault):
        /// injected while open, they close at once.
        case stuckClosed
        /// The auxiliary contact cannot be read: feedback throws `.feedbackUnavailable`.
        case feedbackLost
        /// The coil driver fails: `set` throws `.driveFailure` and nothing moves.
        case driveFailure
    }

    private let simulation: EVSESimulation
    private let settleTime: Duration

    init(simulation: EVSESimulation, settleTime: Duration) {
        self.simulation = simulation
        self.settleTime = settleTime
    }

    /// Commands the contacts, waits the configured settle time on the clock, then checks the feedback.
    public func set(_ state: ContactorState) async throws(ContactorError) {
        try simulation.update { (physics) throws(ContactorError) in
            if physics.contactorFault == .driveFailure {
                throw .driveFailure(reason: "simulated: coil driver failed")
            }
            physics.contactorCommand = state
            physics.contacts = Self.contacts(commanded: state, now: physics.contacts, fault: physics.contactorFault)
        }
        await simulatedDelay(settleTime, on: simulation.clock)
        let actual = try await feedback()
        guard actual == state else { throw state == .open ? .welded : .failedToClose }
    }

    public func feedback() async throws(ContactorError) -> ContactorState {
        try simulation.update { (physics) throws(ContactorError) in
            if physics.contactorFault == .feedbackLost {
                throw .feedbackUnavailable(reason: "simulated: auxiliary contact not readable")
            }
            return physics.contacts
        }
    }

    /// The last commanded position.
    public var commandedState: ContactorState { simulation.update { $0.contactorCommand } }

    /// The real position of the contacts, whatever the feedback says.
    public var contacts: ContactorState { simulation.update { $0.contacts } }

    public func injectFault(_ fault: Fault) {
        simulation.update { physics in
            physics.contactorFault = fault
            physics.contacts = Self.contacts(commanded: physics.contactorCommand, now: physics.contacts, fault: fault)
        }
    }

    /// Repairs the contactor: the contacts follow the last command again.
    public func clearFault() {
        simulation.update { physics in
            physics.contactorFault = nil
            physics.contacts = physics.contactorCommand
        }
    }

    private static func contacts(commanded: ContactorState, now: ContactorState, fault: Fault?) -> ContactorState {
        switch fault {
        case .welded: now == .closed ? .closed : commanded
        case .stuckOpen: .open
        case .stuckClosed: .closed
        case nil, .feedbackLost, .driveFailure: commanded
        }
    }
}
