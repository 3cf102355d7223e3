import Foundation
import Logging
import OCPPTestSupport
import ServiceLifecycle
import Synchronization
import Testing

@testable import ChargerAgent

private let systemdRepositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A Unix datagram socket standing in for systemd's notify socket: a path, or an abstract name ("@…").
private final class NotifySocket: Sendable {
    let address: String
    private let descriptor: Int32

    init(abstract: Bool = false) throws {
        let name = "chargerd-notify-\(UUID().uuidString.prefix(8))"
        address = abstract ? "@" + name : FileManager.default.temporaryDirectory.path + "/" + name
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        try #require(descriptor >= 0)
        var socketAddress = sockaddr_un()
        socketAddress.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(address.utf8)
        if abstract { bytes[0] = 0 }
        withUnsafeMutableBytes(of: &socketAddress.sun_path) { $0.copyBytes(from: bytes) }
        let length = MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + bytes.count + (abstract ? 0 : 1)
        let bound = withUnsafePointer(to: &socketAddress) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(length)) }
        }
        try #require(bound == 0, "bind \(address): \(String(cString: strerror(errno)))")
    }

    deinit {
        close(descriptor)
        if !address.hasPrefix("@") { unlink(address) }
    }

    /// Every datagram that arrives within `duration`.
    func collect(for duration: Duration) async -> [String] {
        var received: [String] = []
        let deadline = ContinuousClock.now + duration
        while ContinuousClock.now < deadline {
            received += drain()
            try? await Task.sleep(for: .milliseconds(5))
        }
        return received + drain()
    }

    /// Waits up to `timeout` for a datagram containing `line`; returns all datagrams seen until then.
    func wait(for line: String, timeout: Duration = .seconds(10)) async -> [String] {
        var received: [String] = []
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            received += drain()
            if received.contains(where: { $0.split(separator: "\n").contains(Substring(line)) }) { break }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return received
    }

    func drain() -> [String] {
        var datagrams: [String] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            guard count > 0 else { break }
            datagrams.append(String(decoding: buffer[0..<count], as: UTF8.self))
        }
        return datagrams
    }
}

/// A stand-in for the station actor: answers with a status line, or never while hung (the test hook).
private final class MainLoop: Sendable {
    private struct State {
        var hung = false
        var status = "CSMS link up, registration Accepted"
        var waiting: [CheckedContinuation<Void, Never>] = []
        var answered = 0
    }
    private let state = Mutex(State())

    /// How many questions were answered so far.
    var answered: Int { state.withLock { $0.answered } }

    func status() async -> String {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let answerNow = state.withLock { state in
                if state.hung { state.waiting.append(continuation) }
                return !state.hung
            }
            if answerNow { continuation.resume() }
        }
        return state.withLock {
            $0.answered += 1
            return $0.status
        }
    }

    func hang() { state.withLock { $0.hung = true } }

    /// Whether a question is waiting on the hung loop.
    var hasWaitingQuestion: Bool { state.withLock { !$0.waiting.isEmpty } }

    func resume() {
        let waiting = state.withLock { state in
            state.hung = false
            defer { state.waiting.removeAll() }
            return state.waiting
        }
        for continuation in waiting { continuation.resume() }
    }

    func set(status: String) { state.withLock { $0.status = status } }
}

/// A clock that moves only when the test says so; it counts who sleeps on it.
private final class StepClock: Clock, @unchecked Sendable {
    struct Instant: InstantProtocol {
        var offset: Duration
        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private struct Sleeper {
        var deadline: Instant
        var continuation: CheckedContinuation<Void, any Error>
    }

    // Guarded by `lock`.
    private let lock = NSLock()
    private var current = Instant(offset: .zero)
    private var sleepers: [UInt64: Sleeper] = [:]
    private var nextID: UInt64 = 0

    var now: Instant { lock.withLock { current } }
    var minimumResolution: Duration { .zero }
    var sleeperCount: Int { lock.withLock { sleepers.count } }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        let id = lock.withLock {
            nextID += 1
            return nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let due = lock.withLock {
                    if deadline <= current { return true }
                    sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    return false
                }
                if due { continuation.resume() }
            }
        } onCancel: {
            let sleeper = lock.withLock { sleepers.removeValue(forKey: id) }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    func advance(by duration: Duration) {
        let due = lock.withLock {
            current = current.advanced(by: duration)
            let due = sleepers.filter { $0.value.deadline <= current }
            for id in due.keys { sleepers.removeValue(forKey: id) }
            return due.values.map(\.continuation)
        }
        for continuation in due { continuation.resume() }
    }
}

/// Polls `condition` on the real clock (the code under test runs on other threads) for up to 5 s.
private func eventually(_ what: String, _ condition: () -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(5)
    while !condition() {
        try #require(ContinuousClock.now < deadline, "timed out waiting for \(what)")
        try await Task.sleep(for: .milliseconds(1))
    }
}

private func lines(_ datagrams: [String]) -> [String] {
    datagrams.flatMap { $0.split(separator: "\n").map(String.init) }
}

@Suite("sd_notify and the watchdog", .timeLimit(.minutes(1)))
struct SystemdTests {
    @Test("a notification reaches a socket by path and one in the abstract namespace")
    func notifierReachesPathAndAbstractSockets() async throws {
        for abstract in [false, true] {
            let socket = try NotifySocket(abstract: abstract)
            let notifier = try #require(SystemdNotifier(environment: ["NOTIFY_SOCKET": socket.address]))
            try notifier.send("READY=1\nSTATUS=testing")
            let received = await socket.wait(for: "READY=1", timeout: .seconds(2))
            #expect(received == ["READY=1\nSTATUS=testing"], "\(socket.address)")
        }
        #expect(SystemdNotifier(environment: [:]) == nil)
        #expect(SystemdNotifier(environment: ["NOTIFY_SOCKET": ""]) == nil)
    }

