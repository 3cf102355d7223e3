import Foundation
import Testing

@testable import OCPPWebSocket

/// Security profiles 1–3 (OCPP 2.0.1 Part 2 A00) against a real TLS / Basic-auth peer on loopback.
@Suite("Security profiles (OCTT TC_A_*)")
struct SecurityProfileTests {
    static let stationId = "CS-SEC-01"
    static let password: OCPPPassword = "0123456789abcdefPassword"
    static let expectedAuthorization =
        "Basic " + Data("\(stationId):\(password.revealed)".utf8).base64EncodedString()

    @Test("TC_A_01_CS profile 1: Basic authentication with a valid password is accepted")
    func TC_A_01_CS() async throws {
        try await withPeer(["--basic-auth", "\(Self.stationId):\(Self.password.revealed)"]) { peer in
            let config = loopbackConfiguration(
                port: peer.port,
                stationId: Self.stationId,
                profile: .basicAuth(password: Self.password)
            )
            let transport = try makeTransport(config)
            try await withRunningTransport(transport) { recorder in
                try await recorder.waitForConnected()
                let request = try await peer.waitForEvent("request")
                #expect(request["authorization"].string == Self.expectedAuthorization)
                #expect(request["path"].string == "/ocpp/\(Self.stationId)")
            }
        }
    }

    @Test("profile 1: a wrong password gets HTTP 401; the disconnect says authentication was refused")
    func basicAuthWrongPasswordRefused() async throws {
        try await withPeer(["--basic-auth", "\(Self.stationId):the-right-one-1234"]) { peer in
            let config = loopbackConfiguration(
                port: peer.port,
                stationId: Self.stationId,
                profile: .basicAuth(password: Self.password)
            )
            let transport = try makeTransport(config)
            try await withRunningTransport(transport) { recorder in
                let reason = try await recorder.waitForDisconnect()
                #expect(reason.contains("authentication refused"))
                #expect(reason.contains("401"))
                #expect(!reason.contains(Self.password.revealed))
                try await peer.waitForEvent("rejected") { $0["status"].int == 401 }
                #expect(recorder.connectedCount == 0)
            }
        }
    }

    @Test("TC_A_04_CS profile 2: a valid server certificate for the host name connects over TLS")
    func TC_A_04_CS() async throws {
        try await withPKI { pki in
            let peerArguments = [
                "--tls", pki.path("server.pem"), pki.path("server.key"),
                "--basic-auth", "\(Self.stationId):\(Self.password.revealed)",
            ]
            try await withPeer(peerArguments) { peer in
                let config = loopbackConfiguration(
                    scheme: "wss",
                    host: "localhost",
                    port: peer.port,
                    stationId: Self.stationId,
                    profile: .tlsWithBasicAuth(password: Self.password),
                    trustRoots: .pemFiles([pki.path("ca.pem")])
                )
                let transport = try makeTransport(config)
                try await withRunningTransport(transport) { recorder in
                    try await recorder.waitForConnected()
                    let request = try await peer.waitForEvent("request")
                    #expect(request["authorization"].string == Self.expectedAuthorization)
                    #expect(request["host"].string == "localhost:\(peer.port)")
                }
            }
        }
    }

    @Test("TC_A_04_CS profile 2 by IP address: the certificate's IP SAN is verified (no SNI)")
    func TC_A_04_CS_ipAddress() async throws {
        try await withPKI { pki in
            try await withPeer(["--tls", pki.path("server.pem"), pki.path("server.key")]) { peer in
                let config = loopbackConfiguration(
                    scheme: "wss",
                    port: peer.port,
                    profile: .tlsWithBasicAuth(password: Self.password),
                    trustRoots: .pemFiles([pki.path("ca.pem")])
                )
                let transport = try makeTransport(config)
                try await withRunningTransport(transport) { recorder in
                    try await recorder.waitForConnected()
                }
            }
        }
    }

