import HAL
import OCPPTestSupport
import Testing

@testable import HALModbus

@Suite("Modbus TCP against a pymodbus server on loopback")
struct ModbusTCPTests {
    @Test("every quantity of every shipped map decodes to the value the server holds")
    func everyShippedMap() async throws {
        let maps = try ShippedMaps.load()
        let devices = maps.enumerated().map { index, entry in
            RegisterImage(map: entry.map, values: ExpectedValues.values).json(unit: index + 1)
        }
        let server = try await ModbusServerPeer.tcp(image: "{\"devices\": [\(devices.joined(separator: ", "))]}")
        defer { server.stop() }
        let bus = ModbusBus(transport: .tcp(host: "127.0.0.1", port: server.port))
        for (index, (file, map)) in maps.enumerated() {
            let meter = ModbusEnergyMeter(unit: UInt8(index + 1), map: map, bus: bus, maxPowerW: 22_000)
            let reading = try await meter.read()
            var decoded: [QuantityKey: Double?] = [
                QuantityKey(.energyImportWh): reading.energyImport,
                QuantityKey(.energyExportWh): reading.energyExport,
                QuantityKey(.powerW): reading.activePower,
                QuantityKey(.frequency): reading.frequency,
            ]
            for phase in Phase.allCases {
                decoded[QuantityKey(.voltage, phase)] =
                    [reading.voltage.l1, reading.voltage.l2, reading.voltage.l3][
                        Phase.allCases.firstIndex(of: phase)!
                    ]
                decoded[QuantityKey(.current, phase)] =
                    [reading.current.l1, reading.current.l2, reading.current.l3][
                        Phase.allCases.firstIndex(of: phase)!
                    ]
            }
            for key in map.entries.keys {
                let expected = try #require(ExpectedValues.values[key])
                #expect(
                    isClose(decoded[key] ?? nil, expected),
                    "\(file) \(key): \(String(describing: decoded[key])) ≠ \(expected)"
                )
            }
        }
        await bus.close()
    }

    static let testMap = """
        name: test
        vendor: test
        document: test
        defaults: {function: 3, type: s32, wordOrder: low-first}
        quantities:
          energyImportWh: {address: 0, type: u32}
          powerW: {address: 2, scale: {exponent: -1}}
        """

    @Test("energy going backwards and power beyond the rating are implausible, not readings")
    func plausibility() async throws {
        let map = try RegisterMap.parse(yaml: Self.testMap, file: "test.yaml")
        var image = RegisterImage(
            map: map,
            values: [QuantityKey(.energyImportWh): 5000, QuantityKey(.powerW): -3500.5]
        )
        let server = try await ModbusServerPeer.tcp(image: image.json(unit: 7))
        defer { server.stop() }
        let bus = ModbusBus(transport: .tcp(host: "127.0.0.1", port: server.port))
        let meter = ModbusEnergyMeter(unit: 7, map: map, bus: bus, maxPowerW: 11_000)
        let first = try await meter.read()
        #expect(first.energyImport == 5000)
        #expect(isClose(first.activePower, -3500.5))

        image = RegisterImage(map: map, values: [QuantityKey(.energyImportWh): 4990, QuantityKey(.powerW): 100])
        try await server.command(
            "{\"cmd\":\"set\",\"table\":\"holding\",\"address\":0,\"values\":[\(image.holding[0]!),\(image.holding[1]!)]}"
        )
        await #expect {
            _ = try await meter.read()
        } throws: { error in
            guard case .implausible(let reason) = error as? MeterError else { return false }
            return reason.contains("went backwards")
        }

        image = RegisterImage(map: map, values: [QuantityKey(.energyImportWh): 6000, QuantityKey(.powerW): 12_000])
        let words = [image.holding[0]!, image.holding[1]!, image.holding[2]!, image.holding[3]!]
        try await server.command("{\"cmd\":\"set\",\"table\":\"holding\",\"address\":0,\"values\":\(words)}")
        await #expect {
            _ = try await meter.read()
        } throws: { error in
            guard case .implausible(let reason) = error as? MeterError else { return false }
            return reason.contains("beyond the rating")
        }
        await bus.close()
    }

    @Test("a refused connection is a communication failure naming the endpoint")
    func refused() async throws {
        let bus = ModbusBus(transport: .tcp(host: "127.0.0.1", port: 1), options: ModbusBusOptions(retries: 0))
        let map = try RegisterMap.parse(yaml: Self.testMap, file: "test.yaml")
        let meter = ModbusEnergyMeter(unit: 1, map: map, bus: bus)
        await #expect {
            _ = try await meter.read()
        } throws: { error in
            guard case .communicationFailure(let reason) = error as? MeterError else { return false }
            return reason.contains("127.0.0.1:1")
        }
    }
}
