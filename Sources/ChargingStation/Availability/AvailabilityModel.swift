import HAL
import OCPP
import StationStore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Operational state and connector status per station, EVSE and connector (OCPP 2.0.1 G01-G04, B04).
///
/// A value type: it takes events (pilot changes, faults, ChangeAvailability, transaction start/end, the
/// link coming back) and returns actions; `ChargingStation` performs them. Each EVSE has one connector
/// (id 1), as `EVSEHardware` models it.
///
/// A connector's status is derived, the first rule that applies wins:
/// 1. **Faulted** when the station (emergency stop) or its EVSE has a fault: pilot state E, a welded
///    contactor, … A fault is not the operator's choice, so it is reported as Faulted rather than
///    Unavailable; it clears by itself when the cause does, except a contactor's (welded or closed on its
///    own, opened on its own, failed to close): those latch until a passing self-test or a restart. Only
///    feedback that supervision could not read between commands clears when it reads (and agrees) again.
/// 2. **Unavailable** while a technician's self-test holds the EVSE (`chargerctl selftest`): the station does
///    not move its contactor meanwhile. The hold is never persisted and never taken during a transaction.
/// 3. **Occupied** while a transaction runs on its EVSE: an Inoperative request never cuts a running
///    session; it is answered Scheduled and takes effect when the transaction ends (G03.FR.05/G04).
/// 4. **Unavailable** when the station, the EVSE or the connector is Inoperative (the most restrictive
///    level wins: a station-level Operative does not undo an EVSE-level Inoperative).
/// 5. **Occupied** when a vehicle is plugged in (pilot B, C or D).
/// 6. **Available** otherwise.
///
/// Pilot states (IEC 61851-1): A is unplugged; B, C and D are a connected vehicle; E (pilot shorted to
/// PE, or the EVSE's supply failed) is a fault; F is driven by the EVSE itself to say "not available",
/// so it tells nothing about the vehicle and leaves the plug state as it was.
///
/// Reserved is not derived yet (no reservations).
struct AvailabilityModel: Sendable, Equatable {
    /// A connector, by EVSE id and connector id.
    struct ConnectorKey: Sendable, Hashable, Comparable, CustomStringConvertible {
        var evseId: Int
        var connectorId: Int

        static func < (lhs: Self, rhs: Self) -> Bool {
            (lhs.evseId, lhs.connectorId) < (rhs.evseId, rhs.connectorId)
        }

        var description: String { "\(evseId)/\(connectorId)" }
    }

    /// One StatusNotification to send.
    struct Report: Sendable, Equatable {
        var connector: ConnectorKey
        var status: ConnectorStatusEnumType
        var timestamp: Date

        var request: StatusNotificationRequest {
            StatusNotificationRequest(
                timestamp: timestamp,
                connectorStatus: status,
                evseId: connector.evseId,
                connectorId: connector.connectorId
            )
        }
    }

    /// What the station should do.
    enum Action: Sendable, Equatable {
        /// Send this StatusNotification (if the registration allows; otherwise it is reported on resume).
        case report(Report)
        /// Write this operational status to the store.
        case persist(OperationalStatusEnumType, AvailabilityScope)
    }

    private struct EVSEState: Sendable, Equatable {
        var operational: OperationalStatusEnumType = .operative
        var connectorOperational: OperationalStatusEnumType = .operative
        var pluggedIn = false
        var faults: Set<Fault> = []
        var hasTransaction = false
        /// Held for local maintenance (a self-test moving the contactor).
        var maintenance = false
        /// The status last derived.
        var status: ConnectorStatusEnumType = .available
        /// The status the CSMS last acknowledged; nil before the first report.
        var reported: ConnectorStatusEnumType?
    }

    static let connectorId = 1

    private(set) var stationOperational: OperationalStatusEnumType = .operative
    private(set) var emergencyStop = false
    private var evses: [Int: EVSEState]
    /// False until the first resume after start-up: that one reports every connector (B01).
    private var reportedSinceStart = false

    init(evseIds: [Int]) {
        evses = Dictionary(uniqueKeysWithValues: evseIds.map { ($0, EVSEState()) })
    }

    var evseIds: [Int] { evses.keys.sorted() }

    var connectors: [ConnectorKey] {
        evseIds.map { ConnectorKey(evseId: $0, connectorId: Self.connectorId) }
    }

    func status(evseId: Int, connectorId: Int = connectorId) -> ConnectorStatusEnumType? {
        guard connectorId == Self.connectorId else { return nil }
        return evses[evseId]?.status
    }

    /// Whether the pilot last showed a vehicle on `evseId`.
    func evseIsPluggedIn(_ evseId: Int) -> Bool {
        evses[evseId]?.pluggedIn ?? false
    }

