import Foundation
import OCPP
import OCPPRPC
import OCPPTestSupport
import Testing

/// The CSMS end of an in-memory link, driven step by step by a test: it reads the station's frames and
/// answers them exactly as the test says, the way the OCTT tool drives a station under test.
struct ScriptedCSMS {
    let transport: InMemoryTransport

    struct Timeout: Error {}

    /// The next frame the station sent, failing the test after `seconds` of real time (a hang guard only).
    func nextFrame(seconds: Double = 5) async throws -> OCPPFrame {
        let transport = transport
        let text = try? await withDeadline("the station's next frame", within: .seconds(seconds)) {
            await transport.nextMessage()
        }
        guard let text else { throw Timeout() }
        return try OCPPFrame.decode(text)
    }

    /// Expects a CALL of `R`'s action and returns its message id and decoded request.
    func expectCall<R: OCPPRequest>(
        _: R.Type,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> (messageId: String, request: R) {
        let frame = try await nextFrame()
        guard case .call(let id, let action, let payload) = frame, action == R.action.rawValue else {
            Issue.record("expected a \(R.action.rawValue) CALL, got \(frame.encoded())", sourceLocation: sourceLocation)
            throw Timeout()
        }
        return (id, try R(json: payload))
    }

    func reply<P: OCPPPayload>(to messageId: String, with payload: P) async throws {
        try await transport.send(OCPPFrame.callResult(messageId: messageId, payload: payload.jsonValue()).encoded())
    }

    /// Sends a CALL to the station and returns the station's answer frame.
    func call<R: OCPPRequest>(_ request: R, messageId: String = UUID().uuidString) async throws -> OCPPFrame {
        try await transport.send(
            OCPPFrame.call(messageId: messageId, action: R.action.rawValue, payload: request.jsonValue()).encoded()
        )
        return try await nextFrame()
    }

    /// Asserts that the station sends nothing until `clock` work settles.
    func expectSilence() async {
        await Task.yield()
        #expect(transport.pendingMessageCount == 0, "station sent something it must not")
    }
}
