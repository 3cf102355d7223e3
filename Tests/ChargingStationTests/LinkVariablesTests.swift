import Foundation
import OCPP
import OCPPRPC
import StationStore
import Testing

@testable import ChargingStation

/// Issue 13 item 8: OCPPCommCtrlr's link variables (Part 2 Appendix) are used by the link, and a setting the
/// station accepts takes effect; the ones nothing would act on are read-only.
@Suite struct LinkVariablesTests {
    static func set(_ variable: String, _ value: String, instance: String? = nil) -> SetVariableDataType {
        DeviceModelTests.set("OCPPCommCtrlr", variable, instance: instance, value)
    }

    @Test func Appendix_WebSocketPingInterval_reachesTheTransport() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        // The in-memory link had no settings of its own: it was given the model's at start.
        #expect(h.link.linkSettings?.pingInterval == .seconds(30))
        let results = try await DeviceModelTests.setVariables(h, [Self.set("WebSocketPingInterval", "45")])
        #expect(results.map(\.attributeStatus) == [.accepted])
        #expect(h.link.linkSettings?.pingInterval == .seconds(45))
    }

    @Test func Appendix_RetryBackOff_variablesReachTheTransport() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        let results = try await DeviceModelTests.setVariables(
            h,
            [
                Self.set("RetryBackOffWaitMinimum", "4"),
                Self.set("RetryBackOffRandomRange", "2"),
                Self.set("RetryBackOffRepeatTimes", "3"),
            ]
        )
        #expect(results.map(\.attributeStatus) == [.accepted, .accepted, .accepted])
        #expect(
            h.link.linkSettings
                == LinkSettings(
                    pingInterval: .seconds(30),
                    retryBackOffWaitMinimum: .seconds(4),
                    retryBackOffRandomRange: .seconds(2),
                    retryBackOffRepeatTimes: 3
                )
        )
        // Out of range: refused, the link keeps what it had.
        let refused = try await DeviceModelTests.setVariables(h, [Self.set("RetryBackOffRepeatTimes", "31")])
        #expect(refused.map(\.attributeStatus) == [.rejected])
        #expect(h.link.linkSettings?.retryBackOffRepeatTimes == 3)
    }

    @Test func Appendix_linkVariablesSetBeforeARestartAreAppliedAtStart() async throws {
        let h = StationHarness()
        try await h.bootAccepted()
        let results = try await DeviceModelTests.setVariables(
            h,
            [Self.set("RetryBackOffWaitMinimum", "7"), Self.set("WebSocketPingInterval", "0")]
        )
        #expect(results.map(\.attributeStatus) == [.accepted, .accepted])
        h.stop()

        let rebooted = StationHarness(store: h.store)
        defer { rebooted.stop() }
        try await rebooted.bootAccepted()
        #expect(rebooted.link.linkSettings?.retryBackOffWaitMinimum == .seconds(7))
        #expect(rebooted.link.linkSettings?.pingInterval == .zero)
    }

    @Test func Appendix_MessageTimeout_isReadOnlyAndTheSessionsCallTimeout() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        let results = try await DeviceModelTests.setVariables(h, [Self.set("MessageTimeout", "5", instance: "Default")])
        #expect(results.map(\.attributeStatus) == [.rejected])
        #expect(results.first?.attributeStatusInfo?.reasonCode == "ReadOnly")
        let read = try await DeviceModelTests.getVariables(
            h,
            [DeviceModelTests.get("OCPPCommCtrlr", "MessageTimeout", instance: "Default")]
        )
        #expect(read.first?.attributeValue == "30")  // the harness session's callTimeout
    }

    @Test func Appendix_theModelReportsWhatATunedLinkUses() async throws {
        // A transport with settings of its own (as the WebSocket one has from the board): the model reports
        // them, and hands over nothing at start when the CSMS set nothing.
        let inForce = LinkSettings(
            pingInterval: .seconds(12),
            retryBackOffWaitMinimum: .milliseconds(200),
            retryBackOffRandomRange: .zero,
            retryBackOffRepeatTimes: 0
        )
        let h = StationHarness(linkSettings: inForce, callTimeout: .seconds(20))
        defer { h.stop() }
        try await h.bootAccepted()
        #expect(h.link.linkSettings == inForce)
        let read = try await DeviceModelTests.getVariables(
            h,
            [
                DeviceModelTests.get("OCPPCommCtrlr", "WebSocketPingInterval"),
                DeviceModelTests.get("OCPPCommCtrlr", "RetryBackOffWaitMinimum"),
                DeviceModelTests.get("OCPPCommCtrlr", "MessageTimeout", instance: "Default"),
            ]
        )
        #expect(read.map(\.attributeValue) == ["12", "0", "20"])
        // Setting one variable changes that one only; the finer back-off stays.
        _ = try await DeviceModelTests.setVariables(h, [Self.set("WebSocketPingInterval", "60")])
        var expected = inForce
        expected.pingInterval = .seconds(60)
        #expect(h.link.linkSettings == expected)
    }

    @Test func B05_settingsNothingActsOnAreReadOnly() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        let results = try await DeviceModelTests.setVariables(
            h,
            [
                Self.set("QueueAllMessages", "true"),
                Self.set("ResetRetries", "3"),
                Self.set("UnlockOnEVSideDisconnect", "false"),
                DeviceModelTests.set("ClockCtrlr", "TimeSource", "NTP"),
                DeviceModelTests.set("SampledDataCtrlr", "Enabled", "false"),
                DeviceModelTests.set("AlignedDataCtrlr", "Enabled", "false"),
                DeviceModelTests.set("AlignedDataCtrlr", "SendDuringIdle", "true"),
            ]
        )
        #expect(results.allSatisfy { $0.attributeStatus == .rejected }, "\(results.map(\.attributeStatus))")
        #expect(results.allSatisfy { $0.attributeStatusInfo?.reasonCode == "ReadOnly" })
    }
}
