import ChargerAgent
import Foundation
import OCPP
import ServiceLifecycle
import Synchronization
import Testing

/// A controller that echoes its command, for router and server tests.
private struct EchoController: StationControlling {
    let name: String

    func handle(command: String, args: JSONValue) async throws(ControlError) -> JSONValue {
        if command == "fail" { throw ControlError(.refused, "\(name) refuses") }
        return ["station": .string(name), "cmd": .string(command), "args": args]
    }
}

private func temporarySocketPath() -> String {
    // sun_path holds 108 bytes: keep it short.
    "/tmp/ctl-\(UUID().uuidString.prefix(8)).sock"
}

/// Runs a ControlServer for `body`, then shuts it down gracefully.
private func withServer<T>(
    path: String,
    router: ControlRouter,
    _ body: () async throws -> T
) async throws -> T {
    let ready = AsyncStream<Void>.makeStream()
    let server = ControlServer(path: path, router: router, ready: { ready.continuation.yield() })
    let group = ServiceGroup(
        configuration: .init(services: [.init(service: server)], gracefulShutdownSignals: [], logger: .init(label: "t"))
    )
    let run = Task { try await group.run() }
    var iterator = ready.stream.makeAsyncIterator()
    _ = await iterator.next()
    do {
        let result = try await body()
        await group.triggerGracefulShutdown()
        try await run.value
        return result
    } catch {
        await group.triggerGracefulShutdown()
        _ = try? await run.value
        throw error
    }
}

