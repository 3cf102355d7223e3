import HAL
import Logging

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An energy meter on a Modbus bus, read through its register map.
///
/// One poll reads the map's blocks (`RegisterMap.readPlan`) and decodes every quantity. A value the
/// station must not bill on is reported, never passed on: an energy register lower than the last
/// accepted one, a power above the configured rating, or a register that is not a number.
///
/// When a block that spans registers the map does not use is refused with "illegal data address"
/// (a meter, firmware or gateway stricter than its document), the meter switches for good to the
/// gapless plan (`RegisterMap.gaplessReadPlan`) and reads again at once: a wrong `maxGap` costs
/// requests, never the meter.
public actor ModbusEnergyMeter: EnergyMeter {
    public nonisolated let unit: UInt8
    public nonisolated let map: RegisterMap
    public nonisolated let bus: ModbusBus
    /// The largest plausible |active power| in W (the EVSE's rating plus a margin); nil: no check.
    public nonisolated let maxPowerW: Double?
    /// The requests one poll costs (while the meter answers spanning reads): the map's blocks, with
    /// gaps limited to those worth reading on this bus (`ModbusTransport.worthwhileGap(turnaround:)`).
    public nonisolated let readPlan: [ReadBlock]
    /// The requests after the meter refused a spanning read.
    public nonisolated let gaplessReadPlan: [ReadBlock]
    private let now: @Sendable () -> Date
    private let logger: Logger
    private var refusedGaps = false
    private var plausibility: MeterPlausibility

    public init(
        unit: UInt8,
        map: RegisterMap,
        bus: ModbusBus,
        maxPowerW: Double? = nil,
        now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "charger-agent.modbus.meter")
    ) {
        self.unit = unit
        self.map = map
        self.bus = bus
        self.maxPowerW = maxPowerW
        self.plausibility = MeterPlausibility(maxPowerW: maxPowerW)
        self.readPlan = map.readPlan(
            maxGap: min(map.maxGap, bus.transport.worthwhileGap(turnaround: bus.options.turnaround))
        )
        self.gaplessReadPlan = map.gaplessReadPlan
        self.now = now
        self.logger = logger
    }

    /// The plan the next poll uses: `readPlan`, or `gaplessReadPlan` once the meter refused a gap.
    public var currentReadPlan: [ReadBlock] { refusedGaps ? gaplessReadPlan : readPlan }

    public func read() async throws(MeterError) -> MeterReading {
        let blocks: [(block: ReadBlock, registers: [UInt16])]
        do {
            blocks = try await readBlocks(currentReadPlan)
        } catch let failure {
            guard !refusedGaps, readPlan != gaplessReadPlan, case .exception(let exception) = failure.error,
                exception.code == 2
            else {
                throw Self.meterError(failure.error, block: failure.block)
            }
            refusedGaps = true
            logger.warning(
                "Meter refused a block read spanning unused registers; reading without gaps from now on",
                metadata: [
                    "meter": "\(map.name)", "unit": "\(unit)", "bus": "\(bus.transport)", "block": "\(failure.block)",
                    "requests": "\(readPlan.count) -> \(gaplessReadPlan.count)",
                ]
            )
            do {
                blocks = try await readBlocks(gaplessReadPlan)
            } catch let failure {
                throw Self.meterError(failure.error, block: failure.block)
            }
        }
        let values: [QuantityKey: Double]
        do {
            values = try map.decode(RegisterSnapshot(blocks: blocks))
        } catch {
            throw .invalidData(reason: "\(map.name): \(error)")
        }
        let reading = MeterReading(
            energyImport: values[QuantityKey(.energyImportWh)] ?? 0,
            energyExport: values[QuantityKey(.energyExportWh)] ?? 0,
            activePower: values[QuantityKey(.powerW)] ?? 0,
            voltage: Self.phases(.voltage, values),
            current: Self.phases(.current, values),
            frequency: values[QuantityKey(.frequency)],
            timestamp: now()
        )
        try plausibility.accept(reading)
        return reading
    }

    /// A request of a poll that failed, and which one.
    struct BlockFailure: Error {
        var error: ModbusError
        var block: ReadBlock
    }

    private func readBlocks(
        _ plan: [ReadBlock]
    ) async throws(BlockFailure) -> [(block: ReadBlock, registers: [UInt16])] {
        var blocks: [(block: ReadBlock, registers: [UInt16])] = []
        for block in plan {
            do {
                let registers = try await bus.readRegisters(
                    unit: unit,
                    function: block.function,
                    address: block.address,
                    count: block.count
                )
                blocks.append((block, registers))
            } catch {
                throw BlockFailure(error: error, block: block)
            }
        }
        return blocks
    }

    private static func phases(_ quantity: Quantity, _ values: [QuantityKey: Double]) -> PhaseValues {
        PhaseValues(
            l1: values[QuantityKey(quantity, .l1)],
            l2: values[QuantityKey(quantity, .l2)],
            l3: values[QuantityKey(quantity, .l3)]
        )
    }

    /// The HAL error for a bus error: the station sees why, in the meter's terms.
    static func meterError(_ error: ModbusError, block: ReadBlock) -> MeterError {
        switch error {
        case .timeout:
            return .timeout
        case .exception(let exception):
            // Codes 1-3 mean the map asks for something this device does not have: the data is unusable.
            // The others say the device (or a gateway) cannot answer now: a communication problem.
            if (1...3).contains(exception.code) {
                return .invalidData(reason: "\(exception) reading \(block)")
            }
            return .communicationFailure(reason: "\(exception) reading \(block)")
        case .invalidResponse(let reason):
            return .invalidData(reason: reason)
        case .connectionFailed(let reason):
            return .communicationFailure(reason: reason)
        }
    }
}
