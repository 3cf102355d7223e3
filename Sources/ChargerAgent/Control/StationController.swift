import ChargingStation
import HAL
import HALSimulated
import OCPP
import Synchronization

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Answers the control socket's commands for one station: `status`, `meter`, `selftest`, `sim`, `diag`.
///
/// It reads the station's own view (`ChargingStation.statusSnapshot()`) and the hardware directly
/// (contactor feedback, meters, LEDs, inputs); `sim` drives the simulated parts when there are any.
/// `chargerd` builds one; `charger-sim` builds one per station and puts them all behind one socket.
public struct StationController: StationControlling {
    public let station: ChargingStation
    public let hardware: StationHardware
    /// The simulated parts, if any: `sim` works only with them.
    public let simulation: SimulatedStation?
    /// Where the board file came from (for `status` and the support bundle).
    public let configFile: String?
    /// The station store's SQLite file (for the support bundle's store summary).
    public let storePath: String?
    /// Runs the daemon-side diagnostics (`diag`); nil answers `diag` with an error.
    public let diagnose: (@Sendable () async -> DiagnosticReport)?
    /// How long each LED colour shows during a self-test.
    public let selftestStep: Duration
    /// The last self-test's failures, which `diag` reports.
    public let selftestLog: SelftestLog

    public init(
        station: ChargingStation,
        hardware: StationHardware,
        simulation: SimulatedStation? = nil,
        configFile: String? = nil,
        storePath: String? = nil,
        selftestStep: Duration = .milliseconds(250),
        selftestLog: SelftestLog = SelftestLog(),
        diagnose: (@Sendable () async -> DiagnosticReport)? = nil
    ) {
        self.station = station
        self.hardware = hardware
        self.simulation = simulation
        self.configFile = configFile
        self.storePath = storePath
        self.selftestStep = selftestStep
        self.selftestLog = selftestLog
        self.diagnose = diagnose
    }

    public func handle(command: String, args: JSONValue) async throws(ControlError) -> JSONValue {
        switch command {
        case "status": return await status()
        case "meter": return try await meter(evse: try Self.optionalInt(args, "evse"))
        case "selftest": return try await selftest(evse: try Self.optionalInt(args, "evse"))
        case "sim": return try await sim(args)
        case "security-log": return try await securityLog(args)
        case "limit": return try await limit(args)
        case "diag":
            guard let diagnose else { throw ControlError(.unknownCommand, "diag is not available for this station") }
            return await diagnose().jsonValue
        default:
            throw ControlError(
                .unknownCommand,
                "unknown command '\(command)'; use status, diag, selftest, meter, sim, security-log, limit or stations"
            )
        }
    }

    // MARK: status

