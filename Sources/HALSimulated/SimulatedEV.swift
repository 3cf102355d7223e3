import HAL

/// What a simulated vehicle is like: how much it takes and when it is full.
public struct EVProfile: Sendable, Hashable {
    /// The on-board charger's limit in W.
    public var maxPower: Double
    /// The phases the on-board charger uses (1–3); it draws on fewer if the EVSE has fewer.
    public var phases: Int
    /// Energy in Wh after which the vehicle is full and stops (pilot C → B); `nil` never stops.
    public var targetEnergy: Double?
    /// Asks for ventilation while charging (pilot D instead of C).
    public var requiresVentilation: Bool

    public init(
        maxPower: Double = 11_000,
        phases: Int = 3,
        targetEnergy: Double? = nil,
        requiresVentilation: Bool = false
    ) {
        self.maxPower = maxPower
        self.phases = phases
        self.targetEnergy = targetEnergy
        self.requiresVentilation = requiresVentilation
    }
}

/// The vehicle side of one simulated EVSE: plug it in, pause it, break it, or run a script.
///
/// It behaves like an IEC 61851-1 vehicle, instantly: plugged in it shows B; while current is offered
/// and it is neither paused nor full it shows C (D if it needs ventilation) and draws
/// `min(maxPower, offered A × voltage × phases)` once the contactor closes; paused or full it returns
/// to B; in error it shows E. It never closes S2 without PWM.
public final class SimulatedEV: Sendable {
    /// One thing a vehicle (or its driver) does.
    public enum Action: Sendable, Hashable {
        case plugIn(EVProfile)
        case unplug
        /// The vehicle stops taking energy (C → B) but stays plugged in.
        case pause
        /// The vehicle asks for energy again after `pause`.
        case resume
        /// The vehicle signals an error (pilot E, as with a shorted pilot).
        case fail
        /// The vehicle recovers from `fail`.
        case clearError
        /// Changes when the vehicle is full (`nil`: never); raising it wakes a full vehicle.
        case setTargetEnergy(Double?)
    }

    /// A scripted action, performed `after` the previous step (or the start of the script).
    public struct Step: Sendable, Hashable {
        public var after: Duration
        public var action: Action

        public init(after: Duration, _ action: Action) {
            self.after = after
            self.action = action
        }

        public static func after(_ delay: Duration, _ action: Action) -> Step {
            Step(after: delay, action)
        }
    }

    private let simulation: EVSESimulation

    init(simulation: EVSESimulation) {
        self.simulation = simulation
    }

    /// Plugs a vehicle in (pilot A → B); does nothing if one is already plugged in.
    public func plugIn(_ profile: EVProfile = EVProfile()) {
        perform(.plugIn(profile))
    }

    /// Unplugs the vehicle (pilot → A); the energy it took is kept in the meter.
    public func unplug() { perform(.unplug) }
    public func pause() { perform(.pause) }
    public func resume() { perform(.resume) }
    public func fail() { perform(.fail) }
    public func clearError() { perform(.clearError) }

    public func perform(_ action: Action) {
        simulation.update { physics in
            switch action {
            case .plugIn(let profile):
                if physics.vehicle == nil { physics.vehicle = EVSEPhysics.Vehicle(profile: profile) }
            case .unplug:
                physics.vehicle = nil
            case .pause:
                physics.vehicle?.paused = true
            case .resume:
                physics.vehicle?.paused = false
            case .fail:
                physics.vehicle?.inError = true
            case .clearError:
                physics.vehicle?.inError = false
            case .setTargetEnergy(let target):
                physics.vehicle?.profile.targetEnergy = target
            }
        }
    }

    /// Performs `script` step by step, sleeping on the simulation's clock before each step.
    ///
    /// Throws `CancellationError` if cancelled while waiting; the steps done so far stay done.
    public func run(_ script: [Step]) async throws {
        for step in script {
            if step.after > .zero { try await simulation.clock.sleep(for: step.after) }
            try Task.checkCancellation()
            perform(step.action)
        }
    }

    public var isPluggedIn: Bool { simulation.update { $0.vehicle != nil } }
    /// True once the vehicle took its target energy.
    public var isFull: Bool { simulation.update { $0.vehicle?.isFull ?? false } }
    /// Energy taken since the vehicle was plugged in, in Wh.
    public var sessionEnergy: Double { simulation.update { $0.vehicle?.energy ?? 0 } }
    /// The power flowing into the vehicle now, in W.
    public var power: Double { simulation.update { $0.activePower } }
}
