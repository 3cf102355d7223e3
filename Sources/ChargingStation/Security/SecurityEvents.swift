import HAL
import OCPP
import OCPPRPC
import StationStore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The security events of Part 2's list (A04, Appendix "Security Events") that this station can detect.
public enum SecurityEventKind: String, Sendable, CaseIterable {
    case firmwareUpdated = "FirmwareUpdated"
    case failedToAuthenticateAtCsms = "FailedToAuthenticateAtCsms"
    case csmsFailedToAuthenticate = "CsmsFailedToAuthenticate"
    case settingSystemTime = "SettingSystemTime"
    case startupOfTheDevice = "StartupOfTheDevice"
    case resetOrReboot = "ResetOrReboot"
    case securityLogWasCleared = "SecurityLogWasCleared"
    case reconfigurationOfSecurityParameters = "ReconfigurationOfSecurityParameters"
    case memoryExhaustion = "MemoryExhaustion"
    case invalidMessages = "InvalidMessages"
    case attemptedReplayAttacks = "AttemptedReplayAttacks"
    case tamperDetectionActivated = "TamperDetectionActivated"
    case invalidFirmwareSignature = "InvalidFirmwareSignature"
    case invalidFirmwareSigningCertificate = "InvalidFirmwareSigningCertificate"
    case invalidCsmsCertificate = "InvalidCsmsCertificate"
    case invalidChargingStationCertificate = "InvalidChargingStationCertificate"
    case invalidTLSVersion = "InvalidTLSVersion"
    case invalidTLSCipherSuite = "InvalidTLSCipherSuite"
    case maintenanceLoginAccepted = "MaintenanceLoginAccepted"
    case maintenanceLoginFailed = "MaintenanceLoginFailed"
}

/// The sender of critical security events: whether it runs, was woken meanwhile, or waits for a retry.
struct SecurityEventSender: Sendable {
    var busy = false
    var wokenWhileBusy = false
    var retryPending = false
    /// This start's StartupOfTheDevice / ResetOrReboot while it waits for delivery: it goes before the backlog.
    var startup: SecurityLogEntry?
}

/// Security events (A04), the actor side: `SecurityEvents` decides; the actor keeps the log in the store and
/// delivers the critical events with SecurityEventNotification.
extension ChargingStation {
    /// The board input whose assertion is TamperDetectionActivated (`inputs: {tamper: …}` in the board file).
    public static let tamperInputRole = "tamper"

    /// What `SecurityEvents` may read.
    var securityContext: SecurityEvents.Context {
        SecurityEvents.Context(
            online: isOnline,
            retryPending: securitySender.retryPending,
            timeAdjustmentReportingThreshold: deviceModel.timeAdjustmentReportingThreshold
        )
    }

    /// Records a security event (A04): the one entry point every block and the composition root use.
    ///
    /// The event goes to the security log in the store; a critical one is delivered to the CSMS with
    /// SecurityEventNotification, now or after the next accepted boot. `techInfo` is free text for the CSMS
    /// (cut to 255 characters); it must never carry a secret.
    public func raiseSecurityEvent(_ kind: SecurityEventKind, techInfo: String? = nil) {
        perform(SecurityEvents.raised(kind, techInfo: techInfo, at: now, in: securityContext))
    }

    /// Reports the start of this station: StartupOfTheDevice, or ResetOrReboot after a reset, with the boot
    /// reason. The composition root calls it once per process start (a station rebuilt in the same process
    /// for a new link is no new start).
    public func recordStartup() {
        let (kind, techInfo) = SecurityEvents.startup(bootReason: registration.bootReason)
        let recorded = perform(SecurityEvents.raised(kind, techInfo: techInfo, at: now, in: securityContext))
        securitySender.startup = recorded
    }

    /// Empties the security log and records SecurityLogWasCleared as its first row; returns how many rows went.
    @discardableResult
    public func clearSecurityLog() throws -> Int {
        let removed = try store.clearSecurityLog()
        logger.notice("security log cleared", metadata: ["rows": "\(removed)"])
        raiseSecurityEvent(.securityLogWasCleared, techInfo: "\(removed) entries removed")
        return removed
    }

    /// The security log between two times (either may be nil), oldest first: what GetLog's SecurityLog uploads
    /// and `chargerctl security-log` shows.
    public nonisolated func securityLog(from: Date? = nil, to: Date? = nil) throws -> [SecurityLogEntry] {
        try store.securityLog(from: from, to: to)
    }

    /// How many critical events wait for delivery.
    public nonisolated func undeliveredSecurityEventCount() throws -> Int {
        try store.undeliveredSecurityEventCount()
    }

    /// Carries out the block's actions; returns the row recorded, if one was.
    @discardableResult
    func perform(_ actions: [SecurityEvents.Action]) -> SecurityLogEntry? {
        var recorded: SecurityLogEntry?
        for action in actions {
            switch action {
            case .record(let event):
                do {
                    let entry = try store.appendSecurityEvent(event, capacity: SecurityEvents.logCapacity)
                    recorded = entry
                    logger.notice(
                        "security event",
                        metadata: [
                            "type": "\(event.type)", "techInfo": "\(event.techInfo ?? "")",
                            "critical": "\(event.critical)", "sequence": "\(entry.sequence)",
                        ]
                    )
                } catch {
                    logger.error(
                        "security event not stored",
                        metadata: ["type": "\(event.type)", "error": "\(error)"]
                    )
                }
            case .deliver:
                wakeSecurityEventSender()
            }
        }
        stateChanged()
        return recorded
    }

