import Foundation
import HALSimulated
import OCPP
import OCPPRPC
import OCPPTestSupport
import StationStore
import Testing

@testable import ChargingStation

/// B01–B03 and F06 against a scripted CSMS on the in-memory link, on a manual clock.
@Suite struct ProvisioningTests {
    static let csmsTime = Date(timeIntervalSince1970: 1_764_056_344)

    @Test func TC_B_01_CS_coldBootAccepted() async throws {
        let h = StationHarness()
        defer { h.stop() }
        // Accepted, then every connector reports its status (B01.FR.05) before anything else.
        let reports = try await h.bootAccepted(interval: 60)
        #expect(reports.map(\.connectorStatus) == [.available, .available])
        // The heartbeat timer starts; after the interval a Heartbeat goes out.
        #expect(await h.scheduled(.heartbeat) == .seconds(60))
        h.clock.advance(by: .seconds(60))
        let (heartbeatId, _) = try await h.csms.expectCall(HeartbeatRequest.self)
        let csmsNow = Self.csmsTime.addingTimeInterval(60)
        try await h.csms.reply(to: heartbeatId, with: HeartbeatResponse(currentTime: csmsNow))
        #expect(await h.station.registrationStatus == .accepted)
        // The clock follows the CSMS time adopted at boot and kept by the Heartbeat answers.
        let now = await h.station.now
        #expect(abs(now.timeIntervalSince(csmsNow)) < 1)
    }

    @Test func TC_B_02_CS_coldBootPending() async throws {
        let h = StationHarness()
        defer { h.stop() }
        // 45 s, unlike the RPC call timeout of 30 s, so the retry timer's sleep can be told apart.
        try await h.boot(.pending, interval: 45)
        #expect(await h.scheduled(.bootRetry) == .seconds(45))
        await h.csms.expectSilence()
        h.clock.advance(by: .seconds(44))
        await h.csms.expectSilence()
        h.clock.advance(by: .seconds(1))
        let (id, request) = try await h.csms.expectCall(BootNotificationRequest.self)
        #expect(request.reason == .powerUp)
        try await h.csms.reply(
            to: id,
            with: BootNotificationResponse(currentTime: Self.csmsTime, interval: 60, status: .accepted)
        )
        #expect(await h.until { $0.registrationStatus == .accepted })
    }

    @Test func TC_B_03_CS_coldBootRejected() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.boot(.rejected, interval: 20)
        #expect(await h.until { $0.registrationStatus == .rejected })
        #expect(await h.scheduled(.bootRetry) == .seconds(20))
        h.clock.advance(by: .seconds(19))
        await h.csms.expectSilence()
        h.clock.advance(by: .seconds(1))
        let (id, _) = try await h.csms.expectCall(BootNotificationRequest.self)
        try await h.csms.reply(
            to: id,
            with: BootNotificationResponse(currentTime: Self.csmsTime, interval: 60, status: .accepted)
        )
        #expect(await h.until { $0.registrationStatus == .accepted })
    }

    @Test func TC_B_30_CS_securityErrorWhileRejected() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.boot(.rejected, interval: 300)
        #expect(await h.until { $0.registrationStatus == .rejected })
        let answer = try await h.csms.call(TriggerMessageRequest(requestedMessage: .heartbeat), messageId: "t1")
        guard case .callError(let id, let code, _, _) = answer else {
            Issue.record("expected a CALLERROR, got \(answer.encoded())")
            return
        }
        #expect(id == "t1")
        #expect(code == .securityError)
    }

    @Test func TC_F_20_CS_triggerHeartbeat() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted(interval: 3600)
        #expect(await h.until { $0.registrationStatus == .accepted })
        let answer = try await h.csms.call(TriggerMessageRequest(requestedMessage: .heartbeat), messageId: "t2")
        #expect(answer == .callResult(messageId: "t2", payload: ["status": "Accepted"]))
        let (id, _) = try await h.csms.expectCall(HeartbeatRequest.self)
        try await h.csms.reply(to: id, with: HeartbeatResponse(currentTime: Self.csmsTime))
    }

    @Test func bootStateMachineRetriesAfterAFailedBoot() {
        var machine = RegistrationStateMachine(bootReason: .powerUp)
        #expect(machine.linkUp() == [.sendBootNotification(.powerUp)])
        #expect(
            machine.bootFailed() == [
                .timer(.schedule(.bootRetry, after: RegistrationStateMachine.defaultRetryInterval))
            ]
        )
        #expect(machine.maySend(.heartbeat) == false)
        #expect(machine.retryTimerFired() == [.sendBootNotification(.powerUp)])
        let response = BootNotificationResponse(currentTime: Self.csmsTime, interval: 0, status: .accepted)
        let actions = machine.bootAnswered(response)
        let interval = RegistrationStateMachine.defaultRetryInterval
        #expect(actions.contains(.timer(.schedule(.heartbeat, after: interval, repeating: interval))))
        #expect(actions.contains(.timer(.cancel(.bootRetry))))
        #expect(machine.maySend(.heartbeat))
        // A reconnect after acceptance sends no new BootNotification.
        _ = machine.linkDown()
        #expect(!machine.linkUp().contains(.sendBootNotification(.powerUp)))
    }
}
