import HAL

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One simulated EVSE: its hardware for the station, and the handles a test or the fleet simulator
/// uses to drive the vehicle and inject faults.
///
/// The EV, board, contactor and meter share one physical state, so they agree with each other: power
/// flows only while the contactor is really closed and the vehicle shows C or D.
public struct SimulatedEVSE: Sendable {
    /// How one simulated EVSE is built.
    public struct Configuration: Sendable, Hashable {
        /// The phases the EVSE supplies and its meter measures (1 or 3).
        public var phases: Int
        /// Phase-to-neutral voltage in V.
        public var nominalVoltage: Double
        /// Grid frequency in Hz.
        public var frequency: Double
        /// The cable rating the board reads from PP while a vehicle is plugged in; `nil` for a tethered
        /// cable.
        public var proximityCurrentLimit: Double?
        /// The import register of the meter at start, in Wh (meters in the field are rarely new).
        public var initialEnergy: Double
        /// How long the contactor takes to move before its feedback is checked, on the clock.
        public var contactorSettleTime: Duration
        /// How long a read of a meter with an injected timeout takes before it throws, on the clock.
        public var meterResponseTimeout: Duration
        /// Whether the EVSE has a connector lock (a socket outlet) or not (a tethered cable).
        public var hasLock: Bool
        /// Whether the EVSE has its own status light.
        public var hasIndicator: Bool
        /// A DC EVSE's converter rating in W; `nil` for an AC EVSE. A DC EVSE delivers the least of this, its
        /// power setpoint (`SimulatedDCSupply`) and the vehicle's maximum whenever the vehicle shows C; the
        /// pilot current offered only says "ready". Its meter measures at `dcVoltage`, without phases.
        public var dcRatedPower: Double?
        /// The DC voltage the meter of a DC EVSE shows, in V (a plausible battery voltage while charging).
        public var dcVoltage: Double

        public init(
            phases: Int = 1,
            nominalVoltage: Double = 230,
            frequency: Double = 50,
            proximityCurrentLimit: Double? = nil,
            initialEnergy: Double = 0,
            contactorSettleTime: Duration = .zero,
            meterResponseTimeout: Duration = .zero,
            hasLock: Bool = false,
            hasIndicator: Bool = true,
            dcRatedPower: Double? = nil,
            dcVoltage: Double = 400
        ) {
            self.phases = phases
            self.nominalVoltage = nominalVoltage
            self.frequency = frequency
            self.proximityCurrentLimit = proximityCurrentLimit
            self.initialEnergy = initialEnergy
            self.contactorSettleTime = contactorSettleTime
            self.meterResponseTimeout = meterResponseTimeout
            self.hasLock = hasLock
            self.hasIndicator = hasIndicator
            self.dcRatedPower = dcRatedPower
            self.dcVoltage = dcVoltage
        }
    }

    /// The OCPP EVSE id.
    public let id: Int
    public let ev: SimulatedEV
    public let board: SimulatedEVSEBoard
    public let contactor: SimulatedContactor
    public let meter: SimulatedMeter
    public let lock: SimulatedConnectorLock?
    public let indicator: SimulatedIndicator?
    /// A DC EVSE's converter; `nil` for an AC EVSE.
    public let dcSupply: SimulatedDCSupply?
    private let simulation: EVSESimulation

    /// Builds an EVSE whose time passes on `clock` and whose meter stamps readings with `now()`.
    public init(
        id: Int,
        configuration: Configuration = Configuration(),
        clock: any Clock<Duration>,
        now: @escaping @Sendable () -> Date
    ) {
        let simulation = EVSESimulation(configuration: configuration, clock: clock)
        self.id = id
        self.simulation = simulation
        ev = SimulatedEV(simulation: simulation)
        board = SimulatedEVSEBoard(simulation: simulation)
        contactor = SimulatedContactor(simulation: simulation, settleTime: configuration.contactorSettleTime)
        meter = SimulatedMeter(simulation: simulation, responseTimeout: configuration.meterResponseTimeout, now: now)
        lock = configuration.hasLock ? SimulatedConnectorLock() : nil
        indicator = configuration.hasIndicator ? SimulatedIndicator() : nil
        dcSupply = configuration.dcRatedPower.map { SimulatedDCSupply(simulation: simulation, ratedPower: $0) }
    }

    /// The EVSE as the station sees it.
    public var hardware: EVSEHardware {
        EVSEHardware(
            id: id,
            board: board,
            contactor: contactor,
            meter: meter,
            lock: lock,
            indicator: indicator,
            powerSupply: dcSupply
        )
    }

    /// Applies the time passed so far, so a vehicle that became full announces it (pilot C → B) now
    /// rather than at the next read.
    public func catchUp() {
        simulation.catchUp()
    }
}
