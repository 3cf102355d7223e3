import Foundation
import HAL
import HALModbus
import HALSimulated
import Logging
import OCPP
import OCPPRPC
import OCPPTestSupport
import StationStore
import Testing

@testable import ChargerAgent
@testable import ChargingStation

/// The sources of external limits (K11-K13) outside the station: the control socket's `limit` command, a
/// digital input and a Modbus register read by `ExternalLimitService` (the register served by
/// `Tests/Peers/modbus_server.py`, pymodbus on loopback, standing in for the energy manager). The station
/// runs without a CSMS here: what it does with a limit is `ExternalLimitsTests`'.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct ExternalLimitSourceTests {
    static func station(inputs: [String: any DigitalInput] = [:]) -> (ChargingStation, StationHardware) {
        let simulation = SimulatedStation(
            evses: [.init(phases: 3), .init(phases: 1)],
            clock: ContinuousClock(),
            now: { Date() }
        )
        var hardware = simulation.hardware
        hardware.inputs = inputs
        let (stationEnd, _) = InMemoryTransport.pair()
        let station = ChargingStation(
            identity: .init(stationId: "CP-EXT-1", vendorName: "test", model: "sim"),
            session: RPCSession(transport: stationEnd, configuration: .init(stationId: "CP-EXT-1")),
            hardware: hardware,
            store: InMemoryStationStore(),
            clock: ContinuousClock()
        )
        return (station, hardware)
    }

    /// Waits (real time, bounded) until the station's external limits are `expected`.
    static func waitForLimits(
        _ station: ChargingStation,
        _ expected: [ExternalLimitSignal],
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if await station.externalLimitSignals == expected { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        let seen = await station.externalLimitSignals
        Issue.record("external limits are \(seen), not \(expected)", sourceLocation: sourceLocation)
    }

    @Test func theControlSocketSetsShowsAndClearsItsLimits() async throws {
        let (station, hardware) = Self.station()
        let controller = StationController(station: station, hardware: hardware)
        let set = try await controller.handle(
            command: "limit",
            args: ["action": "set", "evse": 2, "limit": 10, "unit": "A", "source": "SO"]
        )
        #expect(set["outcome"]?.stringValue?.hasPrefix("applied") == true)
        #expect(
            await station.externalLimitSignals
                == [ExternalLimitSignal(origin: "control:evse2", source: .so, evseId: 2, limit: 10, unit: .a)]
        )
        #expect(await station.evseStates[2]?.chargingLimit == 10, "the pilot's limit for EVSE 2")
        _ = try await controller.handle(
            command: "limit",
            args: ["action": "set", "evse": 0, "limit": 7000, "unit": "W"]
        )
        let shown = try await controller.handle(command: "limit", args: ["action": "show"])
        #expect(shown["limits"]?.arrayValue?.count == 2)

        for (args, message) in [
            (["action": "set", "evse": 9, "limit": 10] as JSONValue, "EVSE 9 does not exist"),
            (["action": "set", "evse": 1, "limit": 10, "source": "CSO"], "must be EMS, Other or SO"),
            (["action": "set", "evse": 1, "limit": 10, "unit": "kW"], "must be A or W"),
            (["action": "set", "limit": 10], "\"evse\" is missing"),
            (["action": "boost"], "must be set, clear or show"),
        ] {
            do {
                _ = try await controller.handle(command: "limit", args: args)
                Issue.record("\(args) was accepted")
            } catch {
                #expect(error.code == "bad-arguments")
                #expect(error.message.contains(message), "\(error.message)")
            }
        }

        let cleared = try await controller.handle(command: "limit", args: ["action": "clear"])
        #expect(cleared["cleared"] == 2)
        #expect(await station.externalLimitSignals.isEmpty)
        #expect(await station.evseStates[2]?.chargingLimit == 32, "back to the EVSE's rating")
    }

    @Test func K11_aRippleControlInputImposesItsLimitWhileAsserted() async throws {
        let ripple = SimulatedDigitalInput(level: false)
        let (station, _) = Self.station(inputs: ["ripple": ripple])
        let config = ExternalLimitConfig(
            name: "ripple",
            source: .so,
            evseId: 0,
            unit: .a,
            signal: .input(role: "ripple", limit: 6)
        )
        let service = ExternalLimitService(
            station: station,
            limits: [config],
            buses: [:],
            inputs: ["ripple": ripple],
            clock: ContinuousClock(),
            logger: Logger(label: "test")
        )
        let task = Task { try await service.run() }
        defer { task.cancel() }
        ripple.set(true)
        try await Self.waitForLimits(
            station,
            [ExternalLimitSignal(origin: "input:ripple", source: .so, evseId: 0, limit: 6, unit: .a)]
        )
        #expect(await station.evseStates[1]?.chargingLimit == 6)
        ripple.set(false)
        try await Self.waitForLimits(station, [])
        #expect(await station.evseStates[1]?.chargingLimit == 32)
    }

    @Test func K12_aModbusRegisterFromAnEnergyManagerSetsAndClearsTheLimit() async throws {
        // pymodbus stand-in for the energy manager: holding register 100, 0.1 A per count, 65535 = no limit.
        let server = try await ModbusServerPeer.tcp(image: #"{"unit": 3, "holding": {"100": 160}}"#)
        defer { server.stop() }
        let register = ExternalLimitRegister(
            bus: "ems",
            unitId: 3,
            register: RegisterSource(function: .readHoldingRegisters, address: 100, type: .u16),
            scale: 0.1,
            noLimit: 65535,
            poll: .milliseconds(100)
        )
        let config = ExternalLimitConfig(name: "ems", source: .ems, evseId: 1, unit: .a, signal: .modbus(register))
        let (station, _) = Self.station()
        let service = ExternalLimitService(
            station: station,
            limits: [config],
            buses: ["ems": ModbusBus(transport: .tcp(host: "127.0.0.1", port: server.port))],
            inputs: [:],
            clock: ContinuousClock(),
            logger: Logger(label: "test")
        )
        let task = Task { try await service.run() }
        defer { task.cancel() }
        let expected = ExternalLimitSignal(origin: "modbus:ems", source: .ems, evseId: 1, limit: 16, unit: .a)
        try await Self.waitForLimits(station, [expected])
        try await server.set(unit: 3, address: 100, values: [85])
        var lower = expected
        lower.limit = 8.5
        try await Self.waitForLimits(station, [lower])
        #expect(await station.evseStates[1]?.chargingLimit == 8.5)
        // The register cannot be read: the last limit stays.
        try await server.command(#"{"cmd":"exception","code":4}"#)
        try await Task.sleep(for: .milliseconds(400))
        #expect(await station.externalLimitSignals == [lower])
        try await server.command(#"{"cmd":"normal"}"#)
        try await server.set(unit: 3, address: 100, values: [65535])
        try await Self.waitForLimits(station, [])
    }
}
