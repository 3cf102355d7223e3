/// Why a download or an upload failed, specific enough for a log line and for the OCPP status it becomes
/// (DownloadFailed, UploadFailure, PermissionDenied, …).
public enum HTTPTransferError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Not a URL this client can use.
    case badURL(String)
    /// A scheme other than http or https (FTP is not built).
    case unsupportedScheme(String)
    /// TCP connect failed or timed out (the host, the port and the system's reason).
    case connectFailed(String)
    /// The TLS handshake failed (an untrusted server certificate, a name mismatch, …).
    case tls(String)
    /// The server answered with a status that is not success (404, 403, 500, …).
    case httpStatus(Int, String)
    /// More than `Configuration.maxRedirects` redirects, or a redirect without a Location.
    case badRedirect(String)
    /// The connection ended before the whole body came: `received` bytes of `expected` (nil when the server
    /// sent no length). What came is kept for a resume.
    case connectionDropped(received: Int64, expected: Int64?)
    /// Nothing was received or sent for `Configuration.idleTimeout`.
    case timedOut
    /// The local file could not be read or written (the call, the path and the system's reason).
    case file(String)

    public var description: String {
        switch self {
        case .badURL(let url): "not a usable URL: \(url)"
        case .unsupportedScheme(let scheme): "unsupported URL scheme \(scheme) (http and https are)"
        case .connectFailed(let why): "connect failed: \(why)"
        case .tls(let why): "TLS failed: \(why)"
        case .httpStatus(let code, let reason): "server answered HTTP \(code) \(reason)"
        case .badRedirect(let why): "bad redirect: \(why)"
        case .connectionDropped(let received, let expected):
            "connection dropped after \(received) of \(expected.map(String.init) ?? "unknown") bytes"
        case .timedOut: "timed out waiting for the server"
        case .file(let why): "local file: \(why)"
        }
    }

    /// The server refused on purpose (401/403): GetLog reports PermissionDenied rather than UploadFailure.
    public var isPermissionDenied: Bool {
        if case .httpStatus(let code, _) = self { return code == 401 || code == 403 }
        return false
    }
}

/// An http or https URL split into what a request needs.
struct TransferURL: Equatable, Sendable {
    var tls: Bool
    var host: String
    var port: Int
    /// Path and query, at least "/".
    var target: String

    init(_ text: String) throws(HTTPTransferError) {
        guard let schemeEnd = text.firstRange(of: "://") else { throw .badURL(text) }
        let scheme = text[..<schemeEnd.lowerBound].lowercased()
        switch scheme {
        case "http": tls = false
        case "https": tls = true
        default: throw .unsupportedScheme(scheme)
        }
        let rest = text[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        var target = String(rest[authorityEnd...])
        if let hash = target.firstIndex(of: "#") { target = String(target[..<hash]) }
        self.target = target.isEmpty || target.first == "?" ? "/" + target : target
        let defaultPort = tls ? 443 : 80
        if authority.first == "[" {  // IPv6 literal
            guard let close = authority.firstIndex(of: "]") else { throw .badURL(text) }
            host = String(authority[authority.index(after: authority.startIndex)..<close])
            let after = authority[authority.index(after: close)...]
            port = after.hasPrefix(":") ? Int(after.dropFirst()) ?? -1 : defaultPort
        } else if let colon = authority.lastIndex(of: ":") {
            host = String(authority[..<colon])
            port = Int(authority[authority.index(after: colon)...]) ?? -1
        } else {
            host = String(authority)
            port = defaultPort
        }
        guard !host.isEmpty, (1...65535).contains(port) else { throw .badURL(text) }
    }

    /// The Host header: the port only when it is not the scheme's default.
    var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port == (tls ? 443 : 80) ? name : "\(name):\(port)"
    }

    /// A redirect's Location, absolute or relative to this URL.
    func resolving(_ location: String) throws(HTTPTransferError) -> String {
        if location.contains("://") { return location }
        let origin = (tls ? "https://" : "http://") + hostHeader
        if location.hasPrefix("/") { return origin + location }
        let directory = target.split(separator: "?", maxSplits: 1).first.map(String.init) ?? "/"
        let base = directory.hasSuffix("/") ? directory : String(directory[...(directory.lastIndex(of: "/")!)])
        return origin + base + location
    }
}
