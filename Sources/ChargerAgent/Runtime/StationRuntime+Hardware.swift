import HAL
import HALSimulated

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension StationRuntime {
    /// The simulated parts of a board, with the hardware the station sees.
    struct BuiltHardware: Sendable {
        var hardware: StationHardware
        /// Present when any part is simulated: its `run()` makes time-driven changes visible.
        var simulation: SimulatedStation?
    }

    /// Builds the board's hardware. Only simulated parts are wired in this version; a real meter,
    /// contactor, LED or input is refused by its key rather than silently simulated.
    static func buildHardware(
        for config: BoardConfig,
        clock: any Clock<Duration>
    ) throws(StationRuntimeError) -> BuiltHardware {
        var simulated: [SimulatedEVSE.Configuration] = []
        for (index, evse) in config.evses.enumerated() {
            let key = "evses[\(index)]"
            if case .modbus = evse.meter { throw .notWiredYet(key: key + ".meter", part: "a Modbus meter") }
            if case .gpio = evse.contactor { throw .notWiredYet(key: key + ".contactor", part: "a GPIO contactor") }
            if case .gpio = evse.indicator { throw .notWiredYet(key: key + ".indicator", part: "a GPIO indicator") }
            // SimulatedStation numbers its EVSEs 1, 2, … in order; the board must agree.
            guard evse.id == index + 1 else {
                throw .notWiredYet(key: key + ".id", part: "an EVSE id out of sequence (\(evse.id))")
            }
            simulated.append(
                SimulatedEVSE.Configuration(phases: evse.phases, hasIndicator: evse.indicator != nil)
            )
        }
        if case .gpio = config.emergencyStop {
            throw .notWiredYet(key: "emergencyStop", part: "a GPIO emergency-stop input")
        }
        var inputs: [String: any DigitalInput] = [:]
        for (role, input) in config.inputs.sorted(by: { $0.key < $1.key }) {
            guard input == .simulated else { throw .notWiredYet(key: "inputs.\(role)", part: "a GPIO input") }
            inputs[role] = SimulatedDigitalInput(level: false)
        }
        let simulation = SimulatedStation(evses: simulated, clock: clock, now: { Date() })
        let hardware = StationHardware(
            evses: simulation.hardware.evses,
            tokenReader: config.tokenReader == .simulated ? simulation.tokenReader : nil,
            emergencyStop: config.emergencyStop == nil ? nil : simulation.emergencyStop,
            inputs: inputs
        )
        return BuiltHardware(hardware: hardware, simulation: simulation)
    }
}
