import Foundation
import HAL
import OCPPTestSupport
import Testing

@testable import ChargerAgent

/// Issue 17 item 2 on the Modbus controller backend: the station (`StationRuntime`, as chargerd runs it) on a board
/// whose charge controller is the EVSE-DIN register map, served by pymodbus on loopback; the Python `ocpp` CSMS sends
/// SetChargingProfile mid-session and the controller's current register changes within a second.
@Suite(
    "chargerd with a Modbus charge controller: a charging limit reaches its current register",
    .timeLimit(.minutes(2))
)
struct ControllerChargingLimitTests {
    static let unit = 2
    static let evseDin = StationControllerCase.all[0]

    @Test("K01 / issue 17 item 2: SetChargingProfile → the EVSE-DIN current register (1000) written within 1 s")
    func setChargingProfileReachesTheCurrentRegister() async throws {
        let test = Self.evseDin
        let server = try await ModbusServerPeer.tcp(image: ControllerMapStationTests.image(test))
        defer { server.stop() }
        let csms = try await CSMSPeer.start()
        defer { csms.kill() }
        let stateDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("chargerd-ctrl-limit-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: stateDirectory) }
        let runtime = try StationRuntime(
            config: try ControllerMapStationTests.board(test, port: server.port, csms: csms.port),
            options: .init(stateDirectory: stateDirectory)
        )
        let run = Task { try await runtime.run() }
        defer { run.cancel() }
        func vehicle(_ value: Int) async throws {
            try await server.set(unit: Self.unit, table: test.stateTable, address: test.stateAddress, values: [value])
        }
        do {
            try await csms.waitFor("the station's first StatusNotification", timeout: .seconds(20)) { csms in
                csms.calls("StatusNotification").isEmpty ? nil : true
            }
            try await server.set(unit: Self.unit, address: test.ppAddress ?? 1003, values: [32])
            try await vehicle(test.b)
            var mark = server.mark
            _ = try csms.post(
                "Call",
                [
                    "action": "RequestStartTransaction",
                    "payload": [
                        "idToken": ["idToken": "04A1B2C3", "type": "ISO14443"], "remoteStartId": 17, "evseId": 1,
                    ],
                ]
            )
            let offered = try await server.waitForWrite(
                unit: Self.unit,
                address: test.currentAddress,
                after: mark,
                timeout: .seconds(10)
            )
            #expect(offered == [32], "the EVSE's 32 A before any profile")
            try await vehicle(test.c)
            // The board's meter is simulated and draws nothing: the session reads SuspendedEV, its power path closed.
            try await csms.waitFor("TransactionEvent with the power path closed", timeout: .seconds(10)) { csms in
                csms.frames.contains {
                    $0.action == "TransactionEvent"
                        && ["SuspendedEV", "Charging"].contains(
                            $0.payload["transactionInfo"]["chargingState"].string ?? ""
                        )
                } ? true : nil
            }
            let start = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-60))
            mark = server.mark
            let sent = ContinuousClock.now
            _ = try csms.post(
                "Call",
                [
                    "action": "SetChargingProfile",
                    "payload": [
                        "evseId": 0,
                        "chargingProfile": [
                            "id": 17, "stackLevel": 0, "chargingProfilePurpose": "ChargingStationMaxProfile",
                            "chargingProfileKind": "Absolute",
                            "chargingSchedule": [
                                [
                                    "id": 17, "startSchedule": start, "chargingRateUnit": "A",
                                    "chargingSchedulePeriod": [["startPeriod": 0, "limit": 10.0]],
                                ] as [String: Any]
                            ],
                        ] as [String: Any],
                    ] as [String: Any],
                ]
            )
            let limited = try await server.waitForWrite(
                unit: Self.unit,
                address: test.currentAddress,
                after: mark,
                timeout: .seconds(5)
            )
            let took = sent.duration(to: .now)
            print(
                "controller \(test.model): SetChargingProfile (10 A) -> register \(test.currentAddress) written in \(took)"
            )
            #expect(limited == [10])
            #expect(took < .seconds(1), "issue 17: the limit reaches the controller within a second (\(took))")
        } catch {
            await runtime.triggerGracefulShutdown()
            Issue.record("\(error)\n\(csms.transcript)")
            return
        }
        await runtime.triggerGracefulShutdown()
        _ = try? await run.value
    }
}
