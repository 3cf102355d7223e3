import Testing

@testable import HALModbus

@Suite("Register maps: decoding, block planning, YAML validation")
struct RegisterMapTests {
    @Test("every type, word order and byte order round-trips", arguments: RegisterType.allCases)
    func roundTrip(type: RegisterType) {
        let value: Double =
            switch type {
            case .s16, .s32: -1234
            case .float32: 230.5
            case .float64: -12_345.678_9
            default: 4321
            }
        for wordOrder in WordOrder.allCases {
            for byteOrder in ByteOrder.allCases {
                let source = RegisterSource(
                    function: .readInputRegisters,
                    address: 0,
                    type: type,
                    wordOrder: wordOrder,
                    byteOrder: byteOrder
                )
                let words = source.encode(value)
                #expect(words.count == type.registerCount)
                #expect(source.decode(words[...]) == value, "\(type) \(wordOrder) \(byteOrder)")
            }
        }
    }

    @Test("a word-swapped s32 reads the low word first")
    func wordSwapped() {
        let source = RegisterSource(function: .readHoldingRegisters, address: 0, type: .s32, wordOrder: .lowFirst)
        #expect(source.decode([0xFFFE, 0xFFFF][...]) == -2)
        #expect(source.decode([0x0001, 0x0002][...]) == Double(0x0002_0001))
    }

