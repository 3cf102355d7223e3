import ChargingStation
import Logging
import OCPP
import Testing

@testable import FleetSimulation

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Issue 13 item 8: the fleet's DC chargers report their real connector and rating to the CSMS
/// (Part 2 Appendix: Connector.ConnectorType, SupplyPhases, EVSE.Power), not a 22 kW Type 2 socket.
@Suite struct FleetDescriptionTests {
    static let emartJeju: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("BoardConfigs/fleets/emart-jeju.yaml").path
    }()

    @Test func Appendix_fleetChargersDescribeTheirKindAndRating() async throws {
        let fleet = try FleetConfig.load(path: Self.emartJeju)
        let dc = try #require(fleet.chargers.first { $0.id == "emart_jeju_01" })
        #expect(dc.kind == .dc && dc.ratedPowerKW == 200)
        let station = try FleetStation(
            charger: dc,
            evProfile: try #require(fleet.profiles[dc.evProfile]),
            csmsURL: "ws://127.0.0.1:9/ocpp",
            stateDirectory: nil,
            clock: ContinuousClock(),
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        )
        let description = await station.station.identity.description(ofEVSE: 1)
        #expect(description.connectorType == .cCCS1)
        #expect(description.maxPower == 200_000)
        #expect(description.supplyPhases == 0)
        #expect(description.maxCurrent == 500)  // at the simulated 400 V

        let ac = try #require(fleet.chargers.first { $0.kind == .ac })
        #expect(ac.evseDescription.connectorType == .cType1)
        #expect(ac.evseDescription.supplyPhases == 1)
        #expect(ac.evseDescription.maxPower == ac.ratedPowerKW * 1000)
        #expect(ac.evseDescription.maxCurrent <= FleetStation.offeredCurrentA)
    }
}
