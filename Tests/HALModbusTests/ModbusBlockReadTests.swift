import Foundation
import HAL
import OCPPTestSupport
import Testing

@testable import HALModbus

/// Block reads of the shipped maps against a counting pymodbus server, over TCP and over RTU at 9600
/// baud through the real-time wire relay (`Tests/Peers/rtu_wire.py`).
///
/// The same polls give the figures of `Benchmarks/run.sh` (Modbus part): with
/// `HALMODBUS_POLL_FIGURES=<file>` each test appends one line per map (see `PollFigures`) and
/// `HALMODBUS_POLLS` sets how many polls are timed (1 otherwise). Nothing here asserts a speed.
@Suite("Block reads: fewer requests per poll, fallback for meters that refuse gaps", .serialized)
struct ModbusBlockReadTests {
    /// Every shipped map on one server, unit = index + 1.
    static func image(_ maps: [(file: String, map: RegisterMap)], strict: Bool = false) -> String {
        let devices = maps.enumerated().map { index, entry in
            RegisterImage(map: entry.map, values: ExpectedValues.values).json(unit: index + 1, strict: strict)
        }
        return "{\"devices\": [\(devices.joined(separator: ", "))]}"
    }

    static func expectValues(_ reading: MeterReading, _ map: RegisterMap, _ file: String) {
        #expect(isClose(reading.energyImport, 1_234_500), "\(file) energy import \(reading.energyImport)")
        #expect(isClose(reading.activePower, 11_040.5), "\(file) power \(reading.activePower)")
        if map.entries[QuantityKey(.voltage, .l1)] != nil {
            #expect(isClose(reading.voltage.l1, 230.1), "\(file) voltage l1 \(String(describing: reading.voltage.l1))")
        }
        if map.entries[QuantityKey(.frequency)] != nil {
            #expect(isClose(reading.frequency, 49.9), "\(file) frequency \(String(describing: reading.frequency))")
        }
    }

    @Test("every shipped map costs fewer requests per poll than reading only the registers it uses (TCP)")
    func requestCountDropsOverTCP() async throws {
        let maps = try ShippedMaps.load()
        let server = try await ModbusServerPeer.tcp(image: Self.image(maps))
        defer { server.stop() }
        let bus = ModbusBus(transport: .tcp(host: "127.0.0.1", port: server.port))
        _ = try await server.stats()
        for (index, (file, map)) in maps.enumerated() {
            let unit = index + 1
            var gapless = map
            gapless.maxGap = 0
            let before = ModbusEnergyMeter(unit: UInt8(unit), map: gapless, bus: bus, maxPowerW: 22_000)
            Self.expectValues(try await before.read(), map, file)
            let beforeRequests = try await server.stats().requests[unit] ?? 0

            let meter = ModbusEnergyMeter(unit: UInt8(unit), map: map, bus: bus, maxPowerW: 22_000)
            let timing = try await PollFigures.time(polls: PollFigures.polls) {
                Self.expectValues(try await meter.read(), map, file)
            }
            let requests = try await server.stats().requests[unit] ?? 0
            #expect(beforeRequests == map.gaplessReadPlan.count, "\(file)")
            #expect(requests == PollFigures.polls * map.readPlan.count, "\(file): \(map.readPlan)")
            #expect(
                map.readPlan.count < map.gaplessReadPlan.count,
                "\(file): \(map.readPlan.count) requests with block reads, \(map.gaplessReadPlan.count) without"
            )
            #expect(meter.readPlan == map.readPlan)
            try PollFigures.record(
                file: file,
                transport: "tcp",
                plan: meter.readPlan,
                gaplessRequests: beforeRequests,
                timing
            )
        }
        await bus.close()
    }

    @Test("a meter that refuses a read across registers it does not define is read without gaps from then on")
    func refusedGapFallsBack() async throws {
        let maps = try ShippedMaps.load()
        let entry = try #require(maps.first { $0.file == "eastron-sdm630-v2.yaml" })
        // "strict": the server answers exception 2 for any register that is not in the image.
        let server = try await ModbusServerPeer.tcp(image: Self.image([entry], strict: true))
        defer { server.stop() }
        let bus = ModbusBus(transport: .tcp(host: "127.0.0.1", port: server.port))
        let meter = ModbusEnergyMeter(unit: 1, map: entry.map, bus: bus, maxPowerW: 22_000)
        #expect(await meter.currentReadPlan == entry.map.readPlan)
        _ = try await server.stats()

        Self.expectValues(try await meter.read(), entry.map, entry.file)
        var stats = try await server.stats()
        #expect(stats.refused[1] == 1)
        #expect(stats.requests[1] == 1 + entry.map.gaplessReadPlan.count)
        #expect(await meter.currentReadPlan == entry.map.gaplessReadPlan)

        Self.expectValues(try await meter.read(), entry.map, entry.file)
        stats = try await server.stats()
        #expect(stats.refused[1] == nil)
        #expect(stats.requests[1] == entry.map.gaplessReadPlan.count)
        await bus.close()
    }

    @Test("a gapless plan refused with illegal data address is invalid data: the map asks for what is not there")
    func refusedWithoutGapIsInvalidData() async throws {
        let map = try RegisterMap.parse(
            yaml: """
                name: t
                vendor: t
                document: t
                maxGap: 4
                defaults: {function: 4, type: float32}
                quantities:
                  energyImportWh: {address: 0}
                  powerW: {address: 2}
                """,
            file: "t.yaml"
        )
        #expect(map.readPlan == map.gaplessReadPlan)
        // The image holds only the energy; the power registers are undefined on the strict server.
        let server = try await ModbusServerPeer.tcp(
            image: "{\"unit\": 1, \"strict\": true, \"holding\": {}, \"input\": {\"0\": 0, \"1\": 0}}"
        )
        defer { server.stop() }
        let bus = ModbusBus(transport: .tcp(host: "127.0.0.1", port: server.port))
        let meter = ModbusEnergyMeter(unit: 1, map: map, bus: bus)
        await #expect {
            _ = try await meter.read()
        } throws: { error in
            guard case .invalidData(let reason) = error as? MeterError else { return false }
            return reason.contains("illegal data address")
        }
        await bus.close()
    }

    @Test("every shipped map polls over RTU at 9600 baud through the real-time wire: one frame per request and answer")
    func rtuAt9600ThroughTheWire() async throws {
        let maps = try ShippedMaps.load()
        let wire = try await WireRelay(baud: 9600)
        defer { wire.stop() }
        let server = try await ModbusServerPeer.rtu(image: Self.image(maps), device: wire.device)
        defer { server.stop() }
        let bus = ModbusBus(
            transport: .rtu(RTUSettings(device: wire.master, baud: 9600)),
            options: ModbusBusOptions(responseTimeout: .seconds(1), retries: 0)
        )
        var requestsSent = 0
        for (index, (file, map)) in maps.enumerated() {
            let meter = ModbusEnergyMeter(unit: UInt8(index + 1), map: map, bus: bus, maxPowerW: 22_000)
            Self.expectValues(try await meter.read(), map, file)  // warm-up: opens the line on the first map
            let timing = try await PollFigures.time(polls: PollFigures.polls) {
                Self.expectValues(try await meter.read(), map, file)
            }
            #expect(meter.readPlan == map.readPlan(maxGap: min(map.maxGap, 10)), "\(file)")
            requestsSent += (1 + PollFigures.polls) * meter.readPlan.count
            // The relay's contract: nothing crosses faster than the line would carry it.
            let floor = wire.wireTime(
                requests: meter.readPlan.count,
                registers: meter.readPlan.reduce(0) { $0 + $1.count }
            )
            #expect(timing.fastest >= floor, "\(file): a poll took \(timing.fastest) s, the wire needs \(floor) s")
            try PollFigures.record(
                file: file,
                transport: "rtu9600",
                plan: meter.readPlan,
                gaplessRequests: map.gaplessReadPlan.count,
                timing
            )
            // The same map read without gaps, for comparison: on a slow line a spanned register costs
            // two character times, a request about twenty.
            var gapless = map
            gapless.maxGap = 0
            let gaplessMeter = ModbusEnergyMeter(unit: UInt8(index + 1), map: gapless, bus: bus, maxPowerW: 22_000)
            let gaplessTiming = try await PollFigures.time(polls: PollFigures.polls) {
                Self.expectValues(try await gaplessMeter.read(), map, file)
            }
            requestsSent += PollFigures.polls * map.gaplessReadPlan.count
            try PollFigures.record(
                file: file,
                transport: "rtu9600-gapless",
                plan: gaplessMeter.readPlan,
                gaplessRequests: map.gaplessReadPlan.count,
                gaplessTiming
            )
        }
        let served = try await server.stats().requests.values.reduce(0, +)
        await bus.close()
        #expect(served == requestsSent)
        #expect(try await wire.finish() == 2 * requestsSent)
    }
}

