import HALGPIO
import OCPPTestSupport
import Synchronization

/// A GPIO chip in memory: outputs record every level change with the manual clock's time, inputs are
/// driven by the test, and `waitEdge` polls on the clock.
final class FakeGPIOChip: GPIOChipDriver {
    let name: String
    private let linesByOffset: [UInt32: FakeGPIOLine]
    private let offsetsByName: [String: UInt32]

    init(name: String = "gpiochip0", clock: ManualClock, lineCount: UInt32 = 8, names: [String: UInt32] = [:]) {
        self.name = name
        var lines: [UInt32: FakeGPIOLine] = [:]
        for offset in 0..<lineCount {
            lines[offset] = FakeGPIOLine(name: "\(name):\(offset)", clock: clock)
        }
        self.linesByOffset = lines
        self.offsetsByName = names
    }

    func line(_ selector: GPIOLineSelector) throws(GPIOError) -> any GPIOLineDriver {
        let offset: UInt32? =
            switch selector {
            case .offset(let offset): offset
            case .named(let lineName): offsetsByName[lineName]
            }
        guard let offset, let line = linesByOffset[offset] else {
            throw .lineNotFound(chip: name, line: "\(selector)")
        }
        return line
    }

    /// The fake behind `offset`, to drive and inspect.
    subscript(offset: UInt32) -> FakeGPIOLine { linesByOffset[offset]! }

    /// An opener that knows only `chips`; any other descriptor is `.chipNotFound`.
    static func opener(_ chips: [FakeGPIOChip]) -> GPIOChips.Opener {
        let byName = Dictionary(uniqueKeysWithValues: chips.map { ($0.name, $0) })
        return { (descriptor: String) throws(GPIOError) -> any GPIOChipDriver in
            guard let chip = byName[descriptor] else { throw .chipNotFound(descriptor) }
            return chip
        }
    }
}

final class FakeGPIOLine: GPIOLineDriver {
    enum Direction: Sendable, Equatable {
        case unrequested
        case input(edges: Bool)
        case output
    }

    /// One physical level change of an output, at a time on the manual clock.
    struct Change: Sendable, Equatable, CustomStringConvertible {
        var at: Duration
        var level: Bool
        var description: String { "\(at):\(level ? "high" : "low")" }
    }

    private struct State {
        var level = false
        var direction = Direction.unrequested
        var consumer: String?
        var edgePending = false
        var changes: [Change] = []
        var failure: GPIOError?
    }

    let name: String
    private let clock: ManualClock
    private let state = Mutex(State())

    init(name: String, clock: ManualClock) {
        self.name = name
        self.clock = clock
    }

    func requestOutput(consumer: String, initial: Bool) throws(GPIOError) {
        try state.withLock { (state: inout State) throws(GPIOError) in
            guard state.direction == .unrequested else { throw .requestFailed(line: name, reason: "busy") }
            state.direction = .output
            state.consumer = consumer
            state.level = initial
        }
    }

    func requestInput(consumer: String, edges: Bool) throws(GPIOError) {
        try state.withLock { (state: inout State) throws(GPIOError) in
            guard state.direction == .unrequested else { throw .requestFailed(line: name, reason: "busy") }
            state.direction = .input(edges: edges)
            state.consumer = consumer
        }
    }

    func set(_ level: Bool) throws(GPIOError) {
        let now = clock.now.offset
        try state.withLock { (state: inout State) throws(GPIOError) in
            if let failure = state.failure { throw failure }
            guard state.direction == .output else { throw .ioFailure(line: name, reason: "not an output") }
            guard state.level != level else { return }
            state.level = level
            state.changes.append(Change(at: now, level: level))
        }
    }

    func get() throws(GPIOError) -> Bool {
        try state.withLock { (state: inout State) throws(GPIOError) -> Bool in
            if let failure = state.failure { throw failure }
            guard state.direction != .unrequested else { throw .ioFailure(line: name, reason: "not requested") }
            return state.level
        }
    }

    func waitEdge(timeout: Duration) async throws(GPIOError) -> Bool {
        do {
            try await clock.sleep(for: timeout)
        } catch {
            return false
        }
        return state.withLock { state in
            defer { state.edgePending = false }
            return state.edgePending
        }
    }

    func release() {
        state.withLock { $0.direction = .unrequested }
    }

    // MARK: the test's side

    /// Sets the physical level as the outside world would (a switch, the contactor's aux contact).
    func drive(_ level: Bool) {
        state.withLock { state in
            guard state.level != level else { return }
            state.level = level
            state.edgePending = true
        }
    }

    /// The physical level now.
    var level: Bool { state.withLock { $0.level } }
    var direction: Direction { state.withLock { $0.direction } }
    var consumer: String? { state.withLock { $0.consumer } }
    /// Every level change the backend drove, oldest first.
    var changes: [Change] { state.withLock { $0.changes } }

    /// Makes `get` and `set` throw; nil repairs the line.
    func inject(_ failure: GPIOError?) {
        state.withLock { $0.failure = failure }
    }
}

extension ManualClock {
    /// Waits until something sleeps on the clock, advances it, and waits until the woken task sleeps
    /// again, so the state a test then reads is the one after that moment. For a single sleeping task.
    func tick(_ step: Duration) async {
        await waitForSleepers(count: 1)
        advance(by: step)
        await waitForSleepers(count: 1)
    }
}
