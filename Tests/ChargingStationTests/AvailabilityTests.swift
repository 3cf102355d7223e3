import Foundation
import HALSimulated
import OCPP
import OCPPRPC
import OCPPTestSupport
import StationStore
import Testing

@testable import ChargingStation

extension StationHarness {
    /// Sends ChangeAvailability and collects its answer and the `reports` StatusNotifications that follow
    /// (each answered), in whichever order they arrive.
    func changeAvailability(
        _ status: OperationalStatusEnumType,
        evse: EVSEType? = nil,
        reports count: Int,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> (ChangeAvailabilityStatusEnumType?, [StatusNotificationRequest]) {
        let messageId = UUID().uuidString
        var frame = try await csms.call(
            ChangeAvailabilityRequest(evse: evse, operationalStatus: status),
            messageId: messageId
        )
        var answer: ChangeAvailabilityStatusEnumType?
        var reports: [StatusNotificationRequest] = []
        while true {
            switch frame {
            case .callResult(messageId, let payload):
                answer = try ChangeAvailabilityResponse(json: payload).status
            case .call(let id, "StatusNotification", let payload):
                reports.append(try StatusNotificationRequest(json: payload))
                try await csms.reply(to: id, with: StatusNotificationResponse())
            default:
                Issue.record("unexpected frame \(frame.encoded())", sourceLocation: sourceLocation)
                throw ScriptedCSMS.Timeout()
            }
            if answer != nil, reports.count == count { break }
            frame = try await csms.nextFrame()
        }
        await csms.expectSilence()
        return (answer, reports.sorted { $0.evseId < $1.evseId })
    }

    /// Expects one StatusNotification, answers it and returns (evseId, status).
    func expectStatus() async throws -> (evseId: Int, status: ConnectorStatusEnumType) {
        let report = try await answerStatusNotifications(count: 1)[0]
        #expect(report.connectorId == 1)
        return (report.evseId, report.connectorStatus)
    }
}

/// G01-G04 and B04 against a scripted CSMS, named after the OCTT test cases.
@Suite struct AvailabilityTests {
    typealias Status = ConnectorStatusEnumType

    private func summary(_ reports: [StatusNotificationRequest]) -> [String] {
        reports.map { "\($0.evseId):\($0.connectorStatus.rawValue)" }
    }

    private func statuses(_ reports: [StatusNotificationRequest]) -> [Status] {
        reports.map(\.connectorStatus)
    }

    // MARK: G01 connector status

    @Test func TC_G_01_CS_pluggingInReportsOccupied() async throws {
        let h = StationHarness()
        defer { h.stop() }
        #expect(statuses(try await h.bootAccepted()) == [.available, .available])
        h.simulation[evse: 1].ev.plugIn()
        #expect(try await h.expectStatus() == (1, .occupied))
    }

    @Test func TC_G_02_CS_unpluggingReportsAvailable() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        h.simulation[evse: 2].ev.plugIn()
        #expect(try await h.expectStatus() == (2, .occupied))
        h.simulation[evse: 2].ev.unplug()
        #expect(try await h.expectStatus() == (2, .available))
    }

    @Test func plugStateBeforeAcceptedIsReportedAtBoot() async throws {
        let h = StationHarness()
        defer { h.stop() }
        h.simulation[evse: 2].ev.plugIn()
        #expect(await h.until { $0.availability.status(evseId: 2) == .occupied })
        #expect(statuses(try await h.bootAccepted()) == [.available, .occupied])
    }

