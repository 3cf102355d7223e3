import Foundation
import HALModbus

/// The values every shipped map is tested with, exact in every map's resolution.
enum ExpectedValues {
    static let values: [QuantityKey: Double] = [
        QuantityKey(.energyImportWh): 1_234_500,
        QuantityKey(.energyExportWh): 4500,
        QuantityKey(.powerW): 11_040.5,
        QuantityKey(.voltage, .l1): 230.1,
        QuantityKey(.voltage, .l2): 231.2,
        QuantityKey(.voltage, .l3): 229.8,
        QuantityKey(.current, .l1): 16.02,
        QuantityKey(.current, .l2): 15.98,
        QuantityKey(.current, .l3): 16.5,
        QuantityKey(.frequency): 49.9,
    ]
}

/// Builds the register image a meter would hold for given values: the inverse of the map's decoding.
struct RegisterImage {
    var holding: [Int: UInt16] = [:]
    var input: [Int: UInt16] = [:]

    init(map: RegisterMap, values: [QuantityKey: Double]) {
        for (key, entry) in map.entries {
            guard let value = values[key] else { continue }
            var factor = entry.scale.multiplier
            var exponent = entry.scale.exponent
            if let register = entry.scale.exponentRegister {
                // Put a scale factor of -1 into the exponent register, so it is exercised.
                place(register, register.encode(-1))
                exponent -= 1
            }
            factor *= pow(10, Double(exponent))
            let raw =
                entry.source.type == .float32 || entry.source.type == .float64
                ? value / factor : (value / factor).rounded()
            place(entry.source, entry.source.encode(raw))
        }
    }

    mutating func place(_ source: RegisterSource, _ words: [UInt16]) {
        for (offset, word) in words.enumerated() {
            switch source.function {
            case .readHoldingRegisters: holding[Int(source.address) + offset] = word
            case .readInputRegisters: input[Int(source.address) + offset] = word
            }
        }
    }

    /// The JSON object `Tests/Peers/modbus_server.py` serves for one unit; a `strict` unit refuses
    /// reads that touch registers outside the image (exception 2), like meters that refuse gaps.
    func json(unit: Int, strict: Bool = false) -> String {
        func table(_ registers: [Int: UInt16]) -> String {
            registers.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ")
        }
        return "{\"unit\": \(unit), \"strict\": \(strict), \"holding\": {\(table(holding))}, "
            + "\"input\": {\(table(input))}}"
    }
}

enum ShippedMaps {
    /// Every register map under `BoardConfigs/meters`, by file name.
    static func load() throws -> [(file: String, map: RegisterMap)] {
        let files = try FileManager.default.contentsOfDirectory(atPath: TestEnvironment.metersDirectory.path)
            .filter { $0.hasSuffix(".yaml") }.sorted()
        return try files.map { file in
            (file, try RegisterMap.load(path: TestEnvironment.metersDirectory.appendingPathComponent(file).path))
        }
    }
}

/// Whether `actual` is `expected` within a float32's precision.
func isClose(_ actual: Double?, _ expected: Double) -> Bool {
    guard let actual else { return false }
    return abs(actual - expected) <= max(abs(expected) * 1e-6, 1e-9)
}
