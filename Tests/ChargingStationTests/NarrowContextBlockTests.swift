import Foundation
import OCPP
import StationStore
import Testing

@testable import ChargingStation

/// Blocks that reach the station only through a narrow context: tested as plain functions, no actor.
@Suite struct NarrowContextBlockTests {
    static func running(_ id: String, evseId: Int) -> TransactionRecord {
        TransactionRecord(
            transactionId: id,
            evseId: evseId,
            connectorId: 1,
            startedAt: Date(timeIntervalSince1970: 1_764_056_344)
        )
    }

    @Test func I02_costUpdatedGoesWithTheRunningTransaction() {
        let context = TariffAndCost.Context(running: [Self.running("t-1", evseId: 1), Self.running("t-2", evseId: 2)])
        let (response, actions) = TariffAndCost.costUpdated(
            CostUpdatedRequest(totalCost: 4.25, transactionId: "t-2"),
            in: context
        )
        #expect(response == CostUpdatedResponse())
        var expected = Self.running("t-2", evseId: 2)
        expected.totalCost = 4.25
        #expect(actions == [.updateTransaction(expected)])
    }

    @Test func I02_costForATransactionNotRunningIsAnsweredAndOnlyNoted() {
        let (response, actions) = TariffAndCost.costUpdated(
            CostUpdatedRequest(totalCost: 1, transactionId: "gone"),
            in: TariffAndCost.Context(running: [])
        )
        #expect(response == CostUpdatedResponse())
        #expect(actions == [.ignoredCostForUnknownTransaction(transactionId: "gone")])
    }

    @Test func P01_dataTransferKnowsItsVendorAndNoMessagesYet() {
        let context = DataTransfer.Context(vendorId: "charger-agent")
        #expect(
            DataTransfer.answer(DataTransferRequest(vendorId: "charger-agent"), in: context).status == .unknownMessageId
        )
        #expect(DataTransfer.answer(DataTransferRequest(vendorId: "other"), in: context).status == .unknownVendorId)
    }

    static let twoEVSEs = TriggerMessage.Context(accepted: true, connectors: [1: [1], 2: [1]], inTransaction: [2])

    @Test func F06_FR_17_noBootNotificationOnceAccepted() {
        let request = TriggerMessageRequest(requestedMessage: .bootNotification)
        #expect(TriggerMessage.decide(request, in: Self.twoEVSEs) == (.rejected, []))
        var pending = Self.twoEVSEs
        pending.accepted = false
        #expect(TriggerMessage.decide(request, in: pending) == (.accepted, [.bootNotification]))
    }

    @Test func F06_FR_12_statusNotificationOnlyForANamedConnector() {
        let named = TriggerMessageRequest(evse: EVSEType(id: 2, connectorId: 1), requestedMessage: .statusNotification)
        #expect(
            TriggerMessage.decide(named, in: Self.twoEVSEs) == (
                .accepted, [.statusNotification(evseId: 2, connectorId: 1)]
            )
        )
        let noConnector = TriggerMessageRequest(evse: EVSEType(id: 2), requestedMessage: .statusNotification)
        #expect(TriggerMessage.decide(noConnector, in: Self.twoEVSEs).0 == .rejected)
        let unknown = TriggerMessageRequest(
            evse: EVSEType(id: 9, connectorId: 1),
            requestedMessage: .statusNotification
        )
        #expect(TriggerMessage.decide(unknown, in: Self.twoEVSEs).0 == .rejected)
    }

    @Test func TC_F_13_transactionEventOnlyWhereATransactionRuns() {
        let any = TriggerMessageRequest(requestedMessage: .transactionEvent)
        #expect(TriggerMessage.decide(any, in: Self.twoEVSEs) == (.accepted, [.transactionEvents(evseIds: [2])]))
        let idle = TriggerMessageRequest(evse: EVSEType(id: 1), requestedMessage: .transactionEvent)
        #expect(TriggerMessage.decide(idle, in: Self.twoEVSEs) == (.rejected, []))
    }

    @Test func F06_meterValuesAndNotBuiltMessages() {
        let all = TriggerMessageRequest(requestedMessage: .meterValues)
        #expect(TriggerMessage.decide(all, in: Self.twoEVSEs) == (.accepted, [.meterValues(evseIds: [1, 2])]))
        let sign = TriggerMessageRequest(requestedMessage: .signChargingStationCertificate)
        #expect(TriggerMessage.decide(sign, in: Self.twoEVSEs) == (.accepted, [.signChargingStationCertificate]))
        let v2g = TriggerMessageRequest(requestedMessage: .signV2GCertificate)
        #expect(TriggerMessage.decide(v2g, in: Self.twoEVSEs) == (.notImplemented, []))
    }

    @Test func F05_unlockConnectorDecisions() {
        let known = UnlockConnector.Context(connectorKnown: true, inTransaction: false, hasLock: true)
        #expect(UnlockConnector.decide(in: known) == .unlock)
        var busy = known
        busy.inTransaction = true
        #expect(
            UnlockConnector.decide(in: busy) == .answer(UnlockConnectorResponse(status: .ongoingAuthorizedTransaction))
        )
        var tethered = known
        tethered.hasLock = false
        guard case .answer(let response) = UnlockConnector.decide(in: tethered) else {
            Issue.record("a tethered cable has nothing to unlock")
            return
        }
        #expect(response.status == .unlockFailed && response.statusInfo?.reasonCode == "NoLock")
        var unknown = known
        unknown.connectorKnown = false
        #expect(UnlockConnector.decide(in: unknown) == .answer(UnlockConnectorResponse(status: .unknownConnector)))
    }
}
