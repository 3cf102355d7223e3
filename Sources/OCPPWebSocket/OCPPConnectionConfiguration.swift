import OCPP

/// Everything the WebSocket transport needs to reach one CSMS as one charging station.
///
/// A plain value: fields can be changed freely; `validate()` (called by the transport's initializer)
/// checks that they fit together — in particular that the URL scheme matches the security profile, so a
/// misconfiguration never silently falls back to a weaker profile.
public struct OCPPConnectionConfiguration: Sendable, Hashable, CustomStringConvertible {
    /// The CSMS URL without the station id, e.g. `wss://csms.example.com/ocpp`.
    public var csmsURL: String
    /// The charging station identity; appended to the URL path percent-encoded, and the Basic user name.
    public var stationId: String
    public var securityProfile: SecurityProfile
    /// The certificates the CSMS's server certificate must chain to (profiles 2 and 3).
    public var trustRoots: TrustRoots
    /// `WebSocketPingInterval`: time between client pings; `.zero` turns client pings off.
    public var pingInterval: Duration
    /// How long to wait for a pong before the link counts as dead.
    public var pongTimeout: Duration
    /// Limit on TCP connect plus TLS and WebSocket handshakes.
    public var connectTimeout: Duration
    /// Largest incoming message in bytes, after reassembling fragments.
    public var maxFrameSize: Int
    public var reconnectBackOff: ReconnectBackOff

    /// The OCPP-J subprotocol this transport speaks.
    public static let subprotocol = "ocpp2.0.1"

    public init(
        csmsURL: String,
        stationId: String,
        securityProfile: SecurityProfile,
        trustRoots: TrustRoots = .systemDefault,
        pingInterval: Duration = .seconds(30),
        pongTimeout: Duration = .seconds(10),
        connectTimeout: Duration = .seconds(30),
        maxFrameSize: Int = 1 << 20,
        reconnectBackOff: ReconnectBackOff = ReconnectBackOff()
    ) {
        self.csmsURL = csmsURL
        self.stationId = stationId
        self.securityProfile = securityProfile
        self.trustRoots = trustRoots
        self.pingInterval = pingInterval
        self.pongTimeout = pongTimeout
        self.connectTimeout = connectTimeout
        self.maxFrameSize = maxFrameSize
        self.reconnectBackOff = reconnectBackOff
    }

    public var description: String {
        "OCPPConnectionConfiguration(csmsURL: \(csmsURL), stationId: \(stationId), securityProfile: "
            + "\(securityProfile), pingInterval: \(pingInterval), pongTimeout: \(pongTimeout))"
    }

    /// Checks the configuration without touching the network; certificate files are checked when the
    /// transport loads them.
    /// - Returns: the parsed endpoint.
    @discardableResult
    public func validate() throws(OCPPConnectionConfigurationError) -> CSMSEndpoint {
        let endpoint = try CSMSEndpoint(parsing: csmsURL)
        if endpoint.scheme != securityProfile.urlScheme {
            throw .schemeDoesNotMatchProfile(scheme: endpoint.scheme.rawValue, profile: securityProfile.number)
        }
        if stationId.isEmpty { throw .invalidStationId("empty") }
        if stationId.utf8.count > 48 { throw .invalidStationId("longer than 48 characters") }
        if stationId.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw .invalidStationId("contains control characters")
        }
        switch securityProfile {
        case .basicAuth(let password), .tlsWithBasicAuth(let password):
            // RFC 7617: the user-id of Basic credentials cannot contain a colon.
            if stationId.contains(":") {
                throw .invalidStationId("contains ':' which Basic authentication cannot carry")
            }
            if password.revealed.isEmpty { throw .invalidPassword("empty") }
        case .unsecured, .tlsWithClientCertificate:
            break
        }
        if case .pemFiles(let paths) = trustRoots, paths.isEmpty {
            throw .invalidSetting("trustRoots: no PEM files given")
        }
        if pingInterval < .zero { throw .invalidSetting("pingInterval is negative") }
        if pingInterval > .zero && pongTimeout <= .zero { throw .invalidSetting("pongTimeout must be positive") }
        if connectTimeout <= .zero { throw .invalidSetting("connectTimeout must be positive") }
        if maxFrameSize < 1 || maxFrameSize > Int(UInt32.max) { throw .invalidSetting("maxFrameSize out of range") }
        let backOff = reconnectBackOff
        if backOff.waitMinimum < .zero || backOff.randomRange < .zero || backOff.repeatTimes < 0 {
            throw .invalidSetting("reconnectBackOff values must not be negative")
        }
        return endpoint
    }
}

