import OCPP
import OCPPRPC
import Testing

/// One malformed or schema-breaking frame and the CALLERROR that must answer it.
struct MalformedCase: Sendable, CustomTestStringConvertible {
    let name: String
    let frame: String
    let replyId: String
    let code: RPCErrorCode
    /// A piece of text the description must contain (usually the offending path).
    let mentions: String?

    init(_ name: String, _ frame: String, _ replyId: String, _ code: RPCErrorCode, mentions: String? = nil) {
        self.name = name
        self.frame = frame
        self.replyId = replyId
        self.code = code
        self.mentions = mentions
    }

    var testDescription: String { name }
}

private struct Boom: Error {}

@Suite("CALLERROR mapping", .timeLimit(.minutes(1)))
struct RPCErrorMappingTests {
    static let cases: [MalformedCase] = [
        MalformedCase("not JSON (truncated)", #"[2,"abc""#, "-1", .rpcFrameworkError),
        MalformedCase("a JSON object instead of an array", #"{"messageTypeId":2,"id":"m1"}"#, "-1", .rpcFrameworkError),
        MalformedCase("message id is a number", #"[2,17,"Heartbeat",{}]"#, "-1", .rpcFrameworkError),
        MalformedCase(
            "message id longer than 36 characters",
            #"[2,"\#(String(repeating: "a", count: 37))","Heartbeat",{}]"#,
            "-1",
            .rpcFrameworkError
        ),
        MalformedCase("message type 5", #"[5,"m1","Heartbeat",{}]"#, "m1", .messageTypeNotSupported),
        MalformedCase("CALL with three elements", #"[2,"m1","Heartbeat"]"#, "m1", .rpcFrameworkError),
        MalformedCase("action is not a string", #"[2,"m1",7,{}]"#, "m1", .rpcFrameworkError),
        MalformedCase("unknown action", #"[2,"m1","FooBar",{}]"#, "m1", .notImplemented),
        MalformedCase(
            "wrong JSON type (evse.id is a string)",
            #"[2,"m1","ChangeAvailability",{"operationalStatus":"Inoperative","evse":{"id":"1"}}]"#,
            "m1",
            .typeConstraintViolation,
            mentions: "evse.id"
        ),
        MalformedCase(
            "missing required field",
            #"[2,"m1","ChangeAvailability",{"evse":{"id":1}}]"#,
            "m1",
            .occurrenceConstraintViolation,
            mentions: "operationalStatus"
        ),
        MalformedCase(
            "bad enum value",
            #"[2,"m1","ChangeAvailability",{"operationalStatus":"Sideways"}]"#,
            "m1",
            .propertyConstraintViolation,
            mentions: "operationalStatus"
        ),
        MalformedCase(
            "string over maxLength (component name of 51 characters, max 50)",
            #"[2,"m1","GetVariables",{"getVariableData":[{"component":{"name":"\#(String(repeating: "C", count: 51))"},"variable":{"name":"Enabled"}}]}]"#,
            "m1",
            .propertyConstraintViolation,
            mentions: "getVariableData[0].component.name"
        ),
        MalformedCase(
            "empty array under minItems",
            #"[2,"m1","GetVariables",{"getVariableData":[]}]"#,
            "m1",
            .occurrenceConstraintViolation,
            mentions: "getVariableData"
        ),
        MalformedCase(
            "unknown property",
            #"[2,"m1","ChangeAvailability",{"operationalStatus":"Operative","colour":"red"}]"#,
            "m1",
            .formatViolation,
            mentions: "colour"
        ),
        MalformedCase("payload is not an object", #"[2,"m1","Heartbeat",[]]"#, "m1", .formatViolation),
    ]

    @Test("a malformed or schema-breaking CALL is answered with the mapped CALLERROR", arguments: cases)
    func mapping(_ malformed: MalformedCase) async throws {
        try await withHarness { h in
            h.session.register(ChangeAvailabilityRequest.self) { _, _ in throw Boom() }
            h.session.register(GetVariablesRequest.self) { _, _ in throw Boom() }
            try await h.peerSends(malformed.frame)
            let reply = try await h.nextFrame()
            expectCallError(reply, id: malformed.replyId, code: malformed.code)
            if let mentions = malformed.mentions {
                let description = reply.arrayValue?[3].stringValue ?? ""
                #expect(description.contains(mentions), "description: \(description)")
            }
        }
    }

    @Test("an unreadable message id is answered exactly [4,\"-1\",\"RpcFrameworkError\",…,{}]")
    func exactReplyForNumericId() async throws {
        try await withHarness { h in
            try await h.peerSends(#"[2,17,"Heartbeat",{}]"#)
            let text = try #require(await h.peer.nextMessage())
            #expect(text.hasPrefix(#"[4,"-1","RpcFrameworkError",""#))
            #expect(text.hasSuffix(#"",{}]"#))
        }
    }

    @Test(
        "a malformed CALLRESULT or CALLERROR is logged and dropped, never answered",
        arguments: [
            #"[3,"x1",[]]"#, #"[3,"x1"]"#, #"[4,"x1",5,"d",{}]"#, #"[4,"x1","GenericError","d"]"#, #"[3,99,{}]"#,
        ]
    )
    func malformedResultsNotAnswered(_ frame: String) async throws {
        try await withHarness { h in
            try await h.peerSends(frame)
            try await h.peerSends(#"[2,"probe","FooBar",{}]"#)
            expectCallError(try await h.nextFrame(), id: "probe", code: .notImplemented)
            #expect(h.peer.pendingMessageCount == 0)
        }
    }
}
