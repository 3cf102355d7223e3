import OCPP
import Testing

/// The OCPP-J frame layer (Part 4 §4): shapes, and the CALLERROR each malformed frame earns.
@Suite struct FrameCodecTests {
    @Test func encodesTheThreeFrameShapes() {
        #expect(
            OCPPFrame.call(messageId: "19223201", action: "Heartbeat", payload: [:]).encoded()
                == #"[2,"19223201","Heartbeat",{}]"#
        )
        #expect(
            OCPPFrame.callResult(messageId: "19223201", payload: ["currentTime": "2025-11-25T07:39:04Z"]).encoded()
                == #"[3,"19223201",{"currentTime":"2025-11-25T07:39:04Z"}]"#
        )
        #expect(
            OCPPFrame.error(messageId: "1", code: .occurrenceConstraintViolation, description: "missing").encoded()
                == #"[4,"1","OccurrenceConstraintViolation","missing",{}]"#
        )
    }

    @Test func decodesTheThreeFrameShapes() throws {
        #expect(
            try OCPPFrame.decode(#"[2, "a1", "Heartbeat", {}]"#)
                == .call(messageId: "a1", action: "Heartbeat", payload: [:])
        )
        #expect(try OCPPFrame.decode(#"[3,"a1",{"x":1}]"#) == .callResult(messageId: "a1", payload: ["x": 1]))
        #expect(
            try OCPPFrame.decode(#"[4,"a1","NotSupported","no",{}]"#)
                == .callError(messageId: "a1", code: .notSupported, description: "no", details: [:])
        )
    }

    @Test func acceptsTheOldOccurrenceSpelling() throws {
        #expect(
            try OCPPFrame.decode(#"[4,"a1","OccurenceConstraintViolation","",{}]"#)
                == .callError(messageId: "a1", code: .occurrenceConstraintViolation, description: "", details: [:])
        )
        #expect(RPCErrorCode(wireValue: "OccurenceConstraintViolation") == .occurrenceConstraintViolation)
        #expect(RPCErrorCode.occurrenceConstraintViolation.rawValue == "OccurrenceConstraintViolation")
    }

    @Test func keepsAnUnknownErrorCodeAsGenericError() throws {
        #expect(
            try OCPPFrame.decode(#"[4,"a1","Teapot","short and stout",{}]"#)
                == .callError(
                    messageId: "a1",
                    code: .genericError,
                    description: "Teapot: short and stout",
                    details: [:]
                )
        )
    }

    @Test(arguments: [
        (#"[2,"abc""#, "-1", RPCErrorCode.rpcFrameworkError),
        (#"{"id":"abc"}"#, "-1", .rpcFrameworkError),
        ("not json", "-1", .rpcFrameworkError),
        (#"[2,17,"Heartbeat",{}]"#, "-1", .rpcFrameworkError),
        (#"[2,"","Heartbeat",{}]"#, "-1", .rpcFrameworkError),
        (#"[2,"0123456789012345678901234567890123456","Heartbeat",{}]"#, "-1", .rpcFrameworkError),
        (#"[]"#, "-1", .rpcFrameworkError),
        (#"["2","m1","Heartbeat",{}]"#, "m1", .rpcFrameworkError),
        (#"[5,"m1","Heartbeat",{}]"#, "m1", .messageTypeNotSupported),
        (#"[2.5,"m1","Heartbeat",{}]"#, "m1", .messageTypeNotSupported),
        (#"[2,"m1","Heartbeat"]"#, "m1", .rpcFrameworkError),
        (#"[2,"m1",7,{}]"#, "m1", .rpcFrameworkError),
        (#"[2,"m1","Heartbeat",[]]"#, "m1", .formatViolation),
        (#"[3,"m1",{},{}]"#, "m1", .rpcFrameworkError),
        (#"[3,"m1","ok"]"#, "m1", .formatViolation),
        (#"[4,"m1","GenericError",{}]"#, "m1", .rpcFrameworkError),
        (#"[4,"m1",1,"x",{}]"#, "m1", .rpcFrameworkError),
    ])
    func malformedFramesMapToTheSpecCodes(text: String, messageId: String, code: RPCErrorCode) {
        do {
            let frame = try OCPPFrame.decode(text)
            Issue.record("decoded \(frame) from \(text)")
        } catch {
            #expect(error.messageId == messageId)
            #expect(error.code == code)
            #expect(!error.description.isEmpty && error.description.count <= 255)
            let reply = error.callError.encoded()
            #expect(reply.hasPrefix("[4,\"\(messageId)\",\"\(code.rawValue)\","))
            #expect(reply.hasSuffix(",{}]"))
        }
    }

    @Test func descriptionsAreCutTo255CodePoints() {
        // "a" followed by 200 combining accents is one Character but 201 code points.
        let combining = "a" + String(repeating: "\u{0301}", count: 200)
        let error = OCPPFrameError(messageId: "1", code: .formatViolation, description: combining + combining)
        #expect(error.description.unicodeScalars.count == 255)
        let multibyte = String(repeating: "€", count: 300)
        #expect(multibyte.truncated(toUnicodeScalars: 255) == String(repeating: "€", count: 255))
    }

    @Test func messageIdOfExactlyThirtySixCharactersIsFine() throws {
        let id = "123e4567-e89b-12d3-a456-426614174000"
        #expect(id.count == 36)
        #expect(try OCPPFrame.decode(#"[2,"\#(id)","Heartbeat",{}]"#).messageId == id)
    }

    @Test func errorDescriptionsAreCutTo255Characters() {
        let frame = OCPPFrame.error(
            messageId: "1",
            code: .genericError,
            description: String(repeating: "x", count: 1000)
        )
        guard case .callError(_, _, let description, _) = frame else {
            Issue.record("not a CALLERROR")
            return
        }
        #expect(description.count == 255)
    }

    @Test func typedPayloadDecodingGivesTheSchemaCode() throws {
        let frame = try OCPPFrame.decode(#"[2,"m1","BootNotification",{"reason":"PowerUp"}]"#)
        guard case .call(_, let actionName, let payload) = frame, let action = OCPPAction(rawValue: actionName) else {
            Issue.record("not a known CALL")
            return
        }
        #expect { try action.validateRequest(payload) } throws: {
            ($0 as? OCPPValidationError)?.code == .occurrenceConstraintViolation
        }
        #expect(OCPPAction(rawValue: "FooBar") == nil)
    }
}
