import Foundation
import HAL
import HALModbus
import OCPPTestSupport
import Testing

@testable import ChargerAgent

/// The whole station on a board whose EV side is an EVSE-DIN charge controller served by
/// `Tests/Peers/modbus_server.py` (pymodbus, Modbus TCP on loopback), linked to the Python CSMS peer.
@Suite(
    "chargerd with a Modbus charge controller (pymodbus stand-in) as the EV board",
    .serialized,
    .timeLimit(.minutes(2))
)
struct ControllerStationTests {
    static let unit = 2

    static func board(port: Int, csms: Int) throws -> BoardConfig {
        try BoardConfig.parse(
            yaml: """
                station: {id: CP-CTRL-TEST, vendor: ChargerAgent, model: ControllerTest}
                csms: {url: "ws://127.0.0.1:\(csms)/ocpp", securityProfile: 0}
                stateDirectory: /tmp/chargerd-controller-test
                buses: {lan: {tcp: {host: 127.0.0.1, port: \(port)}}}
                evses:
                  - id: 1
                    connectorType: sType2
                    maxCurrentA: 32
                    phases: 3
                    meter: simulated
                    contactor: simulated
                    evBoard: {type: modbus-controller, bus: lan, unitId: \(unit), model: evse-din, pollMs: 50}
                """,
            file: "controller-test.yaml",
            metersDirectory: TestRepository.path("BoardConfigs/meters")
        )
    }

    @Test("buildHardware puts the controller behind EVSE 1 and it reads the stand-in's state")
    func wiring() async throws {
        let server = try await ModbusServerPeer.tcp(image: #"{"unit": 2, "holding": {"1002": 2, "1005": 18}}"#)
        defer { server.stop() }
        let built = try StationRuntime.buildHardware(
            for: try Self.board(port: server.port, csms: 9),
            clock: ContinuousClock()
        )
        #expect(built.controllers.count == 1)
        #expect(built.buses.count == 1)
        let board = try #require(built.hardware.evses[0].board as? ModbusChargeController)
        #expect(board.unit == 2)
        #expect(try await board.pilotState() == .b)
        #expect(await board.firmwareId == "18")
    }

    @Test(
        "plug → Occupied, authorize → current written to register 1000, C → contactor closes (Charging), unplug → Ended"
    )
    func session() async throws {
        let server = try await ModbusServerPeer.tcp(image: #"{"unit": 2, "holding": {"1002": 1, "1005": 18}}"#)
        defer { server.stop() }
        let csms = try await CSMSPeer.start()
        defer { csms.kill() }
        let stateDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("chargerd-ctrl-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: stateDirectory) }
        let runtime = try StationRuntime(
            config: try Self.board(port: server.port, csms: csms.port),
            options: .init(stateDirectory: stateDirectory)
        )
        let run = Task { try await runtime.run() }
        defer { run.cancel() }
        do {
            try await csms.waitFor("BootNotification", timeout: .seconds(20)) { csms in
                csms.frames.contains { $0.action == "BootNotification" && $0.direction == .toStation } ? true : nil
            }
            try await server.set(unit: Self.unit, address: 1002, values: [2])  // plug in: B
            try await csms.waitFor("StatusNotification Occupied", timeout: .seconds(10)) { csms in
                csms.frames.contains {
                    $0.action == "StatusNotification" && $0.payload["connectorStatus"].string == "Occupied"
                } ? true : nil
            }
            let mark = server.mark
            _ = try csms.post(
                "Call",
                [
                    "action": "RequestStartTransaction",
                    "payload": [
                        "idToken": ["idToken": "04A1B2C3", "type": "ISO14443"], "remoteStartId": 7, "evseId": 1,
                    ],
                ]
            )
            let offered = try await server.waitForWrite(
                unit: Self.unit,
                address: 1000,
                after: mark,
                timeout: .seconds(10)
            )
            #expect(offered.first.map { $0 >= 6 && $0 <= 32 } == true, "register 1000 got \(offered)")
            try await server.set(unit: Self.unit, address: 1002, values: [3])  // the car asks for energy: C
            // The contactor closes: the power path is closed. The simulated meter behind it sees no car
            // drawing, so OCPP calls it SuspendedEV (Charging needs energy flowing).
            try await csms.waitFor("TransactionEvent with the power path closed", timeout: .seconds(10)) { csms in
                csms.frames.contains {
                    $0.action == "TransactionEvent"
                        && ["SuspendedEV", "Charging"].contains(
                            $0.payload["transactionInfo"]["chargingState"].string ?? ""
                        )
                } ? true : nil
            }
            try await server.set(unit: Self.unit, address: 1002, values: [1])  // unplugged: A
            try await csms.waitFor("TransactionEvent Ended", timeout: .seconds(10)) { csms in
                csms.frames.contains { $0.action == "TransactionEvent" && $0.payload["eventType"].string == "Ended" }
                    ? true : nil
            }
        } catch {
            await runtime.triggerGracefulShutdown()
            Issue.record("\(error)\n\(csms.transcript)")
            return
        }
        await runtime.triggerGracefulShutdown()
        _ = try? await run.value
    }
}
