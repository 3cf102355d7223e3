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
}
