// libFuzzer entry for the control socket's request lines (chargerd's and charger-sim's NDJSON socket).
//
// Fuzz/run-target.sh compiles this file in one module with every source of the OCPP target (JSONValue, the
// JSON parser) and the control socket's ControlProtocol.swift and ControlRouter.swift (their `import OCPP`
// dropped, the types being in the same module). The router gets one fake station that echoes what reaches
// it, so every line goes through the real parse, request check and routing. Any crash, sanitizer report
// or failed invariant is a finding; an error response for a bad line is the expected outcome.

import Synchronization

/// A station that answers every command with what it was given, so the fuzzer sees the routed request.
private struct EchoStation: StationControlling {
    func handle(command: String, args: JSONValue) async throws(ControlError) -> JSONValue {
        ["cmd": .string(command), "args": args]
    }
}

private let router = ControlRouter(stations: ["CS-FUZZ-01": EchoStation()])

/// Runs the jobs of the router's task right here, on the fuzzing thread: handing each input to the global
/// executor's threads and waiting for them cost two thread switches per input, which on a busy machine made
/// the target run at a few inputs per second. The router and the echo station never leave this executor.
private final class InlineExecutor: TaskExecutor {
    private let jobs = Mutex<[UnownedJob]>([])

    func enqueue(_ job: UnownedJob) { jobs.withLock { $0.append(job) } }

    func drain() {
        while let job = jobs.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) {
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}

private let executor = InlineExecutor()

/// Runs the async router to completion; the fuzzer's entry is synchronous.
private func respond(_ bytes: [UInt8]) -> ControlResponse {
    let result = Mutex<ControlResponse?>(nil)
    Task(executorPreference: executor) {
        let response = await router.respond(toLine: bytes)
        result.withLock { $0 = response }
    }
    executor.drain()
    guard let response = result.withLock({ $0 }) else {
        preconditionFailure("the router suspended off the inline executor")
    }
    return response
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let response = respond(bytes)

    // The response line the server writes must read back as the same response (clients parse it).
    let line = response.jsonValue.jsonText
    let parsed: ControlResponse
    do {
        parsed = try ControlResponse(parsing: Array(line.utf8))
    } catch {
        preconditionFailure("the response line does not parse (\(error)): \(line)")
    }
    precondition(
        parsed.jsonValue.jsonText == line,
        "response changed on the way: \(line) vs \(parsed.jsonValue.jsonText)"
    )
    if case .failure(let error) = response.outcome {
        precondition(!error.message.isEmpty, "an error response without a message: \(line)")
        precondition(
            ControlError.Code(rawValue: error.code) != nil,
            "an error code the server does not define: \(line)"
        )
    }

    // A line that parses as a request: the request's own line (what ControlClient sends) reads back as
    // the same request, and a routed request reached the station unchanged.
    guard let value = try? JSONValue.parse(bytes: bytes), let request = try? ControlRequest(json: value) else {
        return 0
    }
    let again: ControlRequest
    do {
        again = try ControlRequest(json: JSONValue.parse(bytes: Array(request.jsonText.utf8)))
    } catch {
        preconditionFailure("a request's own line does not parse (\(error)): \(request.jsonText)")
    }
    precondition(again.jsonText == request.jsonText, "request round trip changed it: \(request.jsonText)")
    if case .success(let result) = response.outcome, request.cmd != "stations" {
        precondition(result["cmd"]?.stringValue == request.cmd, "routed to the station with another command: \(line)")
        precondition(result["args"] == request.args, "routed to the station with other arguments: \(line)")
    }
    return 0
}
