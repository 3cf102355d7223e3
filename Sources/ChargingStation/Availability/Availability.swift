import HAL
import OCPP
import StationStore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Availability (OCPP 2.0.1 G01-G04, and the connector reports of B01/B04) as a block with a narrow context.
///
/// It reads only the availability state (`AvailabilityModel`, which holds the rules that derive each
/// connector's status), the time and OfflineThreshold, and returns what the station must do: store an
/// operational status, keep the new state, send StatusNotifications. It never sees the actor, the store or
/// the link.
enum Availability {
    /// What the block may read.
    struct Context: Sendable {
        /// The operational states and connector statuses as they are now.
        var model: AvailabilityModel
        /// The time a StatusNotification caused now carries.
        var now: Date
        /// OfflineThreshold: after a longer outage every connector is reported again (B04.FR.01).
        var offlineThreshold: Duration
    }

    /// What the block may ask for. The station carries them out in order.
    enum Action: Sendable, Equatable {
        /// Write this operational status to the store. When the write fails, the actions after it are not
        /// carried out (a ChangeAvailability then answers `notStored()`).
        case persist(OperationalStatusEnumType, AvailabilityScope)
        /// The availability after the event: the station keeps it.
        case update(AvailabilityModel)
        /// Send this StatusNotification (if the registration allows now; otherwise the next resume does).
        case report(AvailabilityModel.Report)
        /// The emergency stop was pressed or released: a warning in the log.
        case noteEmergencyStop(pressed: Bool)
    }

    // MARK: ChangeAvailability

    /// G03 (with an EVSE or connector) and G04 (the whole station, no EVSE or EVSE 0).
    ///
    /// - An EVSE or connector the station does not have: Rejected, nothing changes.
    /// - The status it already has: Accepted, nothing stored or reported (TC_G_09/10/12/13/15/16).
    /// - Inoperative while a transaction runs on an affected EVSE: Scheduled; the transaction goes on and
    ///   the connector becomes Unavailable when it ends (G03.FR.05, TC_G_11/14/17).
    /// - Otherwise Accepted, and the connectors whose status changed are reported (TC_G_03-08).
    /// - A new status is stored before the answer, so an Accepted change survives a power cut
    ///   (TC_G_18/19/21); it is the first action, and a failed write leaves everything as it was.
    static func changeAvailability(
        _ request: ChangeAvailabilityRequest,
        in context: Context
    ) -> (ChangeAvailabilityResponse, [Action]) {
        var model = context.model
        let (status, modelActions) = model.changeAvailability(request, at: context.now)
        guard status != .rejected else { return (ChangeAvailabilityResponse(status: .rejected), []) }
        let persists = modelActions.filter { if case .persist = $0 { true } else { false } }
        let rest = modelActions.filter { if case .persist = $0 { false } else { true } }
        let actions = persists.map(Action.init) + updated(model, from: context) + rest.map(Action.init)
        return (ChangeAvailabilityResponse(status: status), actions)
    }

    /// The new status could not be stored: Rejected (the change would not survive a reboot), and nothing
    /// changed.
    static func notStored() -> ChangeAvailabilityResponse {
        ChangeAvailabilityResponse(status: .rejected)
    }

    // MARK: events

    /// The state the station starts from: the operational states the store kept, applied without a
    /// report (B01 reports every connector once the CSMS accepts the station). Unknown scopes are ignored.
    static func restored(
        _ stored: [AvailabilityScope: OperationalStatusEnumType],
        in context: Context
    ) -> AvailabilityModel {
        var model = context.model
        model.restore(stored)
        return model
    }

    /// G01: the control pilot of `evseId` changed (a vehicle plugged in or out, pilot error E).
    static func pilotChanged(evseId: Int, to pilot: ControlPilotState, in context: Context) -> [Action] {
        change(in: context) { $0.pilotChanged(evseId: evseId, to: pilot, at: context.now) }
    }

    /// A block detected a hardware fault on `evseId` (or its end): its connectors are Faulted meanwhile.
    static func faultChanged(
        evseId: Int,
        _ fault: AvailabilityModel.Fault,
        active: Bool,
        in context: Context
    ) -> [Action] {
        change(in: context) { $0.faultChanged(evseId: evseId, fault, active: active, at: context.now) }
    }

    /// The emergency stop was pressed (`true`) or released: every connector Faulted, or back. A change is
    /// logged as a warning.
    static func emergencyStopChanged(pressed: Bool, in context: Context) -> [Action] {
        let note: [Action] = pressed != context.model.emergencyStop ? [.noteEmergencyStop(pressed: pressed)] : []
        return note + change(in: context) { $0.emergencyStopChanged(pressed: pressed, at: context.now) }
    }

    /// A transaction started on `evseId`: its connector is Occupied whatever else holds.
    static func transactionStarted(evseId: Int, in context: Context) -> [Action] {
        change(in: context) { $0.transactionStarted(evseId: evseId, at: context.now) }
    }

    /// The transaction on `evseId` ended: a Scheduled Inoperative takes effect now (G03.FR.05).
    static func transactionEnded(evseId: Int, in context: Context) -> [Action] {
        change(in: context) { $0.transactionEnded(evseId: evseId, at: context.now) }
    }

    /// The registration reached Accepted. After start-up every connector is reported (B01); after a
    /// reconnect only those whose status changed while offline (B04.FR.02), or every one when the link was
    /// down longer than OfflineThreshold (B04.FR.01). `offlineFor`: how long the link was down, if known.
    static func resumed(offlineFor: Duration?, in context: Context) -> [Action] {
        let longOffline = offlineFor.map { $0 > context.offlineThreshold } ?? false
        return change(in: context) { $0.resumed(at: context.now, offlineLongerThanThreshold: longOffline) }
    }

    // MARK: private

    private static func change(
        in context: Context,
        _ event: (inout AvailabilityModel) -> [AvailabilityModel.Action]
    ) -> [Action] {
        var model = context.model
        let actions = event(&model)
        return updated(model, from: context) + actions.map(Action.init)
    }

    private static func updated(_ model: AvailabilityModel, from context: Context) -> [Action] {
        model == context.model ? [] : [.update(model)]
    }
}

extension Availability.Action {
    init(_ action: AvailabilityModel.Action) {
        switch action {
        case .report(let report): self = .report(report)
        case .persist(let status, let scope): self = .persist(status, scope)
        }
    }
}
