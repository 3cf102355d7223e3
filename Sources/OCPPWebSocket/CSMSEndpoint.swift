import OCPP

/// Where the CSMS listens: a `ws://` or `wss://` URL taken apart without Foundation.
///
/// OCPP 2.0.1 Part 4 §3.1: the station connects to `<csms url>/<station identity>`, so only scheme,
/// host, port and path are meaningful; user info, query and fragment are refused rather than guessed at.
public struct CSMSEndpoint: Sendable, Hashable, CustomStringConvertible {
    public var scheme: CSMSURLScheme
    /// `true` for `wss://`.
    public var isSecure: Bool { scheme.usesTLS }
    /// Host name or IP address, without IPv6 brackets.
    public var host: String
    public var port: Int
    /// The path before the station id, always starting with `/`, never ending with `/` unless it is `/`.
    public var basePath: String

    public init(parsing url: String) throws(OCPPConnectionConfigurationError) {
        guard let schemeEnd = url.firstRange(of: "://") else {
            throw .invalidURL("missing scheme (expected ws:// or wss://)")
        }
        guard let scheme = CSMSURLScheme(url: url) else {
            throw .unsupportedScheme(String(url[..<schemeEnd.lowerBound].lowercased()))
        }
        self.scheme = scheme
        let rest = url[schemeEnd.upperBound...]
        if rest.contains("?") || rest.contains("#") {
            throw .invalidURL("query and fragment are not supported")
        }
        let authority: Substring
        let path: Substring
        if let slash = rest.firstIndex(of: "/") {
            authority = rest[..<slash]
            path = rest[slash...]
        } else {
            authority = rest
            path = "/"
        }
        if authority.contains("@") {
            throw .invalidURL("user info in the URL is not supported (configure the security profile instead)")
        }
        var hostPart: Substring
        var portPart: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw .invalidURL("unterminated IPv6 address") }
            hostPart = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw .invalidURL("unexpected text after IPv6 address") }
                portPart = after.dropFirst()
            }
        } else if let colon = authority.firstIndex(of: ":") {
            hostPart = authority[..<colon]
            portPart = authority[authority.index(after: colon)...]
        } else {
            hostPart = authority
        }
        guard !hostPart.isEmpty else { throw .invalidURL("missing host") }
        let allowedHost = { (c: Character) -> Bool in
            c.isASCII && (c.isLetter || c.isNumber || c == "-" || c == "." || c == "_" || c == ":" || c == "%")
        }
        guard hostPart.allSatisfy(allowedHost) else { throw .invalidURL("invalid character in host") }
        host = String(hostPart)
        if let portPart {
            guard let value = Int(portPart), (1...65535).contains(value) else {
                throw .invalidURL("invalid port")
            }
            port = value
        } else {
            port = scheme.defaultPort
        }
        guard path.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
            throw .invalidURL("the path must be ASCII without spaces (percent-encode it)")
        }
        var trimmed = String(path)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        basePath = trimmed
    }

    /// The request target for a station: `<basePath>/<percent-encoded station id>`.
    public func requestPath(stationId: String) -> String {
        (basePath == "/" ? "" : basePath) + "/" + Self.percentEncode(stationId)
    }

    /// The `Host` header value: the host (bracketed if IPv6) plus the port when it is not the default.
    public var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port == scheme.defaultPort ? name : "\(name):\(port)"
    }

    public var description: String {
        "\(scheme.prefix)\(hostHeader)\(basePath)"
    }

    /// Percent-encodes everything except the RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`).
    public static func percentEncode(_ text: String) -> String {
        let hex: [Character] = Array("0123456789ABCDEF")
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.append(Character(Unicode.Scalar(byte)))
            default:
                out.append("%")
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            }
        }
        return out
    }
}
