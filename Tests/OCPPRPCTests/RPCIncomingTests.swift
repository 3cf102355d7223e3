import OCPP
import OCPPRPC
import Testing

private struct Boom: Error {}

/// A one-shot signal a handler can wait on.
private struct Gate: Sendable {
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation
    init() { (stream, continuation) = AsyncStream.makeStream(of: Void.self) }
    func open() { continuation.finish() }
    func wait() async { for await _ in stream {} }
}

@Suite("Incoming calls", .timeLimit(.minutes(1)))
struct RPCIncomingTests {
    @Test("an incoming CALL is served while our own CALL waits; its CALLRESULT goes out first")
    func servedWhileOurCallWaits() async throws {
        try await withHarness { h in
            h.session.register(ResetRequest.self) { request, _ in
                #expect(request.type == .onIdle)
                return ResetResponse(status: .scheduled)
            }
            let ours = h.startCall(HeartbeatRequest())
            #expect(try await h.nextFrame() == [2, "c1", "Heartbeat", [:]])
            try await h.peerSends(#"[2,"in1","Reset",{"type":"OnIdle"}]"#)
            #expect(try await h.nextFrame() == [3, "in1", ["status": "Scheduled"]])
            #expect(h.session.inFlightMessageId == "c1")
            try await h.peerSends(#"[3,"c1",\#(heartbeatResultPayload)]"#)
            #expect(try await ours.value.get() == HeartbeatResponse(currentTime: newYear2024))
        }
    }

    @Test("work registered with afterResponse runs only once the answer is on the wire (F06 ordering)")
    func afterResponseFollowsTheAnswer() async throws {
        try await withHarness { h in
            let session = h.session
            h.session.register(TriggerMessageRequest.self) { _, context in
                context.afterResponse {
                    _ = try? await session.call(HeartbeatRequest())
                }
                return TriggerMessageResponse(status: .accepted)
            }
            try await h.peerSends(#"[2,"t1","TriggerMessage",{"requestedMessage":"Heartbeat"}]"#)
            #expect(try await h.nextFrame() == [3, "t1", ["status": "Accepted"]])
            #expect(try await h.nextFrame() == [2, "c1", "Heartbeat", [:]])
            try await h.peerSends(#"[3,"c1",\#(heartbeatResultPayload)]"#)
        }
    }

    @Test("incoming CALLs are served concurrently: each answer goes out as soon as its handler is done")
    func answersGoOutWhenReady() async throws {
        try await withHarness { h in
            let gate = Gate()
            h.session.register(ResetRequest.self) { request, _ in
                if request.type == .immediate { await gate.wait() }
                return ResetResponse(status: request.type == .immediate ? .accepted : .scheduled)
            }
            try await h.peerSends(#"[2,"slow","Reset",{"type":"Immediate"}]"#)
            try await h.peerSends(#"[2,"fast","Reset",{"type":"OnIdle"}]"#)
            #expect(try await h.nextFrame() == [3, "fast", ["status": "Scheduled"]])
            gate.open()
            #expect(try await h.nextFrame() == [3, "slow", ["status": "Accepted"]])
        }
    }

    @Test("a CALL whose id repeats one still being served is served normally")
    func repeatedIdServed() async throws {
        try await withHarness { h in
            let gate = Gate()
            h.session.register(ResetRequest.self) { request, _ in
                if request.type == .immediate { await gate.wait() }
                return ResetResponse(status: .accepted)
            }
            try await h.peerSends(#"[2,"dup","Reset",{"type":"Immediate"}]"#)
            try await h.peerSends(#"[2,"dup","Reset",{"type":"OnIdle"}]"#)
            #expect(try await h.nextFrame() == [3, "dup", ["status": "Accepted"]])
            gate.open()
            #expect(try await h.nextFrame() == [3, "dup", ["status": "Accepted"]])
        }
    }

    @Test("the handler sees the CALL's message id, action and station id")
    func callContext() async throws {
        try await withHarness { h in
            h.session.register(ResetRequest.self) { _, context in
                #expect(context.messageId == "ctx-1")
                #expect(context.action == .reset)
                #expect(context.stationId == "CS-TEST")
                return ResetResponse(status: .accepted)
            }
            try await h.peerSends(#"[2,"ctx-1","Reset",{"type":"Immediate"}]"#)
            #expect(try await h.nextFrame() == [3, "ctx-1", ["status": "Accepted"]])
        }
    }

    @Test("a handler that throws is answered [4,id,\"InternalError\",…,{}]")
    func handlerThrows() async throws {
        try await withHarness { h in
            h.session.register(ResetRequest.self) { _, _ in throw Boom() }
            try await h.peerSends(#"[2,"in1","Reset",{"type":"Immediate"}]"#)
            expectCallError(try await h.nextFrame(), id: "in1", code: .internalError)
        }
    }

    @Test("a handler can choose the CALLERROR code with RPCHandlerError")
    func handlerChoosesCode() async throws {
        try await withHarness { h in
            h.session.register(ResetRequest.self) { _, _ in
                throw RPCHandlerError(
                    code: .notSupported,
                    description: "no reset on this model",
                    details: ["why": "hw"]
                )
            }
            h.session.register(ChangeAvailabilityRequest.self) { _, _ in
                throw RPCHandlerError(code: .securityError, description: "refused")
            }
            try await h.peerSends(#"[2,"in1","Reset",{"type":"Immediate"}]"#)
            #expect(try await h.nextFrame() == [4, "in1", "NotSupported", "no reset on this model", ["why": "hw"]])
            try await h.peerSends(#"[2,"in2","ChangeAvailability",{"operationalStatus":"Operative"}]"#)
            #expect(try await h.nextFrame() == [4, "in2", "SecurityError", "refused", [:]])
        }
    }

    @Test("an over-long error description is cut to 255 characters")
    func longDescriptionCut() async throws {
        try await withHarness { h in
            h.session.register(ResetRequest.self) { _, _ in
                throw RPCHandlerError(code: .genericError, description: String(repeating: "é", count: 400))
            }
            try await h.peerSends(#"[2,"in1","Reset",{"type":"Immediate"}]"#)
            let frame = try await h.nextFrame()
            expectCallError(frame, id: "in1", code: .genericError)
            #expect(frame.arrayValue?[3] == .string(String(repeating: "é", count: 255)))
        }
    }

    @Test("a handler response that breaks its schema is answered InternalError")
    func invalidHandlerResponse() async throws {
        try await withHarness { h in
            h.session.register(ResetRequest.self) { _, _ in
                // StatusInfo.reasonCode has maxLength 20.
                ResetResponse(
                    status: .rejected,
                    statusInfo: StatusInfoType(reasonCode: String(repeating: "r", count: 21))
                )
            }
            try await h.peerSends(#"[2,"in1","Reset",{"type":"Immediate"}]"#)
            expectCallError(try await h.nextFrame(), id: "in1", code: .internalError)
        }
    }

    @Test("OCPP-J 4.3: a known action without a registered handler is answered NotSupported")
    func unregisteredAction() async throws {
        try await withHarness { h in
            try await h.peerSends(#"[2,"in1","Reset",{"type":"Immediate"}]"#)
            expectCallError(try await h.nextFrame(), id: "in1", code: .notSupported)
            h.session.register(ResetRequest.self) { _, _ in ResetResponse(status: .accepted) }
            try await h.peerSends(#"[2,"in2","Reset",{"type":"Immediate"}]"#)
            #expect(try await h.nextFrame() == [3, "in2", ["status": "Accepted"]])
            h.session.unregister(.reset)
            try await h.peerSends(#"[2,"in3","Reset",{"type":"Immediate"}]"#)
            expectCallError(try await h.nextFrame(), id: "in3", code: .notSupported)
        }
    }

    @Test("OCPP-J 4.3: an action OCPP 2.0.1 does not define is answered NotImplemented")
    func unknownAction() async throws {
        try await withHarness { h in
            try await h.peerSends(#"[2,"in1","FooBar",{}]"#)
            expectCallError(try await h.nextFrame(), id: "in1", code: .notImplemented)
        }
    }
}
