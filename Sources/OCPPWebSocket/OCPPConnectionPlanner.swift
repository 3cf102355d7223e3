import NIOCore
import NIOPosix
import NIOSSL
import OCPPRPC

/// Chooses the configuration of each connection attempt and hears how each attempt ended.
///
/// The transport asks `configurationForNextAttempt()` before every attempt, so the station can move
/// through its network connection profiles (B10), change its Basic password (A01) or pick up TLS
/// material installed since the last attempt (M05, A02/A03) without the transport knowing why.
public protocol OCPPConnectionPlanner: Sendable {
    /// The configuration for the attempt about to start.
    func configurationForNextAttempt() async -> OCPPConnectionConfiguration
    /// How the attempt made with `attempt.configuration` ended; the answer says whether to wait the
    /// reconnect back-off first.
    func attemptEnded(_ attempt: OCPPConnectionAttempt) async -> OCPPReconnectAdvice
    /// The link made with `configuration` is up (called before `.connected` is reported; its end comes
    /// later through `attemptEnded` with `connected` true).
    func linkUp(_ configuration: OCPPConnectionConfiguration) async
}

extension OCPPConnectionPlanner {
    public func linkUp(_ configuration: OCPPConnectionConfiguration) async {}
}

/// Whether the next attempt waits the back-off (`RetryBackOff*`) or starts at once.
public enum OCPPReconnectAdvice: Sendable, Hashable {
    case backOff
    /// For a change the station made itself (a refused new password reverted): nothing to wait for.
    case retryNow
}

/// The planner of a transport built with one fixed configuration: the same configuration every time.
public struct FixedConnectionPlanner: OCPPConnectionPlanner {
    public let configuration: OCPPConnectionConfiguration

    public init(_ configuration: OCPPConnectionConfiguration) { self.configuration = configuration }

    public func configurationForNextAttempt() async -> OCPPConnectionConfiguration { configuration }
    public func attemptEnded(_ attempt: OCPPConnectionAttempt) async -> OCPPReconnectAdvice { .backOff }
}

/// One connection attempt as it ended.
public struct OCPPConnectionAttempt: Sendable {
    /// What the attempt used.
    public var configuration: OCPPConnectionConfiguration
    /// Whether the WebSocket link came up (the station was connected, whatever happened after).
    public var connected: Bool
    /// Why it ended; `.linkLost` for a link that was up.
    public var failure: OCPPConnectionFailure
    /// The reason in words, as the transport logs it (never a secret).
    public var reason: String

    public init(
        configuration: OCPPConnectionConfiguration,
        connected: Bool,
        failure: OCPPConnectionFailure,
        reason: String
    ) {
        self.configuration = configuration
        self.connected = connected
        self.failure = failure
        self.reason = reason
    }
}

/// Why an attempt failed, in the classes the station acts on (security events, password fallback,
/// moving to the next network profile).
public enum OCPPConnectionFailure: Sendable, Hashable, CustomStringConvertible {
    /// The configuration could not be used (a certificate or key file missing or broken, a bad URL).
    case configuration
    /// TCP connect refused or the host unreachable.
    case unreachable
    /// TCP + TLS + WebSocket handshakes did not finish within the connect timeout.
    case timedOut
    /// The CSMS's server certificate did not verify (chain, validity or host name): InvalidCsmsCertificate.
    case invalidServerCertificate
    /// The CSMS offered no TLS version the station accepts (below 1.2): InvalidTLSVersion.
    case tlsVersionTooLow
    /// No cipher suite both sides accept: InvalidTLSCipherSuite.
    case noSharedCipherSuite
    /// Any other TLS failure.
    case tlsHandshake
    /// HTTP 401: the CSMS refused the Basic credentials.
    case passwordRefused
    /// Any other refusal of the WebSocket upgrade (the HTTP status, or nil without an answer).
    case upgradeRefused(status: Int?)
    /// The CSMS did not agree to `ocpp2.0.1`.
    case subprotocolRefused
    /// A link that was up went down (closed, pong timeout, protocol error, a reconnect asked for).
    case linkLost
    /// The transport is shutting down.
    case shutdown

    public var description: String {
        switch self {
        case .configuration: "configuration"
        case .unreachable: "unreachable"
        case .timedOut: "timed out"
        case .invalidServerCertificate: "invalid server certificate"
        case .tlsVersionTooLow: "TLS version too low"
        case .noSharedCipherSuite: "no shared cipher suite"
        case .tlsHandshake: "TLS handshake"
        case .passwordRefused: "password refused"
        case .upgradeRefused(let status): "upgrade refused (\(status.map(String.init) ?? "no answer"))"
        case .subprotocolRefused: "subprotocol refused"
        case .linkLost: "link lost"
        case .shutdown: "shutdown"
        }
    }

    /// A failed TCP connect.
    static func classifyConnect(_ error: any Error) -> OCPPConnectionFailure {
        if case ChannelError.connectTimeout = error { return .timedOut }
        return .unreachable
    }

    /// A failed handshake: TLS failures by the BoringSSL reason they carry, the rest by layer.
    ///
    /// BoringSSL names the reason in its error strings: a certificate that does not verify is
    /// `CERTIFICATE_VERIFY_FAILED` (NIOSSL reports a host-name mismatch as its own error); a server
    /// that offers no version ≥ 1.2 ends in `UNSUPPORTED_PROTOCOL` or a `protocol_version` alert; a
    /// server that shares no cipher suite with the station's list answers the ClientHello with a
    /// `handshake_failure` alert before any certificate was seen.
    static func classifyHandshake(_ error: any Error) -> OCPPConnectionFailure {
        if let extra = error as? NIOSSLExtraError, extra == .failedToValidateHostname {
            return .invalidServerCertificate
        }
        switch error {
        case is NIOSSLError, is NIOSSLExtraError, is BoringSSLError:
            let text = String(describing: error).uppercased()
            if text.contains("CERTIFICATE_VERIFY_FAILED") || text.contains("UNABLETOVALIDATECERTIFICATE") {
                return .invalidServerCertificate
            }
            if text.contains("UNSUPPORTED_PROTOCOL") || text.contains("PROTOCOL_VERSION")
                || text.contains("WRONG_VERSION_NUMBER")
            {
                return .tlsVersionTooLow
            }
            if text.contains("NO_SHARED_CIPHER") || text.contains("NO_CIPHER") || text.contains("HANDSHAKE_FAILURE") {
                return .noSharedCipherSuite
            }
            return .tlsHandshake
        default:
            return .upgradeRefused(status: nil)
        }
    }
}

/// Wakes a waiting back-off when the station asks for a reconnection now.
final class WakeSignal: Sendable {
    private let tuning = LinkTuning(
        LinkSettings(
            pingInterval: .zero,
            retryBackOffWaitMinimum: .zero,
            retryBackOffRandomRange: .zero,
            retryBackOffRepeatTimes: 0
        )
    )

    /// Increases with every `fire()`.
    var generation: UInt64 { tuning.current.generation }

    func fire() { tuning.update(tuning.current.settings) }

    /// Returns after a `fire()` later than `generation`, or when cancelled.
    func wait(after generation: UInt64) async { await tuning.waitForChange(after: generation) }
}
