import Foundation
import Testing

@testable import OCPPWebSocket

@Suite("Connection configuration")
struct ConfigurationTests {
    static let password: OCPPPassword = "Sup3rSecretPassw0rd!"

    func config(
        _ url: String,
        _ profile: SecurityProfile,
        trustRoots: TrustRoots = .systemDefault
    )
        -> OCPPConnectionConfiguration
    {
        OCPPConnectionConfiguration(csmsURL: url, stationId: "CS-01", securityProfile: profile, trustRoots: trustRoots)
    }

    @Test(
        "TC_A_22_CS-style: a scheme that does not match the profile is an error, never a downgrade",
        arguments: [
            ("ws://csms.example/ocpp", SecurityProfile.tlsWithBasicAuth(password: password), "ws", 2),
            (
                "ws://csms.example/ocpp",
                .tlsWithClientCertificate(.init(certificateChainPath: "/c", privateKeyPath: "/k")), "ws", 3
            ),
            ("wss://csms.example/ocpp", .basicAuth(password: password), "wss", 1),
            ("wss://csms.example/ocpp", .unsecured, "wss", 0),
        ]
    )
    func schemeMustMatchProfile(url: String, profile: SecurityProfile, scheme: String, number: Int) {
        #expect(throws: OCPPConnectionConfigurationError.schemeDoesNotMatchProfile(scheme: scheme, profile: number)) {
            try OCPPWebSocketTransport(configuration: config(url, profile))
        }
    }

    @Test(
        "malformed URLs are rejected with a specific error",
        arguments: [
            ("http://csms.example/", OCPPConnectionConfigurationError.unsupportedScheme("http")),
            ("csms.example/ocpp", .invalidURL("missing scheme (expected ws:// or wss://)")),
            ("ws:///ocpp", .invalidURL("missing host")),
            ("ws://csms.example:99999/", .invalidURL("invalid port")),
            ("ws://csms.example:abc/", .invalidURL("invalid port")),
            (
                "ws://user:pw@csms.example/",
                .invalidURL("user info in the URL is not supported (configure the security profile instead)")
            ),
            ("ws://csms.example/ocpp?x=1", .invalidURL("query and fragment are not supported")),
            ("ws://csms example/", .invalidURL("invalid character in host")),
        ]
    )
    func badURL(url: String, error: OCPPConnectionConfigurationError) {
        #expect(throws: error) { try config(url, .unsecured).validate() }
    }

    @Test("URL parts: default ports, IPv6, base path normalisation, Host header")
    func endpointParsing() throws {
        let plain = try CSMSEndpoint(parsing: "WS://csms.example")
        #expect(plain.port == 80 && plain.basePath == "/" && !plain.isSecure)
        #expect(plain.requestPath(stationId: "CS-1") == "/CS-1")
        #expect(plain.hostHeader == "csms.example")
        let secure = try CSMSEndpoint(parsing: "wss://csms.example:8443/a/b//")
        #expect(secure.port == 8443 && secure.basePath == "/a/b" && secure.isSecure)
        #expect(secure.requestPath(stationId: "CS-1") == "/a/b/CS-1")
        #expect(secure.hostHeader == "csms.example:8443")
        let v6 = try CSMSEndpoint(parsing: "ws://[::1]:9000/ocpp")
        #expect(v6.host == "::1" && v6.port == 9000 && v6.hostHeader == "[::1]:9000")
    }

    @Test("station id: RFC 3986 unreserved characters stay, everything else is %XX (UTF-8)")
    func percentEncoding() {
        #expect(CSMSEndpoint.percentEncode("AZaz09-._~") == "AZaz09-._~")
        #expect(CSMSEndpoint.percentEncode("CS 01/A") == "CS%2001%2FA")
        #expect(CSMSEndpoint.percentEncode("a:b@c%d?#") == "a%3Ab%40c%25d%3F%23")
        #expect(CSMSEndpoint.percentEncode("Süd") == "S%C3%BCd")
    }

    @Test("station id checks")
    func stationIdChecks() {
        var c = config("ws://csms.example/", .unsecured)
        c.stationId = ""
        #expect(throws: OCPPConnectionConfigurationError.invalidStationId("empty")) { try c.validate() }
        c.stationId = String(repeating: "x", count: 49)
        #expect(throws: OCPPConnectionConfigurationError.invalidStationId("longer than 48 characters")) {
            try c.validate()
        }
        c.stationId = "CS:01"
        c.securityProfile = .basicAuth(password: Self.password)
        #expect(throws: OCPPConnectionConfigurationError.self) { try c.validate() }
        c.securityProfile = .unsecured
        #expect(throws: Never.self) { try c.validate() }
    }

    @Test("timers, sizes and back-off values are checked")
    func settingsChecks() {
        var c = config("ws://csms.example/", .unsecured)
        c.pingInterval = .seconds(-1)
        #expect(throws: OCPPConnectionConfigurationError.invalidSetting("pingInterval is negative")) {
            try c.validate()
        }
        c.pingInterval = .seconds(30)
        c.pongTimeout = .zero
        #expect(throws: OCPPConnectionConfigurationError.invalidSetting("pongTimeout must be positive")) {
            try c.validate()
        }
        c.pingInterval = .zero  // pings off: the pong timeout does not matter
        #expect(throws: Never.self) { try c.validate() }
        c.maxFrameSize = 0
        #expect(throws: OCPPConnectionConfigurationError.invalidSetting("maxFrameSize out of range")) {
            try c.validate()
        }
        c.maxFrameSize = 65536
        c.reconnectBackOff.repeatTimes = -1
        #expect(throws: OCPPConnectionConfigurationError.self) { try c.validate() }
    }

    @Test("missing or broken certificate and key files are specific errors")
    func certificateFiles() async throws {
        try await withPKI { pki in
            let missing = pki.path("nope.pem")
            let profile3 = { (cert: String, key: String) in
                SecurityProfile.tlsWithClientCertificate(.init(certificateChainPath: cert, privateKeyPath: key))
            }
            let roots = TrustRoots.pemFiles([pki.path("ca.pem")])
            #expect(throws: OCPPConnectionConfigurationError.fileNotReadable(path: missing)) {
                try OCPPWebSocketTransport(
                    configuration: config("wss://h/", profile3(missing, pki.path("client.key")), trustRoots: roots)
                )
            }
            #expect(throws: OCPPConnectionConfigurationError.fileNotReadable(path: missing)) {
                try OCPPWebSocketTransport(
                    configuration: config("wss://h/", profile3(pki.path("client.pem"), missing), trustRoots: roots)
                )
            }
            #expect(throws: OCPPConnectionConfigurationError.fileNotReadable(path: missing)) {
                try OCPPWebSocketTransport(
                    configuration: config(
                        "wss://h/",
                        .tlsWithBasicAuth(password: Self.password),
                        trustRoots: .pemFiles([missing])
                    )
                )
            }
            #expect(throws: OCPPConnectionConfigurationError.invalidPrivateKey(path: pki.path("client.pem"))) {
                try OCPPWebSocketTransport(
                    configuration: config(
                        "wss://h/",
                        profile3(pki.path("client.pem"), pki.path("client.pem")),
                        trustRoots: roots
                    )
                )
            }
            let garbage = pki.path("garbage.pem")
            try "not a certificate\n".write(toFile: garbage, atomically: true, encoding: .utf8)
            #expect(
                performing: {
                    try OCPPWebSocketTransport(
                        configuration: config(
                            "wss://h/",
                            .tlsWithBasicAuth(password: Self.password),
                            trustRoots: .pemFiles([garbage])
                        )
                    )
                },
                throws: { error in
                    if case .invalidCertificate(let path, _) = error as? OCPPConnectionConfigurationError {
                        path == garbage
                    } else {
                        false
                    }
                }
            )
            // A valid profile 3 configuration loads.
            #expect(throws: Never.self) {
                try OCPPWebSocketTransport(
                    configuration: config(
                        "wss://h/",
                        profile3(pki.path("client.pem"), pki.path("client.key")),
                        trustRoots: roots
                    )
                )
            }
        }
    }

    @Test("the password is redacted in every textual form")
    func passwordRedacted() {
        let secret = Self.password.revealed
        let c = config("wss://csms.example/", .tlsWithBasicAuth(password: Self.password))
        var dumped = ""
        dump(c, to: &dumped)
        let forms = [
            "\(Self.password)", String(reflecting: Self.password), "\(c)", String(reflecting: c),
            "\(c.securityProfile)", String(reflecting: c.securityProfile), dumped,
        ]
        for form in forms {
            #expect(!form.contains(secret), "\(form)")
        }
        #expect("\(Self.password)" == "<redacted>")
        #expect(String(reflecting: Self.password) == "<redacted>")
        #expect(String(reflecting: SecurityProfile.basicAuth(password: Self.password)).contains("redacted"))
    }

    @Test("logs carry station-id and never the password or the Basic credentials")
    func logsRedacted() async throws {
        let secret = Self.password.revealed
        let credentials = Data("CS-LOG-01:\(secret)".utf8).base64EncodedString()
        let logs = CapturedLogs()
        // One peer accepts the password, one refuses it: both paths log, neither may leak it.
        for accepted in [true, false] {
            let expected = accepted ? "CS-LOG-01:\(secret)" : "CS-LOG-01:other-password-123"
            try await withPeer(["--basic-auth", expected]) { peer in
                let config = loopbackConfiguration(
                    port: peer.port,
                    stationId: "CS-LOG-01",
                    profile: .basicAuth(password: Self.password)
                )
                let transport = try OCPPWebSocketTransport(configuration: config, logger: logs.logger())
                try await withRunningTransport(transport) { recorder in
                    if accepted {
                        try await recorder.waitForConnected()
                        try await transport.send("hello")
                    } else {
                        _ = try await recorder.waitForDisconnect()
                    }
                }
            }
        }
        let lines = logs.all
        #expect(lines.count >= 4)
        for line in lines {
            #expect(!line.text.contains(secret), "\(line.text)")
            #expect(!line.text.contains(credentials), "\(line.text)")
            #expect(line.metadata["station-id"] == "CS-LOG-01", "\(line.text)")
        }
        #expect(lines.contains { $0.message == "connected" })
        #expect(
            lines.contains {
                $0.message == "connection attempt failed" && $0.metadata["reason"]?.contains("401") == true
            }
        )
    }
}