    /// The stable `status` object (see the contracts: station, evses, inputs).
    public func status() async -> JSONValue {
        let snapshot = await station.statusSnapshot()
        var evses: [JSONValue] = []
        for evse in snapshot.evses {
            let parts = hardware.evse(evse.id)
            let simulated = simulatedParts(evse.id)
            let feedback: String
            if let contactor = parts?.contactor {
                do {
                    feedback = try await contactor.feedback().rawValue
                } catch {
                    feedback = "unavailable"
                }
            } else {
                feedback = "unavailable"
            }
            let commanded =
                simulated.contactor?.commandedState.rawValue ?? (evse.contactorClosed ? "closed" : "open")
            let indicator: String =
                if let light = parts?.indicator {
                    light.shown?.description ?? "unknown"
                } else {
                    "none"
                }
            evses.append(
                [
                    "id": .optional(evse.id),
                    "connectorStatus": .string(evse.connectorStatus.rawValue),
                    "transactionId": .optional(evse.transactionId),
                    "energyWh": .number(((evse.sessionEnergyWh ?? 0) * 10).rounded() / 10),
                    "meterWh": .optional(evse.meterEnergyWh.map { ($0 * 10).rounded() / 10 }),
                    "powerW": .number(((evse.powerW ?? 0) * 10).rounded() / 10),
                    "runningCost": .optional(evse.runningCost),
                    "offeredCurrentA": .optional(evse.offeredCurrentA),
                    "chargingLimit": evse.chargingLimit.map { limit -> JSONValue in
                        ["value": .number(limit), "unit": .optional(evse.chargingLimitUnit)]
                    } ?? .null,
                    "powerSetpointW": .optional(evse.powerSetpointW),
                    "pluggedIn": .bool(evse.pluggedIn),
                    "pilotState": .optional(evse.pilotState?.rawValue),
                    "cable": Self.cable(evse.cable),
                    "contactor": ["commanded": .string(commanded), "feedback": .string(feedback)],
                    "indicator": .string(indicator),
                    "meterHealth": .string(Self.meterHealth(evse)),
                    "faults": .array(evse.faults.map { .string($0) }),
                    "lastError": .optional(evse.faults.last),
                ]
            )
        }
        var inputs = JSONObject()
        if let emergencyStop = hardware.emergencyStop {
            inputs["emergencyStop"] = await Self.level(emergencyStop)
        }
        for (role, input) in hardware.inputs {
            inputs[role] = await Self.level(input)
        }
        let identity = await station.identity
        return [
            "station": [
                "id": .string(identity.stationId),
                "registration": .string(snapshot.registration),
                "link": .string(snapshot.linkUp ? "connected" : "disconnected"),
                "emergencyStop": .bool(snapshot.emergencyStop),
                "model": .string(identity.model),
                "vendor": .string(identity.vendorName),
                "firmwareVersion": .optional(identity.firmwareVersion),
                "config": .optional(configFile),
                "store": .optional(storePath),
                "simulated": .bool(simulation != nil),
                "lastToken": snapshot.lastToken.map { token -> JSONValue in
                    [
                        "type": .string(token.type.rawValue), "id": .string(token.maskedId),
                        "at": .string(RFC3339.string(from: token.at, fraction: .none)),
                    ]
                } ?? .null,
            ],
            "evses": .array(evses),
            "inputs": .object(inputs),
        ]
    }

    private static func meterHealth(_ evse: StationStatusSnapshot.EVSE) -> String {
        if evse.faults.contains("meter-failure") { return "failed" }
        guard let at = evse.lastMeterReadingAt else { return "unknown" }
        return Date().timeIntervalSince(at) > 10 ? "stale" : "ok"
    }

    /// The cable as `status` reports it: {"kind": "tethered"|"rated"|"unusable", "amps"?, "reason"?}, or null.
    private static func cable(_ cable: StationStatusSnapshot.CableRating?) -> JSONValue {
        switch cable {
        case nil: .null
        case .tethered?: ["kind": "tethered"]
        case .rated(let amps)?: ["kind": "rated", "amps": .number(amps)]
        case .unusable(let reason)?: ["kind": "unusable", "reason": .string(reason)]
        }
    }

    private static func level(_ input: any DigitalInput) async -> JSONValue {
        do {
            return .bool(try await input.level())
        } catch {
            return .string("error: \(error)")
        }
    }

    // MARK: meter

    /// Reads the meters now (not the station's last poll), so `meter read` shows what the meter says.
    public func meter(evse: Int?) async throws(ControlError) -> JSONValue {
        let targets = try evses(evse)
        var results: [JSONValue] = []
        for target in targets {
            do {
                let reading = try await target.meter.read()
                results.append(
                    [
                        "id": .optional(target.id), "ok": true,
                        "energyImportWh": .number(reading.energyImport),
                        "energyExportWh": .number(reading.energyExport),
                        "powerW": .number(reading.activePower),
                        "voltageV": Self.phases(reading.voltage),
                        "currentA": Self.phases(reading.current),
                        "frequencyHz": .optional(reading.frequency),
                        "timestamp": .string(RFC3339.string(from: reading.timestamp)),
                    ]
                )
            } catch {
                results.append(["id": .optional(target.id), "ok": false, "error": .string(error.description)])
            }
        }
        return ["evses": .array(results)]
    }

    private static func phases(_ values: PhaseValues) -> JSONValue {
        var object = JSONObject()
        if let l1 = values.l1 { object["l1"] = .number(l1) }
        if let l2 = values.l2 { object["l2"] = .number(l2) }
        if let l3 = values.l3 { object["l3"] = .number(l3) }
        return .object(object)
    }

    private func evses(_ id: Int?) throws(ControlError) -> [EVSEHardware] {
        guard let id else { return hardware.evses }
        guard let evse = hardware.evse(id) else {
            throw ControlError(
                .badArguments,
                "no EVSE \(id); this station has \(hardware.evses.map { String($0.id) }.joined(separator: ", "))"
            )
        }
        return [evse]
    }

