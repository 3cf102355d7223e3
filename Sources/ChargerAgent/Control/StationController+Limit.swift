import ChargingStation
import OCPP

/// `limit`: an external charging limit set through the control socket (OCPP 2.0.1 K11-K13), as an energy
/// manager on the same machine would (`chargerctl limit set|clear|show`).
///
/// One limit per EVSE (0: the station) from this socket; it counts like any external limit (the composite
/// schedule, the pilot, NotifyChargingLimit / ClearedChargingLimit to the CSMS).
extension StationController {
    /// The origin a control-socket limit on `evse` has.
    static func controlOrigin(evse: Int) -> String { "control:evse\(evse)" }

    /// args {"action": "set", "evse": 1, "limit": 10, "unit": "A", "source": "EMS"},
    /// {"action": "clear", "evse": 1} (no evse: every control-socket limit), {"action": "show"}.
    func limit(_ args: JSONValue) async throws(ControlError) -> JSONValue {
        switch args["action"]?.stringValue ?? "show" {
        case "set":
            guard let evse = try Self.optionalInt(args, "evse") else {
                throw ControlError(.badArguments, "\"evse\" is missing (0: the whole station)")
            }
            guard let limit = args["limit"]?.numberValue else {
                throw ControlError(.badArguments, "\"limit\" must be a number")
            }
            let unitName = args["unit"]?.stringValue ?? "A"
            guard let unit = ChargingRateUnitEnumType(rawValue: unitName) else {
                throw ControlError(.badArguments, "\"unit\" must be A or W, not \(unitName)")
            }
            let sourceName = args["source"]?.stringValue ?? "EMS"
            guard let source = ChargingLimitSourceEnumType(rawValue: sourceName), source != .cso else {
                throw ControlError(.badArguments, "\"source\" must be EMS, Other or SO, not \(sourceName)")
            }
            let signal = ExternalLimitSignal(
                origin: Self.controlOrigin(evse: evse),
                source: source,
                evseId: evse,
                limit: limit,
                unit: unit
            )
            let outcome = await station.setExternalLimit(signal)
            if case .refused(let why) = outcome { throw ControlError(.badArguments, why) }
            return ["outcome": .string(outcome.description), "limits": await shownLimits()]
        case "clear":
            let origins: [String]
            if let evse = try Self.optionalInt(args, "evse") {
                origins = [Self.controlOrigin(evse: evse)]
            } else {
                origins = await station.externalLimitSignals.map(\.origin).filter { $0.hasPrefix("control:") }
            }
            var cleared = 0
            for origin in origins where await station.clearExternalLimit(origin: origin) == .cleared { cleared += 1 }
            return ["cleared": .number(Double(cleared)), "limits": await shownLimits()]
        case "show":
            return ["limits": await shownLimits()]
        case let other:
            throw ControlError(.badArguments, "\"action\" must be set, clear or show, not \(other)")
        }
    }

    /// Every external limit in force (from any origin), with the EVSEs' resulting charging limits.
    private func shownLimits() async -> JSONValue {
        .array(
            await station.externalLimitSignals.map { signal in
                [
                    "origin": .string(signal.origin), "source": .string(signal.source.rawValue),
                    "evse": .number(Double(signal.evseId)), "limit": .number(signal.limit),
                    "unit": .string(signal.unit.rawValue),
                ]
            }
        )
    }
}
