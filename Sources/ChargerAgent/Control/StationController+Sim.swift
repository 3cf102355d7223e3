import ChargingStation
import HAL
import HALSimulated
import OCPP

/// `sim`: drives the simulated EV and injects faults into simulated parts (`chargerctl sim`).
extension StationController {
    /// The fault kinds `sim fault` accepts.
    public static let faultKinds = [
        "meter-timeout", "meter-garbage", "meter-comm-failure", "meter-implausible", "contactor-welded",
        "contactor-stuck-open", "contactor-stuck-closed",
        "contactor-feedback-lost", "contactor-drive-failure", "ev-error", "pilot-fault", "board-comm-failure",
        "emergency-stop", "indicator-failure", "tamper",
    ]

    /// Drives the simulated EV and injects faults: args {"action": plug|unplug|token|fault|clear, "evse": N, …}.
    public func sim(_ args: JSONValue) async throws(ControlError) -> JSONValue {
        guard let simulation else {
            throw ControlError(
                .notSimulated,
                "this station has no simulated parts; sim commands need a simulated board"
            )
        }
        guard let action = args["action"]?.stringValue else {
            throw ControlError(.badArguments, "sim needs \"action\": plug, unplug, token, fault or clear")
        }
        if action == "token" {
            guard let id = args["id"]?.stringValue, !id.isEmpty, id.count <= 36 else {
                throw ControlError(.badArguments, "sim token needs \"id\" (1-36 characters)")
            }
            guard hardware.tokenReader is SimulatedTokenReader else {
                throw ControlError(.notSimulated, "this board has no simulated token reader")
            }
            simulation.tokenReader.present(id: id)
            return ["action": "token", "id": .string(id)]
        }
        guard let evseId = try Self.optionalInt(args, "evse") else {
            throw ControlError(.badArguments, "sim \(action) needs \"evse\"")
        }
        guard let evse = simulation.evses.first(where: { $0.id == evseId }) else {
            throw ControlError(.badArguments, "no simulated EVSE \(evseId)")
        }
        switch action {
        case "plug":
            var profile = EVProfile()
            if let kw = args["maxPowerKW"], kw != .null {
                guard let kw = kw.numberValue, kw > 0, kw <= 1000 else {
                    throw ControlError(.badArguments, "\"maxPowerKW\" must be a number in (0, 1000]")
                }
                profile.maxPower = kw * 1000
            }
            if let phases = try Self.optionalInt(args, "phases") {
                guard (1...3).contains(phases) else {
                    throw ControlError(.badArguments, "\"phases\" must be 1, 2 or 3")
                }
                profile.phases = phases
            }
            if evse.ev.isPluggedIn {
                throw ControlError(.refused, "EVSE \(evseId) already has a vehicle plugged in")
            }
            evse.ev.plugIn(profile)
            return ["action": "plug", "evse": .optional(evseId), "maxPowerKW": .number(profile.maxPower / 1000)]
        case "unplug":
            evse.ev.unplug()
            return ["action": "unplug", "evse": .optional(evseId)]
        case "fault":
            guard let kind = args["kind"]?.stringValue else {
                throw ControlError(
                    .badArguments,
                    "sim fault needs \"kind\": \(Self.faultKinds.joined(separator: ", "))"
                )
            }
            try inject(kind, evse: evse, simulation: simulation)
            return ["action": "fault", "evse": .optional(evseId), "kind": .string(kind)]
        case "clear":
            if let tamper = try? simulatedTamperInput() { tamper.set(false) }
            if hardware.emergencyStop.map({ $0 as AnyObject === simulation.emergencyStop }) ?? false {
                simulation.emergencyStop.set(false)
            }
            evse.meter.clearFault()
            evse.contactor.clearFault()
            evse.board.clearFault()
            evse.ev.clearError()
            evse.indicator?.injectFailure(nil)
            return ["action": "clear", "evse": .optional(evseId)]
        default:
            throw ControlError(.badArguments, "unknown sim action '\(action)'; use plug, unplug, token, fault or clear")
        }
    }

    private func inject(_ kind: String, evse: SimulatedEVSE, simulation: SimulatedStation) throws(ControlError) {
        let parts = simulatedParts(evse.id)
        if kind.hasPrefix("meter-"), parts.meter == nil {
            throw ControlError(
                .notSimulated,
                "EVSE \(evse.id) has a real meter; faults can only be injected into simulated parts"
            )
        }
        if kind.hasPrefix("contactor-"), parts.contactor == nil {
            throw ControlError(
                .notSimulated,
                "EVSE \(evse.id) has a real contactor; faults can only be injected into simulated parts"
            )
        }
        if kind == "emergency-stop",
            !(hardware.emergencyStop.map { $0 as AnyObject === simulation.emergencyStop } ?? false)
        {
            throw ControlError(.notSimulated, "this board's emergency stop is not simulated")
        }
        if kind == "tamper" {
            try simulatedTamperInput().set(true)
            return
        }
        if kind == "indicator-failure", parts.indicator == nil {
            throw ControlError(.notSimulated, "EVSE \(evse.id) has no simulated indicator")
        }
        switch kind {
        case "meter-timeout": evse.meter.injectFault(.timeout)
        case "meter-garbage", "meter-exception": evse.meter.injectFault(.garbage)
        case "meter-comm-failure": evse.meter.injectFault(.communicationFailure)
        case "meter-implausible": evse.meter.injectFault(.implausible)
        case "contactor-welded": evse.contactor.injectFault(.welded)
        case "contactor-stuck-open": evse.contactor.injectFault(.stuckOpen)
        case "contactor-stuck-closed": evse.contactor.injectFault(.stuckClosed)
        case "contactor-feedback-lost": evse.contactor.injectFault(.feedbackLost)
        case "contactor-drive-failure": evse.contactor.injectFault(.driveFailure)
        case "ev-error": evse.ev.fail()
        case "pilot-fault": evse.board.injectFault(.pilotFault)
        case "board-comm-failure": evse.board.injectFault(.communicationFailure)
        case "emergency-stop": simulation.emergencyStop.set(true)
        case "indicator-failure":
            guard let indicator = evse.indicator else {
                throw ControlError(.badArguments, "EVSE \(evse.id) has no indicator")
            }
            indicator.injectFailure("simulated: LED driver failed")
        default:
            throw ControlError(
                .badArguments,
                "unknown fault kind '\(kind)'; use \(Self.faultKinds.joined(separator: ", "))"
            )
        }
    }

    /// The simulated parts of EVSE `id` that the station really uses (a mixed board has real ones too).
    struct SimulatedParts {
        var meter: SimulatedMeter?
        var contactor: SimulatedContactor?
        var indicator: SimulatedIndicator?
    }

    func simulatedParts(_ id: Int) -> SimulatedParts {
        guard let evse = simulation?.evses.first(where: { $0.id == id }), let used = hardware.evse(id) else {
            return SimulatedParts()
        }
        return SimulatedParts(
            meter: (used.meter as? SimulatedMeter).flatMap { $0 === evse.meter ? $0 : nil },
            contactor: (used.contactor as? SimulatedContactor).flatMap { $0 === evse.contactor ? $0 : nil },
            indicator: (used.indicator as? SimulatedIndicator).flatMap { $0 === evse.indicator ? $0 : nil }
        )
    }
}
