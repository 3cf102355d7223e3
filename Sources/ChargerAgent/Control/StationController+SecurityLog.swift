import ChargingStation
import HALSimulated
import OCPP
import StationStore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `security-log`: the station's security log (OCPP 2.0.1 A04), newest last (`chargerctl security-log`).
///
/// Shows what the log holds (type, time, techInfo, critical, delivered); techInfo never carries a secret.
extension StationController {
    /// The most rows one answer carries (the log keeps up to `SecurityEvents.logCapacity`).
    static let securityLogRowLimit = 1000

    /// args {"limit": N, "clear": true}: the newest N rows (default 50), oldest first, with counts. With
    /// "clear" the log is emptied first; the station then records SecurityLogWasCleared (critical).
    func securityLog(_ args: JSONValue) async throws(ControlError) -> JSONValue {
        let limit = try Self.optionalInt(args, "limit") ?? 50
        guard (1...Self.securityLogRowLimit).contains(limit) else {
            throw ControlError(.badArguments, "\"limit\" must be between 1 and \(Self.securityLogRowLimit)")
        }
        let entries: [SecurityLogEntry]
        let undelivered: Int
        do {
            if args["clear"]?.boolValue == true { try await station.clearSecurityLog() }
            entries = try station.securityLog()
            undelivered = try station.undeliveredSecurityEventCount()
        } catch {
            throw ControlError(.failed, "the security log cannot be read: \(error)")
        }
        let shown = entries.suffix(limit).map { entry -> JSONValue in
            [
                "sequence": .number(Double(entry.sequence)),
                "timestamp": .string(RFC3339.string(from: entry.timestamp)),
                "type": .string(entry.type),
                "techInfo": entry.techInfo.map { JSONValue.string($0) } ?? JSONValue.null,
                "critical": .bool(entry.critical),
                "delivered": .bool(entry.delivered),
            ]
        }
        return [
            "total": .number(Double(entries.count)),
            "undelivered": .number(Double(undelivered)),
            "entries": .array(Array(shown)),
        ]
    }

    /// `sim fault tamper` / `sim clear`: the board's simulated tamper input, if it has one.
    func simulatedTamperInput() throws(ControlError) -> SimulatedDigitalInput {
        guard let input = hardware.inputs[ChargingStation.tamperInputRole] else {
            throw ControlError(.notSimulated, "this board has no tamper input (inputs: {tamper: simulated})")
        }
        guard let simulated = input as? SimulatedDigitalInput else {
            throw ControlError(.notSimulated, "this board's tamper input is not simulated")
        }
        return simulated
    }
}
