import ChargingStation
import HAL
import LocalFiles
import NIOSSL
import OCPP
import StationStore

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
///
/// Why they live in ChargerAgent and not in the `BoardDiagnostics` target: chargerd answers `diag` on its
/// control socket by running them in-process. It must, because the meter bus and the GPIO lines are held
/// by the daemon (no second process can read them while it runs) and the client key is readable by the
/// daemon's user only; and chargerd must not depend on `BoardDiagnostics`. So the checks, their report
/// and the CSMS probe's checks are the daemon's; `BoardDiagnostics` keeps what only `chargerctl` runs with
/// the daemon stopped (building the board's hardware from its file, the support bundle's store summary).
public enum BoardChecks {
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
        checks += await vehicleSide(hardware: hardware, config: config, station: station, timeout: meterTimeout)
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

    /// Before this instant the clock was never set: no certificate or OCPP timestamp can be right.
    static let earliestPlausibleTime = RFC3339.date(from: "2024-01-01T00:00:00Z") ?? Date.distantPast

    /// Whether the clock was ever set (it needs no board file, so a report without one still has it).
    public static func clock(_ now: Date) -> DiagnosticCheck {
        let text = RFC3339.string(from: now, fraction: .none)
        guard now >= earliestPlausibleTime else {
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
                "expired on \(RFC3339.string(from: expiry, fraction: .none))",
                hint: "renew the station certificate (SignCertificate from the CSMS, or install a new one)"
            )
        }
        if days < 30 {
            return .warn(
                "certificate",
                title,
                "expires in \(days) day(s), on \(RFC3339.string(from: expiry, fraction: .none))",
                hint: "renew the station certificate before it expires"
            )
        }
        return .pass(
            "certificate",
            title,
            "valid until \(RFC3339.string(from: expiry, fraction: .none)) (\(days) days)"
        )
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
        guard LocalFiles.exists(path) else {
            return .pass("store", title, "no store yet at \(path) (created at first start)")
        }
        let result: String
        do {
            result = try StoreInspection.integrityCheck(path: path)
        } catch {
            return .fail(
                "store",
                title,
                "\(path): \(error)",
                hint: "check the file's owner and mode (the chargerd user must read it)"
            )
        }
        guard result == "ok" else {
            return .fail(
                "store",
                title,
                "\(path): \(result)",
                hint: "stop chargerd, keep a copy of the file for support, then restore or remove it"
            )
        }
        return .pass("store", title, "\(path): integrity_check ok")
    }
}
