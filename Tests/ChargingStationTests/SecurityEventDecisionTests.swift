import Foundation
import OCPP
import OCPPRPC
import StationStore
import Testing

@testable import ChargingStation

/// `SecurityEvents` as plain functions: criticality, record-and-deliver, retry waits, event sources.
@Suite struct SecurityEventDecisionTests {
    static let online = SecurityEvents.Context(online: true, retryPending: false, timeAdjustmentReportingThreshold: 0)
    static let at = Date(timeIntervalSince1970: 1_764_056_344)

    @Test func A04_criticalEventsAreThoseOfPart2sList() {
        let critical = Set(SecurityEventKind.allCases.filter(\.isCritical).map(\.rawValue))
        #expect(
            critical == [
                "FirmwareUpdated", "SettingSystemTime", "StartupOfTheDevice", "ResetOrReboot",
                "SecurityLogWasCleared", "MemoryExhaustion", "TamperDetectionActivated", "InvalidFirmwareSignature",
                "InvalidFirmwareSigningCertificate", "InvalidCsmsCertificate", "InvalidChargingStationCertificate",
                "InvalidTLSVersion", "InvalidTLSCipherSuite", "MaintenanceLoginAccepted", "MaintenanceLoginFailed",
            ]
        )
        #expect(
            !SecurityEventKind.invalidMessages.isCritical && !SecurityEventKind.failedToAuthenticateAtCsms.isCritical
        )
    }

    @Test func A04_FR_01_criticalIsRecordedAndSentWhenOnline_A04_FR_02_onlyRecordedWhenOffline() {
        let online = SecurityEvents.raised(.tamperDetectionActivated, techInfo: "lid", at: Self.at, in: Self.online)
        let event = NewSecurityEvent(
            timestamp: Self.at,
            type: "TamperDetectionActivated",
            techInfo: "lid",
            critical: true
        )
        #expect(online == [.record(event), .deliver])
        var offline = Self.online
        offline.online = false
        #expect(
            SecurityEvents.raised(.tamperDetectionActivated, techInfo: "lid", at: Self.at, in: offline) == [
                .record(event)
            ]
        )
        var retrying = Self.online
        retrying.retryPending = true
        #expect(
            SecurityEvents.raised(.tamperDetectionActivated, techInfo: "lid", at: Self.at, in: retrying) == [
                .record(event)
            ],
            "nothing overtakes a retry"
        )
        let minor = SecurityEvents.raised(.invalidMessages, techInfo: nil, at: Self.at, in: Self.online)
        #expect(minor == [.record(NewSecurityEvent(timestamp: Self.at, type: "InvalidMessages", critical: false))])
    }

    @Test func techInfoIsCutTo255Characters() {
        let long = String(repeating: "a", count: 300)
        let actions = SecurityEvents.raised(.invalidMessages, techInfo: long, at: Self.at, in: Self.online)
        guard case .record(let event) = actions.first else {
            Issue.record("no record action")
            return
        }
        #expect(event.techInfo?.count == 255)
    }

    @Test func retriesDoubleUpToTheLongestWaitAndALostLinkIsNoAttempt() {
        #expect(SecurityEvents.failed(.timeout, attempts: 1) == .retry(after: .seconds(30)))
        #expect(SecurityEvents.failed(.timeout, attempts: 2) == .retry(after: .seconds(60)))
        #expect(SecurityEvents.failed(.timeout, attempts: 50) == .retry(after: .seconds(900)))
        let busy = RPCCallError.callError(code: .internalError, description: "", details: .object([:]))
        #expect(SecurityEvents.failed(busy, attempts: 3) == .retry(after: .seconds(120)))
        #expect(SecurityEvents.failed(.disconnected, attempts: 1) == .waitForLink)
        let refused = RPCCallError.callError(code: .notImplemented, description: "", details: .object([:]))
        #expect(SecurityEvents.failed(refused, attempts: 1) == .answered)
    }

    @Test func thisStartsEventGoesBeforeTheBacklog() {
        let backlog = SecurityLogEntry(
            sequence: 1,
            timestamp: Self.at,
            type: "TamperDetectionActivated",
            techInfo: nil,
            critical: true,
            delivered: false,
            attempts: 0
        )
        var startup = backlog
        startup.sequence = 2
        startup.type = "StartupOfTheDevice"
        #expect(SecurityEvents.next(startup: startup, oldest: backlog) == startup)
        startup.delivered = true
        #expect(SecurityEvents.next(startup: startup, oldest: backlog) == backlog)
        #expect(SecurityEvents.next(startup: nil, oldest: nil) == nil)
    }

    @Test func startupIsResetOrRebootAfterAResetOtherwiseStartupOfTheDevice() {
        #expect(SecurityEvents.startup(bootReason: .powerUp) == (.startupOfTheDevice, "bootReason=PowerUp"))
        #expect(SecurityEvents.startup(bootReason: .remoteReset).0 == .resetOrReboot)
        #expect(SecurityEvents.startup(bootReason: .scheduledReset).0 == .resetOrReboot)
        #expect(SecurityEvents.startup(bootReason: .watchdog).0 == .resetOrReboot)
        #expect(SecurityEvents.startup(bootReason: .firmwareUpdate).0 == .startupOfTheDevice)
    }

    @Test func settingSystemTimeNeedsTheThresholdAndAnAdjustmentBeyondIt() {
        #expect(SecurityEvents.clockAdjusted(from: .zero, to: .seconds(3600), in: Self.online) == nil, "not set")
        var context = Self.online
        context.timeAdjustmentReportingThreshold = 60
        #expect(SecurityEvents.clockAdjusted(from: .seconds(10), to: .seconds(70), in: context) == nil, "not beyond")
        #expect(
            SecurityEvents.clockAdjusted(from: .seconds(10), to: .seconds(-61), in: context)
                == "clock adjusted by -71 s from the CSMS's time"
        )
    }

    @Test func reconfigurationNamesOnlyAcceptedSecurityCtrlrVariables() {
        let results = [
            SetVariableResultType(
                attributeStatus: .accepted,
                component: ComponentType(name: "SecurityCtrlr"),
                variable: VariableType(name: "BasicAuthPassword")
            ),
            SetVariableResultType(
                attributeStatus: .rejected,
                component: ComponentType(name: "SecurityCtrlr"),
                variable: VariableType(name: "OrganizationName")
            ),
            SetVariableResultType(
                attributeStatus: .accepted,
                component: ComponentType(name: "TxCtrlr"),
                variable: VariableType(name: "TxStartPoint")
            ),
        ]
        // BasicAuthPassword is left to the link, which raises the event when the new password is in use.
        #expect(SecurityEvents.reconfigured(results) == nil)
        var organization = results[1]
        organization.attributeStatus = .accepted
        #expect(
            SecurityEvents.reconfigured([results[0], organization]) == "SetVariables SecurityCtrlr.OrganizationName"
        )
    }
}