    /// Starts the sender unless it runs; a running one looks at the log again when it is done.
    func wakeSecurityEventSender() {
        guard !securitySender.busy else {
            securitySender.wokenWhileBusy = true
            return
        }
        securitySender.busy = true
        startTask { await $0.sendSecurityEvents() }
    }

    /// The link is accepted again (`availabilityResumed`): the queued critical events go out.
    func securityEventsResumed() {
        if SecurityEvents.maySend(in: securityContext) { wakeSecurityEventSender() }
    }

    /// Delivers the undelivered critical events oldest first while the station may send (A04.FR.02).
    private func sendSecurityEvents() async {
        defer {
            securitySender.busy = false
            stateChanged()
        }
        // After a boot the connectors' StatusNotifications go first (TC_B_01, TC_G_21: Boot, statuses, event).
        await until { !$0.availability.isSending || !$0.isOnline }
        repeat {
            securitySender.wokenWhileBusy = false
            while SecurityEvents.maySend(in: securityContext) {
                let entry: SecurityLogEntry
                do {
                    let oldest = try store.oldestUndeliveredSecurityEvent()
                    guard let next = SecurityEvents.next(startup: securitySender.startup, oldest: oldest) else { break }
                    entry = next
                } catch {
                    logger.error("cannot read the security log", metadata: ["error": "\(error)"])
                    return
                }
                guard await deliver(entry) else { return }
            }
        } while securitySender.wokenWhileBusy
    }

    /// Sends one event; false when the sender must stop (link lost, or waiting for a retry).
    private func deliver(_ entry: SecurityLogEntry) async -> Bool {
        let request = SecurityEventNotificationRequest(
            type: entry.type,
            timestamp: entry.timestamp,
            techInfo: entry.techInfo
        )
        do {
            _ = try await session.call(request)
        } catch {
            let attempts = entry.attempts + 1
            switch SecurityEvents.failed(error, attempts: attempts) {
            case .waitForLink:
                return false
            case .answered:
                logger.warning(
                    "CSMS refuses SecurityEventNotification; event kept in the log only",
                    metadata: ["type": "\(entry.type)", "error": "\(error)"]
                )
            case .retry(let wait):
                _ = try? store.recordSecurityEventAttempt(sequence: entry.sequence)
                if securitySender.startup?.sequence == entry.sequence { securitySender.startup?.attempts = attempts }
                logger.warning(
                    "SecurityEventNotification failed; retrying",
                    metadata: ["type": "\(entry.type)", "attempt": "\(attempts)", "error": "\(error)"]
                )
                securitySender.retryPending = true
                schedule(.securityEventRetry, after: wait)
                return false
            }
        }
        do {
            try store.markSecurityEventDelivered(sequence: entry.sequence)
        } catch {
            // Sent again after the next wake-up rather than in a tight loop; the CSMS sees a repeat.
            logger.error("cannot mark a security event delivered", metadata: ["error": "\(error)"])
            return false
        }
        if securitySender.startup?.sequence == entry.sequence { securitySender.startup = nil }
        stateChanged()
        return true
    }

    func securityEventRetryDue() {
        securitySender.retryPending = false
        securityEventsResumed()
    }

    // MARK: event sources inside the station

    /// The station's time moved when it synchronised with the CSMS (SettingSystemTime).
    func clockSynchronized(from previous: Duration, to next: Duration) {
        guard let techInfo = SecurityEvents.clockAdjusted(from: previous, to: next, in: securityContext) else {
            return
        }
        raiseSecurityEvent(.settingSystemTime, techInfo: techInfo)
    }

    /// A SetVariables changed SecurityCtrlr variables (ReconfigurationOfSecurityParameters).
    func securityVariablesSet(_ response: SetVariablesResponse) {
        guard let techInfo = SecurityEvents.reconfigured(response.setVariableResult) else { return }
        raiseSecurityEvent(.reconfigurationOfSecurityParameters, techInfo: techInfo)
    }

    /// Watches the board's tamper input: each change to asserted (also asserted at start) is
    /// TamperDetectionActivated. Returns at once when the board has none.
    func watchTamperInput() async {
        guard let input = hardware.inputs[Self.tamperInputRole] else { return }
        var asserted = false
        for await level in input.levels {
            if level, !asserted { raiseSecurityEvent(.tamperDetectionActivated, techInfo: "tamper input asserted") }
            asserted = level
        }
    }

    /// The RPC session rejected a frame from the CSMS (malformed, or a CALL breaking its schema): InvalidMessages.
    func watchRejectedMessages() {
        session.observeRejectedMessages { [weak self] rejection in
            guard let station = self else { return }
            Task { await station.raiseSecurityEvent(.invalidMessages, techInfo: rejection.summary) }
        }
    }
}
