import ChargingStation
import HAL

/// The checks of the board's hardware: meters, contactors, latched faults, the emergency stop.
extension BoardChecks {
    static func meter(_ evse: EVSEHardware, settings: EVSEConfig?, timeout: Duration) async -> DiagnosticCheck {
        let id = "meter.evse\(evse.id)"
        let title = "EVSE \(evse.id) meter answers and is plausible"
        let meter = evse.meter
        let outcome: Result<MeterReading, MeterError>? = await withTaskGroup(
            of: Result<MeterReading, MeterError>?.self
        ) { group in
            group.addTask {
                do throws(MeterError) {
                    return .success(try await meter.read())
                } catch {
                    return .failure(error)
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        switch outcome {
        case nil:
            return .fail(id, title, "no answer within \(timeout)", hint: meterHint(.timeout))
        case .failure(let error):
            return .fail(id, title, error.description, hint: meterHint(error))
        case .success(let reading):
            if let problem = implausibility(reading, settings: settings) {
                return .fail(
                    id,
                    title,
                    "implausible: \(problem)",
                    hint: "check the meter model/register map in the board file, the CT ratio and the phase wiring"
                )
            }
            return .pass(
                id,
                title,
                "\((reading.energyImport * 10).rounded() / 10) Wh, \(Int(reading.activePower.rounded())) W"
                    + (reading.voltage.present.isEmpty ? "" : ", \(reading.voltage) V")
            )
        }
    }

    static func meterHint(_ error: MeterError) -> String {
        switch error {
        case .timeout:
            "the meter does not answer: check its power, the RS-485 A/B wiring, unit id and baud rate"
        case .invalidData:
            "the meter answers garbage: check the unit id (two meters on one id?), the register map and termination"
        case .implausible:
            "the reading cannot be real: check the meter model/register map in the board file (word order), "
                + "the CT ratio and the phase wiring; a replaced meter restarts its registers"
        case .communicationFailure:
            "the bus failed: check the serial device (USB adapter plugged in?) or the Modbus TCP address"
        case .notConfigured:
            "no meter is configured for this EVSE: add one to the board file"
        }
    }

    /// Why a reading cannot be real, or nil.
    static func implausibility(_ reading: MeterReading, settings: EVSEConfig?) -> String? {
        guard reading.energyImport.isFinite, reading.energyImport >= 0 else {
            return "import register \(reading.energyImport) Wh"
        }
        guard reading.activePower.isFinite else { return "power \(reading.activePower) W" }
        for volts in reading.voltage.present where !(150...290).contains(volts) {
            return "voltage \(volts) V outside 150-290 V"
        }
        if let settings {
            let limit: Double =
                if case .modbus(let meter) = settings.meter {
                    meter.maxPowerW
                } else {
                    max(settings.maxCurrentA * 290 * Double(max(settings.phases, 1)), 1_000_000)
                }
            if abs(reading.activePower) > limit * 1.2 {
                return "power \(Int(reading.activePower)) W above the EVSE's \(Int(limit)) W"
            }
        }
        return nil
    }

    static func contactor(
        _ evse: EVSEHardware,
        expectedClosed: Bool,
        selftestFailure: String?
    ) async -> DiagnosticCheck {
        let id = "contactor.evse\(evse.id)"
        let title = "EVSE \(evse.id) contactor feedback agrees"
        let expected: ContactorState = expectedClosed ? .closed : .open
        let feedback: ContactorState
        do {
            feedback = try await evse.contactor.feedback()
        } catch {
            return .fail(
                id,
                title,
                error.description,
                hint: "check the auxiliary (feedback) contact wiring and its GPIO line"
            )
        }
        if feedback != expected {
            return .fail(
                id,
                title,
                "expected \(expected), feedback reads \(feedback)",
                hint: feedback == .closed
                    ? "contacts may be WELDED and the outlet live: isolate the charger before touching it, replace the contactor"
                    : "the contactor does not close: check the coil supply and driver, then run `chargerctl selftest`"
            )
        }
        if let selftestFailure {
            return .fail(
                id,
                title,
                "last self-test failed: \(selftestFailure)",
                hint: selftestFailure.contains("welded") || selftestFailure.contains("still closed")
                    ? "contacts may be WELDED: isolate the charger, replace the contactor, then run `chargerctl selftest`"
                    : "the contactor does not follow its command: check the coil supply, driver and feedback wiring"
            )
        }
        return .pass(id, title, "\(feedback), as expected")
    }

    static func faults(_ snapshot: StationStatusSnapshot) -> [DiagnosticCheck] {
        snapshot.evses.map { evse in
            let id = "faults.evse\(evse.id)"
            let title = "EVSE \(evse.id) has no latched fault"
            guard !evse.faults.isEmpty else { return .pass(id, title, "connector \(evse.connectorStatus.rawValue)") }
            let hints = evse.faults.map { fault -> String in
                switch fault {
                case "pilot-error": "pilot state E: check the vehicle and cable, and the pilot circuit (diode, wiring)"
                case "meter-failure": "the station stopped charging because the meter failed: see the meter check"
                case "contactor-welded", "contactor-failed-to-open":
                    "the contactor did not open or closed on its own: isolate the charger and replace the contactor; "
                        + "a passing `chargerctl selftest` (or a restart) clears it"
                case "contactor-opened":
                    "the contactor opened on its own while closed: check the coil supply and driver; "
                        + "a passing `chargerctl selftest` (or a restart) clears it"
                case "contactor-failed-to-close", "contactor-drive-failure", "contactor-feedback-unavailable":
                    "the contactor does not follow its command or cannot be read: check the coil supply, driver and "
                        + "feedback wiring; a passing `chargerctl selftest` (or a restart) clears it"
                case "connector-lock-failure":
                    "the connector lock did not confirm: check the plug is fully in, the lock actuator and its "
                        + "feedback switch; unplugging the cable clears it"
                case "cable-unusable":
                    "the cable's PP reads below 6 A or no valid coding: use another cable (13/20/32/63 A); "
                        + "unplugging clears it"
                default: "see the daemon log (`journalctl -u chargerd`)"
                }
            }
            return .fail(
                id,
                title,
                "faults: \(evse.faults.joined(separator: ", "))",
                hint: hints.joined(separator: "; ")
            )
        }
    }

    static func emergencyStopCheck(_ input: any DigitalInput) async -> DiagnosticCheck {
        let title = "Emergency stop released"
        do {
            if try await input.level() {
                return .fail(
                    "emergency-stop",
                    title,
                    "the emergency stop is pressed",
                    hint: "find out why it was pressed, then release it; charging stays off until then"
                )
            }
            return .pass("emergency-stop", title, "released")
        } catch {
            return .fail("emergency-stop", title, error.description, hint: "check the emergency-stop input's wiring")
        }
    }
}