/// The OCPP 2.0.1 security profiles (Part 2, section A00.FR).
public enum SecurityProfile: Sendable, Hashable, CustomStringConvertible {
    /// Profile 0 (not in the spec's list): plain `ws://`, no authentication. For tests only.
    case unsecured
    /// Profile 1: `ws://` with HTTP Basic authentication (user = station id).
    case basicAuth(password: OCPPPassword)
    /// Profile 2: `wss://` (TLS ≥ 1.2, server certificate verified) with HTTP Basic authentication.
    case tlsWithBasicAuth(password: OCPPPassword)
    /// Profile 3: `wss://` with a client certificate; no Basic authentication.
    case tlsWithClientCertificate(ClientCertificate)

    /// The profile number as the spec counts it.
    public var number: Int {
        switch self {
        case .unsecured: 0
        case .basicAuth: 1
        case .tlsWithBasicAuth: 2
        case .tlsWithClientCertificate: 3
        }
    }

    /// The scheme this profile's CSMS URL must have (`CSMSURLScheme` holds the rule).
    public var urlScheme: CSMSURLScheme { CSMSURLScheme(securityProfile: number) ?? .wss }

    public var requiresTLS: Bool { urlScheme.usesTLS }

    /// The client certificate, for profile 3.
    public var clientCertificate: ClientCertificate? {
        if case .tlsWithClientCertificate(let certificate) = self { certificate } else { nil }
    }

    /// The Basic password, for profiles 1 and 2.
    public var basicAuthPassword: OCPPPassword? {
        switch self {
        case .basicAuth(let password), .tlsWithBasicAuth(let password): password
        case .unsecured, .tlsWithClientCertificate: nil
        }
    }

    public var description: String {
        switch self {
        case .unsecured: "profile 0 (unsecured)"
        case .basicAuth: "profile 1 (basic auth, password \(OCPPPassword.placeholder))"
        case .tlsWithBasicAuth: "profile 2 (TLS + basic auth, password \(OCPPPassword.placeholder))"
        case .tlsWithClientCertificate(let cert): "profile 3 (TLS + client certificate \(cert.certificateChainPath))"
        }
    }
}

/// PEM files holding the station's certificate chain (leaf first) and its private key (profile 3).
public struct ClientCertificate: Sendable, Hashable {
    public var certificateChainPath: String
    public var privateKeyPath: String

    public init(certificateChainPath: String, privateKeyPath: String) {
        self.certificateChainPath = certificateChainPath
        self.privateKeyPath = privateKeyPath
    }
}

/// The certificates a CSMS server certificate is verified against.
public enum TrustRoots: Sendable, Hashable {
    /// The operating system's CA store.
    case systemDefault
    /// Only the certificates in these PEM files (e.g. the installed `CSMSRootCertificate`s).
    case pemFiles([String])
}

/// Why a configuration cannot be used. Messages name files and settings, never secrets.
public enum OCPPConnectionConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidURL(String)
    case unsupportedScheme(String)
    /// Profiles 0/1 need `ws://`, profiles 2/3 need `wss://`.
    case schemeDoesNotMatchProfile(scheme: String, profile: Int)
    case invalidStationId(String)
    case invalidPassword(String)
    case fileNotReadable(path: String)
    case invalidCertificate(path: String, reason: String)
    case invalidPrivateKey(path: String)
    case tlsSetupFailed(String)
    case invalidSetting(String)

    public var description: String {
        switch self {
        case .invalidURL(let why): "invalid CSMS URL: \(why)"
        case .unsupportedScheme(let scheme): "unsupported URL scheme '\(scheme)' (expected ws or wss)"
        case .schemeDoesNotMatchProfile(let scheme, let profile):
            "security profile \(profile) requires \(CSMSURLScheme(securityProfile: profile)?.prefix ?? "ws:// or wss://"), "
                + "but the CSMS URL uses \(scheme)://"
        case .invalidStationId(let why): "invalid station id: \(why)"
        case .invalidPassword(let why): "invalid Basic authentication password: \(why)"
        case .fileNotReadable(let path): "cannot read file \(path)"
        case .invalidCertificate(let path, let why): "invalid certificate in \(path): \(why)"
        case .invalidPrivateKey(let path): "invalid private key in \(path)"
        case .tlsSetupFailed(let why): "TLS setup failed: \(why)"
        case .invalidSetting(let why): "invalid setting: \(why)"
        }
    }
}