    func hasTransaction(evseId: Int) -> Bool {
        evses[evseId]?.hasTransaction ?? false
    }

    /// Whether energy may flow on `evseId`: no fault, no emergency stop, and operative at station, EVSE and
    /// connector level — except that a running transaction keeps going until it ends (the change to
    /// Inoperative is Scheduled, G03/G04).
    func mayDeliverEnergy(evseId: Int) -> Bool {
        guard let evse = evses[evseId], !emergencyStop, evse.faults.isEmpty, !evse.maintenance else { return false }
        if evse.hasTransaction { return true }
        return stationOperational == .operative && evse.operational != .inoperative
            && evse.connectorOperational != .inoperative
    }

    /// The operational status set for exactly `scope` (not inherited).
    func operationalStatus(of scope: AvailabilityScope) -> OperationalStatusEnumType? {
        switch scope {
        case .station: stationOperational
        case .evse(let id): evses[id]?.operational
        case .connector(let evseId, let connectorId):
            connectorId == Self.connectorId ? evses[evseId]?.connectorOperational : nil
        }
    }

    // MARK: events

    /// Restores what the store kept (at start-up, before any report). Unknown scopes are ignored.
    mutating func restore(_ stored: [AvailabilityScope: OperationalStatusEnumType]) {
        for (scope, status) in stored {
            _ = set(status, for: scope)
        }
        recompute(at: nil)
    }

    /// The control pilot of `evseId` changed.
    mutating func pilotChanged(evseId: Int, to pilot: ControlPilotState, at time: Date) -> [Action] {
        update(evseId, at: time) { evse in
            switch pilot {
            case .a:
                evse.pluggedIn = false
                evse.faults.remove(.pilotError)
                evse.faults.remove(.connectorLock)
                evse.faults.remove(.cableUnusable)
            case .b, .c, .d:
                evse.pluggedIn = true
                evse.faults.remove(.pilotError)
            case .e:
                evse.faults.insert(.pilotError)
            case .f:
                break
            }
        }
    }

    /// Whether `fault` is active on `evseId`.
    func hasFault(evseId: Int, _ fault: Fault) -> Bool {
        evses[evseId]?.faults.contains(fault) ?? false
    }

    /// The faults active on `evseId`.
    func faults(evseId: Int) -> Set<Fault> {
        evses[evseId]?.faults ?? []
    }

    /// Whether a contactor fault (welded, opened on its own, any other contactor failure) is active on `evseId`.
    func hasContactorFault(evseId: Int) -> Bool {
        evses[evseId]?.faults.contains { $0.isContactorFault } ?? false
    }

    mutating func faultChanged(evseId: Int, _ fault: Fault, active: Bool, at time: Date) -> [Action] {
        update(evseId, at: time) { evse in
            if active { evse.faults.insert(fault) } else { evse.faults.remove(fault) }
        }
    }

    /// A self-test showed the contactor of `evseId` following its commands again: its latched faults clear.
    mutating func contactorFaultsCleared(evseId: Int, at time: Date) -> [Action] {
        update(evseId, at: time) { evse in
            evse.faults = evse.faults.filter { !$0.isContactorFault }
        }
    }

    /// The emergency stop was pressed (`true`) or released.
    mutating func emergencyStopChanged(pressed: Bool, at time: Date) -> [Action] {
        emergencyStop = pressed
        return recompute(at: time)
    }

    /// Whether `evseId` is held for local maintenance.
    func isInMaintenance(evseId: Int) -> Bool {
        evses[evseId]?.maintenance ?? false
    }

    /// A local self-test takes (`active`) or releases `evseId`.
    mutating func maintenanceChanged(evseId: Int, active: Bool, at time: Date) -> [Action] {
        update(evseId, at: time) { $0.maintenance = active }
    }

    mutating func transactionStarted(evseId: Int, at time: Date) -> [Action] {
        update(evseId, at: time) { $0.hasTransaction = true }
    }

    /// A transaction ended: a Scheduled Inoperative takes effect now.
    mutating func transactionEnded(evseId: Int, at time: Date) -> [Action] {
        update(evseId, at: time) { $0.hasTransaction = false }
    }

    /// ChangeAvailability (G03 with `evse`, G04 without): the answer and what to do.
    mutating func changeAvailability(
        _ request: ChangeAvailabilityRequest,
        at time: Date
    ) -> (ChangeAvailabilityStatusEnumType, [Action]) {
        guard let scope = Self.scope(of: request), let affected = affectedEVSEs(of: scope) else {
            return (.rejected, [])
        }
        let requested = request.operationalStatus
        let changed = set(requested, for: scope)
        let actions: [Action] = (changed ? [.persist(requested, scope)] : []) + recompute(at: time)
        let scheduled = requested == .inoperative && affected.contains { evses[$0]?.hasTransaction == true }
        return (scheduled ? .scheduled : .accepted, actions)
    }

