import Logging
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
/// Values that look like secrets never reach the log: metadata whose key names a password, token, key,
/// secret or authorization, and in any text a `Basic`/`Bearer` credential, a `password=`-style pair or
/// a PEM private key, are replaced by `<redacted>`.
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
        text += Self.escape(Self.redact(message))
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            text += " \(key)=" + Self.quote(Self.redactedValue(key: key, value: "\(value)"))
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

    // MARK: - Redaction

    static let redacted = "<redacted>"
    private static let secretKeyWords = ["password", "passwd", "token", "secret", "authorization", "key", "credential"]

    /// Whether a metadata key names a secret ("password", "authToken", "private-key").
    static func isSecretKey(_ key: String) -> Bool {
        let lower = key.lowercased()
        return secretKeyWords.contains { lower.contains($0) }
    }

    static func redactedValue(key: String, value: String) -> String {
        isSecretKey(key) ? redacted : redact(value)
    }

    /// `text` with credentials that look like secrets replaced: `Basic …`/`Bearer …` tokens, PEM private
    /// keys, and the value of `password=…`, `token: …` and similar pairs.
    static func redact(_ text: String) -> String {
        guard mayHoldSecret(text) else { return text }
        var result = text
        if let begin = result.firstRange(of: "-----BEGIN"), result[begin.upperBound...].contains("PRIVATE KEY") {
            // Up to the END line's closing dashes, or to the end of the text when it is cut short.
            let footer = result[begin.upperBound...].firstRange(of: "-----END")
            let close = footer.flatMap { result[$0.upperBound...].firstRange(of: "-----") }
            result.replaceSubrange(begin.lowerBound..<(close?.upperBound ?? result.endIndex), with: redacted)
        }
        result = redactAfter(words: ["Basic ", "Bearer ", "basic ", "bearer "], in: result)
        var pairs: [String] = []
        for word in secretKeyWords {
            let capitalized = word.prefix(1).uppercased() + word.dropFirst()
            for form in [word, capitalized, word.uppercased()] {
                pairs += [form + "=", form + ": ", form + ":"]
            }
        }
        return redactAfter(words: pairs, in: result)
    }

    /// A cheap first look, so the common line (ids, numbers, states) skips the pattern scans: an
    /// allocation-free, ASCII case-insensitive search for the words every secret pattern contains.
    private static func mayHoldSecret(_ text: String) -> Bool {
        guard !text.isEmpty else { return false }
        var text = text
        return text.withUTF8 { bytes in
            secretTriggers.contains { trigger in containsIgnoringASCIICase(bytes, trigger) }
        }
    }

    private static let secretTriggers: [[UInt8]] = [
        "pass", "token", "secret", "auth", "key", "credential", "basic ", "bearer ", "-----begin",
    ].map { Array($0.utf8) }

    /// Whether `haystack` contains `needle` (lowercase ASCII), ignoring the case of ASCII letters.
    private static func containsIgnoringASCIICase(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) {
            var index = 0
            while index < needle.count {
                var byte = haystack[start + index]
                if byte >= 0x41 && byte <= 0x5A { byte |= 0x20 }
                if byte != needle[index] { break }
                index += 1
            }
            if index == needle.count { return true }
        }
        return false
    }

    /// Replaces the token following each occurrence of any of `words` (up to whitespace, quote or comma).
    private static func redactAfter(words: [String], in text: String) -> String {
        var result = text
        for word in words {
            var searchStart = result.startIndex
            while let found = result[searchStart...].firstRange(of: word) {
                let valueStart = found.upperBound
                var valueEnd = valueStart
                while valueEnd < result.endIndex, !" \t\n\r\",;'}&".contains(result[valueEnd]) {
                    valueEnd = result.index(after: valueEnd)
                }
                if valueEnd == valueStart || result[valueStart..<valueEnd] == redacted {
                    searchStart = valueEnd
                    continue
                }
                let offset = result.distance(from: result.startIndex, to: valueStart)
                result.replaceSubrange(valueStart..<valueEnd, with: redacted)
                searchStart = result.index(result.startIndex, offsetBy: offset + redacted.count)
            }
        }
        return result
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

    /// `2026-11-25T10:05:21.123Z`.
    static func timestamp(_ time: timespec) -> String {
        var seconds = time_t(time.tv_sec)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(time.tv_nsec / 1_000_000), 3))Z"
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
