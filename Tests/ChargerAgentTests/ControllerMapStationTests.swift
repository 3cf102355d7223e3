import Foundation
import HAL
import OCPPTestSupport
import Testing

@testable import ChargerAgent

/// One shipped controller map as the station test plays the vehicle on it (`Tests/Peers/modbus_server.py`,
/// pymodbus over Modbus TCP on loopback): the state register and its raw values, a fault, the current register
/// and its scale, the PP register (nil: a tethered cable), and the map's highest current.
struct StationControllerCase: Sendable, CustomTestStringConvertible {
    var model: String
    var stateTable: String
    var stateAddress: Int
    var a: Int
    var b: Int
    var c: Int
    /// Setting this register makes the controller report a fault; `clear` undoes it.
    var fault: (table: String, address: Int, value: Int, clear: Int)
    var currentAddress: Int
    /// Raw register units per ampere.
    var rawPerAmp: Double
    var ppAddress: Int?
    var maxAmps: Double

    var testDescription: String { model }

    static let all: [StationControllerCase] = [
        StationControllerCase(
            model: "evse-din",
            stateTable: "holding",
            stateAddress: 1002,
            a: 1,
            b: 2,
            c: 3,
            fault: ("holding", 1002, 5, 3),
            currentAddress: 1000,
            rawPerAmp: 1,
            ppAddress: 1003,
            maxAmps: 80
        ),
        StationControllerCase(
            model: "phoenix-ev-charge-control-basic",
            stateTable: "holding",
            stateAddress: 24000,
            a: 0x4131,
            b: 0x4232,
            c: 0x4332,
            fault: ("holding", 24005, 0b10, 0),
            currentAddress: 22000,
            rawPerAmp: 1,
            ppAddress: 24001,
            maxAmps: 63
        ),
        StationControllerCase(
            model: "heidelberg-energy-control",
            stateTable: "input",
            stateAddress: 5,
            a: 2,
            b: 4,
            c: 7,
            fault: ("input", 5, 11, 7),
            currentAddress: 261,
            rawPerAmp: 10,
            ppAddress: nil,
            maxAmps: 16
        ),
    ]  // swift-format-ignore

    /// What the station must offer on a 32 A EVSE: a 20 A cable caps it; a tethered cable leaves the EVSE's
    /// rating, which the controller's own maximum caps in turn.
    var expectedRawOffer: Int {
        let amps = min(ppAddress == nil ? 32 : 20, maxAmps)
        return Int(amps * rawPerAmp)
    }
}

/// Issue 14: every shipped controller map through the real station, a scripted vehicle A→B→C, a fault, then
/// unplugged; the Python CSMS peer on the other side.
@Suite(
    "chargerd with each shipped Modbus charge controller (pymodbus stand-in) as the EV board",
    .serialized,
    .timeLimit(.minutes(2))
)
struct ControllerMapStationTests {
    static let unit = 2

    static func board(_ test: StationControllerCase, port: Int, csms: Int) throws -> BoardConfig {
        try BoardConfig.parse(
            yaml: """
                station: {id: CP-CTRL-MAP, vendor: ChargerAgent, model: ControllerTest}
                csms: {url: "ws://127.0.0.1:\(csms)/ocpp", securityProfile: 0}
                stateDirectory: /tmp/chargerd-controller-map-test
                buses: {lan: {tcp: {host: 127.0.0.1, port: \(port)}}}
                evses:
                  - id: 1
                    connectorType: sType2
                    maxCurrentA: 32
                    phases: 3
                    meter: simulated
                    contactor: simulated
                    evBoard: {type: modbus-controller, bus: lan, unitId: \(unit), model: \(test.model), pollMs: 50}
                """,
            file: "controller-map-test.yaml",
            metersDirectory: TestRepository.path("BoardConfigs/meters")
        )
    }

    static func image(_ test: StationControllerCase) -> String {
        var tables: [String: [Int: Int]] = ["holding": [:], "input": [:]]
        tables[test.stateTable, default: [:]][test.stateAddress] = test.a
        if let pp = test.ppAddress { tables["holding", default: [:]][pp] = 0 }
        func json(_ registers: [Int: Int]) -> String {
            registers.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ")
        }
        return #"{"unit": \#(unit), "holding": {\#(json(tables["holding"]!))}, "input": {\#(json(tables["input"]!))}}"#
    }

    @Test(
        "plug → Occupied, remote start → the capped current written, C → contactor closes, fault → Faulted, unplug → Ended",
        arguments: StationControllerCase.all
    )
    func session(_ test: StationControllerCase) async throws {
        let server = try await ModbusServerPeer.tcp(image: Self.image(test))
        defer { server.stop() }
        let csms = try await CSMSPeer.start()
        defer { csms.kill() }
        let stateDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("chargerd-ctrl-map-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: stateDirectory) }
        let runtime = try StationRuntime(
            config: try Self.board(test, port: server.port, csms: csms.port),
            options: .init(stateDirectory: stateDirectory)
        )
        let run = Task { try await runtime.run() }
        defer { run.cancel() }
        func vehicle(_ value: Int) async throws {
            try await server.set(unit: Self.unit, table: test.stateTable, address: test.stateAddress, values: [value])
        }
        func status(_ name: String) async throws {
            try await csms.waitFor("StatusNotification \(name)", timeout: .seconds(10)) { csms in
                csms.frames.contains {
                    $0.action == "StatusNotification" && $0.payload["connectorStatus"].string == name
                } ? true : nil
            }
        }
        do {
            try await csms.waitFor("the station's first StatusNotification", timeout: .seconds(20)) { csms in
                csms.calls("StatusNotification").isEmpty ? nil : true
            }
            if let pp = test.ppAddress { try await server.set(unit: Self.unit, address: pp, values: [20]) }
            let plugged = ContinuousClock.now
            try await vehicle(test.b)
            try await status("Occupied")
            // Issue 14's figure: pilot change -> the CSMS sees the station's reaction (poll every 50 ms here; the
            // peer is read every 10 ms, so this is an upper bound).
            print(
                "controller \(test.model): pilot B -> StatusNotification Occupied at the CSMS in \(plugged.duration(to: .now))"
            )
            let mark = server.mark
            _ = try csms.post(
                "Call",
                [
                    "action": "RequestStartTransaction",
                    "payload": [
                        "idToken": ["idToken": "04A1B2C3", "type": "ISO14443"], "remoteStartId": 9, "evseId": 1,
                    ],
                ]
            )
            let offered = try await wait(for: "a current written to \(test.currentAddress)", within: .seconds(10)) {
                server.writes(unit: Self.unit, after: mark)
                    .first { $0.table == "holding" && $0.address == test.currentAddress && $0.values != [0] }?.values
            }
            #expect(offered == [test.expectedRawOffer], "the offer, capped by the cable and the controller")
            try await vehicle(test.c)
            try await csms.waitFor("TransactionEvent with the power path closed", timeout: .seconds(10)) { csms in
                csms.frames.contains {
                    $0.action == "TransactionEvent"
                        && ["SuspendedEV", "Charging"].contains(
                            $0.payload["transactionInfo"]["chargingState"].string ?? ""
                        )
                } ? true : nil
            }
            try await server.set(
                unit: Self.unit,
                table: test.fault.table,
                address: test.fault.address,
                values: [test.fault.value]
            )
            try await status("Faulted")
            try await server.set(
                unit: Self.unit,
                table: test.fault.table,
                address: test.fault.address,
                values: [test.fault.clear]
            )
            try await vehicle(test.a)
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
