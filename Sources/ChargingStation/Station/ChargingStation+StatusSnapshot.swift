import HAL
import OCPP

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What the station knows about itself right now, for the local control socket (`chargerctl status`).
///
/// Read-only and I/O-free: it reports the station's own view (the last meter reading it polled, the
/// contactor position it commanded, the faults it latched); the composition root adds what only the
/// hardware can tell (contactor feedback, LEDs, inputs).
public struct StationStatusSnapshot: Sendable, Equatable {
    /// One EVSE as the station sees it.
    public struct EVSE: Sendable, Equatable {
        public var id: Int
        /// The connector status last derived (what StatusNotification reports).
        public var connectorStatus: ConnectorStatusEnumType
        /// The running transaction's id, if any.
        public var transactionId: String?
        /// The running transaction's start time, if any.
        public var transactionStartedAt: Date?
        /// The import register of the last good meter reading, in Wh.
        public var meterEnergyWh: Double?
        /// Energy delivered in the running transaction so far, in Wh (nil without a transaction or reading).
        public var sessionEnergyWh: Double?
        /// Active power of the last good meter reading, in W.
        public var powerW: Double?
        /// When the last good meter reading was taken.
        public var lastMeterReadingAt: Date?
        /// The running cost as the CSMS last told it.
        public var runningCost: Double?
        /// The current offered to the EV now, in A (nil: none).
        public var offeredCurrentA: Double?
        /// Whether the station took the contactor as closed after its last command (feedback verified).
        public var contactorClosed: Bool
        /// Whether the pilot last showed a vehicle.
        public var pluggedIn: Bool
        /// Faults latched on this EVSE, by name: "pilot-error", "contactor-welded", "contactor-opened",
        /// "meter-failure", then any other (see `AvailabilityModel.Fault.name`: "contactor-failed-to-close",
        /// "contactor-drive-failure", "contactor-feedback-unavailable", "store", …) in name order, and
        /// "contactor-failed-to-open" last.
        public var faults: [String]
        /// The control-pilot state the board last reported (nil: none yet).
        public var pilotState: ControlPilotState? = nil
        /// The cable of the current plug-in as read from its PP (nil: unplugged or not read yet).
        public var cable: CableRating? = nil
        /// What the charging profiles and load sharing allow now (nil: not evaluated yet), in
        /// `chargingLimitUnit`: "A" per phase for AC, "W" for a DC EVSE.
        public var chargingLimit: Double? = nil
        public var chargingLimitUnit: String? = nil
        /// A DC EVSE's converter setpoint last commanded, in W (nil: AC, or none yet).
        public var powerSetpointW: Double? = nil
    }

    /// The cable of one plug-in, as `chargerctl status` shows it.
    public enum CableRating: Sendable, Equatable {
        /// The EVSE's own cable (no PP to read), rated as the EVSE.
        case tethered
        /// A socket-outlet cable coded by its PP resistor, in A.
        case rated(Double)
        /// A cable the station refuses to charge through, and why (rated below 6 A, PP unreadable).
        case unusable(String)
    }

    /// The last token presented at the reader, its id masked (see `PresentedToken.maskedId`): the full id
    /// never leaves the station.
    public struct LastToken: Sendable, Equatable {
        public var type: TokenType
        public var maskedId: String
        public var at: Date
    }

    /// "Accepted", "Pending", "Rejected" or "unknown" (no BootNotification answered yet).
    public var registration: String
    /// Whether the WebSocket link to the CSMS is up.
    public var linkUp: Bool
    /// Whether the emergency stop is pressed, as the station last saw it.
    public var emergencyStop: Bool
    public var evses: [EVSE]
    /// The last token read (nil: none since start).
    public var lastToken: LastToken? = nil
}

extension ChargingStation {
    /// A snapshot of the station's own state (registration, link, per-EVSE status); see `StationStatusSnapshot`.
    public func statusSnapshot() -> StationStatusSnapshot {
        let registration =
            switch registration.status {
            case .accepted: "Accepted"
            case .pending: "Pending"
            case .rejected: "Rejected"
            case .unregistered: "unknown"
            }
        let evses = hardware.evses.map { evse -> StationStatusSnapshot.EVSE in
            let id = evse.id
            let state = evseStates[id]
            let reading = state?.lastReading
            let record = state?.running
            // Every active fault by name, the common ones first and in a fixed order; nothing Faulted goes unnamed.
            let first = ["pilot-error", "contactor-welded", "contactor-opened", "meter-failure"]
            let named = Set(availability.faults(evseId: id).map(\.name))
            var faults = first.filter(named.contains) + named.subtracting(first).sorted()
            if state?.contactor.takenAsClosed == true { faults.append("contactor-failed-to-open") }
            let sessionEnergy: Double? =
                if let record, let start = record.meterStartWh, let now = reading?.energyImport {
                    max(now - start, 0)
                } else {
                    nil
                }
            let offered = state?.offeredCurrent
            return StationStatusSnapshot.EVSE(
                id: id,
                connectorStatus: availability.status(evseId: id) ?? .unavailable,
                transactionId: record?.transactionId,
                transactionStartedAt: record?.startedAt,
                meterEnergyWh: reading?.energyImport,
                sessionEnergyWh: sessionEnergy,
                powerW: reading?.activePower,
                lastMeterReadingAt: reading?.timestamp,
                runningCost: record?.totalCost,
                offeredCurrentA: offered,
                contactorClosed: state?.transaction.facts.powerPathClosed ?? false,
                pluggedIn: availability.evseIsPluggedIn(id),
                faults: faults,
                pilotState: state?.pilot,
                cable: state?.cable.map(Self.cableRating),
                chargingLimit: state?.chargingLimit,
                chargingLimitUnit: state?.chargingLimit == nil
                    ? nil : hardware.evse(id)?.powerSupply == nil ? "A" : "W",
                powerSetpointW: state?.powerSetpoint
            )
        }
        return StationStatusSnapshot(
            registration: registration,
            linkUp: self.registration.isLinkUp && session.isConnected,
            emergencyStop: availability.emergencyStop,
            evses: evses,
            lastToken: lastToken.map { .init(type: $0.token.type, maskedId: $0.token.maskedId, at: $0.at) }
        )
    }

