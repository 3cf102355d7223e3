import OCPP
import OCPPRPC
import StationStore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension SecurityEventKind {
    /// Whether Part 2's security events list (Appendices, "Security Events") marks the event critical: a
    /// critical event is pushed to the CSMS with SecurityEventNotification (A04.FR.01), the others are only
    /// kept in the security log (A04.FR.04).
    public var isCritical: Bool {
        switch self {
        case .firmwareUpdated, .settingSystemTime, .startupOfTheDevice, .resetOrReboot, .securityLogWasCleared,
            .memoryExhaustion, .tamperDetectionActivated, .invalidFirmwareSignature,
            .invalidFirmwareSigningCertificate, .invalidCsmsCertificate, .invalidChargingStationCertificate,
            .invalidTLSVersion, .invalidTLSCipherSuite, .maintenanceLoginAccepted, .maintenanceLoginFailed:
            true
        case .failedToAuthenticateAtCsms, .csmsFailedToAuthenticate, .reconfigurationOfSecurityParameters,
            .invalidMessages, .attemptedReplayAttacks:
            false
        }
    }
}

/// Security events (OCPP 2.0.1 A04): what an event comes to, when the queued critical ones go out, and how a
/// failed delivery is retried. A block with a narrow context; the store, the link and the timers are the actor's.
///
/// Every event goes to the security log (A04.FR.04), bounded by `logCapacity` rows. A critical one waits in
/// that log, flagged undelivered, until the CSMS answered its SecurityEventNotification: sent at once when the
/// station is online and accepted, otherwise after the next accepted boot (A04.FR.02), oldest first, one at a
/// time, so a power cut or an outage loses none and changes no order. A delivered row is marked, not deleted:
/// the log is what GetLog's SecurityLog uploads.
enum SecurityEvents {
    /// The most rows the security log keeps (Part 2 names no variable for its size). Eviction drops the oldest
    /// rows that no longer wait for delivery first.
    static let logCapacity = 1000
    /// The first retry of a failed delivery waits this long; each further one twice as long, up to `longestRetry`.
    static let firstRetry: Duration = .seconds(30)
    static let longestRetry: Duration = .seconds(15 * 60)

    /// What the block may read.
    struct Context: Sendable, Equatable {
        /// Linked, and the CSMS accepted the station (B02/B03: nothing else goes out before).
        var online: Bool
        /// A failed notification waits for its retry timer; nothing overtakes it meanwhile.
        var retryPending: Bool
        /// ClockCtrlr.TimeAdjustmentReportingThreshold in seconds; 0 when not set.
        var timeAdjustmentReportingThreshold: Int
    }

    /// What the block asks of the station.
    enum Action: Sendable, Equatable {
        /// Keep the event in the security log (bounded by `logCapacity`).
        case record(NewSecurityEvent)
        /// Wake the sender of critical events.
        case deliver
    }

    /// What a failed SecurityEventNotification comes to.
    enum Failure: Sendable, Equatable {
        /// The link went away: the event waits for the next accepted link (no attempt counted).
        case waitForLink
        /// The CSMS answered that it has no such action: the event counts as delivered (retrying cannot help).
        case answered
        /// Count an attempt and send it again after this wait.
        case retry(after: Duration)
    }

    /// An event happened at `timestamp`: it is recorded; a critical one is delivered now if the station may send.
    static func raised(
        _ kind: SecurityEventKind,
        techInfo: String?,
        at timestamp: Date,
        in context: Context
    ) -> [Action] {
        let event = NewSecurityEvent(
            timestamp: timestamp,
            type: kind.rawValue,
            techInfo: techInfo.map(Self.fitTechInfo),
            critical: kind.isCritical
        )
        var actions: [Action] = [.record(event)]
        if event.critical, maySend(in: context) { actions.append(.deliver) }
        return actions
    }

    /// techInfo is at most 255 characters on the wire (SecurityEventNotificationRequest); longer text is cut.
    static func fitTechInfo(_ text: String) -> String {
        text.count <= 255 ? text : String(text.prefix(254)) + "…"
    }

