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
        case "diag":
            guard let diagnose else { throw ControlError(.unknownCommand, "diag is not available for this station") }
            return await diagnose().jsonValue
        default:
            throw ControlError(
                .unknownCommand,
                "unknown command '\(command)'; use status, diag, selftest, meter, sim or stations"
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
                    "pluggedIn": .bool(evse.pluggedIn),
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

    // MARK: sim

    /// The fault kinds `sim fault` accepts.
    public static let faultKinds = [
        "meter-timeout", "meter-garbage", "meter-comm-failure", "meter-implausible", "contactor-welded",
        "contactor-stuck-open", "contactor-stuck-closed",
        "contactor-feedback-lost", "contactor-drive-failure", "ev-error", "pilot-fault", "board-comm-failure",
        "emergency-stop", "indicator-failure",
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
            guard hardware.tokenReader != nil else {
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
