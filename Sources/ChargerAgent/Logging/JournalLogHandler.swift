import Logging
import OCPP
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A swift-log handler writing one line per event to stderr, in the form the reader needs.
///
/// Under systemd (stderr is the journal stream) each line starts with the sd-daemon(3) priority prefix
/// `<N>`, so `journalctl -p warning` filters by level, and carries no timestamp (the journal adds one).
/// On a terminal or a file each line starts with a UTC timestamp and the level. Metadata follows the
/// message as `key=value`, sorted by key; a value with spaces or quotes is quoted. Newlines in a
/// message or value are escaped, so one event is always one line.
///
/// Values that look like secrets never reach the log (`Redaction`): metadata whose key names a password,
/// token, key, secret or authorization, and in any text a `Basic`/`Bearer` credential, URL credentials, a
/// `password=`-style pair or a PEM private key, are replaced by `<redacted>`.
public struct JournalLogHandler: LogHandler {
    /// How lines are written.
    public enum Format: Sendable, Hashable {
        /// `<6>label: message key=value` for the journal.
        case journal
        /// `2026-11-25T10:05:21.123Z info label: message key=value` for people.
        case plain
    }

    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    public var metadataProvider: Logger.MetadataProvider?
    public let label: String
    public let format: Format
    private let output: @Sendable (String) -> Void
    private let now: @Sendable () -> timespec

    /// A handler writing to `output` (stderr by default), one call per line including its newline.
    public init(
        label: String,
        format: Format,
        metadataProvider: Logger.MetadataProvider? = nil,
        output: @escaping @Sendable (String) -> Void = JournalLogHandler.writeToStandardError,
        now: @escaping @Sendable () -> timespec = JournalLogHandler.wallClock
    ) {
        self.label = label
        self.format = format
        self.metadataProvider = metadataProvider
        self.output = output
        self.now = now
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let own = event.metadata { merged.merge(own) { _, new in new } }
        output(line(level: event.level, message: "\(event.message)", metadata: merged))
    }

    /// The line for one event, newline included.
    func line(level: Logger.Level, message: String, metadata: Logger.Metadata) -> String {
        var text: String
        switch format {
        case .journal:
            text = "<\(Self.priority(level))>\(label): "
        case .plain:
            text = "\(Self.timestamp(now())) \(level) \(label): "
        }
        text += Self.escape(Redaction.inline(message))
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            text += " \(key)=" + Self.quote(Redaction.value(key: key, value: "\(value)"))
        }
        return text + "\n"
    }

    /// The syslog priority sd-daemon(3) prefixes: 7 debug … 2 critical.
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    // MARK: - Line form

    /// `text` with line breaks escaped, so an event stays on one line.
    static func escape(_ text: String) -> String {
        guard text.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return text }
        var result = ""
        for character in text {
            switch character {
            case "\r\n", "\n": result += "\\n"
            case "\r": result += "\\r"
            default: result.append(character)
            }
        }
        return result
    }

    /// A metadata value as written: bare when it is one word, else in double quotes.
    static func quote(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.contains { $0 == " " || $0 == "\"" || $0 == "=" || $0 == "\t" }
        guard needsQuotes else { return escape(value) }
        var result = "\""
        for character in value {
            switch character {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            default: result.append(character)
            }
        }
        return escape(result) + "\""
    }

    /// `2026-11-25T10:05:21.123Z`: always three fractional digits, so the lines align.
    static func timestamp(_ time: timespec) -> String {
        RFC3339.string(
            secondsSince1970: Int64(time.tv_sec),
            milliseconds: Int64(time.tv_nsec / 1_000_000),
            fraction: .milliseconds
        )
    }

    /// The wall-clock time now.
    public static let wallClock: @Sendable () -> timespec = {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return time
    }

    private static let writeLock = Mutex(())

    /// Writes `line` to stderr in one `write(2)`, so lines of concurrent events never interleave.
    public static let writeToStandardError: @Sendable (String) -> Void = { line in
        writeLock.withLock { _ in
            var bytes = Array(line.utf8)
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeMutableBytes { buffer in
                    write(2, buffer.baseAddress! + offset, buffer.count - offset)
                }
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }

    // MARK: - Where stderr goes

    /// `.journal` when stderr is the journal stream systemd connected (`$JOURNAL_STREAM` names its
    /// device and inode, sd_journal_stream_fd(3)), `.plain` otherwise.
    public static func detectFormat(environment: [String: String], standardError: Int32 = 2) -> Format {
        guard let stream = environment["JOURNAL_STREAM"], !stream.isEmpty else { return .plain }
        let parts = stream.split(separator: ":")
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else { return .plain }
        var status = stat()
        guard fstat(standardError, &status) == 0 else { return .plain }
        return UInt64(status.st_dev) == device && UInt64(status.st_ino) == inode ? .journal : .plain
    }
}
