import Logging
import OCPP
import OCPPRPC
import OCPPTestSupport
import Synchronization
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Hands out "c1", "c2", … as message ids, so tests can name the frames they expect.
final class IdCounter: Sendable {
    private let value = Mutex(0)
    func next() -> String {
        let n = value.withLock { v in
            v += 1
            return v
        }
        return "c\(n)"
    }
}

/// A running session on one end of an in-memory link, with the test acting as the raw peer on the other.
struct Harness: Sendable {
    let session: RPCSession
    /// The session's end of the link (connect/disconnect it here).
    let transport: InMemoryTransport
    /// The raw peer: what the session sends arrives here.
    let peer: InMemoryTransport
    let clock: ManualClock

    /// Sends `text` to the session as the peer.
    func peerSends(_ text: String) async throws { try await peer.send(text) }

    /// The next frame the session sent, parsed.
    func nextFrame(sourceLocation: SourceLocation = #_sourceLocation) async throws -> JSONValue {
        let text = try #require(await peer.nextMessage(), "the link closed", sourceLocation: sourceLocation)
        return try JSONValue.parse(text)
    }

    /// Starts `request` as a call in its own task; the result comes back without the typed-throws loss.
    func startCall<R: OCPPRequest>(
        _ request: R,
        timeout: Duration? = nil
    ) -> Task<Result<R.Response, RPCCallError>, Never> {
        let session = self.session
        return Task {
            do throws(RPCCallError) {
                return .success(try await session.call(request, timeout: timeout))
            } catch {
                return .failure(error)
            }
        }
    }
}

/// Runs `body` against a fresh session whose link is up, then closes the link and waits for `run()` to end.
func withHarness(
    callTimeout: Duration = .seconds(30),
    logger: Logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
    makeMessageId: (@Sendable () -> String)? = nil,
    _ body: (Harness) async throws -> Void
) async throws {
    let (transport, peer) = InMemoryTransport.pair()
    let clock = ManualClock()
    let ids = IdCounter()
    let session = RPCSession(
        transport: transport,
        configuration: .init(
            stationId: "CS-TEST",
            callTimeout: callTimeout,
            makeMessageId: makeMessageId ?? { ids.next() }
        ),
        clock: clock,
        logger: logger
    )
    transport.connect()
    try await withThrowingDiscardingTaskGroup { group in
        group.addTask { await session.run() }
        defer { transport.close() }
        try await body(Harness(session: session, transport: transport, peer: peer, clock: clock))
    }
}

/// Yields until `condition` holds (state changes made by other tasks); records an issue if it never does.
func waitUntil(
    _ what: Comment,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ condition: () -> Bool
) async {
    for _ in 0..<200_000 {
        if condition() { return }
        await Task.yield()
    }
    Issue.record("never happened: \(what)", sourceLocation: sourceLocation)
}

/// Checks that `frame` is `[4, id, code, description, {}]` with a description of 1...255 characters.
func expectCallError(
    _ frame: JSONValue,
    id: String,
    code: RPCErrorCode,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    guard case .array(let elements) = frame, elements.count == 5 else {
        Issue.record("not a CALLERROR: \(frame.serialized())", sourceLocation: sourceLocation)
        return
    }
    #expect(elements[0] == 4, sourceLocation: sourceLocation)
    #expect(elements[1] == .string(id), sourceLocation: sourceLocation)
    #expect(elements[2] == .string(code.rawValue), sourceLocation: sourceLocation)
    let description = elements[3].stringValue ?? ""
    #expect(
        !description.isEmpty && description.count <= 255,
        "description: \(description)",
        sourceLocation: sourceLocation
    )
    #expect(elements[4] == .object(JSONObject()), sourceLocation: sourceLocation)
}

let newYear2024 = Date(timeIntervalSince1970: 1_704_067_200)
let heartbeatResultPayload = #"{"currentTime":"2024-01-01T00:00:00Z"}"#

func authorize(_ token: String) -> AuthorizeRequest {
    AuthorizeRequest(idToken: IdTokenType(idToken: token, type: .central))
}

/// Keeps every log record, for assertions about metadata and levels.
final class LogStore: Sendable {
    struct Record: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: Logger.Metadata
    }

    private let records = Mutex<[Record]>([])
    var all: [Record] { records.withLock { $0 } }
    func append(_ record: Record) { records.withLock { $0.append(record) } }
}

struct CapturingLogHandler: LogHandler {
    let store: LogStore
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    var metadataProvider: Logger.MetadataProvider?

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        store.append(
            .init(
                level: event.level,
                message: event.message.description,
                metadata: metadata.merging(event.metadata ?? [:]) { _, new in new }
            )
        )
    }
}
