import HAL
import HALGPIO
import HALInput
import HALLinux
import HALModbus
import HALNFC
import HALSimulated
import LocalFiles
import Logging
import ServiceLifecycle

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension StationRuntime {
    /// The board's hardware as the station sees it, with what must run beside the station.
    struct BuiltHardware: Sendable {
        var hardware: StationHardware
        /// The simulated parts (the EV boards unless a pilot HAT replaces them); its `run()` makes time-driven
        /// changes visible. Real parts replace the simulated ones in `hardware`.
        var simulation: SimulatedStation?
        /// One bus per distinct `buses` entry that a meter uses, by bus name.
        var buses: [String: ModbusBus]
        /// GPIO inputs whose `run()` must run for them to follow their lines.
        var gpioInputs: [GPIODigitalInput]
        /// The real contactors, opened when the daemon stops (`ContactorSafetyService`).
        var gpioContactors: [GPIOContactor] = []
        /// Pilot HATs whose `run()` must run for them to follow their pilots (`PilotHATService`).
        var pilotBoards: [PilotHATBoard] = []
        /// Modbus charge controllers, whose `run()` polls them (`ControllerPollService`).
        var controllers: [ModbusChargeController] = []
        /// The real card reader, whose `run()` reads it (`TokenReaderService`).
        var tokenReader: (any RunningTokenReader)?
    }

    /// How the hardware builder reaches the machine; tests replace the GPIO chips with fakes.
    struct HardwareEnvironment: Sendable {
        /// Opens each gpiochip once.
        var gpio: GPIOChips
        /// What is wrong with a serial device path, or nil when it can be opened for reading and
        /// writing (a missing USB adapter or a missing `dialout` membership is named at start).
        var serialDeviceProblem: @Sendable (String) -> String?

        static var system: HardwareEnvironment {
            HardwareEnvironment(
                gpio: GPIOChips(open: LibgpiodV1Chip.opener),
                serialDeviceProblem: { path in
                    guard LocalFiles.exists(path) else {
                        return "serial device \(path) not found (is the RS-485 adapter plugged in?)"
                    }
                    guard access(path, R_OK | W_OK) == 0 else {
                        return
                            "serial device \(path) cannot be opened by this user (the service user needs the dialout group)"
                    }
                    return nil
                }
            )
        }
    }

    /// The board's hardware as the station would see it, built once and not run: what `chargerctl diag
    /// --config` checks with the daemon stopped (the `BoardDiagnostics` target).
    public static func openHardware(for config: BoardConfig) throws(StationRuntimeError) -> StationHardware {
        try buildHardware(for: config, clock: ContinuousClock()).hardware
    }

    /// Builds the board's hardware: real Modbus meters and GPIO contactors, indicators and inputs where
    /// the board names them, simulated parts everywhere else (a mixed board works).
    ///
    /// Several meters on one bus share one `ModbusBus`, so their requests are serialized. A missing
    /// serial device, gpiochip or line is an error naming the board key and the device. A simulated meter
    /// starts at its register in `initialRegisters` (by EVSE id; what the last run saved, `MeterRegisterFile`).
    static func buildHardware(
        for config: BoardConfig,
        clock: any Clock<Duration>,
        environment: HardwareEnvironment = .system,
        initialRegisters: [Int: Double] = [:]
    ) throws(StationRuntimeError) -> BuiltHardware {
        var simulated: [SimulatedEVSE.Configuration] = []
        for (index, evse) in config.evses.enumerated() {
            // SimulatedStation numbers its EVSEs 1, 2, … in order; the board must agree.
            guard evse.id == index + 1 else {
                throw .notWiredYet(key: "evses[\(index)].id", part: "an EVSE id out of sequence (\(evse.id))")
            }
            // A simulated DC EVSE (a DC connector, board, meter and contactor simulated) gets a simulated
            // converter, limited by the station's power setpoint; its meter shows DC at the rating's voltage.
            let description = evse.evseDescription
            let dc = description.isDC && evse.evBoard == .simulated && evse.meter == .simulated
            simulated.append(
                SimulatedEVSE.Configuration(
                    phases: evse.phases,
                    initialEnergy: initialRegisters[evse.id] ?? 0,
                    hasLock: evse.lock == .simulated,
                    hasIndicator: evse.indicator != nil,
                    dcRatedPower: dc ? description.maxPower : nil,
                    dcVoltage: description.dcVoltage ?? 400
                )
            )
        }
        let simulation = SimulatedStation(evses: simulated, clock: clock, now: { Date() })
        var buses: [String: ModbusBus] = [:]
        var gpioInputs: [GPIODigitalInput] = []
        var gpioContactors: [GPIOContactor] = []
        var pilotBoards: [PilotHATBoard] = []
        var controllers: [ModbusChargeController] = []
        var evses: [EVSEHardware] = []

        for (index, evse) in config.evses.enumerated() {
            let key = "evses[\(index)]"
            var hardware = simulation.evses[index].hardware
            if case .modbus(let meter) = evse.meter {
                let bus = try Self.bus(named: meter.bus, in: config, buses: &buses, environment: environment)
                guard let unit = UInt8(exactly: meter.unitId) else {
                    throw .hardware(key: key + ".meter.unitId", problem: "\(meter.unitId) is not a Modbus unit id")
                }
                hardware.meter = ModbusEnergyMeter(
                    unit: unit,
                    map: meter.registerMap,
                    bus: bus,
                    maxPowerW: meter.maxPowerW
                )
            }
            if case .modbusController(let board) = evse.evBoard {
                let bus = try Self.bus(named: board.bus, in: config, buses: &buses, environment: environment)
                guard let unit = UInt8(exactly: board.unit) else {
                    throw .hardware(key: key + ".evBoard.unit", problem: "\(board.unit) is not a Modbus unit id")
                }
                let controller = ModbusChargeController(
                    unit: unit,
                    map: board.map,
                    bus: bus,
                    pollInterval: board.pollInterval,
                    clock: clock,
                    logger: Logger(label: "charge-controller")
                )
                controllers.append(controller)
                hardware.board = controller
            }
            if case .gpio(let output, let feedback, let settleTime) = evse.contactor {
                let contactor = try gpio(key + ".contactor") { () throws(GPIOError) in
                    try GPIOContactor(
                        coil: try environment.gpio.line(output),
                        feedback: try feedback.map { address throws(GPIOError) in try environment.gpio.line(address) },
                        settleTime: settleTime,
                        clock: clock
                    )
                }
                gpioContactors.append(contactor)
                hardware.contactor = contactor
            }
            if case .pilotHAT(let hat) = evse.evBoard {
                let board = try pilotHATBoard(hat, key: key + ".evBoard", clock: clock, environment: environment)
                pilotBoards.append(board)
                hardware.board = board
            }
            if case .gpio(let lines) = evse.indicator {
                hardware.indicator = try gpio(key + ".indicator") { () throws(GPIOError) in
                    var colors: [IndicatorColor: GPIOLine] = [:]
                    for colorLine in lines {
                        guard let color = IndicatorColor(rawValue: colorLine.color) else { continue }
                        colors[color] = try environment.gpio.line(colorLine.line)
                    }
                    return try GPIOIndicator(lines: colors, clock: clock)
                }
            }
            if case .gpio(let lock) = evse.lock {
                hardware.lock = try gpio(key + ".lock") { () throws(GPIOError) in
                    try lock.build(gpio: environment.gpio, clock: clock)
                }
            }
            evses.append(hardware)
        }

        var emergencyStop: (any DigitalInput)?
        switch config.emergencyStop {
        case nil:
            emergencyStop = nil
        case .simulated:
            emergencyStop = simulation.emergencyStop
        case .gpio(let line, let debounce):
            let input = try gpio("emergencyStop") { () throws(GPIOError) in
                try GPIODigitalInput(line: try environment.gpio.line(line), debounce: debounce, clock: clock)
            }
            gpioInputs.append(input)
            emergencyStop = input
        }
        var inputs: [String: any DigitalInput] = [:]
        for (role, input) in config.inputs.sorted(by: { $0.key < $1.key }) {
            switch input {
            case .simulated:
                inputs[role] = SimulatedDigitalInput(level: false)
            case .gpio(let line, let debounce):
                let real = try gpio("inputs.\(role)") { () throws(GPIOError) in
                    try GPIODigitalInput(line: try environment.gpio.line(line), debounce: debounce, clock: clock)
                }
                gpioInputs.append(real)
                inputs[role] = real
            }
        }
        // A real reader's device is not looked for here: a USB reader may appear after boot, and a missing
        // one is logged and looked for again while the station runs.
        let realReader: (any RunningTokenReader)? =
            switch config.tokenReader {
            case .hid(let settings):
                HIDTokenReader(settings: settings, clock: clock, logger: Logger(label: "token-reader"))
            case .nfc(let settings):
                NFCTokenReader(settings: settings, clock: clock, logger: Logger(label: "token-reader"))
            case .none, .simulated: nil
            }
        // External limits read from Modbus share the bus of the meters on it (ExternalLimitService reads them).
        for limit in config.externalLimits {
            if case .modbus(let register) = limit.signal {
                _ = try Self.bus(named: register.bus, in: config, buses: &buses, environment: environment)
            }
        }
        let hardware = StationHardware(
            evses: evses,
            tokenReader: realReader ?? (config.tokenReader == .simulated ? simulation.tokenReader : nil),
            emergencyStop: emergencyStop,
            inputs: inputs
        )
        return BuiltHardware(
            hardware: hardware,
            simulation: simulation,
            buses: buses,
            gpioInputs: gpioInputs,
            gpioContactors: gpioContactors,
            pilotBoards: pilotBoards,
            controllers: controllers,
            tokenReader: realReader
        )
    }

    /// The shared bus `name`, created on first use; a serial bus must have its device present.
    private static func bus(
        named name: String,
        in config: BoardConfig,
        buses: inout [String: ModbusBus],
        environment: HardwareEnvironment
    ) throws(StationRuntimeError) -> ModbusBus {
        if let bus = buses[name] { return bus }
        guard let transport = config.buses[name] else {
            throw .hardware(key: "buses.\(name)", problem: "no such bus in the board file")
        }
        if case .rtu(let settings) = transport, let problem = environment.serialDeviceProblem(settings.device) {
            throw .hardware(key: "buses.\(name)", problem: problem)
        }
        var logger = Logger(label: "modbus")
        logger[metadataKey: "bus"] = .string(name)
        let bus = ModbusBus(transport: transport, logger: logger)
        buses[name] = bus
        return bus
    }

    /// Runs `build`, turning a GPIO error into one that names the board key and the chip or line.
    private static func gpio<Part>(
        _ key: String,
        _ build: () throws(GPIOError) -> Part
    ) throws(StationRuntimeError) -> Part {
        do {
            return try build()
        } catch {
            throw .hardware(key: key, problem: error.description)
        }
    }
}

