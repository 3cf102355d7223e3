import Foundation
import HAL
import OCPPTestSupport
import Synchronization
import Testing

@testable import HALModbus

/// One shipped controller map, and how the pymodbus stand-in plays the vehicle for it: the raw state
/// values, a PP rating, a fault, and what `offerCurrent(16)` must write.
struct ControllerCase: Sendable, CustomTestStringConvertible {
    var file: String
    /// Raw vehicle-state values for A, B, C.
    var a: Int
    var b: Int
    var c: Int
    /// Registers to set (table, address, values) that make the controller report a fault.
    var fault: (table: String, address: Int, value: Int)
    /// The raw current register value for 16 A.
    var sixteenAmps: Int
    /// The raw PP value meaning 20 A, or nil for a tethered-cable controller.
    var twentyAmpCable: Int?

    var testDescription: String { file }

    static let all: [ControllerCase] = [
        ControllerCase(
            file: "evse-din.yaml",
            a: 1,
            b: 2,
            c: 3,
            fault: ("holding", 1002, 5),
            sixteenAmps: 16,
            twentyAmpCable: 20
        ),
        ControllerCase(
            file: "phoenix-ev-charge-control-basic.yaml",
            a: 0x4131,
            b: 0x4232,
            c: 0x4332,  // "A1", "B2", "C2"
            fault: ("holding", 24005, 0b10),  // ERR output on
            sixteenAmps: 16,
            twentyAmpCable: 20
        ),
        ControllerCase(
            file: "heidelberg-energy-control.yaml",
            a: 2,
            b: 4,
            c: 7,
            fault: ("input", 5, 11),  // ERR
            sixteenAmps: 160,  // 0.1 A units
            twentyAmpCable: nil
        ),
    ]

    func map() throws -> ControllerMap {
        try ControllerMap.load(path: ControllerRig.directory.appendingPathComponent(file).path)
    }
}

/// A controller map served by `Tests/Peers/modbus_server.py` (pymodbus) over TCP on loopback, and the
/// backend polling it every 20 ms.
struct ControllerRig {
    static var directory: URL { TestRepository.root.appendingPathComponent("BoardConfigs/controllers") }
    static let unit = 7

    let map: ControllerMap
    let server: ModbusServerPeer
    let bus: ModbusBus
    let controller: ModbusChargeController
    let polling: Task<Void, Never>

    static func start(_ test: ControllerCase, state: Int? = nil) async throws -> ControllerRig {
        let map = try test.map()
        let server = try await ModbusServerPeer.tcp(image: image(map, state: state ?? test.a))
        let bus = ModbusBus(
            transport: .tcp(host: "127.0.0.1", port: server.port),
            options: ModbusBusOptions(responseTimeout: .milliseconds(300), retries: 0)
        )
        let controller = ModbusChargeController(
            unit: UInt8(unit),
            map: map,
            bus: bus,
            pollInterval: .milliseconds(20)
        )
        let polling = Task { await controller.run() }
        return ControllerRig(map: map, server: server, bus: bus, controller: controller, polling: polling)
    }

    /// The controller's registers at rest: the given vehicle state, everything else 0.
    static func image(_ map: ControllerMap, state: Int) -> String {
        var holding: [Int: Int] = [:]
        var input: [Int: Int] = [:]
        let source = map.vehicleState.source
        if source.function == .readHoldingRegisters {
            holding[Int(source.address)] = state
        } else {
            input[Int(source.address)] = state
        }
        func table(_ registers: [Int: Int]) -> String {
            registers.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ")
        }
        return "{\"unit\": \(unit), \"holding\": {\(table(holding))}, \"input\": {\(table(input))}}"
    }

    func setState(_ value: Int) async throws {
        let source = map.vehicleState.source
        try await server.set(
            unit: Self.unit,
            table: source.function == .readHoldingRegisters ? "holding" : "input",
            address: Int(source.address),
            values: [value]
        )
    }

    func stop() async {
        polling.cancel()
        _ = await polling.value
        await bus.close()
        server.stop()
    }
}

/// Collects a pilot-state stream so a test can wait for a sequence.
final class StateRecorder: Sendable {
    final class Seen: Sendable {
        let states = Mutex<[ControlPilotState]>([])
    }

    let seen = Seen()
    let task: Task<Void, Never>

