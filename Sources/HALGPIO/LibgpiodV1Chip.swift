import CGPIOD
import Synchronization

/// A GPIO chip driven through libgpiod v1 (1.6.x, Debian 12 and Raspberry Pi OS bookworm).
///
/// The only file that imports `CGPIOD`; a libgpiod 2 backend is a sibling of this file implementing
/// the same two protocols. libgpiod objects are not thread-safe, so each handle sits behind a mutex.
public final class LibgpiodV1Chip: GPIOChipDriver {
    public let name: String
    private let handle: Mutex<Handle>

    private init(name: String, handle: OpaquePointer) {
        self.name = name
        self.handle = Mutex(Handle(pointer: handle))
    }

    deinit {
        handle.withLock { cgpiod_chip_close($0.pointer) }
    }

    /// The libgpiod version this process runs against ("1.6.3").
    public static var libraryVersion: String { String(cString: cgpiod_version()) }

    /// Opens a chip by path ("/dev/gpiochip4") or by name, number or label ("gpiochip0").
    ///
    /// Throws `.chipNotFound(descriptor)` when no such chip exists (including machines without GPIO
    /// support), `.chipUnavailable` when it exists but cannot be opened.
    public static func open(_ descriptor: String) throws(GPIOError) -> LibgpiodV1Chip {
        var error: Int32 = 0
        guard let chip = cgpiod_chip_open(descriptor, &error) else {
            if cgpiod_error_means_missing(error) { throw .chipNotFound(descriptor) }
            throw .chipUnavailable(descriptor, reason: errorText(error))
        }
        return LibgpiodV1Chip(name: descriptor, handle: chip)
    }

    /// `open` as a `GPIOChips.Opener`.
    public static let opener: GPIOChips.Opener = { (descriptor: String) throws(GPIOError) -> any GPIOChipDriver in
        try open(descriptor)
    }

    public func line(_ selector: GPIOLineSelector) throws(GPIOError) -> any GPIOLineDriver {
        let line = try handle.withLock { (chip: inout Handle) throws(GPIOError) -> Handle in
            var error: Int32 = 0
            let found: OpaquePointer? =
                switch selector {
                case .offset(let offset): cgpiod_chip_line(chip.pointer, offset, &error)
                case .named(let lineName): cgpiod_chip_find_line(chip.pointer, lineName, &error)
                }
            guard let found else {
                if cgpiod_error_means_missing(error) { throw .lineNotFound(chip: name, line: "\(selector)") }
                throw .requestFailed(line: "\(name):\(selector)", reason: Self.errorText(error))
            }
            return Handle(pointer: found)
        }
        return LibgpiodV1Line(chip: self, name: "\(name):\(selector)", handle: line)
    }

    static func errorText(_ error: Int32) -> String {
        String(cString: cgpiod_error_text(error))
    }
}

/// A libgpiod object pointer; every use is serialized by the mutex that holds it.
struct Handle: @unchecked Sendable {
    let pointer: OpaquePointer
}

/// One line of a `LibgpiodV1Chip`; keeps its chip open while it lives.
final class LibgpiodV1Line: GPIOLineDriver {
    /// The longest a `waitEdge` sleeps between looks at the kernel's event queue.
    ///
    /// libgpiod v1 only has a blocking wait, which would hold one of the few cooperative threads; the
    /// kernel queues every edge with its time, so looking often loses nothing.
    static let edgePollSlice = Duration.milliseconds(5)

    private struct State {
        let handle: Handle
        var line: OpaquePointer { handle.pointer }
        var requested = false
        var edges = false
    }

    let name: String
    private let chip: LibgpiodV1Chip
    private let state: Mutex<State>

    init(chip: LibgpiodV1Chip, name: String, handle: Handle) {
        self.chip = chip
        self.name = name
        self.state = Mutex(State(handle: handle))
    }

    deinit {
        release()
    }

    func requestOutput(consumer: String, initial: Bool) throws(GPIOError) {
        try request { line throws(GPIOError) in
            try check(cgpiod_request_output(line, consumer, initial), request: true)
        }
    }

    func requestInput(consumer: String, edges: Bool) throws(GPIOError) {
        try request { line throws(GPIOError) in
            try check(cgpiod_request_input(line, consumer, edges), request: true)
        }
        state.withLock { $0.edges = edges }
    }

    func set(_ level: Bool) throws(GPIOError) {
        let line = state.withLock { $0.line }
        try check(cgpiod_set(line, level))
    }

    func get() throws(GPIOError) -> Bool {
        let line = state.withLock { $0.line }
        return try check(cgpiod_get(line)) == 1
    }

    func waitEdge(timeout: Duration) async throws(GPIOError) -> Bool {
        let (line, edges) = state.withLock { ($0.line, $0.edges) }
        var remaining = timeout
        repeat {
            if edges, try check(cgpiod_drain_edges(line, 0)) > 0 { return true }
            let slice = min(remaining, Self.edgePollSlice)
            if slice <= .zero { break }
            do {
                try await Task.sleep(for: slice)
            } catch {
                return false  // cancelled: the caller's loop ends
            }
            remaining -= slice
        } while remaining > .zero
        return edges ? try check(cgpiod_drain_edges(line, 0)) > 0 : false
    }

    func release() {
        state.withLock { state in
            guard state.requested else { return }
            cgpiod_release(state.line)
            state.requested = false
        }
    }

    private func request(_ body: (OpaquePointer) throws(GPIOError) -> Void) throws(GPIOError) {
        try state.withLock { (state: inout State) throws(GPIOError) in
            if state.requested {
                cgpiod_release(state.line)
                state.requested = false
            }
            try body(state.line)
            state.requested = true
        }
    }

    /// The shim's result, or the error it stands for (shim calls return a negative errno).
    @discardableResult
    private func check(_ result: Int32, request: Bool = false) throws(GPIOError) -> Int32 {
        guard result < 0 else { return result }
        let reason = LibgpiodV1Chip.errorText(-result)
        throw request ? .requestFailed(line: name, reason: reason) : .ioFailure(line: name, reason: reason)
    }
}