    static func cableRating(_ cable: OfferedCurrent.Cable) -> StationStatusSnapshot.CableRating {
        if let problem = OfferedCurrent.problem(cable) { return .unusable(problem) }
        return switch cable {
        case .tethered: .tethered
        case .rated(let amps): .rated(amps)
        case .unreadable(let reason): .unusable(reason)
        }
    }

    /// Whether a transaction runs (or is being started) on `evseId`, or on any EVSE when `evseId` is nil.
    public func hasActiveTransaction(evseId: Int? = nil) -> Bool {
        if let evseId {
            guard let state = evseStates[evseId] else { return false }
            return state.running != nil || state.startingRemotely
        }
        return evseStates.values.contains { $0.running != nil || $0.startingRemotely }
    }

    /// Holds `evseId` for a local self-test: the connector turns Unavailable and the station stops driving
    /// its contactor until `endMaintenance`. Refused while a transaction runs or starts there, while a
    /// vehicle is plugged in (closing the contactor would energise its cable), for an unknown EVSE, or when
    /// it is already held. The checks and the hold happen in one step of the actor, so nothing slips in
    /// between.
    public func beginMaintenance(evseId: Int) throws(MaintenanceRefusal) {
        if let refusal = maintenanceRefusal(evseId: evseId) { throw refusal }
        if availability.isInMaintenance(evseId: evseId) { throw .alreadyHeld(evseId: evseId) }
        contactorMovedOutsideCommands(evseId: evseId)
        perform(availability.maintenanceChanged(evseId: evseId, active: true, at: now))
    }

    /// Why the contactor of `evseId` must not be moved for maintenance now, or nil when it may. A self-test
    /// asks again right before each move: a vehicle may have been plugged in meanwhile.
    public func maintenanceRefusal(evseId: Int) -> MaintenanceRefusal? {
        if !hardware.evses.contains(where: { $0.id == evseId }) { return .unknownEVSE(evseId: evseId) }
        if hasActiveTransaction(evseId: evseId) { return .transactionRunning(evseId: evseId) }
        if availability.evseIsPluggedIn(evseId) { return .vehiclePluggedIn(evseId: evseId) }
        return nil
    }

    /// Releases the hold `beginMaintenance` took.
    public func endMaintenance(evseId: Int) {
        guard availability.isInMaintenance(evseId: evseId) else { return }
        contactorMovedOutsideCommands(evseId: evseId)
        perform(availability.maintenanceChanged(evseId: evseId, active: false, at: now))
    }

    /// A self-test under the maintenance hold closed and opened the contactor of `evseId`, and the feedback
    /// followed both times: the contactor faults latched there (welded, failed to open, opened on its own,
    /// failed to close) clear, and the contactor is taken as open again. This is how a technician clears
    /// them after a repair; a restart does too. Ignored without the hold.
    public func contactorPassedSelftest(evseId: Int) {
        guard availability.isInMaintenance(evseId: evseId) else { return }
        let latched =
            evseStates[evseId]?.contactor.takenAsClosed == true || evseStates[evseId]?.contactor.alarm != nil
            || availability.hasContactorFault(evseId: evseId)
        evseStates[evseId]?.contactor.takenAsClosed = false
        evseStates[evseId]?.contactor.alarm = nil
        contactorMovedOutsideCommands(evseId: evseId)
        if evseStates[evseId]?.transaction.facts.powerPathClosed == true {
            apply(evseId) { $0.powerPath(closed: false) }
        }
        guard latched else { return }
        logger.notice("contactor faults cleared by a passing self-test", metadata: ["evse": "\(evseId)"])
        perform(availability.contactorFaultsCleared(evseId: evseId, at: now))
    }
}

/// Why an EVSE cannot be held for maintenance (a self-test).
public enum MaintenanceRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownEVSE(evseId: Int)
    case transactionRunning(evseId: Int)
    case vehiclePluggedIn(evseId: Int)
    case alreadyHeld(evseId: Int)

    public var description: String {
        switch self {
        case .unknownEVSE(let id): "EVSE \(id) does not exist"
        case .transactionRunning(let id): "EVSE \(id) has a transaction running"
        case .vehiclePluggedIn(let id): "EVSE \(id) has a vehicle plugged in; unplug it first"
        case .alreadyHeld(let id): "EVSE \(id) is already under a self-test"
        }
    }
}
