import OCPPRPC
import OCPPTestSupport
import Testing

@testable import OCPPWebSocket

/// Profile 0 against a real `websockets` server on loopback: handshake, subprotocol, frames, close.
@Suite("WebSocket link (OCPP 2.0.1 Part 4)")
struct ConnectionTests {
    @Test("ocpp2.0.1 negotiated: connected, messages both ways, station id percent-encoded in the path")
    func subprotocolNegotiatedAndMessagesFlow() async throws {
        try await withPeer(["--echo"]) { peer in
            let config = loopbackConfiguration(port: peer.port, path: "/ocpp/", stationId: "CS 01/Süd")
            let transport = try makeTransport(config)
            try await withRunningTransport(transport) { recorder in
                try await recorder.waitForConnected()
                #expect(recorder.events.first == .connected(subprotocol: "ocpp2.0.1"))
                #expect(transport.isConnected)

                let call = #"[2,"19223201","Heartbeat",{}]"#
                try await transport.send(call)
                try await peer.waitForEvent("message") { $0["text"].string == call }
                try await recorder.waitForMessage(call)

                let request = try await peer.waitForEvent("request")
                #expect(request["path"].string == "/ocpp/CS%2001%2FS%C3%BCd")
                #expect(request["subprotocols"] == .array([.string("ocpp2.0.1")]))
                #expect(request.members["authorization"] == .null)
                #expect(request["host"].string == "127.0.0.1:\(peer.port)")
            }
        }
    }

    @Test("send throws notConnected while the link is down")
    func sendWhileDownThrows() async throws {
        let config = loopbackConfiguration(port: 9)
        let transport = try makeTransport(config)
        await #expect(throws: TransportError.notConnected) { try await transport.send("[]") }
        transport.shutdown()
        await transport.run()  // returns at once after shutdown
        var iterator = transport.events.makeAsyncIterator()
        #expect(await iterator.next() == nil)
    }

    @Test(
        "CSMS refuses the subprotocol: no connected, disconnect names the subprotocol, closed with 1002",
        arguments: ["none", "other"]
    )
    func subprotocolRefused(mode: String) async throws {
        try await withPeer(["--subprotocol", mode]) { peer in
            let transport = try makeTransport(loopbackConfiguration(port: peer.port))
            try await withRunningTransport(transport) { recorder in
                let reason = try await recorder.waitForDisconnect()
                #expect(reason.contains("subprotocol ocpp2.0.1"))
                #expect(reason.contains(mode == "none" ? "none" : "'ocpp1.6'"))
                let closed = try await peer.waitForEvent("closed")
                #expect(closed["code"].int == 1002)
                // It keeps retrying with back-off, and never reports a link.
                try await peer.waitForEvent("request", count: 2)
                #expect(recorder.connectedCount == 0)
            }
        }
    }

    @Test("binary frames are ignored; text keeps flowing")
    func binaryFramesIgnored() async throws {
        try await withPeer(["--send-binary", "--echo"]) { peer in
            let transport = try makeTransport(loopbackConfiguration(port: peer.port))
            try await withRunningTransport(transport) { recorder in
                try await recorder.waitForConnected()
                try await transport.send("after-binary")
                try await recorder.waitForMessage("after-binary")
                #expect(recorder.messages == ["after-binary"])
            }
        }
    }

    @Test("the peer's ping is answered with a pong")
    func peerPingAnswered() async throws {
        try await withPeer(["--ping-client"]) { peer in
            let transport = try makeTransport(loopbackConfiguration(port: peer.port))
            try await withRunningTransport(transport) { recorder in
                try await recorder.waitForConnected()
                try await peer.waitForEvent("pong")
            }
        }
    }

    @Test("a close from the CSMS is answered, reported, and followed by a reconnect")
    func serverCloseAnsweredAndReconnects() async throws {
        try await withPeer(["--script", "close"]) { peer in
            let transport = try makeTransport(loopbackConfiguration(port: peer.port))
            try await withRunningTransport(transport) { recorder in
                let reason = try await recorder.waitForDisconnect()
                #expect(reason.contains("closed by CSMS (code 1000"))
                let closed = try await peer.waitForEvent("closed")
                #expect(closed["code"].int == 1000)
                try await recorder.waitForConnected(count: 2)
                #expect(
                    recorder.events.prefix(3) == [
                        .connected(subprotocol: "ocpp2.0.1"), .disconnected(reason: reason),
                        .connected(subprotocol: "ocpp2.0.1"),
                    ]
                )
            }
        }
    }

    @Test("shutdown closes the link with 1001 and finishes the event stream")
    func shutdownClosesGracefully() async throws {
        try await withPeer([]) { peer in
            let transport = try makeTransport(loopbackConfiguration(port: peer.port))
            let recorder = try await withRunningTransport(transport) { recorder in
                try await recorder.waitForConnected()
                return recorder
            }
            #expect(recorder.events.last == .disconnected(reason: "transport shut down"))
            let closed = try await peer.waitForEvent("closed")
            #expect(closed["code"].int == 1001)
            await #expect(throws: TransportError.notConnected) { try await transport.send("[]") }
        }
    }

    @Test("cancelling run() ends the link and finishes the event stream")
    func cancellingRunStops() async throws {
        try await withPeer([]) { peer in
            let transport = try makeTransport(loopbackConfiguration(port: peer.port))
            let recorder = EventRecorder()
            let recording = Task { await recorder.record(transport.events) }
            let running = Task { await transport.run() }
            try await recorder.waitForConnected()
            running.cancel()
            try await withDeadline("run() to return") { await running.value }
            try await withDeadline("events to finish") { await recording.value }
            #expect(recorder.events.last == .disconnected(reason: "transport shut down"))
            try await peer.waitForEvent("closed")
        }
    }

    @Test("an incoming message larger than maxFrameSize drops the link (close 1009) and reconnects")
    func oversizedMessageDropsLink() async throws {
        try await withPeer(["--echo"]) { peer in
            var config = loopbackConfiguration(port: peer.port)
            config.maxFrameSize = 1024
            let transport = try makeTransport(config)
            try await withRunningTransport(transport) { recorder in
                try await recorder.waitForConnected()
                try await transport.send(String(repeating: "x", count: 2000))
                let reason = try await recorder.waitForDisconnect()
                #expect(reason == "CSMS sent a message larger than maxFrameSize; closed with code 1009")
                let closed = try await peer.waitForEvent("closed")
                #expect(closed["code"].int == 1009)
                try await recorder.waitForConnected(count: 2)
                #expect(recorder.messages.isEmpty)
            }
        }
    }

    @Test("a CSMS that never answers the upgrade is dropped after connectTimeout, then retried")
    func handshakeTimeout() async throws {
        try await withPeer(["--script", "stall"]) { peer in
            var config = loopbackConfiguration(port: peer.port)
            config.connectTimeout = .milliseconds(300)
            let transport = try makeTransport(config)
            try await withRunningTransport(transport) { recorder in
                let reason = try await recorder.waitForDisconnect()
                #expect(reason == "handshake timed out after 0.3 seconds")
                try await peer.waitForEvent("stalled")
                try await recorder.waitForConnected()
            }
        }
    }
}
