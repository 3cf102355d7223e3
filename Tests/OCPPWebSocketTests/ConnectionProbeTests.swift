import OCPPTestSupport
import Testing

@testable import OCPPWebSocket

/// `OCPPConnectionProbe`: one connection over the transport's pipeline, reporting how far it got.
@Suite("Connection probe (chargerctl diag's CSMS checks)")
struct ConnectionProbeTests {
    private func probe(
        _ url: String,
        trustRoots: TrustRoots = .systemDefault,
        timeout: Duration = .seconds(5)
    ) throws -> OCPPConnectionProbe {
        OCPPConnectionProbe(
            endpoint: try CSMSEndpoint(parsing: url),
            stationId: "CS-PROBE-01",
            trustRoots: trustRoots,
            timeout: timeout
        )
    }

    @Test("a CSMS that accepts: 101 with ocpp2.0.1, no credentials sent, closed normally at once")
    func upgradeAccepted() async throws {
        try await withPeer([]) { peer in
            let report = try await probe("ws://127.0.0.1:\(peer.port)/ocpp").run()
            #expect(report.outcome == .upgradeAnswered(status: 101, subprotocol: "ocpp2.0.1"))
            #expect(report.addresses == ["127.0.0.1"])
            let request = try await peer.waitForEvent("request")
            #expect(request["path"].string == "/ocpp/CS-PROBE-01")
            #expect(request.members["authorization"] == .null)
            let closed = try await peer.waitForEvent("closed")
            #expect(closed["code"].int == 1000)
        }
    }

    @Test("the CSMS's own HTTP answer is reported: 401 without the password, 503 from a refusing CSMS")
    func upgradeRefused() async throws {
        try await withPeer(["--basic-auth", "CS-PROBE-01:secret-password-1"]) { peer in
            let report = try await probe("ws://127.0.0.1:\(peer.port)/ocpp").run()
            #expect(report.outcome == .upgradeAnswered(status: 401, subprotocol: nil))
        }
        try await withPeer(["--script", "reject"]) { peer in
            let report = try await probe("ws://127.0.0.1:\(peer.port)/ocpp").run()
            #expect(report.outcome == .upgradeAnswered(status: 503, subprotocol: nil))
        }
    }

    @Test("an upgrade left unanswered is the WebSocket layer's failure, after the timeout")
    func upgradeStalled() async throws {
        try await withPeer(["--script", "stall"]) { peer in
            let report = try await probe("ws://127.0.0.1:\(peer.port)/ocpp", timeout: .milliseconds(500)).run()
            guard case .upgradeNotAnswered(let reason) = report.outcome else {
                Issue.record("\(report.outcome)")
                return
            }
            #expect(reason.contains("no answer to the upgrade request"))
        }
    }

    @Test("stopAfterTCP connects and leaves: no upgrade request reaches the CSMS")
    func stopAfterTCP() async throws {
        try await withPeer([]) { peer in
            let report = try await probe("ws://127.0.0.1:\(peer.port)/ocpp").run(stopAfterTCP: true)
            #expect(report.outcome == .connected)
            try await Task.sleep(for: .milliseconds(200))
            #expect(peer.events("request").isEmpty)
        }
    }

    @Test("nothing listening is a TCP failure; a name that does not resolve is a DNS failure")
    func earlyLayers() async throws {
        let refused = try await probe("ws://127.0.0.1:9/ocpp").run()
        guard case .connectFailed = refused.outcome else {
            Issue.record("\(refused.outcome)")
            return
        }
        let unknown = try await probe("ws://no-such-host.invalid/ocpp").run()
        guard case .nameNotResolved = unknown.outcome else {
            Issue.record("\(unknown.outcome)")
            return
        }
        #expect(unknown.addresses.isEmpty)
    }

    @Test("TLS on the transport's context: trusted passes, a rogue CA fails TLS, a missing file fails setup")
    func tls() async throws {
        try await withPKI { pki in
            try await withPeer(["--tls", pki.path("server.pem"), pki.path("server.key")]) { peer in
                let url = "wss://localhost:\(peer.port)/ocpp"
                let trusted = try await probe(url, trustRoots: .pemFiles([pki.path("ca.pem")])).run()
                #expect(trusted.outcome == .upgradeAnswered(status: 101, subprotocol: "ocpp2.0.1"))

                let rogue = try await probe(url, trustRoots: .pemFiles([pki.path("rogue-ca.pem")])).run()
                guard case .tlsFailed = rogue.outcome else {
                    Issue.record("\(rogue.outcome)")
                    return
                }
                let missing = try await probe(url, trustRoots: .pemFiles([pki.path("absent.pem")])).run()
                #expect(missing.outcome == .tlsSetupFailed(.fileNotReadable(path: pki.path("absent.pem"))))
                // Only the trusted probe got as far as an upgrade request.
                #expect(peer.events("request").count == 1)
            }
        }
    }
}
