import Foundation
import HALSimulated
import OCPP
import OCPPRPC
import OCPPTestSupport
import StationStore
import Testing

@testable import ChargingStation

extension StationHarness {
    /// Expects a SecurityEventNotification, answers it, and returns it.
    @discardableResult
    func answerSecurityEvent(
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws
        -> SecurityEventNotificationRequest
    {
        let (id, request) = try await csms.expectCall(
            SecurityEventNotificationRequest.self,
            sourceLocation: sourceLocation
        )
        try await csms.reply(to: id, with: SecurityEventNotificationResponse())
        return request
    }

    /// Waits until the store has no critical event left to deliver.
    func allSecurityEventsDelivered() async -> Bool {
        let store = store
        return await until("every critical security event delivered") { _ in
            (try? store.undeliveredSecurityEventCount()) == 0
        }
    }
}

/// Security events (A04) against the scripted CSMS, named by requirement.
@Suite struct SecurityEventTests {
    @Test func A04_FR_01_aCriticalEventIsNotifiedAtOnceWhenOnline() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        await h.station.raiseSecurityEvent(.tamperDetectionActivated, techInfo: "lid opened")
        let event = try await h.answerSecurityEvent()
        #expect(event.type == "TamperDetectionActivated" && event.techInfo == "lid opened")
        #expect(abs(event.timestamp.timeIntervalSince(StationHarness.csmsTime)) < 2, "in the CSMS's time")
        #expect(await h.allSecurityEventsDelivered())
        let log = try h.store.securityLog(from: nil, to: nil)
        #expect(log.count == 1 && log[0].delivered, "delivered events stay in the log, marked")
    }

