#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Removes secrets from text that leaves the board (support bundles, diagnostics output).
///
/// Line-based and deliberately greedy: a value under any key that names a secret is replaced, as are
/// credentials in URLs and PEM private-key blocks. Losing a harmless value costs a question; leaking a
/// password costs a site.
public enum Redaction {
    public static let marker = "<redacted>"

    /// Key names (lowercased, without separators) whose values are secrets.
    static let secretKeyWords = [
        "password", "passwd", "passphrase", "secret", "token", "apikey", "privatekey", "authorization", "auth",
        "credential", "key",
    ]

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
            let key = rawKey.lowercased().filter { $0.isLetter }
            guard !key.isEmpty, isSecretKey(key) else { continue }
            let value = line[line.index(after: index)...].filter { $0 != " " && $0 != "\t" && $0 != "\r" }
            // A nested mapping ("password:" then indented lines) keeps its key; its children are checked.
            if value.isEmpty { return line }
            return "\(rawKey)\(separator) \(marker)"
        }
        return line
    }

    static func isSecretKey(_ key: String) -> Bool {
        if key == "tokenreader" { return false }
        // "key" alone or as a suffix ("privateKey", "apiKey"), but not words that merely contain it
        // ("keyboard", "monkey" are not keys in board files, but stay safe: only exact suffix).
        if key == "key" || key.hasSuffix("key") { return true }
        return secretKeyWords.contains { word in word != "key" && key.contains(word) }
    }
}
