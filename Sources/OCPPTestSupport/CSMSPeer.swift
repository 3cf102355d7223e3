import Foundation
import Synchronization
import Testing

/// One OCPP-J frame the CSMS peer printed, in either direction.
public struct PeerFrame: Sendable, CustomStringConvertible {
    public enum Direction: String, Sendable {
        /// Station → CSMS (the peer's "in").
        case fromStation = "in"
        /// CSMS → station (the peer's "out").
        case toStation = "out"
    }

    public let direction: Direction
    /// "CALL", "CALLRESULT" or "CALLERROR".
    public let type: String
    public let id: String
    /// The action; for answers, that of the CALL they answer.
    public let action: String?
    /// The payload (`.null` for a CALLERROR; its fields are in `line`).
    public let payload: PeerJSON
    /// The whole line the peer printed.
    public let line: PeerJSON

    public init?(_ line: PeerJSON) {
        guard line.event == "message", let direction = line["direction"].string.flatMap(Direction.init),
            let type = line["type"].string, let id = line["id"].string
        else { return nil }
        self.direction = direction
        self.type = type
        self.id = id
        self.action = line["action"].string
        self.payload = line["payload"]
        self.line = line
    }

    public var isCall: Bool { type == "CALL" }
    public var isCallError: Bool { type == "CALLERROR" }

    public var description: String {
        let arrow = direction == .fromStation ? "station→csms" : "csms→station"
        return isCallError
            ? "\(arrow) CALLERROR \(action ?? "?") \(line["errorCode"]) \(line["errorDescription"])"
            : "\(arrow) \(type) \(action ?? "?") \(payload)"
    }
}

/// `Tests/Peers/ocpp_csms.py`: a CSMS on the Python `ocpp` library on loopback, which validates every
/// message in both directions against the official OCPP 2.0.1 schemas, scripted by the test.
///
/// Tests read the frames it printed (`frames`, `calls(_:)`, `answer(to:)`), wait for the ones they need
/// (`waitForCall`, each wait bounded), and make it send CALLs to the station (`command`). Its `error` lines
/// are everything the library rejected.
public final class CSMSPeer: Sendable {
    /// The peer process (its raw lines, stderr, stdin).
    public let process: PeerProcess
    /// The port it listens on, on 127.0.0.1; the station connects to `ws://127.0.0.1:<port>/ocpp`.
    public let port: Int
    private let nextTag = Atomic<Int>(0)

    /// How long any wait lasts at most unless told otherwise.
    public static let defaultTimeout: Duration = .seconds(15)

    private init(process: PeerProcess) {
        self.process = process
        self.port = process.port
    }

    /// Starts the peer with `arguments` (see the script's docstring: `--interval`, `--boot-status`, …) and
    /// waits for it to listen.
    public static func start(
        _ arguments: [String] = [],
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> CSMSPeer {
        CSMSPeer(process: try await PythonPeers.start("ocpp_csms.py", arguments, sourceLocation: sourceLocation))
    }

    // MARK: what the peer printed

    public var lines: [PeerJSON] { process.lines }
    public var frames: [PeerFrame] { lines.compactMap(PeerFrame.init) }
    /// Every `error` line: what the library rejected, failed format checks, CALLERRORs the peer sent.
    public var errorLines: [PeerJSON] { process.events("error") }
    public var callErrors: [PeerFrame] { frames.filter(\.isCallError) }

    /// The CALLs of `action` the station sent, in order.
    public func calls(_ action: String) -> [PeerFrame] {
        frames.filter { $0.direction == .fromStation && $0.isCall && $0.action == action }
    }

    /// The answer to `call`, if it was sent yet.
    public func answer(to call: PeerFrame) -> PeerFrame? {
        frames.first { $0.id == call.id && $0.direction != call.direction && !$0.isCall }
    }

    /// The last lines (frames shown as arrows) and the peer's stderr, for failure messages.
    public var transcript: String { process.transcript(last: 60, describe: Self.describe) }

    private static func describe(_ line: PeerJSON) -> String { PeerFrame(line)?.description ?? line.description }

    // MARK: waiting

    /// Polls `match` over what the peer printed until it returns a value; throws after `timeout`, or when
    /// the peer exits.
    @discardableResult
    public func waitFor<T>(
        _ what: String,
        timeout: Duration = CSMSPeer.defaultTimeout,
        _ match: (CSMSPeer) -> T?
    ) async throws -> T {
        try await process.waitFor(what, timeout: timeout, describe: Self.describe) { _ in match(self) }
    }

    /// Waits for the first line satisfying `predicate`.
    @discardableResult
    public func waitForLine(
        _ what: String,
        timeout: Duration = CSMSPeer.defaultTimeout,
        where predicate: (PeerJSON) -> Bool
    ) async throws -> PeerJSON {
        try await waitFor(what, timeout: timeout) { $0.lines.first(where: predicate) }
    }

    /// Waits for the `count`-th CALL of `action` from the station that satisfies `predicate`, and for the
    /// peer's answer to it; returns both.
    @discardableResult
    public func waitForCall(
        _ action: String,
        count: Int = 1,
        timeout: Duration = CSMSPeer.defaultTimeout,
        where predicate: (PeerFrame) -> Bool = { _ in true }
    ) async throws -> (call: PeerFrame, answer: PeerFrame) {
        try await waitFor("\(action) #\(count) from the station, answered", timeout: timeout) { peer in
            let matches = peer.calls(action).filter(predicate)
            guard matches.count >= count, let answer = peer.answer(to: matches[count - 1]) else { return nil }
            return (matches[count - 1], answer)
        }
    }

    // MARK: commands

    /// Sends one command (see the script's docstring) and waits for the peer's response line; returns it
    /// (`status` is "result" when the station answered with a CALLRESULT, whose payload is `payload`).
    @discardableResult
    public func command(
        _ name: String,
        _ fields: [String: Any] = [:],
        timeout: Duration = CSMSPeer.defaultTimeout
    ) async throws -> PeerJSON {
        let tag = try post(name, fields)
        return try await waitForLine("the response to \(name) (\(tag))", timeout: timeout) {
            $0.event == "response" && $0["tag"].string == tag
        }
    }

    /// Sends one command without waiting for its response; returns the tag its response line will carry.
    @discardableResult
    public func post(_ name: String, _ fields: [String: Any] = [:]) throws -> String {
        let tag = "t\(nextTag.add(1, ordering: .relaxed).newValue)"
        try process.send(fields.merging(["cmd": name, "tag": tag]) { $1 })
        return tag
    }

    // MARK: ending

    /// Ends the peer (stdin closed, SIGTERM, SIGKILL after 2 s) without holding a thread of the pool.
    public func stop() async { await process.stop() }

    /// Ends the peer at once (SIGKILL), for `defer`.
    public func kill() { process.kill() }
}
