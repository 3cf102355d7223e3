import HAL

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The electrical state one simulated EVSE and its vehicle share: pilot, contactor, meter registers.
///
/// A value type so the rules (which pilot state the vehicle shows, how much power flows) are plain
/// functions of the state. Power is piecewise constant between changes, so `advance(to:)` integrates
/// it exactly before every change; the registers are correct whenever they are looked at, without a
/// task sampling them.
struct EVSEPhysics: Sendable {
    /// What the board drives on the pilot.
    enum PilotOutput: Sendable, Hashable {
        /// A steady +12 V: available, no current offered.
        case idle
        /// PWM announcing `amps`.
        case pwm(amps: Double)
        /// −12 V: state F.
        case notAvailable
    }

    /// The plugged-in vehicle.
    struct Vehicle: Sendable {
        var profile: EVProfile
        var paused = false
        var inError = false
        /// Energy taken since it was plugged in, in Wh.
        var energy: Double = 0

        var isFull: Bool { profile.targetEnergy.map { energy >= $0 } ?? false }
    }

    let phases: Int
    let voltage: Double
    let frequency: Double
    let proximityCurrentLimit: Double?
    /// A DC EVSE's converter rating in W (nil: AC) and the DC voltage its meter shows.
    let dcRatedPower: Double?
    let dcVoltage: Double
    /// The DC power setpoint in W (nil: the rating).
    var powerLimit: Double?
    var dcFault: SimulatedDCSupply.Fault?

    /// The time up to which the registers are integrated, since the simulation started.
    private(set) var time: Duration = .zero

    var output = PilotOutput.idle
    var boardFault: SimulatedEVSEBoard.Fault?

    var contactorCommand = ContactorState.open
    /// The real position of the main contacts, which the feedback reports unless it is broken.
    var contacts = ContactorState.open
    var contactorFault: SimulatedContactor.Fault?

    var vehicle: Vehicle?

    /// The meter's import register in Wh.
    private(set) var energyImport: Double
    var meterFault: SimulatedMeter.Fault?

    var pilotSubscribers = Subscribers<ControlPilotState>()
    /// The pilot state subscribers were last told about.
    private(set) var publishedPilot = ControlPilotState.a

    init(configuration: SimulatedEVSE.Configuration) {
        phases = min(max(configuration.phases, 1), 3)
        voltage = configuration.nominalVoltage
        frequency = configuration.frequency
        proximityCurrentLimit = configuration.proximityCurrentLimit
        dcRatedPower = configuration.dcRatedPower
        dcVoltage = configuration.dcVoltage
        energyImport = configuration.initialEnergy
    }

    var offeredCurrent: Double {
        if case .pwm(let amps) = output { amps } else { 0 }
    }

    /// The pilot state the board measures: the vehicle closes S2 (B→C) only while current is offered
    /// and it neither paused nor is full. An injected pilot fault (a shorted pilot, a missing diode) reads
    /// as state E whether or not a vehicle is plugged in, as a real controller reports it.
    var pilotState: ControlPilotState {
        if boardFault == .pilotFault { return .e }
        if output == .notAvailable { return .f }
        guard let vehicle else { return .a }
        if vehicle.inError { return .e }
        if offeredCurrent > 0, !vehicle.paused, !vehicle.isFull {
            return vehicle.profile.requiresVentilation ? .d : .c
        }
        return .b
    }

    /// The phases the vehicle draws on: the fewer of the EVSE's and the vehicle's.
    var activePhases: Int {
        min(phases, max(vehicle?.profile.phases ?? phases, 1))
    }

    /// The power flowing to the vehicle in W: AC, what the pilot offers on the phases in use; DC, what the
    /// converter's setpoint and rating allow. Never more than the vehicle takes.
    var activePower: Double {
        guard contacts == .closed, pilotState.isEnergyRequested, let vehicle else { return 0 }
        if let dcRatedPower {
            return max(0, min(vehicle.profile.maxPower, dcRatedPower, powerLimit ?? dcRatedPower))
        }
        return max(0, min(vehicle.profile.maxPower, offeredCurrent * voltage * Double(activePhases)))
    }

    /// Integrates the power flowing since `time` up to `now`; the vehicle stops at its target energy.
    mutating func advance(to now: Duration) {
        guard now > time else { return }
        let power = activePower
        if power > 0, var vehicle {
            var delivered = power * (now - time).inSeconds / 3600
            if let target = vehicle.profile.targetEnergy, vehicle.energy + delivered >= target {
                delivered = max(0, target - vehicle.energy)
                vehicle.energy = target
            } else {
                vehicle.energy += delivered
            }
            energyImport += delivered
            self.vehicle = vehicle
        }
        time = now
    }

    /// Tells subscribers about a new pilot state; called after every change, under the lock.
    mutating func publishPilotIfChanged() {
        let state = pilotState
        guard state != publishedPilot else { return }
        publishedPilot = state
        pilotSubscribers.yield(state)
    }

    func reading(at timestamp: Date) -> MeterReading {
        let power = activePower
        if dcRatedPower != nil {
            // A DC meter: one voltage and current on the DC side, no frequency.
            return MeterReading(
                energyImport: energyImport,
                energyExport: 0,
                activePower: power,
                voltage: PhaseValues(l1: dcVoltage),
                current: PhaseValues(l1: power > 0 ? power / dcVoltage : 0),
                frequency: nil,
                timestamp: timestamp
            )
        }
        let perPhase = power > 0 ? power / (voltage * Double(activePhases)) : 0
        func phase(_ index: Int, _ value: Double) -> Double? { index < phases ? value : nil }
        func current(_ index: Int) -> Double? { phase(index, index < activePhases ? perPhase : 0) }
        return MeterReading(
            energyImport: energyImport,
            energyExport: 0,
            activePower: power,
            voltage: PhaseValues(l1: phase(0, voltage), l2: phase(1, voltage), l3: phase(2, voltage)),
            current: PhaseValues(l1: current(0), l2: current(1), l3: current(2)),
            frequency: frequency,
            timestamp: timestamp
        )
    }
}