    @Test func aSelftestHoldReportsUnavailableAndIsRefusedWithAVehicleOrTwice() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        try await h.station.beginMaintenance(evseId: 1)
        #expect(try await h.expectStatus() == (1, .unavailable))
        await #expect(throws: MaintenanceRefusal.alreadyHeld(evseId: 1)) {
            try await h.station.beginMaintenance(evseId: 1)
        }
        await h.station.endMaintenance(evseId: 1)
        #expect(try await h.expectStatus() == (1, .available))
        h.simulation[evse: 2].ev.plugIn()
        #expect(try await h.expectStatus() == (2, .occupied))
        #expect(await h.station.maintenanceRefusal(evseId: 2) == .vehiclePluggedIn(evseId: 2))
        await #expect(throws: MaintenanceRefusal.vehiclePluggedIn(evseId: 2)) {
            try await h.station.beginMaintenance(evseId: 2)
        }
        await #expect(throws: MaintenanceRefusal.unknownEVSE(evseId: 7)) {
            try await h.station.beginMaintenance(evseId: 7)
        }
        await h.csms.expectSilence()
    }

    @Test func pilotErrorIsFaultedUntilCleared() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        h.simulation[evse: 1].ev.plugIn()
        #expect(try await h.expectStatus() == (1, .occupied))
        h.simulation[evse: 1].ev.fail()
        #expect(try await h.expectStatus() == (1, .faulted))
        h.simulation[evse: 1].ev.clearError()
        #expect(try await h.expectStatus() == (1, .occupied))
    }

    @Test func aPilotFaultWithoutAVehicleIsFaultedUntilCleared() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        h.simulation[evse: 2].board.injectFault(.pilotFault)
        #expect(try await h.expectStatus() == (2, .faulted))
        #expect(await !h.station.availability.mayDeliverEnergy(evseId: 2))
        h.simulation[evse: 2].board.clearFault()
        #expect(try await h.expectStatus() == (2, .available))
    }

    @Test func emergencyStopFaultsEveryConnector() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        h.simulation.emergencyStop.set(true)
        #expect(statuses(try await h.answerStatusNotifications(count: 2)) == [.faulted, .faulted])
        h.simulation.emergencyStop.set(false)
        #expect(statuses(try await h.answerStatusNotifications(count: 2)) == [.available, .available])
    }

    // MARK: G03 EVSE

    @Test func TC_G_03_CS_evseOperativeToInoperative() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        let (answer, reports) = try await h.changeAvailability(.inoperative, evse: EVSEType(id: 1), reports: 1)
        #expect(answer == .accepted)
        #expect(summary(reports) == ["1:Unavailable"])
        #expect(try h.store.availability(for: .evse(1)) == .inoperative)
    }

    @Test func TC_G_04_CS_evseInoperativeToOperative() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        _ = try await h.changeAvailability(.inoperative, evse: EVSEType(id: 1), reports: 1)
        let (answer, reports) = try await h.changeAvailability(.operative, evse: EVSEType(id: 1), reports: 1)
        #expect(answer == .accepted)
        #expect(summary(reports) == ["1:Available"])
        #expect(try h.store.availability(for: .evse(1)) == .operative)
    }

    @Test func TC_G_09_CS_evseOperativeToOperative() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        let (answer, _) = try await h.changeAvailability(.operative, evse: EVSEType(id: 2), reports: 0)
        #expect(answer == .accepted)
    }

    @Test func TC_G_10_CS_evseInoperativeToInoperative() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        _ = try await h.changeAvailability(.inoperative, evse: EVSEType(id: 2), reports: 1)
        let (answer, _) = try await h.changeAvailability(.inoperative, evse: EVSEType(id: 2), reports: 0)
        #expect(answer == .accepted)
    }

    @Test func TC_G_11_CS_evseWithOngoingTransaction() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        h.simulation[evse: 1].ev.plugIn()
        #expect(try await h.expectStatus() == (1, .occupied))
        await h.station.transactionStarted(evseId: 1)
        let (answer, _) = try await h.changeAvailability(.inoperative, evse: EVSEType(id: 1), reports: 0)
        #expect(answer == .scheduled)
        await h.station.transactionEnded(evseId: 1)
        // Still plugged in, but Inoperative now applies.
        #expect(try await h.expectStatus() == (1, .unavailable))
    }

    @Test func unknownEVSEOrConnectorIsRejected() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        #expect(try await h.changeAvailability(.inoperative, evse: EVSEType(id: 3), reports: 0).0 == .rejected)
        let connector = EVSEType(id: 1, connectorId: 2)
        #expect(try await h.changeAvailability(.inoperative, evse: connector, reports: 0).0 == .rejected)
        #expect(try h.store.allAvailability().isEmpty)
    }

    // MARK: G03 connector

    @Test func TC_G_07_CS_connectorOperativeToInoperative() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        let connector = EVSEType(id: 2, connectorId: 1)
        let (answer, reports) = try await h.changeAvailability(.inoperative, evse: connector, reports: 1)
        #expect(answer == .accepted)
        #expect(summary(reports) == ["2:Unavailable"])
        #expect(try h.store.availability(for: .connector(evseId: 2, connectorId: 1)) == .inoperative)
    }

    @Test func TC_G_08_CS_connectorInoperativeToOperative() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        let connector = EVSEType(id: 2, connectorId: 1)
        _ = try await h.changeAvailability(.inoperative, evse: connector, reports: 1)
        // Plugged in while Unavailable: reported Occupied once Operative again.
        h.simulation[evse: 2].ev.plugIn()
        #expect(await h.until { $0.availability.evseIsPluggedIn(2) })
        let (answer, reports) = try await h.changeAvailability(.operative, evse: connector, reports: 1)
        #expect(answer == .accepted)
        #expect(summary(reports) == ["2:Occupied"])
    }

    @Test func TC_G_15_CS_connectorOperativeToOperative() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        let connector = EVSEType(id: 1, connectorId: 1)
        #expect(try await h.changeAvailability(.operative, evse: connector, reports: 0).0 == .accepted)
    }

    @Test func TC_G_16_CS_connectorInoperativeToInoperative() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        let connector = EVSEType(id: 1, connectorId: 1)
        _ = try await h.changeAvailability(.inoperative, evse: connector, reports: 1)
        #expect(try await h.changeAvailability(.inoperative, evse: connector, reports: 0).0 == .accepted)
    }

    @Test func TC_G_17_CS_connectorWithOngoingTransaction() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        await h.station.transactionStarted(evseId: 2)
        #expect(try await h.expectStatus() == (2, .occupied))
        let connector = EVSEType(id: 2, connectorId: 1)
        #expect(try await h.changeAvailability(.inoperative, evse: connector, reports: 0).0 == .scheduled)
        await h.station.transactionEnded(evseId: 2)
        #expect(try await h.expectStatus() == (2, .unavailable))
    }

    // MARK: G04 station

    @Test func TC_G_05_CS_stationOperativeToInoperative() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        let (answer, reports) = try await h.changeAvailability(.inoperative, reports: 2)
        #expect(answer == .accepted)
        #expect(statuses(reports) == [.unavailable, .unavailable])
        #expect(try h.store.availability(for: .station) == .inoperative)
    }

    @Test func TC_G_06_CS_stationInoperativeToOperative() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        _ = try await h.changeAvailability(.inoperative, reports: 2)
        let (answer, reports) = try await h.changeAvailability(.operative, reports: 2)
        #expect(answer == .accepted)
        #expect(statuses(reports) == [.available, .available])
    }

    @Test func TC_G_12_CS_stationOperativeToOperative() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        #expect(try await h.changeAvailability(.operative, reports: 0).0 == .accepted)
    }

    @Test func TC_G_13_CS_stationInoperativeToInoperative() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        _ = try await h.changeAvailability(.inoperative, reports: 2)
        #expect(try await h.changeAvailability(.inoperative, reports: 0).0 == .accepted)
    }

    @Test func TC_G_14_CS_stationWithOngoingTransaction() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        await h.station.transactionStarted(evseId: 1)
        #expect(try await h.expectStatus() == (1, .occupied))
        // The EVSE without a transaction goes Unavailable now; the other when its transaction ends.
        let (answer, reports) = try await h.changeAvailability(.inoperative, reports: 1)
        #expect(answer == .scheduled)
        #expect(summary(reports) == ["2:Unavailable"])
        await h.station.transactionEnded(evseId: 1)
        #expect(try await h.expectStatus() == (1, .unavailable))
    }

    // MARK: persistence across reboot

    private func reboot(_ h: StationHarness) async throws -> [StatusNotificationRequest] {
        h.stop()
        let again = StationHarness(store: h.store, clock: h.clock)
        defer { again.stop() }
        return try await again.bootAccepted()
    }

    @Test func TC_G_18_CS_evseStatePersistsAcrossReboot() async throws {
        let h = StationHarness()
        try await h.bootAccepted()
        _ = try await h.changeAvailability(.inoperative, evse: EVSEType(id: 1), reports: 1)
        #expect(statuses(try await reboot(h)) == [.unavailable, .available])
    }

    @Test func TC_G_19_CS_connectorStatePersistsAcrossReboot() async throws {
        let h = StationHarness()
        try await h.bootAccepted()
        _ = try await h.changeAvailability(.inoperative, evse: EVSEType(id: 2, connectorId: 1), reports: 1)
        #expect(statuses(try await reboot(h)) == [.available, .unavailable])
    }

    @Test func TC_G_21_CS_stationStatePersistsAcrossReboot() async throws {
        let h = StationHarness()
        try await h.bootAccepted()
        _ = try await h.changeAvailability(.inoperative, reports: 2)
        #expect(statuses(try await reboot(h)) == [.unavailable, .unavailable])
    }

    // MARK: B04 offline

    @Test func TC_B_52_CS_onlyChangesWhileOfflineAreReportedAfterReconnect() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        h.link.disconnect()
        h.simulation[evse: 2].ev.plugIn()
        #expect(await h.until { $0.availability.status(evseId: 2) == .occupied })
        #expect(await h.until { !$0.availability.isSending })
        h.link.connect()
        #expect(try await h.expectStatus() == (2, .occupied))
        await h.csms.expectSilence()
    }
}

