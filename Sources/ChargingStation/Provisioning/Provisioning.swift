import OCPP
import OCPPRPC
import StationStore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Provisioning (OCPP 2.0.1 B): the device model the CSMS reads and sets (B05 SetVariables, B06 GetVariables,
/// B07 GetBaseReport with its NotifyReport pages), the link parameters it tunes, and the network connection
/// profiles it stores (B09 SetNetworkProfile).
///
/// A block with a narrow context: it reads the device model as a value and a few facts about the station,
/// and returns what the station must do (hold a new model, hand the link new settings, restart the
/// heartbeat, send a report, store a profile); it never sees the actor, the store or the link. The actor
/// builds `Context`, carries out `Action`s and does the I/O between two steps (persisting a value, sending
/// the report pages). `DeviceModel` is the engine it drives; registration (B01-B03) is
/// `RegistrationStateMachine`'s. The decisions are in `Provisioning+DeviceModel.swift`,
/// `Provisioning+LinkSettings.swift` and `Provisioning+NetworkProfile.swift`.
enum Provisioning {
    /// What the block may read.
    struct Context: Sendable {
        /// The device model as the station holds it.
        var deviceModel: DeviceModel
        /// The current time as the CSMS sees it: ClockCtrlr.DateTime and a report's generatedAt.
        var now: Date
        /// The active power of each EVSE from its last meter reading, in W (0 without one): EVSE Power.Actual.
        var power: [Int: Double]
        /// The registration is Accepted, so the heartbeat runs (a new HeartbeatInterval restarts it).
        var registrationAccepted: Bool
        /// The link settings the transport uses now; nil for a transport without settings of its own.
        var linkInForce: LinkSettings?
    }

    /// What the station knows about itself when it loads the device model, before any handler runs.
    struct Start: Sendable {
        var stationId: String
        /// The EVSEs in order, with what the board file says of each.
        var evseIds: [Int]
        var evseDescriptions: [Int: EVSEDescription]
        /// The RPC session's call timeout (OCPPCommCtrlr.MessageTimeout).
        var callTimeout: Duration
        /// The values the CSMS set before the last restart; nil when the store could not be read.
        var stored: [VariableKey: String]?
    }

    /// Why the link is handed settings, for the log.
    enum LinkSettingsOrigin: Sendable, Equatable {
        /// At start, a transport without settings of its own is told the model's.
        case deviceModel
        /// At start, the values the CSMS set before a restart.
        case setBeforeRestart
        /// SetVariables just changed them.
        case setVariables
    }

    /// What the block may ask for.
    enum Action: Sendable, Equatable {
        /// Hold this device model from now on (values applied, the hardware described).
        case adoptDeviceModel(DeviceModel)
        /// Hand the link these settings (ping interval, reconnection back-off).
        case applyLinkSettings(LinkSettings, LinkSettingsOrigin)
        /// Schedule or cancel a timer (the heartbeat, after a new HeartbeatInterval).
        case timer(TimerAction)
        /// Once the answer is out, send these NotifyReport pages in order; a page that fails ends the report.
        case sendReport(requestId: Int, pages: [NotifyReportRequest])
        /// Keep this network connection profile in its slot of NetworkConfigurationPriority (B09).
        case storeNetworkProfile(slot: Int, NetworkConnectionProfileType)
        /// A SetNetworkProfile was refused: noted, nothing kept.
        case networkProfileRejected(slot: Int, reasonCode: String)
    }

    /// The model with the values that follow the station's state brought up to date, as they are read: the
    /// clock (ClockCtrlr.DateTime) and each EVSE's power.
    static func current(_ context: Context) -> DeviceModel {
        var model = context.deviceModel
        model.setInternally(.init("ClockCtrlr"), .init("DateTime"), value: RFC3339.string(from: context.now))
        for (evseId, watts) in context.power {
            model.refreshPower(evseId: evseId, watts: watts)
        }
        return model
    }

    /// The device model at start: what the station knows about itself (its hardware from the board file, its
    /// link), then the values the CSMS set before the last restart, which the link gets too (B05: a value
    /// set survives a restart).
    static func load(_ start: Start, in context: Context) -> [Action] {
        var model = context.deviceModel
        model.describeHardware(evseIds: start.evseIds) { start.evseDescriptions[$0] ?? .standardAC }
        // The model reports what the session and its transport use now.
        model.adoptMessageTimeout(start.callTimeout)
        if let inForce = context.linkInForce { model.adopt(inForce) }
        let stored = start.stored ?? [:]
        model.load(from: stored)
        let link = storedLinkSettings(stored, model: model, inForce: context.linkInForce)
        model.setInternally(.init("SecurityCtrlr"), .init("Identity"), value: start.stationId)
        var loaded = context
        loaded.deviceModel = model
        return [.adoptDeviceModel(current(loaded))] + (link.map { [$0] } ?? [])
    }

    /// B01: the HeartbeatInterval the CSMS gave in its BootNotification answer is the variable's value from
    /// then on.
    static func heartbeatIntervalAdopted(_ interval: Duration, in context: Context) -> [Action] {
        var model = context.deviceModel
        model.setInternally(
            .init("OCPPCommCtrlr"),
            .init("HeartbeatInterval"),
            value: String(interval.components.seconds)
        )
        return [.adoptDeviceModel(model)]
    }
}