    // MARK: selftest

    /// LED cycle and a contactor click with feedback check per EVSE; refused while a transaction runs or a
    /// vehicle is plugged in. Each EVSE is held Unavailable for its test, so the station neither starts
    /// charging on it nor moves or supervises its contactor meanwhile. A contactor that follows both
    /// commands clears the contactor faults the station latched on that EVSE.
    public func selftest(evse: Int?) async throws(ControlError) -> JSONValue {
        let targets = try evses(evse)
        for target in targets {
            if let refusal = await station.maintenanceRefusal(evseId: target.id) {
                throw ControlError(.refused, "\(refusal); self-test refused")
            }
        }
        var results: [JSONValue] = []
        var passed = true
        for target in targets {
            do {
                try await station.beginMaintenance(evseId: target.id)
            } catch {
                throw ControlError(.refused, "\(error); self-test refused")
            }
            let outcome: Result<[JSONValue], ControlError>
            do {
                outcome = .success(try await selftestSteps(target))
            } catch {
                outcome = .failure(error)
            }
            await station.endMaintenance(evseId: target.id)
            let steps = try outcome.get()
            let failures = steps.compactMap { step -> String? in
                guard step["ok"]?.boolValue == false else { return nil }
                return "\(step["name"]?.stringValue ?? "?"): \(step["error"]?.stringValue ?? "failed")"
            }
            if !failures.isEmpty { passed = false }
            selftestLog.record(evse: target.id, failure: failures.isEmpty ? nil : failures.joined(separator: "; "))
            results.append(["id": .optional(target.id), "steps": .array(steps)])
        }
        return ["passed": .bool(passed), "evses": .array(results)]
    }

    /// One EVSE's self-test steps, while the station holds it for maintenance. A contactor that closes and
    /// opens with its feedback following both times clears the contactor faults latched on the EVSE.
    private func selftestSteps(_ target: EVSEHardware) async throws(ControlError) -> [JSONValue] {
        var steps: [JSONValue] = []
        if let indicator = target.indicator {
            var failure: String?
            for color in [IndicatorColor.red, .green, .blue, .yellow, .white] {
                do {
                    try await indicator.show(IndicatorSignal(color))
                } catch {
                    failure = failure ?? error.description
                }
                try? await Task.sleep(for: selftestStep)
            }
            try? await indicator.show(.off)
            steps.append(Self.step("indicator cycle", failure))
        }
        // Re-check right before moving the contacts: a vehicle may have been plugged in during the LED cycle.
        if let refusal = await station.maintenanceRefusal(evseId: target.id) {
            throw ControlError(.refused, "\(refusal); self-test stopped before the contactor click")
        }
        var contactorFollowed = true
        for state in [ContactorState.closed, .open] {
            var failure: String?
            do {
                try await target.contactor.set(state)
                let feedback = try await target.contactor.feedback()
                if feedback != state { failure = "commanded \(state), feedback reads \(feedback)" }
            } catch {
                failure = error.description
            }
            steps.append(Self.step("contactor \(state == .closed ? "close" : "open")", failure))
            if failure != nil { contactorFollowed = false }
            // A contactor that failed to close is opened again before anything else.
            if failure != nil, state == .closed { try? await target.contactor.set(.open) }
        }
        if contactorFollowed { await station.contactorPassedSelftest(evseId: target.id) }
        return steps
    }

    private static func step(_ name: String, _ failure: String?) -> JSONValue {
        ["name": .string(name), "ok": .bool(failure == nil), "error": .optional(failure)]
    }

    static func optionalInt(_ args: JSONValue, _ key: String) throws(ControlError) -> Int? {
        guard let value = args[key], value != .null else { return nil }
        guard let int = value.intValue else { throw ControlError(.badArguments, "\"\(key)\" must be an integer") }
        return int
    }
}

/// The last self-test result per EVSE: a failure stays reported by `diag` until a self-test passes.
public final class SelftestLog: Sendable {
    private let state = Mutex<[Int: String]>([:])

    public init() {}

    public func record(evse: Int, failure: String?) {
        state.withLock { $0[evse] = failure }
    }

    public var failures: [Int: String] { state.withLock { $0 } }
}