    @Test("a missing notify socket is a send error naming it, not a crash")
    func missingSocketIsAnError() {
        let notifier = SystemdNotifier(socketPath: "/nonexistent/chargerd/notify")
        let error = #expect(throws: SystemdNotifier.SendError.self) { try notifier.send("READY=1") }
        #expect(error?.description.contains("/nonexistent/chargerd/notify") == true)
    }

    @Test("the watchdog pings at half of WATCHDOG_USEC, only for this process")
    func watchdogInterval() {
        #expect(SystemdNotifier.watchdogPingInterval(environment: ["WATCHDOG_USEC": "20000000"]) == .seconds(10))
        #expect(SystemdNotifier.watchdogPingInterval(environment: [:]) == nil)
        #expect(SystemdNotifier.watchdogPingInterval(environment: ["WATCHDOG_USEC": "0"]) == nil)
        #expect(SystemdNotifier.watchdogPingInterval(environment: ["WATCHDOG_USEC": "x"]) == nil)
        let mine = ["WATCHDOG_USEC": "1000000", "WATCHDOG_PID": "\(getpid())"]
        #expect(SystemdNotifier.watchdogPingInterval(environment: mine) == .milliseconds(500))
        let other = ["WATCHDOG_USEC": "1000000", "WATCHDOG_PID": "\(getpid() + 1)"]
        #expect(SystemdNotifier.watchdogPingInterval(environment: other) == nil)
    }

    @Test("READY=1 and periodic WATCHDOG=1; a hung main loop stops the pings; STOPPING=1 at shutdown")
    func watchdogFollowsTheMainLoop() async throws {
        let socket = try NotifySocket()
        let loop = MainLoop()
        let service = SystemdNotifyService(
            notifier: SystemdNotifier(socketPath: socket.address),
            watchdogInterval: .milliseconds(40),
            logger: Logger(label: "test.systemd")
        ) { await loop.status() }
        let group = ServiceGroup(services: [service], logger: Logger(label: "test.systemd"))
        let run = Task { try await group.run() }

        let start = await socket.wait(for: "READY=1")
        #expect(lines(start).first == "READY=1", "READY comes first: \(start)")
        #expect(lines(start).contains("STATUS=CSMS link up, registration Accepted"))
        // Real time on a loaded machine: only that pings come, not how many (the cadence is checked exactly
        // on the injected clock below).
        let live = lines(await socket.wait(for: "WATCHDOG=1", timeout: .seconds(5)))
        #expect(live.contains("WATCHDOG=1"), "pings while live: \(live)")
        #expect(!live.contains("READY=1"), "READY is sent once")

        loop.set(status: "CSMS link down, registration Accepted")
        let changed = lines(await socket.wait(for: "STATUS=CSMS link down, registration Accepted"))
        #expect(changed.contains("STATUS=CSMS link down, registration Accepted"))

        loop.hang()
        // Once the service's next question waits on the hung loop, the ping for the question answered before
        // the hang (if any) has been sent already: the service sends, then asks. On a loaded machine that
        // can take longer than any fixed delay, so wait for the question, then drain that one ping.
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .seconds(5))
        while !loop.hasWaitingQuestion, clock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        #expect(loop.hasWaitingQuestion, "the service asks the main loop again")
        _ = await socket.collect(for: .milliseconds(50))
        let hung = lines(await socket.collect(for: .milliseconds(400)))
        #expect(!hung.contains("WATCHDOG=1"), "no ping while the main loop hangs: \(hung)")

        loop.resume()
        let resumed = lines(await socket.wait(for: "WATCHDOG=1"))
        #expect(resumed.contains("WATCHDOG=1"), "pings resume once the main loop answers")

        await group.triggerGracefulShutdown()
        try await run.value
        let stopping = lines(await socket.wait(for: "STOPPING=1", timeout: .seconds(2)))
        #expect(stopping.contains("STOPPING=1"))
    }

