import OCPP

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where the station stands with the CSMS after BootNotification (OCPP 2.0.1 B01–B03).
public enum RegistrationStatus: Sendable, Equatable {
    /// No BootNotification answered on this link yet.
    case unregistered
    /// The CSMS wants to configure us first: we answer its requests but send nothing but BootNotification
    /// (and what it triggers) until the retry interval has passed (B02).
    case pending
    /// Registered: normal operation (B01).
    case accepted
    /// Refused: we send nothing until the retry interval has passed and refuse CSMS requests (B03).
    case rejected
}

/// The boot-and-registration state machine: a value type that turns link and CSMS events into actions.
///
/// The station actor feeds it events and carries out the actions it returns; tests drive it directly.
public struct RegistrationStateMachine: Sendable, Equatable {
    /// What the station should do next.
    public enum Action: Sendable, Equatable {
        /// Send a BootNotification with this reason.
        case sendBootNotification(BootReasonEnumType)
        /// Schedule or cancel a timer: `.bootRetry` (then call `retryTimerFired()`) or `.heartbeat`.
        case timer(TimerAction)
        /// The HeartbeatInterval is now this (from the BootNotification answer, B01).
        case adoptHeartbeatInterval(Duration)
        /// Adopt the CSMS's time.
        case synchronizeClock(Date)
        /// Registration reached Accepted: report connector states and send what was queued while offline.
        case resumeOperation
    }

    /// Used when the CSMS answers with interval 0 or a failed boot (timeout, CALLERROR): a sensible wait
    /// that does not flood the CSMS.
    public static let defaultRetryInterval: Duration = .seconds(30)

    public private(set) var status: RegistrationStatus = .unregistered
    /// The reason the next BootNotification carries; after the first accepted boot it stays as it was
    /// until the station reboots (a reconnect does not send a new boot).
    public private(set) var bootReason: BootReasonEnumType
    public private(set) var isLinkUp = false
    /// True while a BootNotification is on its way.
    public private(set) var bootInFlight = false
    private var acceptedOnce = false
    private var waitingForRetry = false
    public private(set) var heartbeatInterval: Duration?

    public init(bootReason: BootReasonEnumType) {
        self.bootReason = bootReason
    }

    /// The link to the CSMS came up.
    public mutating func linkUp() -> [Action] {
        isLinkUp = true
        if acceptedOnce, status == .accepted {
            // A reconnect after acceptance: no new boot (B04); carry on and flush the queue.
            return [.resumeOperation] + (heartbeatInterval.map(Self.startHeartbeat) ?? [])
        }
        guard !waitingForRetry, !bootInFlight else { return [] }
        bootInFlight = true
        return [.sendBootNotification(bootReason)]
    }

    /// Heartbeat every `interval` from now on (B01: the BootNotification answer's interval).
    static func startHeartbeat(_ interval: Duration) -> [Action] {
        [.adoptHeartbeatInterval(interval), .timer(.schedule(.heartbeat, after: interval, repeating: interval))]
    }

    /// The link went down.
    public mutating func linkDown() -> [Action] {
        isLinkUp = false
        bootInFlight = false
        return [.timer(.cancel(.heartbeat))]
    }

    /// The CSMS answered our BootNotification.
    public mutating func bootAnswered(_ response: BootNotificationResponse) -> [Action] {
        bootInFlight = false
        let interval: Duration = response.interval > 0 ? .seconds(response.interval) : Self.defaultRetryInterval
        var actions: [Action] = [.synchronizeClock(response.currentTime)]
        switch response.status {
        case .accepted:
            status = .accepted
            acceptedOnce = true
            waitingForRetry = false
            heartbeatInterval = interval
            actions += [.timer(.cancel(.bootRetry))] + Self.startHeartbeat(interval) + [.resumeOperation]
        case .pending:
            status = .pending
            waitingForRetry = true
            actions.append(.timer(.schedule(.bootRetry, after: interval)))
        case .rejected:
            status = .rejected
            waitingForRetry = true
            actions.append(.timer(.schedule(.bootRetry, after: interval)))
        }
        return actions
    }

    /// The BootNotification failed (timeout, CALLERROR, link lost): try again after the default interval.
    public mutating func bootFailed() -> [Action] {
        bootInFlight = false
        guard isLinkUp else { return [] }
        waitingForRetry = true
        return [.timer(.schedule(.bootRetry, after: Self.defaultRetryInterval))]
    }

    /// The retry interval has passed.
    public mutating func retryTimerFired() -> [Action] {
        waitingForRetry = false
        guard isLinkUp, !bootInFlight, status != .accepted else { return [] }
        bootInFlight = true
        return [.sendBootNotification(bootReason)]
    }

    /// A TriggerMessage(BootNotification) from the CSMS: allowed while Pending (B02/F06).
    public mutating func bootTriggered() -> [Action] {
        guard isLinkUp, !bootInFlight else { return [] }
        bootInFlight = true
        return [.sendBootNotification(.triggered)]
    }

    /// Whether the station may send a request of this action now (B01–B03: nothing but BootNotification
    /// before Accepted, except what the CSMS triggers while Pending).
    public func maySend(_ action: OCPPAction, triggered: Bool = false) -> Bool {
        switch status {
        case .accepted: true
        case .pending: action == .bootNotification || triggered
        case .unregistered, .rejected: action == .bootNotification
        }
    }

    /// How to treat a request from the CSMS in the current state.
    ///
    /// While Pending the CSMS configures the station, so its requests are served; RequestStartTransaction and
    /// RequestStopTransaction are served too and answered Rejected by their handlers (B02.FR.05), never with
    /// a CALLERROR. A request that arrives after our BootNotification went out but before its answer is
    /// served the same way: the CSMS may already have decided Pending and begun configuring (a CSMS that
    /// gets a CALLERROR for such an operator command may drop it for good). Only a Rejected station, or one
    /// that has not sent a BootNotification on this link, refuses with SecurityError (B03).
    public func admission(of action: OCPPAction) -> Admission {
        switch status {
        case .accepted, .pending:
            return .serve
        case .rejected:
            return .refuse(.securityError, "charging station registration was rejected by the CSMS")
        case .unregistered:
            if bootInFlight || waitingForRetry { return .serve }
            return .refuse(.securityError, "charging station has not been accepted by the CSMS yet")
        }
    }

    /// Whether the CSMS has accepted the station, so it may start and stop charging sessions on its
    /// request (B02.FR.05: while Pending, or before the boot is answered, such requests are Rejected).
    public var acceptsRemoteTransactions: Bool { status == .accepted }

    public enum Admission: Sendable, Equatable {
        case serve
        case refuse(RPCErrorCode, String)
    }
}
