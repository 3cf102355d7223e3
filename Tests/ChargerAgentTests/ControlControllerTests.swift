import ChargerAgent
import ChargingStation
import Foundation
import HAL
import HALSimulated
import OCPP
import OCPPRPC
import StationStore
import Testing

/// A meter that is not simulated, as a Modbus meter on a mixed board.
private struct FixedMeter: EnergyMeter {
    func read() async throws(MeterError) -> MeterReading {
        MeterReading(energyImport: 1234, activePower: 0, voltage: PhaseValues(l1: 229), timestamp: Date())
    }
}

/// A station (not running: no CSMS needed) on simulated hardware, with its controller.
private struct Fixture {
    let simulation: SimulatedStation
    let station: ChargingStation
    let controller: StationController

    init(realMeterOnEVSE2: Bool = false, selftestStep: Duration = .milliseconds(1)) {
        simulation = SimulatedStation(
            evses: [.init(phases: 3), .init(phases: 1)],
            clock: ContinuousClock(),
            now: { Date() }
        )
        var hardware = simulation.hardware
        if realMeterOnEVSE2 { hardware.evses[1].meter = FixedMeter() }
        let (stationEnd, _) = InMemoryTransport.pair()
        station = ChargingStation(
            identity: .init(stationId: "CP-CTL-1", vendorName: "test", model: "sim"),
            session: RPCSession(transport: stationEnd, configuration: .init(stationId: "CP-CTL-1")),
            hardware: hardware,
            store: InMemoryStationStore(),
            clock: ContinuousClock()
        )
        controller = StationController(
            station: station,
            hardware: hardware,
            simulation: simulation,
            configFile: "board.yaml",
            selftestStep: selftestStep
        )
    }

    func call(_ command: String, _ args: JSONValue = [:]) async throws(ControlError) -> JSONValue {
        try await controller.handle(command: command, args: args)
    }

    func error(_ command: String, _ args: JSONValue = [:]) async -> ControlError? {
        do {
            _ = try await call(command, args)
            return nil
        } catch {
            return error
        }
    }
}

@Suite(.timeLimit(.minutes(1)))
struct ControlControllerTests {
    @Test func statusHasTheContractedShape() async throws {
        let fixture = Fixture()
        let status = try await fixture.call("status")
        #expect(status["station"]?["id"] == "CP-CTL-1")
        #expect(status["station"]?["registration"] == "unknown")
        #expect(status["station"]?["link"] == "disconnected")
        #expect(status["station"]?["config"] == "board.yaml")
        let evses = try #require(status["evses"]?.arrayValue)
        #expect(evses.map { $0["id"] } == [1, 2])
        for evse in evses {
            for key in [
                "connectorStatus", "transactionId", "energyWh", "powerW", "runningCost", "contactor", "indicator",
                "meterHealth", "lastError", "pilotState", "cable", "offeredCurrentA", "chargingLimit", "powerSetpointW",
            ] {
                #expect(evse[key] != nil, "missing \(key)")
            }
            #expect(evse["contactor"] == ["commanded": "open", "feedback": "open"])
            #expect(evse["transactionId"] == .null)
            #expect(evse["pilotState"] == .null, "the station is not running: no pilot report yet")
            #expect(evse["cable"] == .null)
        }
        #expect(status["station"]?["lastToken"] == .null)
        #expect(status["inputs"] == ["emergencyStop": false])
    }

    @Test func simDrivesTheVehicleTheReaderAndFaults() async throws {
        let fixture = Fixture()
        let tokens = fixture.simulation.tokenReader.tokens
        _ = try await fixture.call("sim", ["action": "plug", "evse": 1, "maxPowerKW": 200, "phases": 1])
        #expect(fixture.simulation[evse: 1].ev.isPluggedIn)
        #expect(await fixture.error("sim", ["action": "plug", "evse": 1])?.code == "refused")
        _ = try await fixture.call("sim", ["action": "token", "id": "CARD-7"])
        var iterator = tokens.makeAsyncIterator()
        #expect(await iterator.next()?.id == "CARD-7")

        _ = try await fixture.call("sim", ["action": "fault", "evse": 2, "kind": "meter-timeout"])
        let meters = try await fixture.call("meter")
        #expect(meters["evses"]?.arrayValue?.map { $0["ok"] } == [true, false])
        _ = try await fixture.call("sim", ["action": "fault", "evse": 1, "kind": "emergency-stop"])
        #expect(try await fixture.simulation.emergencyStop.level())
        _ = try await fixture.call("sim", ["action": "clear", "evse": 2])
        #expect(try await fixture.simulation.emergencyStop.level() == false)
        #expect(try await fixture.call("meter", ["evse": 2])["evses"]?.arrayValue?.first?["ok"] == true)
        _ = try await fixture.call("sim", ["action": "unplug", "evse": 1])
        #expect(!fixture.simulation[evse: 1].ev.isPluggedIn)
    }

