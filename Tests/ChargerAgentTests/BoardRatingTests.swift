import ChargerAgent
import ChargingStation
import OCPP
import OCPPTestSupport
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A board with one simulated EVSE described by `rating` (its connectorType, maxCurrentA, phases and
/// maxPowerW lines).
private func board(_ rating: String) throws(BoardConfigError) -> BoardConfig {
    try BoardConfig.parse(
        yaml: """
            station: {id: CP-RATING, vendor: Test, model: Rating}
            csms: {url: "ws://127.0.0.1:9/ocpp", securityProfile: 0}
            stateDirectory: /tmp/chargerd-rating-test
            evses:
              - id: 1
            \(rating)
                meter: simulated
                contactor: simulated
                evBoard: simulated
            """,
        file: "rating.yaml",
        metersDirectory: TestRepository.path("BoardConfigs/meters")
    )
}

private func failure(_ rating: String, sourceLocation: SourceLocation = #_sourceLocation) -> BoardConfigError? {
    do {
        _ = try board(rating)
        Issue.record("the board loaded", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

/// Issue 13 item 8: what an EVSE is (connector type, phases, current, power) comes from the board file and
/// reaches the station's device model (Part 2 Appendix: Connector.ConnectorType, SupplyPhases, EVSE.Power).
@Suite struct BoardRatingTests {
    @Test func Appendix_EVSE_Power_ACDefaultIsPhasesTimesCurrentAt230V() throws {
        let simulator = try BoardConfig.load(path: TestRepository.path("BoardConfigs/simulator.yaml"))
        #expect(simulator.evses.map(\.maxPowerW) == [22_080.0, 3_680.0])  // 3 × 230 V × 32 A, 230 V × 16 A
        let stated = try board("    connectorType: sType2\n    maxCurrentA: 32\n    phases: 3\n    maxPowerW: 22000")
        #expect(stated.evses[0].maxPowerW == 22_000)
    }

    @Test func Appendix_DCBoardDescribesItsRealRating() throws {
        let config = try board("    connectorType: cCCS2\n    maxCurrentA: 500\n    maxPowerW: 200000")
        let description = config.evseDescriptions[1]
        #expect(description?.connectorType == .cCCS2)
        #expect(description?.maxPower == 200_000)
        #expect(description?.maxCurrent == 500)
        #expect(description?.supplyPhases == 0)
    }

    @Test func Appendix_DCConnectorNeedsItsPower() {
        let error = failure("    connectorType: cG105\n    maxCurrentA: 125")
        #expect(error?.key == "evses[0].maxPowerW")
        #expect(error?.problem.contains("DC connector (cG105)") == true, "\(String(describing: error))")
    }

    @Test func Appendix_ConnectorTypeMustBeAnOCPPValue() {
        let error = failure("    connectorType: Type2\n    maxCurrentA: 32\n    phases: 3")
        #expect(error?.key == "evses[0].connectorType")
        #expect(error?.problem.contains("\"Type2\" is not an OCPP ConnectorEnumType") == true)
        #expect(error?.problem.contains("cType2") == true)
    }

    @Test func Appendix_SupplyPhases_requiredForAC() {
        let error = failure("    connectorType: cType2\n    maxCurrentA: 32")
        #expect(error?.key == "evses[0].phases")
    }

    @Test(arguments: ["0", "-5", "5000000"])
    func Appendix_EVSE_Power_outOfRange(value: String) {
        let error = failure("    connectorType: cCCS1\n    maxCurrentA: 200\n    maxPowerW: \(value)")
        #expect(error?.key == "evses[0].maxPowerW")
    }

    @Test func chargerdHandsTheBoardsDescriptionToItsStation() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rating-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = try board("    connectorType: cCCS1\n    maxCurrentA: 250\n    maxPowerW: 100000")
        let runtime = try StationRuntime(config: config, options: .init(stateDirectory: directory.path))
        let identity = await runtime.station.identity
        #expect(identity.description(ofEVSE: 1) == config.evses[0].evseDescription)
        #expect(identity.firmwareVersion == ChargerAgentVersion.current)
    }
}
