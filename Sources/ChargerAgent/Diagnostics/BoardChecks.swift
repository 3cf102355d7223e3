import ChargingStation
import HAL
import NIOSSL

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

/// The checks behind `chargerctl diag`, each with pass/warn/fail and a hint.
///
/// The same checks run inside the daemon (asked over the socket: the hardware is the daemon's) and in
/// `chargerctl diag --config` with the daemon stopped (the hardware is built from the board file and
/// probed once). What only the daemon knows (latched faults, the link) is passed in when known.
public enum BoardDiagnostics {
    /// What the daemon knows beyond the hardware.
    public struct StationView: Sendable {
        public var snapshot: StationStatusSnapshot
        /// Self-test failures by EVSE id, from the last `selftest` run.
        public var selftestFailures: [Int: String]

        public init(snapshot: StationStatusSnapshot, selftestFailures: [Int: String] = [:]) {
            self.snapshot = snapshot
            self.selftestFailures = selftestFailures
        }
    }

    /// Runs every check on built hardware.
    public static func run(
        config: BoardConfig,
        hardware: StationHardware,
        storePath: String?,
        station: StationView?,
        hardwareNote: String? = nil,
        source: String,
        meterTimeout: Duration = .seconds(5),
        probeCSMS: Bool = true,
        now: Date = Date()
    ) async -> DiagnosticReport {
        var checks: [DiagnosticCheck] = []
        checks.append(
            .pass(
                "config",
                "Board file valid",
                "\(config.file): station \(config.station.id), \(config.evses.count) EVSE(s)"
            )
        )
        checks.append(clock(now))
        checks.append(gpio(config: config, note: hardwareNote))
        for evse in hardware.evses {
            let settings = config.evses.first { $0.id == evse.id }
            checks.append(await meter(evse, settings: settings, timeout: meterTimeout))
        }
        for evse in hardware.evses {
            let view = station?.snapshot.evses.first { $0.id == evse.id }
            // A contactor that failed to open is taken as closed by the station, but it should be open.
            let expected = (view?.contactorClosed ?? false) && view?.faults.contains("contactor-failed-to-open") != true
            checks.append(
                await contactor(evse, expectedClosed: expected, selftestFailure: station?.selftestFailures[evse.id])
            )
        }
        if let station { checks += faults(station.snapshot) }
        if let emergencyStop = hardware.emergencyStop {
            checks.append(await emergencyStopCheck(emergencyStop))
        }
        if probeCSMS {
            let probe = CSMSProbe(
                url: config.csms.url,
                stationId: config.station.id,
                trustRoots: config.csms.trustRoots,
                clientCertificate: config.csms.clientCertificate
            )
            checks += await probe.run(linkUp: station?.snapshot.linkUp ?? false)
        }
        checks.append(certificate(config.csms.clientCertificate?.certificateChainPath, now: now))
        checks.append(stateDirectory(config.stateDirectory))
        checks.append(store(storePath ?? config.stateDirectory + "/station.sqlite"))
        return DiagnosticReport(checks: checks, source: source)
    }

    /// The board file could not be loaded: one failing check (and the checks that need no board).
    public static func configFailure(file: String, error: String, now: Date = Date()) -> DiagnosticReport {
        DiagnosticReport(
            checks: [
                .fail(
                    "config",
                    "Board file valid",
                    error,
                    hint: "fix the key named in the message; BoardConfigs/template.yaml documents every key"
                ),
                clock(now),
            ],
            source: "direct"
        )
    }

    static func clock(_ now: Date) -> DiagnosticCheck {
        let year = RFC3339Text.year(now)
        let text = RFC3339Text.string(now)
        guard year >= 2024 else {
            return .fail(
                "clock",
                "Clock set",
                "the clock reads \(text)",
                hint: "no time source yet: check `timedatectl` (NTP) or add an RTC; TLS and OCPP timestamps need it"
            )
        }
        return .pass("clock", "Clock set", text)
    }

