/// The scheme of a CSMS URL, and the one place the rule "which scheme goes with which security profile" is
/// written (OCPP 2.0.1 Part 2 A00: profile 1 is Basic authentication over plain WebSocket, `ws://`; profiles 2
/// and 3 run over TLS, `wss://`; profile 0, no security at all, is this stack's own for tests and simulators).
///
/// It lives in `OCPP`, the lowest target, because three places apply the rule and each can import it: the
/// station checking a SetNetworkProfile (which must not import NIO), the WebSocket transport validating its
/// configuration, and the board-file loader.
public enum CSMSURLScheme: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case ws
    case wss

    /// The scheme security profile `profile` requires: `ws` for 0 and 1, `wss` for 2 and 3; nil for any
    /// other number.
    public init?(securityProfile profile: Int) {
        switch profile {
        case 0, 1: self = .ws
        case 2, 3: self = .wss
        default: return nil
        }
    }

    /// The scheme `url` starts with: `ws://` or `wss://`, in any letter case; nil for anything else.
    public init?(url: String) {
        guard let separator = url.firstRange(of: "://") else { return nil }
        self.init(rawValue: url[..<separator.lowerBound].lowercased())
    }

    /// Whether the connection runs over TLS.
    public var usesTLS: Bool { self == .wss }

    /// The port a URL without one connects to (RFC 6455 §3).
    public var defaultPort: Int { usesTLS ? 443 : 80 }

    /// `ws://` or `wss://`, as a URL starts.
    public var prefix: String { rawValue + "://" }

    public var description: String { rawValue }
}