    @Test("on an injected clock: READY, then WATCHDOG=1 exactly every watchdog interval; none while hung")
    func watchdogOnAManualClock() async throws {
        let socket = try NotifySocket()
        let loop = MainLoop()
        let clock = StepClock()
        let service = SystemdNotifyService(
            notifier: SystemdNotifier(socketPath: socket.address),
            watchdogInterval: .seconds(10),
            statusInterval: .seconds(1),
            clock: clock,
            logger: Logger(label: "test.systemd")
        ) { await loop.status() }
        let group = ServiceGroup(services: [service], logger: Logger(label: "test.systemd"))
        let run = Task { try await group.run() }

        // Each tick: the service is back asleep and, unless the loop hangs, its new question answered.
        var answered = 1
        func tick(_ step: Duration, answering: Bool = true) async throws -> [String] {
            clock.advance(by: step)
            if answering { answered += 1 }
            let expected = answered
            try await eventually("the service to sleep again") {
                clock.sleeperCount == 1 && (!answering || loop.answered >= expected)
            }
            return lines(socket.drain())
        }
        try await eventually("the first question answered") { clock.sleeperCount == 1 && loop.answered == 1 }
        #expect(lines(socket.drain()) == [], "nothing before the main loop answered and a tick passed")
        #expect(
            try await tick(.milliseconds(10)) == [
                "READY=1", "STATUS=CSMS link up, registration Accepted", "WATCHDOG=1",
            ]
        )
        for second in 1...9 {
            #expect(try await tick(.seconds(1)) == [], "no ping \(second) s after the last one")
        }
        #expect(try await tick(.seconds(1)) == ["WATCHDOG=1"], "a ping 10 s after the last one")

        loop.hang()
        var whileHung: [String] = []
        for _ in 1...30 { whileHung += try await tick(.seconds(1), answering: false) }
        #expect(whileHung == [], "30 s without an answer: no ping")

        loop.resume()
        answered += 1  // the question asked on the first hung tick
        let resumed = answered
        try await eventually("the hung question answered") { loop.answered == resumed }
        #expect(try await tick(.seconds(1)) == ["WATCHDOG=1"], "the first tick after the answer pings")

        await group.triggerGracefulShutdown()
        try await run.value
        #expect(lines(socket.drain()) == ["STOPPING=1", "STATUS=stopping"])
    }

    @Test("status is checked every statusInterval, but pings go out only every watchdog interval")
    func pingsAtTheWatchdogIntervalNotEveryTick() async throws {
        let socket = try NotifySocket()
        let loop = MainLoop()
        let service = SystemdNotifyService(
            notifier: SystemdNotifier(socketPath: socket.address),
            watchdogInterval: .milliseconds(250),
            statusInterval: .milliseconds(25),
            logger: Logger(label: "test.systemd")
        ) { await loop.status() }
        let group = ServiceGroup(services: [service], logger: Logger(label: "test.systemd"))
        let run = Task { try await group.run() }
        _ = await socket.wait(for: "READY=1")
        loop.set(status: "changed")
        let window = lines(await socket.collect(for: .milliseconds(1000)))
        await group.triggerGracefulShutdown()
        try await run.value
        // At most one ping per 250 ms (1000/250 = 4, +1 for the window's edges); 25 ms ticks would give ~40.
        // A loaded machine may deliver fewer; the exact cadence is checked on the injected clock.
        let pings = window.filter { $0 == "WATCHDOG=1" }.count
        #expect(pings <= 5, "\(pings) pings in 1 s: \(window)")
        #expect(window.contains("STATUS=changed"), "status changes are seen at the status interval")
    }

    @Test("chargerd's runtime under NOTIFY_SOCKET: READY=1, then STATUS with the registration")
    func runtimeNotifiesReadyAndStatus() async throws {
        let socket = try NotifySocket(abstract: true)
        let csms = try await CSMSPeer.start()
        defer { csms.kill() }
        let stateDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("chargerd-notify-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: stateDirectory) }
        let board = try BoardConfig.load(
            path: systemdRepositoryRoot.appendingPathComponent("BoardConfigs/simulator.yaml").path
        )
        let runtime = try StationRuntime(
            config: board,
            options: .init(
                csmsURL: "ws://127.0.0.1:\(csms.port)/ocpp",
                stateDirectory: stateDirectory,
                environment: ["NOTIFY_SOCKET": socket.address, "WATCHDOG_USEC": "200000"]
            )
        )
        let run = Task { try await runtime.run() }
        let ready = lines(await socket.wait(for: "READY=1"))
        let accepted = lines(await socket.wait(for: "STATUS=CSMS link up, registration Accepted"))
        let pings = lines(await socket.collect(for: .milliseconds(500)))
        await runtime.triggerGracefulShutdown()
        _ = try await run.value
        let stopping = lines(await socket.wait(for: "STOPPING=1", timeout: .seconds(5)))

        #expect(ready.contains("READY=1"))
        #expect(accepted.contains("STATUS=CSMS link up, registration Accepted"), "\(ready + accepted)")
        #expect(pings.contains("WATCHDOG=1"))
        #expect(stopping.contains("STOPPING=1"))
    }
}