    /// The event to deliver next: this start's own StartupOfTheDevice / ResetOrReboot first, as the last step
    /// of the boot (TC_B_01, TC_G_21: BootNotification, StatusNotifications, then this event); then the
    /// backlog of undelivered critical events, oldest first.
    static func next(startup: SecurityLogEntry?, oldest: SecurityLogEntry?) -> SecurityLogEntry? {
        if let startup, startup.awaitsDelivery { return startup }
        return oldest
    }

    static func maySend(in context: Context) -> Bool {
        context.online && !context.retryPending
    }

    /// A failed delivery after `attempts` failed attempts (this one included).
    static func failed(_ error: RPCCallError, attempts: Int) -> Failure {
        switch error {
        case .disconnected, .notConnected, .cancelled, .transport:
            return .waitForLink
        case .callError(let code, _, _) where code == .notImplemented || code == .notSupported:
            return .answered
        case .timeout, .callError, .invalidResponse, .invalidRequest:
            let doublings = min(max(attempts - 1, 0), 16)
            return .retry(after: min(firstRetry * (1 << doublings), longestRetry))
        }
    }

    // MARK: where events come from

    /// The event a start reports (StartupOfTheDevice), or ResetOrReboot when the boot reason says a reset
    /// (asked for by the CSMS or locally) or a watchdog restarted the station. One event per start: the OCTT
    /// cases that reboot (TC_B_21, TC_G_18/19/21) expect one of the two after the boot's StatusNotifications.
    static func startup(bootReason: BootReasonEnumType) -> (SecurityEventKind, String) {
        let techInfo = "bootReason=\(bootReason.rawValue)"
        switch bootReason {
        case .applicationReset, .localReset, .remoteReset, .scheduledReset, .watchdog:
            return (.resetOrReboot, techInfo)
        case .firmwareUpdate, .powerUp, .triggered, .unknown:
            return (.startupOfTheDevice, techInfo)
        }
    }

    /// SettingSystemTime: the station's time moved by more than ClockCtrlr.TimeAdjustmentReportingThreshold
    /// seconds when it synchronised with the CSMS (BootNotification or Heartbeat answer). Not reported while
    /// the threshold is not set (0). The station's time is its wall clock plus the CSMS's offset, so the
    /// adjustment is the change of that offset (the first synchronisation moves it from zero).
    static func clockAdjusted(from previous: Duration, to next: Duration, in context: Context) -> String? {
        guard context.timeAdjustmentReportingThreshold > 0 else { return nil }
        let change = next - previous
        let magnitude = change < .zero ? .zero - change : change
        guard magnitude > .seconds(context.timeAdjustmentReportingThreshold) else { return nil }
        let seconds = Double(change.components.seconds) + Double(change.components.attoseconds) / 1e18
        return "clock adjusted by \(Int(seconds.rounded())) s from the CSMS's time"
    }

    /// ReconfigurationOfSecurityParameters ("security parameters, such as keys or the security profile used,
    /// were changed", Part 2 Appendix 1; not critical): the SecurityCtrlr variables a SetVariables changed
    /// (names only: a value may be a secret); nil when it changed none.
    ///
    /// Raised once per change: a new BasicAuthPassword is not a change until the link uses it (A01: the CSMS
    /// may refuse it and the station goes back to the old one), so `NetworkLinkPlanner` raises that one when
    /// the new password first connects, and this leaves it out. (A new profile or priority list likewise:
    /// SetNetworkProfile raises nothing, the link raises the event when it connects on the new profile.)
    static func reconfigured(_ results: [SetVariableResultType]) -> String? {
        let names = results.filter {
            $0.component.name == "SecurityCtrlr" && $0.attributeStatus == .accepted
                && $0.variable.name != "BasicAuthPassword"
        }
        .map(\.variable.name)
        guard !names.isEmpty else { return nil }
        return "SetVariables SecurityCtrlr." + names.joined(separator: ", SecurityCtrlr.")
    }
}
