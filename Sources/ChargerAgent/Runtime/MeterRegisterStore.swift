import HALSimulated
import LocalFiles
import Logging
import ServiceLifecycle
import Synchronization

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

/// The import registers of a board's simulated meters, kept in the state directory so they survive a
/// restart as a real meter's do: a CSMS that saw 15 kWh must not see the next session start at 0.
///
/// One small text file, `<stateDirectory>/meter-registers`, one `<evseId> <Wh>` line per meter. It is
/// replaced whole (written to a temporary file, synced, renamed over the old one), so a power cut leaves
/// the old registers or the new ones, never half a file.
struct MeterRegisterFile: Sendable {
    let path: String

    init(stateDirectory: String) {
        path = stateDirectory + "/meter-registers"
    }

    /// The registers saved last, by EVSE id; empty when there is no file (first start) or it cannot be read.
    func load() -> [Int: Double] {
        guard let text = try? LocalFiles.readText(path) else { return [:] }
        var registers: [Int: Double] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 2, let id = Int(fields[0]), let wh = Double(fields[1]), wh.isFinite, wh >= 0
            else { continue }
            registers[id] = wh
        }
        return registers
    }

    /// Replaces the file with `registers`; throws the system's reason when it cannot.
    func save(_ registers: [Int: Double]) throws(MeterRegisterFileError) {
        let text = registers.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)\n" }.joined()
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .system("open \(temporary)", errno) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let writeError = errno
        // The data must be on disk before the rename makes it the file, or a power cut could leave it empty.
        let synced = written == bytes.count ? fsync(fd) : -1
        let syncError = errno
        close(fd)
        guard written == bytes.count else { throw .system("write \(temporary)", writeError) }
        guard synced == 0 else { throw .system("fsync \(temporary)", syncError) }
        guard rename(temporary, path) == 0 else { throw .system("rename to \(path)", errno) }
    }
}

struct MeterRegisterFileError: Error, CustomStringConvertible {
    let description: String

    static func system(_ operation: String, _ code: Int32) -> MeterRegisterFileError {
        MeterRegisterFileError(description: "\(operation): \(String(cString: strerror(code)))")
    }
}

/// Saves the simulated meters' registers every `interval` while they change and once more at shutdown.
///
/// Not at every meter poll (every second): a board's SD card would wear for nothing, and an idle station
/// writes nothing at all. A crash or power cut therefore loses at most `interval` of simulated energy; the
/// station never reports a register below one it already sent (Transactions), so a CSMS sees no negative
/// energy either way.
final class MeterRegisterService: Service, CustomStringConvertible {
    static let interval: Duration = .seconds(10)

    let meters: [Int: SimulatedMeter]
    let file: MeterRegisterFile
    let interval: Duration
    let clock: any Clock<Duration>
    let logger: Logger
    private let saved: Mutex<[Int: Double]>

    init(
        meters: [Int: SimulatedMeter],
        file: MeterRegisterFile,
        loaded: [Int: Double],
        interval: Duration = MeterRegisterService.interval,
        clock: any Clock<Duration>,
        logger: Logger
    ) {
        self.meters = meters
        self.file = file
        self.interval = interval
        self.clock = clock
        self.logger = logger
        saved = Mutex(loaded)
    }

    func run() async throws {
        let clock = clock
        let interval = interval
        await cancelWhenGracefulShutdown {
            while true {
                do {
                    try await clock.sleep(for: interval)
                } catch {
                    return
                }
                self.saveIfChanged()
            }
        }
        // After the station stopped: the final registers.
        saveIfChanged()
    }

    /// Writes the registers when any of them moved since the last write.
    func saveIfChanged() {
        let registers = meters.mapValues(\.energyImport)
        let changed = saved.withLock { $0 != registers }
        guard changed else { return }
        do {
            try file.save(registers)
            saved.withLock { $0 = registers }
        } catch {
            logger.warning("simulated meter registers not saved", metadata: ["error": "\(error)"])
        }
    }

    var description: String { "MeterRegisterService" }
}