@Suite(.timeLimit(.minutes(1)))
struct ControlRouterTests {
    @Test func aRequestWithoutStationGoesToTheOnlyStation() async throws {
        let router = ControlRouter(stations: ["CP-1": EchoController(name: "CP-1")])
        let response = await router.respond(toLine: Array(#"{"id":7,"cmd":"status"}"#.utf8))
        #expect(response.id == 7)
        #expect(try response.outcome.get()["station"] == "CP-1")
    }

    @Test func severalStationsNeedAStationAndTheErrorListsThem() async throws {
        let router = ControlRouter(stations: ["b": EchoController(name: "b"), "a": EchoController(name: "a")])
        let response = await router.respond(toLine: Array(#"{"id":1,"cmd":"status"}"#.utf8))
        guard case .failure(let error) = response.outcome else {
            Issue.record("expected an error")
            return
        }
        #expect(error.code == "station-required")
        #expect(error.message.contains("a, b"))
        let named = await router.respond(to: ControlRequest(cmd: "status", station: "b"))
        #expect(try named.outcome.get()["station"] == "b")
        let unknown = await router.respond(to: ControlRequest(cmd: "status", station: "zz"))
        #expect(unknown.outcome.failureCode == "unknown-station")
        let list = await router.respond(to: ControlRequest(cmd: "stations"))
        #expect(try list.outcome.get()["stations"] == ["a", "b"])
    }

    @Test(arguments: [
        "not json", "[1,2]", #"{"id":3}"#, #"{"id":3,"cmd":5}"#, #"{"id":3,"cmd":"status","args":[1]}"#, "",
        #"{"id":3,"cmd":"status","station":7}"#,
    ])
    func malformedLinesGetABadRequestOrArgumentsError(line: String) async {
        let router = ControlRouter(stations: ["CP-1": EchoController(name: "CP-1")])
        let response = await router.respond(toLine: Array(line.utf8))
        let code = response.outcome.failureCode
        #expect(code == "bad-request" || code == "bad-arguments", "\(line) → \(response.jsonValue)")
    }

    @Test(arguments: [
        ("{not json", "not valid JSON"), ("[1,2]", "wrong type at the top level"), (#"{"id":3}"#, #"missing "cmd""#),
        (#"{"id":3,"cmd":5}"#, #"wrong type at "cmd""#),
        (#"{"id":3,"cmd":"s","station":7}"#, #"wrong type at "station""#),
        (#"{"cmd":"s","cmd":"t"}"#, "not valid JSON"),
    ])
    func aBadRequestSaysWhatIsWrong(line: String, reason: String) async {
        let router = ControlRouter(stations: ["CP-1": EchoController(name: "CP-1")])
        let response = await router.respond(toLine: Array(line.utf8))
        guard case .failure(let error) = response.outcome else {
            Issue.record("expected an error for \(line)")
            return
        }
        #expect(error.code == "bad-request")
        #expect(error.message == #"expected a JSON object with a string "cmd" ("# + reason + ")")
    }

    @Test func aNullStationOrArgsReadsAsAbsent() async throws {
        let router = ControlRouter(stations: ["CP-1": EchoController(name: "CP-1")])
        let response = await router.respond(
            toLine: Array(#"{"id":"x","cmd":"status","station":null,"args":null}"#.utf8)
        )
        #expect(response.id == "x")
        #expect(try response.outcome.get()["cmd"] == "status")
        #expect(try response.outcome.get()["args"] == [:])
    }

    @Test func theIdOfABadRequestIsEchoedWhenReadable() async {
        let router = ControlRouter(stations: [:])
        let response = await router.respond(toLine: Array(#"{"id":42,"cmd":17}"#.utf8))
        #expect(response.id == 42)
        #expect(response.jsonValue["ok"] == false)
    }

    @Test func responsesRoundTripThroughTheirLineForm() throws {
        let ok = ControlResponse(id: 3, outcome: .success(["energyWh": 12.5, "n": 2]))
        let line = ok.jsonValue.jsonText
        #expect(line == #"{"id":3,"ok":true,"result":{"energyWh":12.5,"n":2}}"#)
        #expect(try ControlResponse(parsing: Array(line.utf8)) == ok)
        let failed = ControlResponse(id: 4, outcome: .failure(ControlError(.refused, "no")))
        #expect(try ControlResponse(parsing: Array(failed.jsonValue.jsonText.utf8)) == failed)
    }
}

@Suite(.timeLimit(.minutes(1)), .serialized)
struct ControlServerTests {
    @Test func servesRequestsInOrderWithMode0660AndSurvivesBadLines() async throws {
        let path = temporarySocketPath()
        let router = ControlRouter(stations: ["CP-1": EchoController(name: "CP-1")])
        try await withServer(path: path, router: router) {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o660)
            let (bad, first, second) = try await offThePool {
                let client = try ControlClient.connect(path: path)
                try client.sendLine("{not json")
                let bad = try ControlResponse(parsing: client.readLine())
                // The same connection still works.
                return (bad, try client.send("status"), try client.send("fail"))
            }
            #expect(bad.outcome.failureCode == "bad-request")
            #expect(try first.outcome.get()["cmd"] == "status")
            #expect(second.outcome.failureCode == "refused")
            #expect(second.id == 2)
        }
        #expect(!FileManager.default.fileExists(atPath: path), "the socket file is removed at shutdown")
    }

    @Test func aLineOver64KiBIsRefusedAndTheConnectionClosed() async throws {
        let path = temporarySocketPath()
        let router = ControlRouter(stations: ["CP-1": EchoController(name: "CP-1")])
        try await withServer(path: path, router: router) {
            let (response, closed, next) = try await offThePool {
                let client = try ControlClient.connect(path: path, timeout: .seconds(5))
                let huge = #"{"id":1,"cmd":"status","args":{"x":""# + String(repeating: "a", count: 70_000) + #""}}"#
                try client.sendLine(huge)
                let response = try ControlResponse(parsing: client.readLine())
                let closed = (try? client.readLine()) == nil
                // The server still serves new connections.
                let other = try ControlClient.connect(path: path)
                return (response, closed, try other.send("status"))
            }
            #expect(response.outcome.failureCode == "line-too-long")
            #expect(closed, "the connection is closed after the long line")
            #expect(try next.outcome.get()["cmd"] == "status")
        }
    }

    @Test func aStaleSocketFileIsReplacedButARegularFileIsNot() async throws {
        let path = temporarySocketPath()
        let router = ControlRouter(stations: ["CP-1": EchoController(name: "CP-1")])
        // A socket file nobody listens on, as a crashed daemon leaves it.
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: Array(path.utf8) + [0])
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        close(descriptor)
        #expect(bound == 0)
        #expect(FileManager.default.fileExists(atPath: path))
        try await withServer(path: path, router: router) {
            let answer = try await offThePool { try ControlClient.connect(path: path).send("status") }
            #expect(try answer.outcome.get()["cmd"] == "status")
        }

        #expect(FileManager.default.createFile(atPath: path, contents: Data("keep me".utf8)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let server = ControlServer(path: path, router: router, required: true)
        await #expect(throws: ControlServer.SetupError.self) { try await server.run() }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "keep me")
    }

    @Test func aSocketThatCannotBeOpenedIsLoggedAndTheServiceWaitsForShutdown() async throws {
        let path = temporarySocketPath()
        #expect(FileManager.default.createFile(atPath: path, contents: Data("not a socket".utf8)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let server = ControlServer(path: path, router: ControlRouter())
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: server)],
                gracefulShutdownSignals: [],
                logger: .init(label: "t")
            )
        )
        let run = Task { try await group.run() }
        try await Task.sleep(for: .milliseconds(200))
        // A service that returned early would make the group throw serviceFinishedUnexpectedly.
        await group.triggerGracefulShutdown()
        try await run.value  // ended by the shutdown, not by an error
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "not a socket")
    }

    @Test func anUnreachableSocketIsAClearError() {
        let error = #expect(throws: ControlClient.ClientError.self) {
            try ControlClient.connect(path: "/tmp/no-such-dir-\(UUID().uuidString.prefix(6))/control.sock")
        }
        #expect(error?.description.contains("cannot reach the daemon at /tmp/no-such-dir-") == true)
    }
}

extension Result where Failure == ControlError {
    var failureCode: String? {
        if case .failure(let error) = self { return error.code }
        return nil
    }
}