/// B04 with OfflineThreshold, and reconnection after a lost link (Part 4 §5.3 at station level).
@Suite struct OfflineThresholdTests {
    @Test func TC_B_51_CS_offlineLongerThanTheThresholdReportsEveryConnector() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        h.link.disconnect()
        #expect(await h.until { $0.isOnline == false })
        h.simulation[evse: 2].ev.plugIn()
        #expect(await h.until { $0.availability.status(evseId: 2) == .occupied })
        h.clock.advance(by: .seconds(61))  // OfflineThreshold is 60 s
        h.link.connect()
        var reported: [Int: ConnectorStatusEnumType] = [:]
        for _ in 0..<2 {
            let (id, request) = try await h.csms.expectCall(StatusNotificationRequest.self)
            reported[request.evseId] = request.connectorStatus
            try await h.csms.reply(to: id, with: StatusNotificationResponse())
        }
        #expect(reported == [1: .available, 2: .occupied])
    }

    @Test func TC_B_57_CS_reconnectionAfterConnectionLossNeedsNoNewBoot() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        h.link.disconnect()
        #expect(await h.until { $0.isOnline == false })
        h.link.connect()
        #expect(await h.until { $0.isOnline })
        // Still registered: the CSMS can use the station at once, and no BootNotification was sent.
        let answer = try await h.csms.call(TriggerMessageRequest(requestedMessage: .heartbeat), messageId: "t57")
        #expect(answer == .callResult(messageId: "t57", payload: ["status": "Accepted"]))
        let (id, _) = try await h.csms.expectCall(HeartbeatRequest.self)
        try await h.csms.reply(to: id, with: HeartbeatResponse(currentTime: StationHarness.csmsTime))
        #expect(!h.csms.transport.sentMessages.isEmpty)
        #expect(
            !h.link.sentMessages.dropFirst().contains { $0.contains("\"BootNotification\"") },
            "only the first BootNotification"
        )
    }
}
