import OCPPWebSocket

/// Checks the way to the CSMS one layer at a time — DNS, TCP, TLS, WebSocket upgrade — so a technician
/// sees which layer breaks rather than "cannot connect".
///
/// The connecting is `OCPPConnectionProbe`'s, on the transport's own TLS context and handshake pipeline, so
/// the checks test what the station's link will do; this turns how far it got into checks with hints.
public struct CSMSProbe: Sendable {
    public var url: String
    public var stationId: String
    /// PEM files the server certificate is verified against; empty: the system's CA store.
    public var trustRoots: [String]
    /// Presented for security profile 3.
    public var clientCertificate: ClientCertificate?
    /// The limit of the TCP connect, and of the TLS and upgrade handshakes together.
    public var timeout: Duration

    public init(
        url: String,
        stationId: String,
        trustRoots: [String] = [],
        clientCertificate: ClientCertificate? = nil,
        timeout: Duration = .seconds(5)
    ) {
        self.url = url
        self.stationId = stationId
        self.trustRoots = trustRoots
        self.clientCertificate = clientCertificate
        self.timeout = timeout
    }

    /// Runs the steps in order; a failed step fails the ones after it too (they are not tried).
    ///
    /// `linkUp` (the daemon's link is up) skips TLS and the WebSocket upgrade: a second connection with the
    /// station's identity could make the CSMS drop the live one.
    public func run(linkUp: Bool = false) async -> [DiagnosticCheck] {
        let endpoint: CSMSEndpoint
        do {
            endpoint = try CSMSEndpoint(parsing: url)
        } catch {
            return [
                .fail(
                    "csms.url",
                    "CSMS URL",
                    "\(Redaction.url(url)) is not usable: \(error)",
                    hint: "fix csms.url in the board file (ws:// or wss://host[:port]/path)"
                )
            ]
        }
        let probe = OCPPConnectionProbe(
            endpoint: endpoint,
            stationId: stationId,
            trustRoots: trustRoots.isEmpty ? .systemDefault : .pemFiles(trustRoots),
            clientCertificate: clientCertificate,
            timeout: timeout
        )
        let report = await probe.run(stopAfterTCP: linkUp)
        var checks: [DiagnosticCheck] = []
        // DNS
        if case .nameNotResolved(let reason) = report.outcome {
            checks.append(
                .fail(
                    "csms.dns",
                    "CSMS name resolves",
                    "\(endpoint.host): \(reason)",
                    hint: "check /etc/resolv.conf and the network link; try `getent hosts \(endpoint.host)`"
                )
            )
            return checks + skipped(after: "csms.dns", secure: endpoint.isSecure)
        }
        let addresses = report.addresses.joined(separator: ", ")
        checks.append(.pass("csms.dns", "CSMS name resolves", "\(endpoint.host) → \(addresses)"))
        // TCP
        let target = "\(endpoint.host):\(endpoint.port)"
        if case .connectFailed(let reason) = report.outcome {
            checks.append(
                .fail(
                    "csms.tcp",
                    "CSMS port open",
                    "\(target): \(reason)",
                    hint: "check the port in csms.url, the CSMS is running, and no firewall blocks it"
                )
            )
            return checks + skipped(after: "csms.tcp", secure: endpoint.isSecure)
        }
        checks.append(.pass("csms.tcp", "CSMS port open", "connected to \(target)"))
        // TLS + WebSocket upgrade, on one connection.
        return checks + upgradeChecks(report.outcome, endpoint: endpoint)
    }

    /// The TLS and WebSocket checks for how far the probe got after TCP.
    private func upgradeChecks(_ outcome: OCPPConnectionProbe.Outcome, endpoint: CSMSEndpoint) -> [DiagnosticCheck] {
        var checks: [DiagnosticCheck] = []
        switch outcome {
        case .nameNotResolved, .connectFailed:
            break  // reported by run()
        case .connected:
            if endpoint.isSecure {
                checks.append(.pass("csms.tls", "TLS handshake", "the station's TLS link is up"))
            }
            checks.append(.pass("csms.websocket", "WebSocket upgrade", "the station's link is up (connected)"))
        case .tlsSetupFailed(let error):
            // The loader's own `.tlsSetupFailed` already says so; its file errors do not.
            let detail: String
            if case .tlsSetupFailed = error {
                detail = error.description
            } else {
                detail = "TLS setup failed: \(error)"
            }
            checks.append(
                .fail(
                    "csms.tls",
                    "TLS handshake",
                    detail,
                    hint: "check csms.trustRoots and clientCertificate files exist and are PEM"
                )
            )
            checks.append(skip("csms.websocket", "WebSocket upgrade"))
        case .tlsFailed(let reason):
            checks.append(
                .fail(
                    "csms.tls",
                    "TLS handshake",
                    "TLS failed: \(reason)",
                    hint: "check the CSMS certificate chain against csms.trustRoots, its host name, and the clock"
                )
            )
            checks.append(skip("csms.websocket", "WebSocket upgrade"))
        case .upgradeNotAnswered(let reason):
            if endpoint.isSecure { checks.append(.pass("csms.tls", "TLS handshake", "TLS connection opened")) }
            checks.append(
                .fail(
                    "csms.websocket",
                    "WebSocket upgrade",
                    reason,
                    hint: "the CSMS accepted TCP but did not answer the upgrade; check the URL's scheme and path"
                )
            )
        case .upgradeAnswered(let status, let subprotocol):
            if endpoint.isSecure {
                checks.append(.pass("csms.tls", "TLS handshake", "TLS ≥ 1.2, certificate verified"))
            }
            checks.append(webSocketCheck(status: status, subprotocol: subprotocol, endpoint: endpoint))
        }
        return checks
    }

    /// The CSMS answered the upgrade with `status`.
    private func webSocketCheck(status: Int, subprotocol: String?, endpoint: CSMSEndpoint) -> DiagnosticCheck {
        let wanted = OCPPConnectionConfiguration.subprotocol
        if status == 101, subprotocol == wanted {
            return .pass("csms.websocket", "WebSocket upgrade", "101 Switching Protocols, \(wanted)")
        }
        if status == 101 {
            return .fail(
                "csms.websocket",
                "WebSocket upgrade",
                "the CSMS did not agree to \(wanted) (subprotocol \(subprotocol ?? "none"))",
                hint: "the CSMS must support OCPP 2.0.1 on this URL"
            )
        }
        if status == 401 || status == 403 {
            return .warn(
                "csms.websocket",
                "WebSocket upgrade",
                "HTTP \(status) without credentials (the probe sends no password)",
                hint: "expected with basic auth; if the station cannot log in, check csms.password"
            )
        }
        return .fail(
            "csms.websocket",
            "WebSocket upgrade",
            "HTTP \(status) for \(endpoint.requestPath(stationId: stationId))",
            hint: "check the path in csms.url and that the CSMS knows station \(stationId)"
        )
    }

    private func skip(_ id: String, _ title: String) -> DiagnosticCheck {
        .fail(id, title, "not tried: an earlier step failed", hint: "fix the first failing CSMS check")
    }

    private func skipped(after id: String, secure: Bool) -> [DiagnosticCheck] {
        var rest: [DiagnosticCheck] = []
        if id == "csms.dns" { rest.append(skip("csms.tcp", "CSMS port open")) }
        if secure { rest.append(skip("csms.tls", "TLS handshake")) }
        rest.append(skip("csms.websocket", "WebSocket upgrade"))
        return rest
    }
}
