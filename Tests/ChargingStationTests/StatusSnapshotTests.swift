import Foundation
import HAL
import HALSimulated
import OCPP
import Testing

@testable import ChargingStation

/// `statusSnapshot()` and `hasActiveTransaction`: the read-only view the control socket reports.
@Suite(.timeLimit(.minutes(1)))
struct StatusSnapshotTests {
    @Test func beforeBootNothingRunsAndRegistrationIsUnknown() async throws {
        let h = StationHarness()
        defer { h.stop() }
        let snapshot = await h.station.statusSnapshot()
        #expect(snapshot.registration == "unknown")
        #expect(snapshot.evses.map(\.id) == [1, 2])
        #expect(snapshot.evses.allSatisfy { $0.transactionId == nil && $0.faults.isEmpty && !$0.contactorClosed })
        #expect(snapshot.evses.allSatisfy { $0.connectorStatus == .available })
        #expect(await h.station.hasActiveTransaction() == false)
    }

    @Test func aChargingSessionShowsItsTransactionEnergyAndClosedContactor() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await TransactionTests.chargingSession(h, start: "EVConnected")
        await TransactionTests.advance(h, seconds: 3)
        let snapshot = await h.station.statusSnapshot()
        #expect(snapshot.registration == "Accepted")
        #expect(snapshot.linkUp)
        let evse = try #require(snapshot.evses.first { $0.id == 1 })
        #expect(evse.transactionId != nil)
        #expect(evse.connectorStatus == .occupied)
        #expect(evse.pluggedIn)
        #expect(evse.contactorClosed)
        #expect((evse.offeredCurrentA ?? 0) > 0)
        #expect((evse.powerW ?? 0) > 0)
        #expect((evse.sessionEnergyWh ?? 0) > 0)
        #expect(await h.station.hasActiveTransaction(evseId: 1))
        #expect(await h.station.hasActiveTransaction(evseId: 2) == false)
        #expect(snapshot.evses.first { $0.id == 2 }?.transactionId == nil)
    }

    @Test func aFailedMeterIsALatchedFault() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await h.bootAccepted()
        h.simulation[evse: 2].meter.injectFault(.garbage)
        var faults: [String] = []
        for _ in 0..<20 where faults.isEmpty {
            await TransactionTests.advance(h, seconds: 1)
            faults = await h.station.statusSnapshot().evses.first { $0.id == 2 }?.faults ?? []
        }
        #expect(faults == ["meter-failure"])
        #expect(await h.station.statusSnapshot().evses.first { $0.id == 1 }?.faults == [])
    }
}
