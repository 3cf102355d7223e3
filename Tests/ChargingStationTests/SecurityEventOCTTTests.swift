import Foundation
import OCPP
import OCPPRPC
import OCPPTestSupport
import StationStore
import Testing

@testable import ChargingStation

/// The OCTT cases whose boot or reboot ends with a SecurityEventNotification (Part 6: after the
/// BootNotification and the connectors' StatusNotifications, type StartupOfTheDevice or ResetOrReboot), and
/// the TLS cases whose event the link reports once a connection succeeds again.
@Suite struct SecurityEventOCTTTests {
    /// A station started as the daemon starts one: `recordStartup()` before it runs its link.
    static func started(
        store: any StationStore = InMemoryStationStore(),
        clock: ManualClock = ManualClock(),
        bootReason: BootReasonEnumType = .powerUp
    ) async -> StationHarness {
        let h = StationHarness(store: store, clock: clock, bootReason: bootReason)
        await h.station.recordStartup()
        return h
    }

    @Test func TC_B_01_CS_coldBootEndsWithStartupOfTheDevice() async throws {
        let h = await Self.started()
        defer { h.stop() }
        let reports = try await h.bootAccepted()
        #expect(reports.map(\.connectorStatus) == [.available, .available], "statuses first")
        let event = try await h.answerSecurityEvent()
        #expect(event.type == "StartupOfTheDevice" && event.techInfo == "bootReason=PowerUp")
        #expect(await h.allSecurityEventsDelivered())
        await h.csms.expectSilence()
    }

    @Test func TC_A_01_CS_basicAuthenticationBootReportsTheStartup() async throws {
        let h = StationHarness(securityProfile: 1)
        defer { h.stop() }
        await h.station.recordStartup()
        try await h.bootAccepted()
        #expect(try await h.answerSecurityEvent().type == "StartupOfTheDevice")
    }

    /// TC_A_05: the connection with an invalid server certificate fails (the link raises
    /// InvalidCsmsCertificate); once a connection with a valid one is accepted, the event is delivered.
    @Test func TC_A_05_CS_invalidCsmsCertificateIsReportedAfterTheNextAcceptedConnection() async throws {
        let h = await Self.started()
        defer { h.stop() }
        await h.station.raiseSecurityEvent(.invalidCsmsCertificate, techInfo: "server certificate not trusted")
        try await h.bootAccepted()
        #expect(try await h.answerSecurityEvent().type == "StartupOfTheDevice")
        let event = try await h.answerSecurityEvent()
        #expect(event.type == "InvalidCsmsCertificate" && event.techInfo == "server certificate not trusted")
    }

    /// TC_A_06: a server offering only a TLS version below 1.2 is refused (the link raises InvalidTLSVersion).
    @Test func TC_A_06_CS_tlsVersionTooLowIsReportedAfterTheNextAcceptedConnection() async throws {
        let h = await Self.started()
        defer { h.stop() }
        await h.station.raiseSecurityEvent(.invalidTLSVersion, techInfo: "server offered TLS 1.1")
        try await h.bootAccepted()
        #expect(try await h.answerSecurityEvent().type == "StartupOfTheDevice")
        #expect(try await h.answerSecurityEvent().type == "InvalidTLSVersion")
    }

    @Test func TC_B_21_CS_rebootAfterAnOnIdleResetReportsResetOrReboot() async throws {
        let store = InMemoryStationStore()
        let clock = ManualClock()
        let h = await Self.started(store: store, clock: clock)
        try await h.bootAccepted()
        try await h.answerSecurityEvent()
        try await TransactionTests.configure(h, start: "EVConnected", txUpdatedInterval: 0)
        let csms = TransactionTests.SessionCSMS(h)
        h.simulation[evse: 1].ev.plugIn()
        _ = try await csms.acceptEvents { $0.eventType == .started }
        #expect(await h.until { $0.availability.status(evseId: 1) == .occupied })
        let response = try await RemoteControlBlockTests.call(ResetRequest(type: .onIdle), h)
        #expect(response.status == .scheduled)
        h.simulation[evse: 1].ev.unplug()
        _ = try await csms.acceptEvents { $0.eventType == .ended }
        #expect(await ResetTests.nextReset(h) == StationReset(type: .onIdle, bootReason: .scheduledReset))
        h.stop()

        let bootReason = try #require(ChargingStation.bootReason(after: store))
        let rebooted = await Self.started(store: store, clock: clock, bootReason: bootReason)
        defer { rebooted.stop() }
        let (id, boot) = try await rebooted.csms.expectCall(BootNotificationRequest.self)
        #expect(boot.reason == .scheduledReset)
        try await rebooted.csms.reply(
            to: id,
            with: BootNotificationResponse(currentTime: StationHarness.csmsTime, interval: 3600, status: .accepted)
        )
        try await rebooted.answerStatusNotifications(count: 2)
        let event = try await rebooted.answerSecurityEvent()
        #expect(event.type == "ResetOrReboot" && event.techInfo == "bootReason=ScheduledReset")
    }

    /// G18, G19, G21: the stored availability comes back after the reboot, then the startup event.
    @Test(arguments: [
        ("TC_G_18_CS", EVSEType(id: 1), 1, [ConnectorStatusEnumType.unavailable, .available]),
        ("TC_G_19_CS", EVSEType(id: 2, connectorId: 1), 1, [.available, .unavailable]),
        ("TC_G_21_CS", nil, 2, [.unavailable, .unavailable]),
    ])
    func TC_G_18_19_21_CS_availabilityPersistsAndTheRebootIsReported(
        _ octt: String,
        _ scope: EVSEType?,
        _ reports: Int,
        _ expected: [ConnectorStatusEnumType]
    ) async throws {
        let store = InMemoryStationStore()
        let clock = ManualClock()
        let h = await Self.started(store: store, clock: clock)
        try await h.bootAccepted()
        try await h.answerSecurityEvent()
        _ = try await h.changeAvailability(.inoperative, evse: scope, reports: reports)
        h.stop()

        let rebooted = await Self.started(store: store, clock: clock)
        defer { rebooted.stop() }
        let statuses = try await rebooted.bootAccepted().map(\.connectorStatus)
        #expect(statuses == expected, "\(octt): state kept across the reboot")
        let event = try await rebooted.answerSecurityEvent()
        #expect(["StartupOfTheDevice", "ResetOrReboot"].contains(event.type), "\(octt)")
        #expect(await rebooted.allSecurityEventsDelivered())
    }
}
