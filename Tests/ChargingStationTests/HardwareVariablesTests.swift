import Foundation
import OCPP
import OCPPRPC
import Testing

@testable import ChargingStation

/// Issue 13 item 8: the device model tells the truth about the hardware (Part 2 Appendix, the physical
/// components' ConnectorType, SupplyPhases and Power), from the board file rather than a fixed 22 kW Type 2.
@Suite struct HardwareVariablesTests {
    static let dc200 = EVSEDescription(connectorType: .cCCS2, phases: 3, maxCurrent: 500, maxPower: 200_000)
    static let ac7 = EVSEDescription(connectorType: .sType2, phases: 1, maxCurrent: 32, maxPower: 7_400)

    static func get(
        _ component: String,
        evse: Int? = nil,
        connector: Int? = nil,
        _ variable: String,
        _ attribute: AttributeEnumType? = nil
    ) -> GetVariableDataType {
        GetVariableDataType(
            attributeType: attribute,
            component: ComponentType(evse: evse.map { EVSEType(id: $0, connectorId: connector) }, name: component),
            variable: VariableType(name: variable)
        )
    }

    @Test func Appendix_ConnectorType_SupplyPhases_Power_comeFromTheBoard() async throws {
        let h = StationHarness(evseDescriptions: [1: Self.dc200, 2: Self.ac7])
        defer { h.stop() }
        try await h.bootAccepted()
        let results = try await DeviceModelTests.getVariables(
            h,
            [
                Self.get("Connector", evse: 1, connector: 1, "ConnectorType"),
                Self.get("Connector", evse: 1, connector: 1, "SupplyPhases"),
                Self.get("EVSE", evse: 1, "SupplyPhases"),
                Self.get("EVSE", evse: 1, "Power", .maxSet),
                Self.get("Connector", evse: 2, connector: 1, "ConnectorType"),
                Self.get("EVSE", evse: 2, "SupplyPhases"),
                Self.get("EVSE", evse: 2, "Power", .maxSet),
                Self.get("ChargingStation", "SupplyPhases"),
            ]
        )
        #expect(results.allSatisfy { $0.attributeStatus == .accepted })
        // DC: no AC phases at the connector (SupplyPhases 0), 200 kW, CCS2 — not "22 kW, Type 2, 3 phases".
        #expect(results.map(\.attributeValue) == ["cCCS2", "0", "0", "200000", "sType2", "1", "7400", "1"])
    }

    @Test func Appendix_EVSE_Power_maxLimitIsTheRating() async throws {
        let h = StationHarness(evseDescriptions: [1: Self.dc200])
        defer { h.stop() }
        try await h.bootAccepted()
        let pages = try await DeviceModelTests.baseReport(h, .fullInventory, requestId: 81)
        let power = pages.flatMap { $0.reportData ?? [] }.filter {
            $0.component.name == "EVSE" && $0.variable.name == "Power"
        }
        #expect(power.map { $0.component.evse?.id } == [1, 2])
        #expect(power.first?.variableCharacteristics?.maxLimit == 200_000)
        #expect(power.first?.variableAttribute.first { $0.type == .maxSet }?.value == "200000")
        // EVSE 2 was not described: the standard AC description.
        #expect(power.last?.variableCharacteristics?.maxLimit == 22_000)
    }

    @Test func Appendix_hardwareVariablesAreReadOnly() async throws {
        let h = StationHarness(evseDescriptions: [1: Self.dc200])
        defer { h.stop() }
        try await h.bootAccepted()
        let results = try await DeviceModelTests.setVariables(
            h,
            [
                SetVariableDataType(
                    attributeValue: "cType2",
                    component: ComponentType(evse: EVSEType(id: 1, connectorId: 1), name: "Connector"),
                    variable: VariableType(name: "ConnectorType")
                )
            ]
        )
        #expect(results.map(\.attributeStatus) == [.rejected])
    }

    @Test func Appendix_EVSE_Power_actualFollowsTheMeter() async throws {
        let h = StationHarness(evseDescriptions: [1: Self.ac7])
        defer { h.stop() }
        _ = try await TransactionTests.chargingSession(h, start: "PowerPathClosed")
        await TransactionTests.advance(h, seconds: 2)
        let results = try await DeviceModelTests.getVariables(h, [Self.get("EVSE", evse: 1, "Power")])
        let watts = results.first?.attributeValue.flatMap(Double.init) ?? 0
        #expect(watts > 1000, "\(results)")
        #expect(watts <= 7_400)
    }

    @Test func descriptionOfAnEVSE() {
        #expect(Self.dc200.isDC && Self.dc200.supplyPhases == 0)
        #expect(!Self.ac7.isDC && Self.ac7.supplyPhases == 1)
        #expect(EVSEDescription(connectorType: .cG105, phases: 1, maxCurrent: 125, maxPower: 50_000).isDC)
        let identity = StationIdentity(stationId: "S", vendorName: "V", model: "M", evses: [1: Self.dc200])
        #expect(identity.description(ofEVSE: 1) == Self.dc200)
        #expect(identity.description(ofEVSE: 2) == .standardAC)
    }
}