/// The board's GPIO inputs (emergency stop, door, …) following their lines; cancellation is the normal end.
struct GPIOInputService: Service, CustomStringConvertible {
    let inputs: [GPIODigitalInput]

    func run() async throws {
        let inputs = inputs
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                for input in inputs {
                    group.addTask { await input.run() }
                }
            }
        }
    }

    var description: String { "GPIOInputService" }
}

/// Opens the real contactors when the daemon stops, after the station and the link have stopped.
///
/// A stopped daemon neither meters nor watches the session, so the outlet must not stay live: the
/// GPIO line would otherwise keep its last level after the process exits. The transaction itself stays
/// in the store, and the next start ends or resumes it as the station's recovery decides. Listed first
/// among the services, so the service group shuts it down last.
struct ContactorSafetyService: Service, CustomStringConvertible {
    let contactors: [GPIOContactor]
    let logger: Logger

    func run() async throws {
        // Returns at the graceful shutdown, throws on cancellation: make the outlets safe either way.
        try? await gracefulShutdown()
        await Self.openAll(contactors, logger: logger)
    }

    static func openAll(_ contactors: [GPIOContactor], logger: Logger) async {
        for (index, contactor) in contactors.enumerated() {
            do {
                try await contactor.set(.open)
            } catch {
                logger.critical(
                    "contactor did not open at shutdown",
                    metadata: ["contactor": "\(index)", "error": "\(error)"]
                )
            }
        }
    }

    var description: String { "ContactorSafetyService" }
}