    static let badSimArguments: [JSONValue] = [
        ["action": "plug"],
        ["action": "plug", "evse": 9],
        ["action": "plug", "evse": "one"],
        ["action": "plug", "evse": 1, "maxPowerKW": -3],
        ["action": "fault", "evse": 1, "kind": "gremlins"],
        ["action": "dance", "evse": 1],
        ["evse": 1],
        ["action": "token"],
    ]

    @Test(arguments: badSimArguments)
    func badSimArgumentsAreRefusedByName(args: JSONValue) async {
        let error = await Fixture().error("sim", args)
        #expect(error?.code == "bad-arguments", "\(args) → \(String(describing: error))")
    }

    @Test func faultsAreOnlyInjectedIntoSimulatedParts() async throws {
        let fixture = Fixture(realMeterOnEVSE2: true)
        let error = await fixture.error("sim", ["action": "fault", "evse": 2, "kind": "meter-garbage"])
        #expect(error?.code == "not-simulated")
        // The real meter is what `meter` reads.
        let meter = try await fixture.call("meter", ["evse": 2])
        #expect(meter["evses"]?.arrayValue?.first?["energyImportWh"] == 1234)
        // Its contactor is still simulated.
        _ = try await fixture.call("sim", ["action": "fault", "evse": 2, "kind": "contactor-stuck-open"])
    }

    @Test func simFaultContactorStuckClosedReachesTheContactor() async throws {
        let fixture = Fixture()
        let answer = try await fixture.call("sim", ["action": "fault", "evse": 2, "kind": "contactor-stuck-closed"])
        #expect(answer == ["action": "fault", "evse": 2, "kind": "contactor-stuck-closed"])
        #expect(fixture.simulation[evse: 2].contactor.contacts == .closed)
        let status = try await fixture.call("status")
        #expect(
            status["evses"]?.arrayValue?.map { $0["contactor"] }
                == [["commanded": "open", "feedback": "open"], ["commanded": "open", "feedback": "closed"]]
        )
        // Closed whatever the command: the self-test's open step fails.
        let selftest = try await fixture.call("selftest", ["evse": 2])
        #expect(selftest["passed"] == false)
        _ = try await fixture.call("sim", ["action": "clear", "evse": 2])
        #expect(fixture.simulation[evse: 2].contactor.contacts == .open)
    }

    @Test func selftestCyclesTheLightsAndClicksTheContactor() async throws {
        let fixture = Fixture()
        let result = try await fixture.call("selftest", ["evse": 1])
        #expect(result["passed"] == true)
        let light = try #require(fixture.simulation[evse: 1].indicator)
        #expect(light.history.map(\.color) == [.red, .green, .blue, .yellow, .white, .off])
        #expect(fixture.simulation[evse: 1].contactor.contacts == .open)
        #expect(fixture.controller.selftestLog.failures.isEmpty)
        #expect(fixture.simulation[evse: 2].indicator?.history.isEmpty == true, "only the EVSE asked for")
    }

    @Test func theEVSEIsUnavailableDuringItsSelftestAndASecondOneIsRefused() async throws {
        let fixture = Fixture(selftestStep: .milliseconds(40))
        let test = Task { try await fixture.call("selftest", ["evse": 1]) }
        let connector = { () async throws -> JSONValue? in
            try await fixture.call("status")["evses"]?.arrayValue?.first?["connectorStatus"]
        }
        let deadline = ContinuousClock.now + .seconds(5)
        while try await connector() != "Unavailable" {
            #expect(ContinuousClock.now < deadline, "EVSE 1 never turned Unavailable during its self-test")
            if ContinuousClock.now >= deadline { break }
            try await Task.sleep(for: .milliseconds(5))
        }
        let second = await fixture.error("selftest", ["evse": 1])
        #expect(second?.code == "refused" && second?.message.contains("already under a self-test") == true)
        #expect(try await test.value["passed"] == true)
        #expect(try await connector() == "Available", "the hold ends with the test")
    }

    @Test func aWeldedContactorFailsTheSelftestAndIsRemembered() async throws {
        let fixture = Fixture()
        fixture.simulation[evse: 1].contactor.injectFault(.welded)
        let result = try await fixture.call("selftest")
        #expect(result["passed"] == false)
        let steps = try #require(result["evses"]?.arrayValue?.first?["steps"]?.arrayValue)
        #expect(steps.map { $0["ok"] } == [true, true, false])
        #expect(fixture.controller.selftestLog.failures[1]?.contains("welded") == true)
        #expect(fixture.controller.selftestLog.failures[2] == nil)
    }

    @Test func unknownCommandsAndEVSEsAreNamed() async {
        let fixture = Fixture()
        #expect(await fixture.error("launch")?.code == "unknown-command")
        #expect(await fixture.error("selftest", ["evse": 5])?.message.contains("1, 2") == true)
        #expect(await fixture.error("diag")?.code == "unknown-command", "no diagnose closure given")
    }
}
