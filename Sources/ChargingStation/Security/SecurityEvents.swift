import OCPP

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

extension ChargingStation {
    /// Records a security event (A04): the one entry point every block and the composition root use.
    ///
    /// `techInfo` is free text for the CSMS (at most 255 characters); it must never carry a secret.
    public func raiseSecurityEvent(_ kind: SecurityEventKind, techInfo: String? = nil) {
        // The security log and SecurityEventNotification are built in Security/ (issue 15, item 1).
        logger.notice(
            "security event",
            metadata: ["type": "\(kind.rawValue)", "techInfo": "\(techInfo ?? "")"]
        )
    }
}