    static func gpio(config: BoardConfig, note: String?) -> DiagnosticCheck {
        var lines: [String] = []
        for evse in config.evses {
            if case .gpio(let output, let feedback, _) = evse.contactor {
                lines.append("\(output)")
                if let feedback { lines.append("\(feedback)") }
            }
            if case .gpio(let colorLines) = evse.indicator { lines += colorLines.map { "\($0.line)" } }
        }
        if case .gpio(let line, _) = config.emergencyStop { lines.append("\(line)") }
        for (_, input) in config.inputs { if case .gpio(let line, _) = input { lines.append("\(line)") } }
        if let note {
            return .fail(
                "gpio",
                "GPIO chip and lines present",
                note,
                hint:
                    "check the chip exists (`ls /dev/gpiochip*`), the offsets in the board file, and that no other process holds the lines (`gpioinfo`)"
            )
        }
        if lines.isEmpty { return .pass("gpio", "GPIO chip and lines present", "no GPIO lines on this board") }
        return .pass("gpio", "GPIO chip and lines present", "\(lines.count) line(s) claimed")
    }

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

    static func certificate(_ path: String?, now: Date) -> DiagnosticCheck {
        let title = "Client certificate valid"
        guard let path else { return .pass("certificate", title, "no client certificate configured") }
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMFile(path)
        } catch {
            return .fail("certificate", title, "\(path): \(error)", hint: "install a PEM certificate chain at \(path)")
        }
        guard let leaf = certificates.first else {
            return .fail("certificate", title, "\(path) holds no certificate", hint: "install the station certificate")
        }
        let expiry = Date(timeIntervalSince1970: TimeInterval(leaf.notValidAfter))
        let days = Int(expiry.timeIntervalSince(now) / 86_400)
        if expiry < now {
            return .fail(
                "certificate",
                title,
                "expired on \(RFC3339Text.string(expiry))",
                hint: "renew the station certificate (SignCertificate from the CSMS, or install a new one)"
            )
        }
        if days < 30 {
            return .warn(
                "certificate",
                title,
                "expires in \(days) day(s), on \(RFC3339Text.string(expiry))",
                hint: "renew the station certificate before it expires"
            )
        }
        return .pass("certificate", title, "valid until \(RFC3339Text.string(expiry)) (\(days) days)")
    }

    static func stateDirectory(_ path: String) -> DiagnosticCheck {
        let title = "State directory has free space"
        var stats = statvfs()
        guard statvfs(path, &stats) == 0 else {
            return .fail(
                "state-dir",
                title,
                "\(path): \(String(cString: strerror(errno)))",
                hint: "create it or fix stateDirectory in the board file (systemd: StateDirectory=chargerd)"
            )
        }
        let free = Double(stats.f_bavail) * Double(stats.f_frsize)
        let megabytes = Int(free / 1_048_576)
        if free < 10 * 1_048_576 {
            return .fail(
                "state-dir",
                title,
                "\(path): \(megabytes) MB free",
                hint: "free space on this filesystem: transactions cannot be stored safely"
            )
        }
        if free < 100 * 1_048_576 {
            return .warn(
                "state-dir",
                title,
                "\(path): \(megabytes) MB free",
                hint: "free space on this filesystem soon"
            )
        }
        if access(path, W_OK) != 0 {
            return .fail(
                "state-dir",
                title,
                "\(path) is not writable by this user",
                hint: "chown it to the chargerd user"
            )
        }
        return .pass("state-dir", title, "\(path): \(megabytes) MB free")
    }

    static func store(_ path: String) -> DiagnosticCheck {
        let title = "Store integrity"
        guard FileManager.default.fileExists(atPath: path) else {
            return .pass("store", title, "no store yet at \(path) (created at first start)")
        }
        switch StoreInspector.integrityCheck(path: path) {
        case .success("ok"):
            return .pass("store", title, "\(path): integrity_check ok")
        case .success(let problems):
            return .fail(
                "store",
                title,
                "\(path): \(problems)",
                hint: "stop chargerd, keep a copy of the file for support, then restore or remove it"
            )
        case .failure(let error):
            return .fail(
                "store",
                title,
                "\(path): \(error)",
                hint: "check the file's owner and mode (the chargerd user must read it)"
            )
        }
    }
}

/// RFC 3339 text for reports (seconds precision, UTC).
enum RFC3339Text {
    static func string(_ date: Date) -> String {
        let parts = components(date)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }

    static func year(_ date: Date) -> Int {
        Int(components(date).tm_year) + 1900
    }

    private static func components(_ date: Date) -> tm {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return parts
    }
}
