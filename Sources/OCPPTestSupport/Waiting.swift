import Synchronization

/// A failed expectation in a test's support code (a wait that timed out, a peer that died), with everything
/// needed to understand it in the message: what was awaited and what the other side did meanwhile.
public struct TestFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Polls `value` until it returns something and returns that; throws `TestFailure` once `timeout` has
/// passed without it.
///
/// The way a test waits for something another task, process or socket does: never a fixed sleep, never
/// unbounded. `what` completes "timed out after 10 seconds waiting for …"; `context` is evaluated only on
/// failure and appended (a peer's transcript, a log tail). `value` may throw to give up early (a peer exited).
@discardableResult
public func wait<T>(
    for what: String,
    within timeout: Duration = .seconds(10),
    pollingEvery interval: Duration = .milliseconds(10),
    context: @autoclosure () -> String = "",
    _ value: () async throws -> T?
) async throws -> T {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while true {
        if let found = try await value() { return found }
        if clock.now >= deadline {
            let detail = context()
            throw TestFailure("timed out after \(timeout) waiting for \(what)" + (detail.isEmpty ? "" : "\n\(detail)"))
        }
        try await Task.sleep(for: interval, clock: clock)
    }
}

/// Polls `condition` until it holds; throws `TestFailure` once `timeout` has passed without it.
/// See `wait(for:within:pollingEvery:context:_:)`.
public func wait(
    until what: String,
    within timeout: Duration = .seconds(10),
    pollingEvery interval: Duration = .milliseconds(10),
    context: @autoclosure () -> String = "",
    _ condition: () async throws -> Bool
) async throws {
    try await wait(for: what, within: timeout, pollingEvery: interval, context: context()) {
        try await condition() ? true : nil
    }
}

/// Runs `operation` and returns its result, or throws `TestFailure` (and cancels it) once `timeout` has passed.
///
/// Returns at the deadline even when `operation` ignores cancellation (a task group would wait for it), so a
/// hung `run()` fails the test instead of hanging it.
public func withDeadline<T: Sendable>(
    _ what: String,
    within timeout: Duration = .seconds(10),
    _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    let work = Task { try await operation() }
    let outcome = await withCheckedContinuation { (continuation: CheckedContinuation<Result<T, any Error>?, Never>) in
        let first = FirstOutcome(continuation)
        let timer = Task {
            try? await Task.sleep(for: timeout)
            first.resume(nil)
        }
        Task {
            let result = await work.result
            timer.cancel()
            first.resume(result)
        }
    }
    guard let outcome else {
        work.cancel()
        throw TestFailure("timed out after \(timeout) waiting for \(what)")
    }
    return try outcome.get()
}

/// Resumes a continuation with whichever outcome comes first (the operation's, or `nil` at the deadline).
private final class FirstOutcome<T: Sendable>: Sendable {
    private let continuation: Mutex<CheckedContinuation<Result<T, any Error>?, Never>?>

    init(_ continuation: CheckedContinuation<Result<T, any Error>?, Never>) {
        self.continuation = Mutex(continuation)
    }

    func resume(_ outcome: Result<T, any Error>?) {
        continuation.withLock { waiting in
            waiting?.resume(returning: outcome)
            waiting = nil
        }
    }
}