    /// The registration reached Accepted: after start-up every connector is reported (B01); after a
    /// reconnect only those whose status differs from what the CSMS last acknowledged, i.e. changed while
    /// offline (B04.FR.02).
    ///
    /// `offlineLongerThanThreshold`: the link was down longer than OfflineThreshold, so the CSMS may have
    /// dropped what it knew; every connector is reported again (B04.FR.01).
    mutating func resumed(at time: Date, offlineLongerThanThreshold: Bool = false) -> [Action] {
        let all = !reportedSinceStart || offlineLongerThanThreshold
        reportedSinceStart = true
        return evseIds.compactMap { id in
            guard let evse = evses[id], all || evse.reported != evse.status else { return nil }
            let key = ConnectorKey(evseId: id, connectorId: Self.connectorId)
            return .report(Report(connector: key, status: evse.status, timestamp: time))
        }
    }

    /// The CSMS acknowledged `report`.
    mutating func acknowledged(_ report: Report) {
        evses[report.connector.evseId]?.reported = report.status
    }

    // MARK: outbox

    /// Reports waiting to be sent, in order: the station sends one at a time so the CSMS sees the
    /// changes in the order they happened.
    private(set) var outbox: [Report] = []
    /// True while the station is working through `outbox`.
    private(set) var isSending = false

    /// Queues `report`; returns true when the caller should start sending (nobody is yet).
    mutating func enqueue(_ report: Report) -> Bool {
        outbox.append(report)
        guard !isSending else { return false }
        isSending = true
        return true
    }

    /// The next report to send, or nil (and sending stops) when the outbox is empty.
    mutating func nextToSend() -> Report? {
        guard !outbox.isEmpty else {
            isSending = false
            return nil
        }
        return outbox.removeFirst()
    }

    /// A send failed (link down): drop the queue. What the CSMS missed differs from `reported` and goes
    /// out on the next resume.
    mutating func sendingFailed() {
        outbox.removeAll()
        isSending = false
    }

    // MARK: private

    private static func scope(of request: ChangeAvailabilityRequest) -> AvailabilityScope? {
        guard let evse = request.evse else { return .station }
        switch (evse.id, evse.connectorId) {
        case (0, nil): return .station
        case (let id, nil): return .evse(id)
        case (let id, let connectorId?): return .connector(evseId: id, connectorId: connectorId)
        }
    }

    /// The EVSEs a scope covers; nil when it names an EVSE or connector this station does not have.
    private func affectedEVSEs(of scope: AvailabilityScope) -> [Int]? {
        switch scope {
        case .station: evseIds
        case .evse(let id): evses[id] == nil ? nil : [id]
        case .connector(let evseId, let connectorId):
            evses[evseId] == nil || connectorId != Self.connectorId ? nil : [evseId]
        }
    }

    /// Sets the operational status of exactly `scope`; returns whether it changed.
    private mutating func set(_ status: OperationalStatusEnumType, for scope: AvailabilityScope) -> Bool {
        guard operationalStatus(of: scope) != status, affectedEVSEs(of: scope) != nil else { return false }
        switch scope {
        case .station: stationOperational = status
        case .evse(let id): evses[id]?.operational = status
        case .connector(let evseId, _): evses[evseId]?.connectorOperational = status
        }
        return true
    }

    private mutating func update(_ evseId: Int, at time: Date, _ change: (inout EVSEState) -> Void) -> [Action] {
        guard evses[evseId] != nil else { return [] }
        change(&evses[evseId]!)
        return recompute(at: time)
    }

    /// Derives every connector's status; reports those that changed (none when `time` is nil).
    @discardableResult
    private mutating func recompute(at time: Date?) -> [Action] {
        var actions: [Action] = []
        for id in evseIds {
            guard var evse = evses[id] else { continue }
            let status = derive(evse)
            guard status != evse.status else { continue }
            evse.status = status
            evses[id] = evse
            if let time {
                let key = ConnectorKey(evseId: id, connectorId: Self.connectorId)
                actions.append(.report(Report(connector: key, status: status, timestamp: time)))
            }
        }
        return actions
    }

    private func derive(_ evse: EVSEState) -> ConnectorStatusEnumType {
        if emergencyStop || !evse.faults.isEmpty { return .faulted }
        if evse.maintenance { return .unavailable }
        if evse.hasTransaction { return .occupied }
        if stationOperational == .inoperative || evse.operational == .inoperative
            || evse.connectorOperational == .inoperative
        {
            return .unavailable
        }
        return evse.pluggedIn ? .occupied : .available
    }
}