    init(_ stream: AsyncStream<ControlPilotState>) {
        let seen = self.seen
        task = Task {
            for await state in stream { seen.states.withLock { $0.append(state) } }
        }
    }

    var states: [ControlPilotState] { seen.states.withLock { $0 } }

    func waitFor(_ state: ControlPilotState, count: Int) async throws {
        try await OCPPTestSupport.wait(
            until: "pilot state \(state) seen \(count) time(s)",
            within: .seconds(5),
            context: "seen \(states)"
        ) {
            states.filter { $0 == state }.count >= count
        }
    }

    deinit { task.cancel() }
}

@Suite("Modbus charge controllers against a pymodbus server acting as the controller (TCP on loopback)", .serialized)
struct ModbusChargeControllerTests {
    @Test("a scripted vehicle A→B→C→B→A is seen on pilotStates, current state first", arguments: ControllerCase.all)
    func vehicleScript(_ test: ControllerCase) async throws {
        let rig = try await ControllerRig.start(test)
        do {
            #expect(try await rig.controller.pilotState() == .a)
            let recorder = StateRecorder(rig.controller.pilotStates)
            try await recorder.waitFor(.a, count: 1)
            for (value, state, count) in [
                (test.b, .b, 1), (test.c, .c, 1), (test.b, .b, 2), (test.a, ControlPilotState.a, 2),
            ] {
                try await rig.setState(value)
                try await recorder.waitFor(state, count: count)
            }
            #expect(recorder.states == [.a, .b, .c, .b, .a])
            // A late subscriber starts with the state now.
            let late = StateRecorder(rig.controller.pilotStates)
            try await late.waitFor(.a, count: 1)
            #expect(await rig.controller.firmwareId != nil)
        } catch { Issue.record(error) }
        await rig.stop()
    }

