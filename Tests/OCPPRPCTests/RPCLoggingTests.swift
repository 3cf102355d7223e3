import Logging
import OCPP
import OCPPRPC
import Testing

@Suite("Logging", .timeLimit(.minutes(1)))
struct RPCLoggingTests {
    @Test("log lines about a message carry station-id and message-id; payloads appear at trace level only")
    func metadataAndNoPayloads() async throws {
        let store = LogStore()
        let logger = Logger(label: "test", factory: { _ in CapturingLogHandler(store: store) })
        try await withHarness(logger: logger) { h in
            h.session.register(ResetRequest.self) { _, context in
                #expect(context.logger[metadataKey: "message-id"] == "in1")
                #expect(context.logger[metadataKey: "station-id"] == "CS-TEST")
                return ResetResponse(status: .accepted)
            }
            let call = h.startCall(authorize("SECRET-TOKEN-1"))
            _ = try await h.nextFrame()
            try await h.peerSends(#"[2,"in1","Reset",{"type":"Immediate"}]"#)
            _ = try await h.nextFrame()
            try await h.peerSends(#"[3,"c1",{"idTokenInfo":{"status":"Accepted","language1":"SECRETLG"}}]"#)
            _ = try await call.value.get()
            try await h.peerSends(#"[2,"bad1","ChangeAvailability",{"operationalStatus":"SECRET-VALUE-XYZ"}]"#)
            _ = try await h.nextFrame()
        }
        let records = store.all

        func lines(_ message: String, id: String) -> [LogStore.Record] {
            records.filter { $0.message == message && $0.metadata["message-id"] == .string(id) }
        }
        // One line per event, each with the station and message ids.
        #expect(lines("CALL sent", id: "c1").count == 1)
        #expect(lines("CALLRESULT received", id: "c1").count == 1)
        #expect(lines("CALL received", id: "in1").count == 1)
        #expect(lines("CALLRESULT sent", id: "in1").count == 1)
        #expect(lines("CALLERROR sent", id: "bad1").count == 1)
        #expect(lines("CALL sent", id: "c1").first?.metadata["action"] == "Authorize")
        for record in records where record.metadata["message-id"] != nil {
            #expect(record.metadata["station-id"] == "CS-TEST", "\(record.message)")
        }
        #expect(records.allSatisfy { $0.metadata["station-id"] == "CS-TEST" })

        // Payloads only at trace.
        func mentionsSecret(_ record: LogStore.Record) -> Bool {
            let text = record.message + record.metadata.values.map { "\($0)" }.joined(separator: " ")
            return text.contains("SECRET-TOKEN") || text.contains("SECRETLG")
        }
        #expect(!records.filter { $0.level > .trace }.contains(where: mentionsSecret))
        #expect(records.filter { $0.level == .trace }.contains(where: mentionsSecret))
    }
}