    @Test func A04_FR_04_aNonCriticalEventIsOnlyLogged() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        await h.station.raiseSecurityEvent(.reconfigurationOfSecurityParameters, techInfo: "test")
        await h.csms.expectSilence()
        let log = try h.store.securityLog(from: nil, to: nil)
        #expect(log.map(\.type) == ["ReconfigurationOfSecurityParameters"] && log[0].critical == false)
    }

    @Test func A04_FR_02_queuedWhileOfflineAndDeliveredInOrderAfterReconnect() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        h.link.disconnect()
        #expect(await h.until { $0.isOnline == false })
        await h.station.raiseSecurityEvent(.tamperDetectionActivated, techInfo: "first")
        await h.station.raiseSecurityEvent(.invalidMessages, techInfo: "not critical")
        await h.station.raiseSecurityEvent(.maintenanceLoginFailed, techInfo: "second")
        #expect(try h.store.undeliveredSecurityEventCount() == 2)
        h.link.connect()
        let first = try await h.answerSecurityEvent()
        let second = try await h.answerSecurityEvent()
        #expect([first.techInfo, second.techInfo] == ["first", "second"], "oldest first")
        #expect(await h.allSecurityEventsDelivered())
        await h.csms.expectSilence()
    }

    @Test func A04_FR_02_aFailedNotificationIsRetriedAndNothingOvertakesIt() async throws {
        let h = StationHarness(callTimeout: .seconds(5))
        defer { h.stop() }
        try await h.bootAccepted()
        await h.station.raiseSecurityEvent(.tamperDetectionActivated, techInfo: "one")
        await h.station.raiseSecurityEvent(.tamperDetectionActivated, techInfo: "two")
        let (id, request) = try await h.csms.expectCall(SecurityEventNotificationRequest.self)
        #expect(request.techInfo == "one")
        try await h.csms.transport.send(
            OCPPFrame.error(messageId: id, code: .internalError, description: "busy").encoded()
        )
        #expect(await h.scheduled(.securityEventRetry) == SecurityEvents.firstRetry)
        await h.csms.expectSilence()
        h.clock.advance(by: SecurityEvents.firstRetry)
        let again = try await h.answerSecurityEvent()
        #expect(again.techInfo == "one", "the failed one again, before the next")
        #expect(try await h.answerSecurityEvent().techInfo == "two")
        #expect(try h.store.securityLog(from: nil, to: nil).first?.attempts == 1)
    }

    /// A power cut (the store reopened from its file) loses no undelivered critical event; after the restart,
    /// the start's own event comes first, then the backlog.
    @Test func A04_FR_02_undeliveredEventsSurviveAPowerCut() async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("SecurityEventTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("station.sqlite").path
        let clock = ManualClock()

        let first = try SQLiteStationStore(path: path)
        let h = StationHarness(store: first, clock: clock)
        // Never accepted: the CSMS does not answer the boot.
        _ = try await h.csms.expectCall(BootNotificationRequest.self)
        await h.station.raiseSecurityEvent(.tamperDetectionActivated, techInfo: "while offline")
        h.stop()
        try first.close()

        let reopened = try SQLiteStationStore(path: path)
        let again = StationHarness(store: reopened, clock: clock)
        defer { again.stop() }
        await again.station.recordStartup()
        try await again.bootAccepted()
        let startup = try await again.answerSecurityEvent()
        #expect(startup.type == "StartupOfTheDevice" && startup.techInfo == "bootReason=PowerUp")
        let kept = try await again.answerSecurityEvent()
        #expect(kept.type == "TamperDetectionActivated" && kept.techInfo == "while offline")
        #expect(await again.allSecurityEventsDelivered())
    }

    @Test func clearingTheLogLeavesSecurityLogWasClearedAndTellsTheCSMS() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        await h.station.raiseSecurityEvent(.invalidMessages, techInfo: "a")
        await h.station.raiseSecurityEvent(.invalidMessages, techInfo: "b")
        #expect(try await h.station.clearSecurityLog() == 2)
        let event = try await h.answerSecurityEvent()
        #expect(event.type == "SecurityLogWasCleared" && event.techInfo == "2 entries removed")
        #expect(try h.store.securityLog(from: nil, to: nil).map(\.type) == ["SecurityLogWasCleared"])
    }

    @Test func tamperInputAssertedIsTamperDetectionActivated() async throws {
        let tamper = SimulatedDigitalInput(level: false)
        let h = StationHarness(inputs: [ChargingStation.tamperInputRole: tamper])
        defer { h.stop() }
        try await h.bootAccepted()
        tamper.set(true)
        let event = try await h.answerSecurityEvent()
        #expect(event.type == "TamperDetectionActivated")
        tamper.set(false)
        tamper.set(true)
        #expect(try await h.answerSecurityEvent().type == "TamperDetectionActivated", "each new assertion")
    }

    @Test func settingSystemTimeBeyondTheThresholdIsReported() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        let set = try await h.csms.call(
            SetVariablesRequest(setVariableData: [
                SetVariableDataType(
                    attributeValue: "30",
                    component: ComponentType(name: "ClockCtrlr"),
                    variable: VariableType(name: "TimeAdjustmentReportingThreshold")
                )
            ])
        )
        guard case .callResult(_, let payload) = set else {
            Issue.record("SetVariables not answered: \(set.encoded())")
            return
        }
        #expect(try SetVariablesResponse(json: payload).setVariableResult.first?.attributeStatus == .accepted)
        // A Heartbeat answer 10 s off: under the threshold, nothing; 100 s off: SettingSystemTime.
        let response = try await h.csms.call(TriggerMessageRequest(requestedMessage: .heartbeat), messageId: "hb1")
        #expect(response == .callResult(messageId: "hb1", payload: ["status": "Accepted"]))
        var (id, _) = try await h.csms.expectCall(HeartbeatRequest.self)
        try await h.csms.reply(to: id, with: HeartbeatResponse(currentTime: StationHarness.csmsTime + 10))
        await h.csms.expectSilence()
        _ = try await h.csms.call(TriggerMessageRequest(requestedMessage: .heartbeat), messageId: "hb2")
        (id, _) = try await h.csms.expectCall(HeartbeatRequest.self)
        try await h.csms.reply(to: id, with: HeartbeatResponse(currentTime: StationHarness.csmsTime + 110))
        let event = try await h.answerSecurityEvent()
        #expect(event.type == "SettingSystemTime")
        #expect(event.techInfo == "clock adjusted by 100 s from the CSMS's time")
    }

    @Test func securityCtrlrChangesAreLoggedByNameNeverByValue() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        _ = try await h.csms.call(
            SetVariablesRequest(setVariableData: [
                SetVariableDataType(
                    attributeValue: "Acme Charging",
                    component: ComponentType(name: "SecurityCtrlr"),
                    variable: VariableType(name: "OrganizationName")
                )
            ])
        )
        await h.csms.expectSilence()
        let log = try h.store.securityLog(from: nil, to: nil)
        #expect(log.map(\.type) == ["ReconfigurationOfSecurityParameters"])
        #expect(log.first?.techInfo == "SetVariables SecurityCtrlr.OrganizationName")
        #expect(log.first?.techInfo?.contains("Acme") == false)
    }

    @Test func aMalformedFrameIsLoggedAsInvalidMessagesAndTheSessionGoesOn() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        try await h.csms.transport.send("[2, \"bad-1\", \"Heartbeat\"")
        let answer = try await h.csms.nextFrame()
        guard case .callError(_, let code, _, _) = answer else {
            Issue.record("expected a CALLERROR, got \(answer.encoded())")
            return
        }
        // A CALL breaking its schema is rejected too.
        try await h.csms.transport.send("[2,\"bad-2\",\"Reset\",{\"type\":\"Sideways\"}]")
        _ = try await h.csms.nextFrame()
        let store = h.store
        #expect(await h.until { _ in (try? store.securityLogCount()) == 2 })
        let log = try store.securityLog(from: nil, to: nil)
        #expect(log.allSatisfy { $0.type == "InvalidMessages" && !$0.critical })
        #expect(log[0].techInfo?.contains(code.rawValue) == true)
        #expect(log[1].techInfo?.contains("action=Reset") == true && log[1].techInfo?.contains("bad-2") == true)
        // Still serving: a good CALL is answered.
        let frame = try await h.csms.call(TriggerMessageRequest(requestedMessage: .heartbeat), messageId: "ok")
        #expect(frame == .callResult(messageId: "ok", payload: ["status": "Accepted"]))
    }
}