    @Test(
        "offerCurrent(16) writes the map's current register with its scaling; nil stops the PWM",
        arguments: ControllerCase.all
    )
    func offerCurrent(_ test: ControllerCase) async throws {
        let rig = try await ControllerRig.start(test, state: test.b)
        do {
            let unit = ControllerRig.unit
            var mark = rig.server.mark
            try await rig.controller.offerCurrent(16)
            let written = try await rig.server.waitForWrite(
                unit: unit,
                address: Int(rig.map.current.address),
                after: mark
            )
            #expect(written == [test.sixteenAmps])
            // The offer's own writes (leave F, enable) go first, the current last.
            let writes = rig.server.writes(unit: unit, after: mark)
            #expect(writes.count == rig.map.offer.count + 1)
            for (write, expected) in zip(writes, rig.map.offer) {
                #expect(Self.matches(write, expected))
            }
            #expect(await rig.controller.offeredCurrent == 16)

            mark = rig.server.mark
            try await rig.controller.offerCurrent(nil)
            if rig.map.stop.isEmpty {
                let off = try await rig.server.waitForWrite(
                    unit: unit,
                    address: Int(rig.map.current.address),
                    after: mark
                )
                #expect(off == [Int(rig.map.current.off)])
            } else {
                // The server reports each write on its output; the last may still be on its way to the test.
                let writes = try await wait(for: "the map's stop writes") {
                    let writes = rig.server.writes(unit: unit, after: mark)
                    return writes.count >= rig.map.stop.count ? writes : nil
                }
                #expect(writes.count == rig.map.stop.count)
                for (write, expected) in zip(writes, rig.map.stop) { #expect(Self.matches(write, expected)) }
            }
            #expect(await rig.controller.offeredCurrent == nil)
            await #expect(throws: EVSEBoardError.currentOutOfRange(5)) { try await rig.controller.offerCurrent(5) }
        } catch { Issue.record(error) }
        await rig.stop()
    }

    @Test("signalNotAvailable makes the map's notAvailable writes, in order", arguments: ControllerCase.all)
    func notAvailable(_ test: ControllerCase) async throws {
        let rig = try await ControllerRig.start(test)
        do {
            let mark = rig.server.mark
            try await rig.controller.signalNotAvailable()
            let last = try #require(rig.map.notAvailable.last)
            let lastAddress: Int
            let table: String
            switch last.target {
            case .holding(let address): (lastAddress, table) = (Int(address), "holding")
            case .coil(let address): (lastAddress, table) = (Int(address), "coil")
            }
            _ = try await rig.server.waitForWrite(
                unit: ControllerRig.unit,
                table: table,
                address: lastAddress,
                after: mark
            )
            let writes = rig.server.writes(unit: ControllerRig.unit, after: mark)
            #expect(writes.count == rig.map.notAvailable.count)
            for (write, expected) in zip(writes, rig.map.notAvailable) { #expect(Self.matches(write, expected)) }
        } catch { Issue.record(error) }
        await rig.stop()
    }

    @Test(
        "a controller fault throws .pilotFault naming it and shows the map's fault state on the stream",
        arguments: ControllerCase.all
    )
    func fault(_ test: ControllerCase) async throws {
        let rig = try await ControllerRig.start(test, state: test.c)
        do {
            let recorder = StateRecorder(rig.controller.pilotStates)
            try await recorder.waitFor(.c, count: 1)
            try await rig.server.set(
                unit: ControllerRig.unit,
                table: test.fault.table,
                address: test.fault.address,
                values: [test.fault.value]
            )
            try await recorder.waitFor(rig.map.faults?.state ?? .e, count: 1)
            await #expect {
                _ = try await rig.controller.pilotState()
            } throws: { error in
                guard case .pilotFault(let reason) = error as? EVSEBoardError else { return false }
                return reason.contains("unit \(ControllerRig.unit)") && reason.contains(rig.map.name)
            }
            #expect(await !rig.controller.activeFaults.isEmpty)
        } catch { Issue.record(error) }
        await rig.stop()
    }

    @Test("the PP rating reads as the cable's current (20 A cable → 20), no cable → nil", arguments: ControllerCase.all)
    func proximity(_ test: ControllerCase) async throws {
        let rig = try await ControllerRig.start(test, state: test.b)
        do {
            guard let raw = test.twentyAmpCable, let source = rig.map.proximity?.source else {
                #expect(try await rig.controller.proximityCurrentLimit == nil)
                #expect(rig.map.proximity == nil, "a tethered-cable map has no PP register")
                await rig.stop()
                return
            }
            #expect(try await rig.controller.proximityCurrentLimit == nil)  // register 0: no cable
            let table = source.function == .readHoldingRegisters ? "holding" : "input"
            try await rig.server.set(
                unit: ControllerRig.unit,
                table: table,
                address: Int(source.address),
                values: [raw]
            )
            #expect(try await rig.controller.proximityCurrentLimit == 20)
            if let invalid = rig.map.proximity?.invalid.first {
                try await rig.server.set(
                    unit: ControllerRig.unit,
                    table: table,
                    address: Int(source.address),
                    values: [Int(invalid)]
                )
                await #expect {
                    _ = try await rig.controller.proximityCurrentLimit
                } throws: { error in
                    guard case .pilotFault(let reason) = error as? EVSEBoardError else { return false }
                    return reason.contains("PP")
                }
            }
        } catch { Issue.record(error) }
        await rig.stop()
    }

    @Test("a controller that does not answer is .communicationFailure naming the unit, and the stream shows E")
    func notAnswering() async throws {
        let rig = try await ControllerRig.start(ControllerCase.all[0], state: 3)
        do {
            let recorder = StateRecorder(rig.controller.pilotStates)
            try await recorder.waitFor(.c, count: 1)
            try await rig.server.command(#"{"cmd":"silent"}"#)
            try await recorder.waitFor(.e, count: 1)
            await #expect {
                _ = try await rig.controller.pilotState()
            } throws: { error in
                guard case .communicationFailure(let reason) = error as? EVSEBoardError else { return false }
                return reason.contains("unit \(ControllerRig.unit)") && reason.contains("EVSE-DIN")
            }
            await #expect(throws: EVSEBoardError.self) { try await rig.controller.offerCurrent(16) }
            try await rig.server.command(#"{"cmd":"normal"}"#)
            try await recorder.waitFor(.c, count: 2)
        } catch { Issue.record(error) }
        await rig.stop()
    }

    static func matches(_ write: (table: String, address: Int, values: [Int]), _ expected: ControllerWrite) -> Bool {
        switch expected.target {
        case .holding(let address):
            write.table == "holding" && write.address == Int(address) && write.values == [Int(expected.value)]
        case .coil(let address):
            write.table == "coil" && write.address == Int(address) && write.values == [Int(expected.value)]
        }
    }
}
