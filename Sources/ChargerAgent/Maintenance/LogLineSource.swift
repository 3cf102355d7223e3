import OCPP

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the lines of a log come from, for GetLog (N01): the journal on a board, a file elsewhere, and the
/// store's security log (`StoreSecurityLogSource`).
public protocol LogLineSource: Sendable {
    /// Writes the lines logged between `oldest` and `latest` (nil: open) to `path`, oldest first, and returns
    /// how many there were. Lines without a timestamp go with the line before them.
    func write(from oldest: Date?, to latest: Date?, into path: String) async throws -> Int
}

/// Why a log could not be gathered.
struct LogSourceError: Error, CustomStringConvertible {
    let description: String
}

/// `journalctl -u <unit> --since @<oldest> --until @<latest> -o short-iso` (optionally `--grep`): GetLog's
/// DiagnosticsLog on a board, and `chargerctl bundle`'s recent lines (`lines(last:)`), from one place.
public struct JournalLogSource: LogLineSource {
    public let unit: String
    public let matching: String?

    public init(unit: String, matching: String? = nil) {
        self.unit = unit
        self.matching = matching
    }

    public func write(from oldest: Date?, to latest: Date?, into path: String) async throws -> Int {
        let text = await journal(from: oldest, to: latest, last: nil)
        let written = text.text ?? "(no journal: \(text.why))\n"
        try Data(written.utf8).write(to: URL(fileURLWithPath: path))
        return written.split(separator: "\n").count
    }

    /// The unit's last `count` lines, or nil (and why) when there is no journal or no entry for it.
    public func lines(last count: Int) async -> (text: String?, why: String) {
        await journal(from: nil, to: nil, last: count)
    }

    private func journal(from oldest: Date?, to latest: Date?, last: Int?) async -> (text: String?, why: String) {
        var arguments = ["-u", unit, "--no-pager", "-o", "short-iso"]
        if let oldest { arguments += ["--since", "@\(Int(oldest.timeIntervalSince1970))"] }
        if let latest { arguments += ["--until", "@\(Int(latest.timeIntervalSince1970.rounded(.up)))"] }
        if let last { arguments += ["-n", "\(last)"] }
        if let matching { arguments += ["--grep", matching] }
        let run = await InstallerProcess.run(
            "journalctl",
            arguments: arguments,
            environment: ProcessInfo.processInfo.environment,
            outputLimit: 64 << 20
        )
        guard run.status == 0 else { return (nil, "journalctl exit \(run.status) \(run.startFailure ?? "")") }
        // journalctl answers 0 with "-- No entries --" when the unit never logged.
        guard !run.output.isEmpty, !run.output.contains("-- No entries --") else { return (nil, "no entries") }
        return (run.output, "journalctl -u \(unit)")
    }
}

/// A log file whose lines start with an RFC 3339 timestamp (`2026-12-06T16:10:15Z ...`), filtered to the
/// window line by line without reading it whole.
public struct FileLogSource: LogLineSource {
    public let path: String
    public let matching: String?

    public init(path: String, matching: String? = nil) {
        self.path = path
        self.matching = matching
    }

    public func write(from oldest: Date?, to latest: Date?, into output: String) async throws -> Int {
        guard let input = fopen(path, "r") else {
            try Data("(no log file at \(path))\n".utf8).write(to: URL(fileURLWithPath: output))
            return 0
        }
        defer { fclose(input) }
        guard let out = fopen(output, "w") else {
            throw LogSourceError(description: "open \(output): \(String(cString: strerror(errno)))")
        }
        defer { fclose(out) }
        var count = 0
        var keep = false
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        while getline(&line, &capacity, input) >= 0, let line {
            let text = String(cString: line)
            if let stamp = Self.timestamp(text) {
                keep = (oldest.map { stamp >= $0 } ?? true) && (latest.map { stamp <= $0 } ?? true)
            }
            if keep, matching.map({ text.contains($0) }) ?? true {
                fputs(line, out)
                count += 1
            }
        }
        return count
    }

    /// The RFC 3339 timestamp a line starts with (up to its first space), if any.
    static func timestamp(_ line: String) -> Date? {
        guard let first = line.split(separator: " ", maxSplits: 1).first, first.count >= 20 else { return nil }
        return RFC3339.date(from: String(first))
    }
}