/// Times polls and appends the figures for `Benchmarks/run.sh` when `HALMODBUS_POLL_FIGURES` is set.
enum PollFigures {
    static let environment = ProcessInfo.processInfo.environment

    /// How many polls each measurement times (`HALMODBUS_POLLS`, default 1).
    static var polls: Int { max(1, environment["HALMODBUS_POLLS"].flatMap { Int($0) } ?? 1) }

    struct Timing {
        var seconds: [Double]
        var fastest: Double { seconds.min() ?? 0 }
        var mean: Double { seconds.isEmpty ? 0 : seconds.reduce(0, +) / Double(seconds.count) }
        var slowest: Double { seconds.max() ?? 0 }
    }

    static func time(polls: Int, _ poll: () async throws -> Void) async throws -> Timing {
        var seconds: [Double] = []
        let clock = ContinuousClock()
        for _ in 0..<polls {
            let elapsed = try await clock.measure { try await poll() }
            let parts = elapsed.components
            seconds.append(Double(parts.seconds) + Double(parts.attoseconds) / 1e18)
        }
        return Timing(seconds: seconds)
    }

    /// One tab-separated line: map file, transport, requests, registers, requests without gaps,
    /// polls, mean/fastest/slowest ms per poll.
    static func record(
        file: String,
        transport: String,
        plan: [ReadBlock],
        gaplessRequests: Int,
        _ timing: Timing
    ) throws {
        guard let path = environment["HALMODBUS_POLL_FIGURES"], !path.isEmpty else { return }
        let registers = plan.reduce(0) { $0 + $1.count }
        let fields: [String] = [
            file, transport, "\(plan.count)", "\(registers)", "\(gaplessRequests)", "\(timing.seconds.count)",
            String(format: "%.2f", timing.mean * 1000), String(format: "%.2f", timing.fastest * 1000),
            String(format: "%.2f", timing.slowest * 1000),
        ]
        let line = Data((fields.joined(separator: "\t") + "\n").utf8)
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: line)
    }
}
