import Logging
import OCPP
import OCPPRPC
import OCPPTestSupport
import Testing

private let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

@Suite("Outgoing calls", .timeLimit(.minutes(1)))
struct RPCCallTests {
    @Test("a call goes out as [2,id,action,payload] and its CALLRESULT is decoded")
    func callRoundTrip() async throws {
        try await withHarness { h in
            let call = h.startCall(HeartbeatRequest())
            #expect(try await h.nextFrame() == [2, "c1", "Heartbeat", [:]])
            try await h.peerSends(#"[3,"c1",\#(heartbeatResultPayload)]"#)
            #expect(try await call.value.get() == HeartbeatResponse(currentTime: newYear2024))
            #expect(h.session.inFlightMessageId == nil)
        }
    }

    @Test("default message ids are unique and at most 36 characters")
    func defaultMessageIds() async throws {
        let (transport, peer) = InMemoryTransport.pair()
        let session = RPCSession(
            transport: transport,
            configuration: .init(stationId: "CS"),
            clock: ManualClock(),
            logger: quiet
        )
        var seen: Set<String> = []
        for _ in 0..<3 {
            let id = session.configuration.makeMessageId()
            #expect(id.count <= 36 && !id.isEmpty)
            seen.insert(id)
        }
        #expect(seen.count == 3)
        _ = peer
    }

    @Test("three concurrent calls: one CALL on the wire at a time, in submission order")
    func oneCallInFlight() async throws {
        try await withHarness { h in
            let first = h.startCall(authorize("A"))
            let frame1 = try await h.nextFrame()
            #expect(frame1 == [2, "c1", "Authorize", ["idToken": ["idToken": "A", "type": "Central"]]])
            let second = h.startCall(authorize("B"))
            await waitUntil("second call queued") { h.session.queuedCallCount == 1 }
            let third = h.startCall(authorize("C"))
            await waitUntil("third call queued") { h.session.queuedCallCount == 2 }
            #expect(h.peer.pendingMessageCount == 0)

            try await h.peerSends(#"[3,"c1",{"idTokenInfo":{"status":"Accepted"}}]"#)
            #expect(try await first.value.get().idTokenInfo.status == .accepted)
            let frame2 = try await h.nextFrame()
            #expect(frame2 == [2, "c2", "Authorize", ["idToken": ["idToken": "B", "type": "Central"]]])
            #expect(h.session.queuedCallCount == 1)
            #expect(h.peer.pendingMessageCount == 0)

            try await h.peerSends(#"[3,"c2",{"idTokenInfo":{"status":"Blocked"}}]"#)
            #expect(try await second.value.get().idTokenInfo.status == .blocked)
            let frame3 = try await h.nextFrame()
            #expect(frame3 == [2, "c3", "Authorize", ["idToken": ["idToken": "C", "type": "Central"]]])
            try await h.peerSends(#"[3,"c3",{"idTokenInfo":{"status":"Invalid"}}]"#)
            #expect(try await third.value.get().idTokenInfo.status == .invalid)
            #expect(h.session.queuedCallCount == 0)
            #expect(h.peer.pendingMessageCount == 0)
        }
    }

    @Test("a CALLRESULT with an unknown id is dropped and the real one still resolves the call")
    func unknownResultIdDropped() async throws {
        try await withHarness { h in
            let call = h.startCall(HeartbeatRequest())
            _ = try await h.nextFrame()
            try await h.peerSends(#"[3,"not-ours",{"currentTime":"2030-01-01T00:00:00Z"}]"#)
            try await h.peerSends(#"[4,"also-not-ours","InternalError","x",{}]"#)
            try await h.peerSends(#"[3,"c1",\#(heartbeatResultPayload)]"#)
            #expect(try await call.value.get() == HeartbeatResponse(currentTime: newYear2024))
            // Nothing was answered to the stray results.
            #expect(h.peer.pendingMessageCount == 0)
        }
    }

    @Test("a CALLERROR is matched by id and surfaces code, description and details")
    func callErrorMatched() async throws {
        try await withHarness { h in
            let call = h.startCall(HeartbeatRequest())
            _ = try await h.nextFrame()
            try await h.peerSends(#"[4,"c1","NotSupported","no heartbeats here",{"hint":"none"}]"#)
            #expect(
                await call.value
                    == .failure(
                        .callError(code: .notSupported, description: "no heartbeats here", details: ["hint": "none"])
                    )
            )
        }
    }

    @Test(
        "a received CALLERROR with the old spelling OccurenceConstraintViolation maps to occurrenceConstraintViolation"
    )
    func oldSpellingAccepted() async throws {
        try await withHarness { h in
            let call = h.startCall(HeartbeatRequest())
            _ = try await h.nextFrame()
            try await h.peerSends(#"[4,"c1","OccurenceConstraintViolation","currentTime missing",{}]"#)
            #expect(
                await call.value
                    == .failure(
                        .callError(
                            code: .occurrenceConstraintViolation,
                            description: "currentTime missing",
                            details: [:]
                        )
                    )
            )
        }
    }

    @Test("a CALLRESULT that breaks the response schema fails with invalidResponse")
    func invalidResponse() async throws {
        try await withHarness { h in
            let call = h.startCall(HeartbeatRequest())
            _ = try await h.nextFrame()
            try await h.peerSends(#"[3,"c1",{}]"#)
            guard case .failure(.invalidResponse(let error)) = await call.value else {
                Issue.record("expected invalidResponse")
                return
            }
            #expect(error.code == .occurrenceConstraintViolation)
            #expect(error.path == "currentTime")
        }
    }

    @Test("a malformed CALLRESULT for our CALL is not answered and fails the call with invalidResponse")
    func malformedResultForOurCall() async throws {
        try await withHarness { h in
            let call = h.startCall(HeartbeatRequest())
            _ = try await h.nextFrame()
            try await h.peerSends(#"[3,"c1",[]]"#)
            guard case .failure(.invalidResponse(let error)) = await call.value else {
                Issue.record("expected invalidResponse")
                return
            }
            #expect(error.code == .formatViolation)
            // No CALLERROR went back: the next frame is the answer to a later CALL.
            try await h.peerSends(#"[2,"p1","FooBar",{}]"#)
            expectCallError(try await h.nextFrame(), id: "p1", code: .notImplemented)
        }
    }

    @Test("a request that breaks its schema is refused with invalidRequest and never sent")
    func invalidRequestNotSent() async throws {
        try await withHarness { h in
            let tooLong = String(repeating: "x", count: 37)  // IdToken.idToken has maxLength 36
            let result = await h.startCall(authorize(tooLong)).value
            guard case .failure(.invalidRequest(let error)) = result else {
                Issue.record("expected invalidRequest, got \(result)")
                return
            }
            #expect(error.code == .propertyConstraintViolation)
            #expect(error.path == "idToken.idToken")
            #expect(h.transport.sentMessages.isEmpty)
            // The refused call did not take the slot: the next call goes straight out.
            let call = h.startCall(HeartbeatRequest())
            #expect(try await h.nextFrame() == [2, "c1", "Heartbeat", [:]])
            try await h.peerSends(#"[3,"c1",\#(heartbeatResultPayload)]"#)
            _ = try await call.value.get()
        }
    }

    @Test(
        "timeout: the clock passing the default timeout fails the call, the next one goes out, a late result is dropped"
    )
    func timeout() async throws {
        try await withHarness(callTimeout: .seconds(30)) { h in
            let first = h.startCall(HeartbeatRequest())
            _ = try await h.nextFrame()
            let second = h.startCall(authorize("B"))
            await waitUntil("second call queued") { h.session.queuedCallCount == 1 }
            await h.clock.waitForSleepers(count: 1)
            #expect(h.clock.requestedSleeps == [.seconds(30)])
            h.clock.advance(by: .seconds(29))
            #expect(h.peer.pendingMessageCount == 0)
            h.clock.advance(by: .seconds(1))
            #expect(await first.value == .failure(.timeout))

            #expect(
                try await h.nextFrame() == [2, "c2", "Authorize", ["idToken": ["idToken": "B", "type": "Central"]]]
            )
            try await h.peerSends(#"[3,"c1",\#(heartbeatResultPayload)]"#)  // late: dropped
            try await h.peerSends(#"[3,"c2",{"idTokenInfo":{"status":"Accepted"}}]"#)
            #expect(try await second.value.get().idTokenInfo.status == .accepted)
            #expect(h.peer.pendingMessageCount == 0)
        }
    }

    @Test("a per-call timeout overrides the configured one")
    func perCallTimeout() async throws {
        try await withHarness(callTimeout: .seconds(30)) { h in
            let call = h.startCall(HeartbeatRequest(), timeout: .seconds(5))
            _ = try await h.nextFrame()
            await h.clock.waitForSleepers(count: 1)
            #expect(h.clock.requestedSleeps == [.seconds(5)])
            h.clock.advance(by: .seconds(5))
            #expect(await call.value == .failure(.timeout))
        }
    }

    @Test("an answered call stops its timer")
    func answeredCallStopsTimer() async throws {
        try await withHarness { h in
            let call = h.startCall(HeartbeatRequest())
            _ = try await h.nextFrame()
            await h.clock.waitForSleepers(count: 1)
            try await h.peerSends(#"[3,"c1",\#(heartbeatResultPayload)]"#)
            _ = try await call.value.get()
            await waitUntil("timer cancelled") { h.clock.sleeperCount == 0 }
        }
    }

    @Test("a disconnect fails the call in flight and the queued ones; after reconnecting, calls work again")
    func disconnectAndReconnect() async throws {
        try await withHarness { h in
            var events = h.session.events.makeAsyncIterator()
            #expect(await events.next() == .connected(subprotocol: "ocpp2.0.1"))
            let first = h.startCall(HeartbeatRequest())
            _ = try await h.nextFrame()
            let second = h.startCall(HeartbeatRequest())
            let third = h.startCall(HeartbeatRequest())
            await waitUntil("two calls queued") { h.session.queuedCallCount == 2 }

            h.transport.disconnect(reason: "cable cut")
            #expect(await first.value == .failure(.disconnected))
            #expect(await second.value == .failure(.disconnected))
            #expect(await third.value == .failure(.disconnected))
            #expect(await events.next() == .disconnected(reason: "cable cut"))
            #expect(!h.session.isConnected)

            #expect(await h.startCall(HeartbeatRequest()).value == .failure(.notConnected))

            h.transport.connect()
            #expect(await events.next() == .connected(subprotocol: "ocpp2.0.1"))
            #expect(h.session.isConnected)
            let again = h.startCall(HeartbeatRequest())
            #expect(try await h.nextFrame() == [2, "c3", "Heartbeat", [:]])
            try await h.peerSends(#"[3,"c3",\#(heartbeatResultPayload)]"#)
            #expect(try await again.value.get() == HeartbeatResponse(currentTime: newYear2024))
        }
    }

    @Test("cancelling a queued call takes it out of the queue; the others are unaffected")
    func cancelQueuedCall() async throws {
        try await withHarness { h in
            let first = h.startCall(HeartbeatRequest())
            _ = try await h.nextFrame()
            let second = h.startCall(authorize("B"))
            await waitUntil("second queued") { h.session.queuedCallCount == 1 }
            let third = h.startCall(authorize("C"))
            await waitUntil("third queued") { h.session.queuedCallCount == 2 }
            second.cancel()
            #expect(await second.value == .failure(.cancelled))
            #expect(h.session.queuedCallCount == 1)

            try await h.peerSends(#"[3,"c1",\#(heartbeatResultPayload)]"#)
            _ = try await first.value.get()
            #expect(
                try await h.nextFrame() == [2, "c2", "Authorize", ["idToken": ["idToken": "C", "type": "Central"]]]
            )
            try await h.peerSends(#"[3,"c2",{"idTokenInfo":{"status":"Accepted"}}]"#)
            _ = try await third.value.get()
        }
    }

    @Test("cancelling the call in flight fails it, lets the next call go, and drops its late result")
    func cancelInFlightCall() async throws {
        try await withHarness { h in
            let first = h.startCall(HeartbeatRequest())
            _ = try await h.nextFrame()
            let second = h.startCall(HeartbeatRequest())
            await waitUntil("second queued") { h.session.queuedCallCount == 1 }
            first.cancel()
            #expect(await first.value == .failure(.cancelled))
            #expect(try await h.nextFrame() == [2, "c2", "Heartbeat", [:]])
            try await h.peerSends(#"[3,"c1",{"currentTime":"2030-01-01T00:00:00Z"}]"#)
            try await h.peerSends(#"[3,"c2",\#(heartbeatResultPayload)]"#)
            #expect(try await second.value.get() == HeartbeatResponse(currentTime: newYear2024))
        }
    }

    @Test("when the transport ends, run() returns, waiting calls fail, later calls fail and events finish")
    func transportEnds() async throws {
        let (transport, peer) = InMemoryTransport.pair()
        let session = RPCSession(
            transport: transport,
            configuration: .init(stationId: "CS"),
            clock: ManualClock(),
            logger: quiet
        )
        transport.connect()
        let runner = Task { await session.run() }
        let call = Task { () async -> Result<HeartbeatResponse, RPCCallError> in
            do throws(RPCCallError) {
                return .success(try await session.call(HeartbeatRequest()))
            } catch {
                return .failure(error)
            }
        }
        _ = await peer.nextMessage()
        transport.close()
        await runner.value
        #expect(await call.value == .failure(.disconnected))
        await #expect(throws: RPCCallError.notConnected) { try await session.call(HeartbeatRequest()) }
        var events: [RPCSessionEvent] = []
        for await event in session.events { events.append(event) }
        #expect(events == [.connected(subprotocol: "ocpp2.0.1")])
    }

    @Test("cancelling run() stops the session")
    func cancelRun() async throws {
        let (transport, _) = InMemoryTransport.pair()
        let session = RPCSession(
            transport: transport,
            configuration: .init(stationId: "CS"),
            clock: ManualClock(),
            logger: quiet
        )
        let runner = Task { await session.run() }
        runner.cancel()
        await runner.value
        await #expect(throws: RPCCallError.notConnected) { try await session.call(HeartbeatRequest()) }
    }
}