    @Test("adjacent registers of one function code merge into one block of at most 125")
    func blockPlan() throws {
        var entries: [QuantityKey: RegisterEntry] = [
            QuantityKey(.energyImportWh): RegisterEntry(
                source: RegisterSource(function: .readInputRegisters, address: 0, type: .float32)
            ),
            QuantityKey(.powerW): RegisterEntry(
                source: RegisterSource(function: .readInputRegisters, address: 2, type: .float32)
            ),
            QuantityKey(.frequency): RegisterEntry(
                source: RegisterSource(function: .readInputRegisters, address: 124, type: .float32)
            ),
        ]
        let map = RegisterMap(name: "t", vendor: "t", document: "t", maxGap: 200, entries: entries)
        #expect(
            map.readPlan == [
                ReadBlock(function: .readInputRegisters, address: 0, count: 4),
                ReadBlock(function: .readInputRegisters, address: 124, count: 2),
            ]
        )
        entries[QuantityKey(.frequency)] = RegisterEntry(
            source: RegisterSource(function: .readHoldingRegisters, address: 4, type: .u16)
        )
        let mixed = RegisterMap(name: "t", vendor: "t", document: "t", maxGap: 0, entries: entries)
        #expect(mixed.readPlan.count == 2)
    }

    @Test("a scale exponent can come from another register")
    func exponentRegister() throws {
        let map = try RegisterMap.parse(
            yaml: """
                name: t
                vendor: t
                document: t
                defaults: {function: 3}
                quantities:
                  energyImportWh: {address: 0, type: u32}
                  powerW: {address: 2, type: s16, scale: {multiplier: 2, register: {address: 3}}}
                """,
            file: "t.yaml"
        )
        #expect(map.readPlan == [ReadBlock(function: .readHoldingRegisters, address: 0, count: 4)])
        let block = ReadBlock(function: .readHoldingRegisters, address: 0, count: 4)
        let values = try map.decode(RegisterSnapshot(blocks: [(block, [0, 7, UInt16(bitPattern: -150), 0xFFFE])]))
        #expect(values[QuantityKey(.energyImportWh)] == 7)
        #expect(isClose(values[QuantityKey(.powerW)], -3))
    }

    @Test("every shipped map loads and plans few requests, each within the model's request limit")
    func shippedMapsLoad() throws {
        let maps = try ShippedMaps.load()
        #expect(maps.count >= 6)
        for (file, map) in maps {
            #expect(!map.document.isEmpty, "\(file)")
            #expect(map.readPlan.count <= 3, "\(file): \(map.readPlan)")
            #expect(map.readPlan.count < map.gaplessReadPlan.count, "\(file): \(map.readPlan)")
            for block in map.readPlan + map.gaplessReadPlan {
                #expect(block.count <= map.maxRegisters, "\(file): \(block) exceeds \(map.maxRegisters)")
            }
        }
    }

    @Test("the shipped maps' block reads: requests per poll with and without gaps")
    func shippedMapPlans() throws {
        let plans = Dictionary(uniqueKeysWithValues: try ShippedMaps.load().map { ($0.file, $0.map) })
        let expected: [String: (blocks: [ReadBlock], gapless: Int)] = [
            "eastron-sdm630-v2.yaml": ([ReadBlock(function: .readInputRegisters, address: 0x0000, count: 76)], 3),
            "eastron-sdm72d-m.yaml": (
                [
                    ReadBlock(function: .readInputRegisters, address: 0x0000, count: 54),
                    ReadBlock(function: .readInputRegisters, address: 0x0046, count: 6),
                ], 3
            ),
            "eastron-sdm230.yaml": (
                [
                    ReadBlock(function: .readInputRegisters, address: 0x0000, count: 14),
                    ReadBlock(function: .readInputRegisters, address: 0x0046, count: 6),
                ], 4
            ),
            "abb-b23-b24.yaml": (
                [
                    ReadBlock(function: .readHoldingRegisters, address: 0x5000, count: 8),
                    ReadBlock(function: .readHoldingRegisters, address: 0x5B00, count: 45),
                ], 5
            ),
            "carlo-gavazzi-em340.yaml": (
                [
                    ReadBlock(function: .readInputRegisters, address: 0x0000, count: 42),
                    ReadBlock(function: .readInputRegisters, address: 0x0033, count: 3),
                    ReadBlock(function: .readInputRegisters, address: 0x004E, count: 2),
                ], 5
            ),
            "phoenix-contact-eem-ma370.yaml": (
                [
                    ReadBlock(function: .readHoldingRegisters, address: 0x8006, count: 18),
                    ReadBlock(function: .readHoldingRegisters, address: 0x8100, count: 8),
                ], 4
            ),
        ]
        #expect(Set(plans.keys) == Set(expected.keys))
        for (file, plan) in expected {
            let map = try #require(plans[file])
            #expect(map.readPlan == plan.blocks, "\(file)")
            #expect(map.gaplessReadPlan.count == plan.gapless, "\(file): \(map.gaplessReadPlan)")
        }
    }

    @Test("on a serial line only gaps cheaper than a request are read; on TCP every gap the meter allows")
    func worthwhileGap() {
        #expect(ModbusTransport.tcp(host: "h", port: 502).worthwhileGap() == RegisterMap.maxRegistersPerRequest)
        let line = { (baud: Int, parity: RTUSettings.Parity) in
            ModbusTransport.rtu(RTUSettings(device: "/dev/null", baud: baud, parity: parity))
        }
        // 8 + 5 characters and two t3.5 silences = 20 characters = 10 spanned registers, at any slow baud.
        #expect(line(9600, .none).worthwhileGap() == 10)
        #expect(line(2400, .even).worthwhileGap() == 10)
        // Above 19200 baud t3.5 is a fixed 1.75 ms, worth more characters: 6.5 + 1.75 ms / (2 × 86.8 µs).
        #expect(line(115_200, .none).worthwhileGap() == 26)
        // A device turnaround of 20 ms at 9600 baud adds 20 ms / (2 × 1.04 ms) = 9.6 registers.
        #expect(line(9600, .none).worthwhileGap(turnaround: .milliseconds(20)) == 19)
    }

    @Test("the shipped maps over RTU at 9600 baud: gaps limited to 10 registers")
    func shippedMapPlansAt9600() throws {
        let expected = [
            "eastron-sdm630-v2.yaml": 3, "eastron-sdm72d-m.yaml": 3, "eastron-sdm230.yaml": 2, "abb-b23-b24.yaml": 3,
            "carlo-gavazzi-em340.yaml": 3, "phoenix-contact-eem-ma370.yaml": 2,
        ]
        let gap = ModbusTransport.rtu(RTUSettings(device: "/dev/null", baud: 9600)).worthwhileGap()
        for (file, map) in try ShippedMaps.load() {
            let plan = map.readPlan(maxGap: min(map.maxGap, gap))
            #expect(plan.count == expected[file], "\(file): \(plan)")
            #expect(plan.count <= map.gaplessReadPlan.count, "\(file)")
        }
    }

    @Test("a block never exceeds the model's request limit; a gap beyond maxGap splits it")
    func requestLimit() {
        let entries: [QuantityKey: RegisterEntry] = [
            QuantityKey(.energyImportWh): RegisterEntry(
                source: RegisterSource(function: .readInputRegisters, address: 0, type: .float32)
            ),
            QuantityKey(.powerW): RegisterEntry(
                source: RegisterSource(function: .readInputRegisters, address: 20, type: .float32)
            ),
            QuantityKey(.frequency): RegisterEntry(
                source: RegisterSource(function: .readInputRegisters, address: 40, type: .float32)
            ),
        ]
        let wide = RegisterMap(name: "t", vendor: "t", document: "t", maxGap: 20, entries: entries)
        #expect(wide.readPlan == [ReadBlock(function: .readInputRegisters, address: 0, count: 42)])
        #expect(wide.gaplessReadPlan.count == 3)
        let limited = RegisterMap(name: "t", vendor: "t", document: "t", maxGap: 20, maxRegisters: 30, entries: entries)
        #expect(
            limited.readPlan == [
                ReadBlock(function: .readInputRegisters, address: 0, count: 22),
                ReadBlock(function: .readInputRegisters, address: 40, count: 2),
            ]
        )
        let narrow = RegisterMap(name: "t", vendor: "t", document: "t", maxGap: 17, entries: entries)
        #expect(narrow.readPlan.count == 3)
    }

    static let base = """
        name: m
        vendor: v
        document: d
        quantities:
          energyImportWh: {function: 4, address: 0, type: float32}
          powerW: {function: 4, address: 2, type: float32}

        """

    @Test(
        "a bad map names the file, the key and the problem",
        arguments: [
            (base.replacingOccurrences(of: "name: m\n", with: ""), "name", "is missing"),
            (
                base + "  voltage: {l1: {function: 5, address: 0, type: u16}}\n", "quantities.voltage.l1.function",
                "must be 3"
            ),
            (
                base + "  current: {l1: {function: 4, address: 0, type: u24}}\n", "quantities.current.l1.type",
                "unknown type"
            ),
            (
                base + "  frequency: {function: 4, address: 0, type: u32, count: 5}\n", "quantities.frequency.count",
                "1 to 4"
            ),
            (
                base + "  frequency: {function: 4, address: 0, type: u32, count: 1}\n", "quantities.frequency.count",
                "takes 2"
            ),
            (
                base + "  frequency: {function: 4, address: 65535, type: u32}\n", "quantities.frequency.address",
                "outside"
            ),
            (
                base + "  frequency: {function: 4, address: 0, type: u16, wordOrder: middle}\n",
                "quantities.frequency.wordOrder", "high-first"
            ),
            (
                base + "  frequency: {function: 4, address: 0, type: u16, scale: {multiplier: 0}}\n",
                "quantities.frequency.scale.multiplier", "other than 0"
            ),
            (
                base + "  reactivePower: {function: 4, address: 0, type: u16}\n", "quantities.reactivePower",
                "unknown quantity"
            ),
            (base + "  voltage: {l2: {function: 4, address: 0, type: u16}}\n", "quantities.voltage.l1", "is missing"),
            (base + "  frequency: {function: 4, adress: 0, type: u16}\n", "quantities.frequency.adress", "unknown key"),
            (
                base.replacingOccurrences(of: "  powerW: {function: 4, address: 2, type: float32}\n", with: ""),
                "quantities.powerW", "is missing"
            ),
            ("name: [unclosed", "", "not valid YAML"),
            ("maxRegisters: 126\n" + base, "maxRegisters", "between 4"),
            ("maxRegisters: 3\n" + base, "maxRegisters", "between 4"),
            ("maxGap: -1\n" + base, "maxGap", "between 0"),
        ]
    )
    func validation(yaml: String, key: String, problem: String) {
        #expect {
            _ = try RegisterMap.parse(yaml: yaml, file: "meters/bad.yaml")
        } throws: { error in
            guard let error = error as? RegisterMapError else { return false }
            return error.file == "meters/bad.yaml" && error.key == key && error.problem.contains(problem)
                && error.description.hasPrefix("meters/bad.yaml")
        }
    }
}
