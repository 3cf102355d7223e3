import Foundation
import HAL
import HALSimulated
import OCPP
import OCPPRPC
import OCPPTestSupport
import StationStore
import Testing

@testable import ChargingStation

/// TriggerMessage (F06), UnlockConnector (F05) and CostUpdated against a scripted CSMS.
@Suite struct RemoteControlBlockTests {
    // MARK: TriggerMessage

    @Test func TC_F_11_CS_triggerMeterValuesSpecificEVSE() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await h.bootAccepted()
        #expect(await h.until { $0.lastMeterReadings[1] != nil })
        let response = try await Self.call(
            TriggerMessageRequest(evse: EVSEType(id: 1), requestedMessage: .meterValues),
            h
        )
        #expect(response.status == .accepted)
        let (id, values) = try await h.csms.expectCall(MeterValuesRequest.self)
        #expect(values.evseId == 1)
        #expect(values.meterValue.first?.sampledValue.first?.context == .trigger)
        try await h.csms.reply(to: id, with: MeterValuesResponse())
    }

    @Test func TC_F_12_CS_triggerMeterValuesAllEVSE() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await h.bootAccepted()
        #expect(await h.until { $0.lastMeterReadings.count == 2 })
        let response = try await Self.call(TriggerMessageRequest(requestedMessage: .meterValues), h)
        #expect(response.status == .accepted)
        var evseIds: [Int] = []
        for _ in 0..<2 {
            let (id, values) = try await h.csms.expectCall(MeterValuesRequest.self)
            #expect(values.meterValue.first?.sampledValue.first?.context == .trigger)
            evseIds.append(values.evseId)
            try await h.csms.reply(to: id, with: MeterValuesResponse())
        }
        #expect(evseIds == [1, 2])
    }

    @Test func TC_F_13_CS_triggerTransactionEventSpecificEVSE() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await h.bootAccepted()
        let csms = TransactionTests.SessionCSMS(h)
        h.simulation[evse: 1].ev.plugIn()
        h.simulation.tokenReader.present(TransactionTests.card)
        _ = try await TransactionTests().chargingEvent(csms, h)
        let response = try await Self.call(
            TriggerMessageRequest(evse: EVSEType(id: 1), requestedMessage: .transactionEvent),
            h
        )
        #expect(response.status == .accepted)
        let triggered = try await csms.acceptEvents { $0.triggerReason == .trigger }
        #expect(triggered.eventType == .updated)
        #expect(triggered.transactionInfo.chargingState == .charging)
        #expect(triggered.meterValue?.first?.sampledValue.first?.context == .trigger)
        #expect(triggered.evse == nil || triggered.evse?.id == 1)
    }

    @Test func TC_F_14_CS_triggerTransactionEventOnlyForEVSEsWithATransaction() async throws {
        let h = StationHarness()
        defer { h.stop() }
        let csms = try await ResetTests.transactionRunning(h)
        let response = try await Self.call(TriggerMessageRequest(requestedMessage: .transactionEvent), h)
        #expect(response.status == .accepted)
        let triggered = try await csms.acceptEvents { $0.triggerReason == .trigger }
        #expect(triggered.meterValue?.first?.sampledValue.first?.context == .trigger)
        let running = try #require(try h.store.openTransactions().first)
        #expect(triggered.transactionInfo.transactionId == running.transactionId)
        #expect(running.evseId == 1)

        let none = try await Self.call(
            TriggerMessageRequest(evse: EVSEType(id: 2), requestedMessage: .transactionEvent),
            h
        )
        #expect(none.status == .rejected, "no transaction on EVSE 2")
    }

    @Test func TC_F_15_CS_triggerLogStatusNotificationIdle() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await h.bootAccepted()
        let response = try await Self.call(TriggerMessageRequest(requestedMessage: .logStatusNotification), h)
        #expect(response.status == .accepted)
        let (id, request) = try await h.csms.expectCall(LogStatusNotificationRequest.self)
        #expect(request.status == .idle)
        try await h.csms.reply(to: id, with: LogStatusNotificationResponse())
    }

    @Test func TC_F_18_CS_triggerFirmwareStatusNotificationIdle() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await h.bootAccepted()
        let response = try await Self.call(TriggerMessageRequest(requestedMessage: .firmwareStatusNotification), h)
        #expect(response.status == .accepted)
        let (id, request) = try await h.csms.expectCall(FirmwareStatusNotificationRequest.self)
        #expect(request.status == .idle)
        try await h.csms.reply(to: id, with: FirmwareStatusNotificationResponse())
    }

    @Test func F06_FR_17_triggerBootNotificationRejectedOnceAccepted() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await h.bootAccepted()
        let response = try await Self.call(TriggerMessageRequest(requestedMessage: .bootNotification), h)
        #expect(response.status == .rejected)
        await h.csms.expectSilence()
    }

    @Test func TC_F_23_CS_triggerStatusNotificationAvailable() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await h.bootAccepted()
        let response = try await Self.call(
            TriggerMessageRequest(evse: EVSEType(id: 2, connectorId: 1), requestedMessage: .statusNotification),
            h
        )
        #expect(response.status == .accepted)
        let report = try #require(try await h.answerStatusNotifications(count: 1).first)
        #expect(report.evseId == 2)
        #expect(report.connectorId == 1)
        #expect(report.connectorStatus == .available)
    }

    @Test func TC_F_24_CS_triggerStatusNotificationOccupied() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await h.bootAccepted()
        h.simulation[evse: 1].ev.plugIn()
        let occupied = try await h.answerStatusNotifications(count: 1)
        #expect(occupied.first?.connectorStatus == .occupied)
        let response = try await Self.call(
            TriggerMessageRequest(evse: EVSEType(id: 1, connectorId: 1), requestedMessage: .statusNotification),
            h
        )
        #expect(response.status == .accepted)
        let report = try #require(try await h.answerStatusNotifications(count: 1).first)
        #expect(report.evseId == 1)
        #expect(report.connectorStatus == .occupied)
    }

    @Test func F06_FR_12_statusNotificationNeedsAConnector() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await h.bootAccepted()
        let noEVSE = try await Self.call(TriggerMessageRequest(requestedMessage: .statusNotification), h)
        #expect(noEVSE.status == .rejected)
        let noConnector = try await Self.call(
            TriggerMessageRequest(evse: EVSEType(id: 1), requestedMessage: .statusNotification),
            h
        )
        #expect(noConnector.status == .rejected)
        let unknown = try await Self.call(
            TriggerMessageRequest(evse: EVSEType(id: 7, connectorId: 1), requestedMessage: .statusNotification),
            h
        )
        #expect(unknown.status == .rejected)
    }

    @Test func TC_F_27_CS_triggerNotImplemented() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await h.bootAccepted()
        for message in [MessageTriggerEnumType.signV2GCertificate, .signCombinedCertificate] {
            let response = try await Self.call(TriggerMessageRequest(requestedMessage: message), h)
            #expect(response.status == .notImplemented)
        }
    }

    // MARK: UnlockConnector

    @Test func TC_F_05_CS_unlockConnectorWithoutTransaction() async throws {
        let h = StationHarness(evseConfiguration: SimulatedEVSE.Configuration(hasLock: true))
        defer { h.stop() }
        _ = try await h.bootAccepted()
        let lock = try #require(h.simulation[evse: 1].lock)
        try await lock.lock()
        let response = try await Self.call(UnlockConnectorRequest(evseId: 1, connectorId: 1), h)
        #expect(response.status == .unlocked)
        #expect(lock.position == .unlocked)
    }

    @Test func TC_F_07_CS_unlockConnectorWithTransaction() async throws {
        let h = StationHarness(evseConfiguration: SimulatedEVSE.Configuration(hasLock: true))
        defer { h.stop() }
        _ = try await ResetTests.transactionRunning(h)
        let lock = try #require(h.simulation[evse: 1].lock)
        try await lock.lock()
        let response = try await Self.call(UnlockConnectorRequest(evseId: 1, connectorId: 1), h)
        #expect(response.status == .ongoingAuthorizedTransaction)
        #expect(lock.position == .locked)
    }

    @Test func TC_F_10_CS_unlockConnectorUnknownConnector() async throws {
        let h = StationHarness(evseConfiguration: SimulatedEVSE.Configuration(hasLock: true))
        defer { h.stop() }
        _ = try await h.bootAccepted()
        let unknownEVSE = try await Self.call(UnlockConnectorRequest(evseId: 9, connectorId: 1), h)
        #expect(unknownEVSE.status == .unknownConnector)
        let unknownConnector = try await Self.call(UnlockConnectorRequest(evseId: 1, connectorId: 2), h)
        #expect(unknownConnector.status == .unknownConnector)
    }

    @Test func unlockConnectorFailures() async throws {
        let h = StationHarness(evseConfiguration: SimulatedEVSE.Configuration(hasLock: true))
        defer { h.stop() }
        _ = try await h.bootAccepted()
        let lock = try #require(h.simulation[evse: 1].lock)
        try await lock.lock()
        lock.injectFault(.stuckLocked)
        let stuck = try await Self.call(UnlockConnectorRequest(evseId: 1, connectorId: 1), h)
        #expect(stuck.status == .unlockFailed)
        #expect(lock.position == .locked)
    }

    @Test func unlockConnectorWithoutALock() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await h.bootAccepted()
        let response = try await Self.call(UnlockConnectorRequest(evseId: 1, connectorId: 1), h)
        #expect(response.status == .unlockFailed)
        #expect(response.statusInfo?.reasonCode == "NoLock")
    }

    // MARK: CostUpdated

    @Test func costUpdatedIsKeptWithTheRunningTransaction() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await ResetTests.transactionRunning(h)
        let running = try #require(try h.store.openTransactions().first)
        #expect(await h.station.runningCost(evseId: 1) == nil)
        _ = try await Self.call(CostUpdatedRequest(totalCost: 250, transactionId: running.transactionId), h)
        #expect(await h.station.runningCost(evseId: 1) == 250)
        #expect(try h.store.transaction(id: running.transactionId)?.totalCost == 250)
        _ = try await Self.call(CostUpdatedRequest(totalCost: 999, transactionId: "unknown"), h)
        #expect(await h.station.runningCost(evseId: 1) == 250)
        #expect(await h.station.runningCost(evseId: 2) == nil)
    }

    // MARK: support

    /// Sends `request` as a CALL and returns the station's answer, answering StatusNotifications that cross it.
    static func call<R: OCPPRequest>(
        _ request: R,
        _ h: StationHarness,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> R.Response {
        let messageId = UUID().uuidString
        try await h.csms.transport.send(
            OCPPFrame.call(messageId: messageId, action: R.action.rawValue, payload: request.jsonValue()).encoded()
        )
        while true {
            let frame = try await h.csms.nextFrame()
            switch frame {
            case .callResult(messageId, let payload):
                return try R.Response(json: payload)
            case .call(let id, OCPPAction.statusNotification.rawValue, _):
                try await h.csms.reply(to: id, with: StatusNotificationResponse())
            default:
                Issue.record(
                    "expected the answer to \(R.action.rawValue), got \(frame.encoded())",
                    sourceLocation: sourceLocation
                )
                throw ScriptedCSMS.Timeout()
            }
        }
    }
}

extension StationHarness {
    /// A harness whose EVSEs are built from `evseConfiguration` (a connector lock, …), for this file's cases.
    init(evseConfiguration: SimulatedEVSE.Configuration, evseCount: Int = 2) {
        let clock = ManualClock()
        let store = InMemoryStationStore()
        self.clock = clock
        self.store = store
        let (stationEnd, csmsEnd) = InMemoryTransport.pair()
        link = stationEnd
        csms = ScriptedCSMS(transport: csmsEnd)
        let session = RPCSession(transport: stationEnd, configuration: .init(stationId: "CS-TEST-01"), clock: clock)
        simulation = SimulatedStation(
            evseCount: evseCount,
            evse: evseConfiguration,
            clock: clock,
            now: { StationHarness.wallTime(clock) }
        )
        station = ChargingStation(
            identity: StationIdentity(stationId: "CS-TEST-01", vendorName: "charger-agent", model: "sim"),
            session: session,
            hardware: simulation.hardware,
            store: store,
            clock: clock,
            wallClock: { StationHarness.wallTime(clock) }
        )
        let station = self.station
        task = Task { await station.run() }
        stationEnd.connect()
    }
}
