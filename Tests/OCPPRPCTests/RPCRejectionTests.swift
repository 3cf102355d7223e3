import Foundation
import OCPP
import OCPPRPC
import Synchronization
import Testing

/// The session reports every frame it rejects to its owner (the station's InvalidMessages security event, A04)
/// and goes on serving.
@Suite struct RPCRejectionTests {
    final class Seen: Sendable {
        let rejections = Mutex<[RejectedMessage]>([])
        var all: [RejectedMessage] { rejections.withLock { $0 } }
    }

    @Test func malformedAndSchemaBreakingFramesAreReportedAndTheSessionGoesOn() async throws {
        try await withHarness { h in
            let seen = Seen()
            h.session.observeRejectedMessages { rejection in seen.rejections.withLock { $0.append(rejection) } }
            h.session.register(HeartbeatRequest.self) { _, _ in
                HeartbeatResponse(currentTime: .init(timeIntervalSince1970: 0))
            }

            try await h.peerSends(#"[2,"m1","Heartbeat""#)  // not JSON
            _ = try await h.nextFrame()
            try await h.peerSends(#"[2,"m2","Heartbeat",{"extra":1}]"#)  // breaks the schema
            _ = try await h.nextFrame()
            try await h.peerSends(#"[2,"m3","Heartbeat",{}]"#)  // fine
            let answer = try await h.nextFrame()
            #expect(answer.arrayValue?.first?.numberValue == 3, "a good CALL is still answered")

            let rejections = seen.all
            #expect(rejections.count == 2)
            #expect(rejections.first?.messageId == nil || rejections.first?.messageId == "m1")
            #expect(rejections.last == RejectedMessage(code: .formatViolation, action: "Heartbeat", messageId: "m2"))
            #expect(rejections.last?.summary == "rejected frame: FormatViolation action=Heartbeat messageId=m2")
        }
    }
}