    @Test(
        "TC_A_05_CS profile 2: an invalid server certificate is refused",
        arguments: ["wronghost", "untrusted"]
    )
    func TC_A_05_CS(certificate: String) async throws {
        try await withPKI { pki in
            try await withPeer(["--tls", pki.path("\(certificate).pem"), pki.path("\(certificate).key")]) { peer in
                let config = loopbackConfiguration(
                    scheme: "wss",
                    host: "localhost",
                    port: peer.port,
                    profile: .tlsWithBasicAuth(password: Self.password),
                    trustRoots: .pemFiles([pki.path("ca.pem")])
                )
                let transport = try makeTransport(config)
                try await withRunningTransport(transport) { recorder in
                    let reason = try await recorder.waitForDisconnect()
                    #expect(reason.hasPrefix("TLS handshake failed"), "\(reason)")
                    if certificate == "wronghost" { #expect(reason.contains("localhost")) }
                    #expect(recorder.connectedCount == 0)
                    #expect(peer.events("request").isEmpty)
                }
            }
        }
    }

    @Test("TC_A_06_CS profile 2: a server that only speaks TLS 1.1 is refused")
    func TC_A_06_CS() async throws {
        try await withPKI { pki in
            try await withPeer(["--tls", pki.path("server.pem"), pki.path("server.key"), "--tls-max", "1.1"]) { peer in
                let config = loopbackConfiguration(
                    scheme: "wss",
                    host: "localhost",
                    port: peer.port,
                    profile: .tlsWithBasicAuth(password: Self.password),
                    trustRoots: .pemFiles([pki.path("ca.pem")])
                )
                let transport = try makeTransport(config)
                try await withRunningTransport(transport) { recorder in
                    let reason = try await recorder.waitForDisconnect()
                    #expect(reason.hasPrefix("TLS handshake failed"), "\(reason)")
                    #expect(recorder.connectedCount == 0)
                    #expect(peer.events("request").isEmpty)
                }
            }
        }
    }

    @Test("profile 3: the client certificate is presented (peer sees its subject) and no Basic header is sent")
    func profile3ClientCertificate() async throws {
        try await withPKI { pki in
            let peerArguments = [
                "--tls", pki.path("server.pem"), pki.path("server.key"), "--require-client-cert", pki.path("ca.pem"),
            ]
            try await withPeer(peerArguments) { peer in
                let config = loopbackConfiguration(
                    scheme: "wss",
                    host: "localhost",
                    port: peer.port,
                    stationId: "CS-TLS-01",
                    profile: .tlsWithClientCertificate(
                        ClientCertificate(
                            certificateChainPath: pki.path("client.pem"),
                            privateKeyPath: pki.path("client.key")
                        )
                    ),
                    trustRoots: .pemFiles([pki.path("ca.pem")])
                )
                let transport = try makeTransport(config)
                try await withRunningTransport(transport) { recorder in
                    try await recorder.waitForConnected()
                    let request = try await peer.waitForEvent("request")
                    let subject = request["client_subject"].string ?? ""
                    #expect(subject.contains("commonName=CS-TLS-01"), "\(subject)")
                    #expect(request.members["authorization"] == .null)
                }
            }
        }
    }

    @Test("profile 2 against a server requiring a client certificate fails the TLS handshake")
    func clientCertificateRequiredButMissing() async throws {
        try await withPKI { pki in
            let peerArguments = [
                "--tls", pki.path("server.pem"), pki.path("server.key"), "--require-client-cert", pki.path("ca.pem"),
            ]
            try await withPeer(peerArguments) { peer in
                let config = loopbackConfiguration(
                    scheme: "wss",
                    host: "localhost",
                    port: peer.port,
                    profile: .tlsWithBasicAuth(password: Self.password),
                    trustRoots: .pemFiles([pki.path("ca.pem")])
                )
                let transport = try makeTransport(config)
                try await withRunningTransport(transport) { recorder in
                    let reason = try await recorder.waitForDisconnect()
                    #expect(recorder.connectedCount == 0, "\(reason)")
                    #expect(peer.events("connected").isEmpty)
                }
            }
        }
    }
}
