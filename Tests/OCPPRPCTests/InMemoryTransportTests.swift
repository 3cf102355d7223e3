import OCPPRPC
import Testing

@Suite("InMemoryTransport", .timeLimit(.minutes(1)))
struct InMemoryTransportTests {
    @Test("sending while the link is down throws notConnected")
    func sendWhileDown() async throws {
        let (a, b) = InMemoryTransport.pair()
        await #expect(throws: TransportError.notConnected) { try await a.send("x") }
        a.connect()
        a.disconnect(reason: "gone")
        await #expect(throws: TransportError.notConnected) { try await b.send("x") }
        #expect(a.sentMessages.isEmpty && b.sentMessages.isEmpty)
    }

    @Test("both ends see link changes; what one end sends arrives as .message on the other")
    func eventsOnBothEnds() async throws {
        let (a, b) = InMemoryTransport.pair()
        a.connect()
        a.connect()  // already up: no second event
        #expect(a.isConnected && b.isConnected)
        try await a.send("[2,\"1\",\"Heartbeat\",{}]")
        try await b.send("[3,\"1\",{}]")
        b.disconnect(reason: "bye")
        a.close()

        var aEvents: [TransportEvent] = []
        for await event in a.events { aEvents.append(event) }
        var bEvents: [TransportEvent] = []
        for await event in b.events { bEvents.append(event) }
        #expect(
            aEvents == [.connected(subprotocol: "ocpp2.0.1"), .message("[3,\"1\",{}]"), .disconnected(reason: "bye")]
        )
        #expect(
            bEvents == [
                .connected(subprotocol: "ocpp2.0.1"), .message("[2,\"1\",\"Heartbeat\",{}]"),
                .disconnected(reason: "bye"),
            ]
        )
        #expect(a.sentMessages == ["[2,\"1\",\"Heartbeat\",{}]"])
        #expect(!a.isConnected)
    }

    @Test("a raw peer awaits the next text, skipping link changes")
    func rawPeer() async throws {
        let (a, b) = InMemoryTransport.pair(subprotocol: nil)
        let reader = Task { await b.nextMessage() }
        a.connect()
        try await a.send("hello")
        #expect(await reader.value == "hello")
        #expect(b.pendingMessageCount == 0)
        #expect(await a.nextEvent() == .connected(subprotocol: nil))
    }

    @Test("a cancelled reader gets nil; close ends waiting readers")
    func cancellationAndClose() async throws {
        let (a, b) = InMemoryTransport.pair()
        let cancelled = Task { await b.nextMessage() }
        cancelled.cancel()
        #expect(await cancelled.value == nil)
        let waiting = Task { await a.nextMessage() }
        a.close()
        #expect(await waiting.value == nil)
        await #expect(throws: TransportError.notConnected) { try await b.send("x") }
    }
}
