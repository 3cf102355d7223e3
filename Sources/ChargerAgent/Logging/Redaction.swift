import OCPPWebSocket

/// The one place secrets are taken out of text that leaves the process: log lines (`JournalLogHandler`),
/// support bundles and diagnostics output (`chargerctl`).
///
/// Deliberately greedy: a value under any key that names a secret is replaced, as are credentials in
/// URLs, `Basic`/`Bearer` credentials and PEM private keys. Losing a harmless value costs a question;
/// leaking a password costs a site. It lives in ChargerAgent because chargerd's logging needs it.
public enum Redaction {
    /// The word put in place of a secret: the one `OCPPPassword` prints too.
    public static let marker = OCPPPassword.placeholder

    /// Words that make a key name a secret (lowercase, letters only); "key" counts only as a suffix.
    static let secretKeyWords = [
        "password", "passwd", "passphrase", "secret", "token", "apikey", "privatekey", "authorization", "auth",
        "credential", "key",
    ]

    /// Whether a key ("password", "authToken", "private-key", a YAML key, a log metadata key) names a secret.
    ///
    /// Only its letters count, in any case. "key" alone or as a suffix ("privateKey", "apiKey") is a secret,
    /// but not a word that merely contains it ("keyId"); `tokenReader` names hardware, not a token.
    public static func isSecretKey(_ key: String) -> Bool {
        // ASCII letters only, lowercased byte by byte: keys are ASCII, and Character.isLetter or lowercased()
        // would pull the Unicode tables into every log line's path (resident memory, time per line).
        let letters = String(
            decoding: key.utf8.compactMap { byte -> UInt8? in
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte + 32
                case UInt8(ascii: "a")...UInt8(ascii: "z"): byte
                default: nil
                }
            },
            as: UTF8.self
        )
        guard !letters.isEmpty, letters != "tokenreader" else { return false }
        if letters.hasSuffix("key") { return true }
        return secretKeyWords.contains { word in word != "key" && letters.contains(word) }
    }

    // MARK: - URLs

    /// `scheme://user:password@host` → `scheme://user:<redacted>@host` (and a user-only `user@` too).
    public static func url(_ text: String) -> String {
        var result = ""
        var rest = Substring(text)
        while let scheme = rest.firstRange(of: "://") {
            result += rest[..<scheme.upperBound]
            rest = rest[scheme.upperBound...]
            let authorityEnd = rest.firstIndex { "/?# \t\"'\n".contains($0) } ?? rest.endIndex
            let authority = rest[..<authorityEnd]
            if let at = authority.lastIndex(of: "@") {
                let userInfo = authority[..<at]
                let user = userInfo.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
                result += "\(user):\(marker)@"
                rest = rest[rest.index(after: at)...]
            }
        }
        return result + rest
    }

    // MARK: - Files (support bundles)

    /// Redacts a YAML or `key: value` / `key=value` text, line by line, plus PEM private keys.
    public static func text(_ text: String) -> String {
        var output: [String] = []
        var inPrivateKey = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.contains("-----BEGIN") && line.contains("PRIVATE KEY-----") {
                inPrivateKey = true
                output.append("-----BEGIN PRIVATE KEY----- \(marker)")
                continue
            }
            if inPrivateKey {
                if line.contains("-----END") { inPrivateKey = false }
                continue
            }
            output.append(redactLine(String(line)))
        }
        return output.joined(separator: "\n")
    }

    static func redactLine(_ line: String) -> String {
        let line = url(line)
        // Authorization headers in logs: "Authorization: Basic …".
        if let range = line.lowercased().firstRange(of: "basic "), line.lowercased().contains("authorization") {
            let offset = line.lowercased().distance(from: line.lowercased().startIndex, to: range.upperBound)
            return String(line.prefix(offset)) + marker
        }
        for separator in [":", "="] {
            guard let index = line.firstIndex(of: Character(separator)) else { continue }
            let rawKey = line[..<index]
            guard isSecretKey(String(rawKey)) else { continue }
            let value = line[line.index(after: index)...].filter { $0 != " " && $0 != "\t" && $0 != "\r" }
            // A nested mapping ("password:" then indented lines) keeps its key; its children are checked.
            if value.isEmpty { return line }
            return "\(rawKey)\(separator) \(marker)"
        }
        return line
    }

    // MARK: - Log lines

    /// A log metadata value: all of it when its key names a secret, else what `inline` finds in it.
    public static func value(key: String, value: String) -> String {
        isSecretKey(key) ? marker : inline(value)
    }

    /// `text` (a log message or value, one line or several) with credentials that look like secrets
    /// replaced: URL credentials, `Basic …`/`Bearer …` tokens, PEM private keys, and the value of
    /// `password=…`, `token: …` and similar pairs.
    public static func inline(_ text: String) -> String {
        guard mayHoldSecret(text) else { return text }
        var result = url(text)
        if let begin = result.firstRange(of: "-----BEGIN"), result[begin.upperBound...].contains("PRIVATE KEY") {
            // Up to the END line's closing dashes, or to the end of the text when it is cut short.
            let footer = result[begin.upperBound...].firstRange(of: "-----END")
            let close = footer.flatMap { result[$0.upperBound...].firstRange(of: "-----") }
            result.replaceSubrange(begin.lowerBound..<(close?.upperBound ?? result.endIndex), with: marker)
        }
        result = redactAfter(words: ["Basic ", "Bearer ", "basic ", "bearer "], in: result)
        return redactAfter(words: secretPairs, in: result)
    }

    /// `password=`, `Password: `, `TOKEN:` …: every secret word in three letter cases, before `=`, `: ` or `:`.
    private static let secretPairs: [String] = secretKeyWords.flatMap { word in
        let capitalized = word.prefix(1).uppercased() + word.dropFirst()
        return [word, capitalized, word.uppercased()].flatMap { form in [form + "=", form + ": ", form + ":"] }
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
        "pass", "token", "secret", "auth", "key", "credential", "basic ", "bearer ", "-----begin", "@",
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
                if valueEnd == valueStart || result[valueStart..<valueEnd] == marker {
                    searchStart = valueEnd
                    continue
                }
                let offset = result.distance(from: result.startIndex, to: valueStart)
                result.replaceSubrange(valueStart..<valueEnd, with: marker)
                searchStart = result.index(result.startIndex, offsetBy: offset + marker.count)
            }
        }
        return result
    }
}
