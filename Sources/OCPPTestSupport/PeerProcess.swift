import Foundation
import Synchronization

/// A child process a test talks to: its stdout lines are collected as `PeerJSON` (the peers print one JSON
/// object a line, `{"event": …}`), its stderr is kept for failure messages, and its stdin stays open for
/// commands.
///
/// Every wait is bounded and gives up early when the process exits. The peers in `Tests/Peers` exit when
/// their stdin closes, so none outlives the test process, however that ends; `stop()` or `kill()` ends one
/// sooner, and `deinit` kills one that was forgotten.
public final class PeerProcess: Sendable {
    /// What the process is called in messages (the script's or the executable's file name).
    public let name: String
    private let process = Process()
    private let input = Pipe()
    private let state = Mutex(Output())

    private struct Output {
        var lines: [PeerJSON] = []
        var pending = Data()
        var standardError = ""
        var outputClosed = false
        var errorClosed = false
    }

    /// How long a wait lasts unless told otherwise.
    public static let defaultTimeout: Duration = .seconds(10)

    /// Starts `executable` with `arguments`.
    public init(executable: String, arguments: [String], name: String? = nil) throws {
        self.name = name ?? URL(fileURLWithPath: executable).lastPathComponent
        Self.ignoreBrokenPipes
        let output = Pipe()
        let errors = Pipe()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil }
            self?.received(output: data)
        }
        errors.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil }
            self?.state.withLock { state in
                if data.isEmpty { state.errorClosed = true }
                state.standardError += String(decoding: data, as: UTF8.self)
            }
        }
        do {
            try process.run()
        } catch {
            throw TestFailure("could not start \(self.name) (\(executable)): \(error)")
        }
    }

    deinit {
        if process.processIdentifier != 0 && process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
    }

    /// A command written to a peer that has just died must fail the write, not kill the test process.
    private static let ignoreBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN) }()

    private func received(output data: Data) {
        state.withLock { state in
            if data.isEmpty {
                state.outputClosed = true
                if !state.pending.isEmpty { state.lines.append(PeerJSON(line: state.pending)) }
                state.pending = Data()
                return
            }
            state.pending.append(data)
            while let newline = state.pending.firstIndex(of: UInt8(ascii: "\n")) {
                state.lines.append(PeerJSON(line: state.pending[state.pending.startIndex..<newline]))
                state.pending = Data(state.pending[state.pending.index(after: newline)...])
            }
        }
    }

    // MARK: what it printed

    /// Every stdout line so far, oldest first.
    public var lines: [PeerJSON] { state.withLock { $0.lines } }
    public var lineCount: Int { state.withLock { $0.lines.count } }
    /// The lines whose `event` is `name`.
    public func events(_ name: String) -> [PeerJSON] { lines.filter { $0.event == name } }
    public var standardError: String { state.withLock { $0.standardError } }
    public var isRunning: Bool { process.isRunning }

    /// The last `count` stdout lines (each shown by `describe`) and the tail of stderr, for failure messages.
    public func transcript(last count: Int = 40, describe: (PeerJSON) -> String = \.description) -> String {
        let (lines, errors) = state.withLock { ($0.lines, $0.standardError) }
        let shown = lines.suffix(count).map(describe)
        return "\(name) output (last \(shown.count) of \(lines.count) lines):\n  " + shown.joined(separator: "\n  ")
            + (errors.isEmpty ? "" : "\n\(name) stderr (tail):\n" + errors.suffix(3000))
    }

    /// Whether the process has exited and everything it printed has been read.
    private var exitedAndDrained: Bool {
        !process.isRunning && state.withLock { $0.outputClosed && $0.errorClosed }
    }

    // MARK: waiting

    /// Polls `match` over this peer until it returns a value; throws after `timeout`, or as soon as the
    /// process has exited without `match` finding anything in all it printed.
    @discardableResult
    public func waitFor<T>(
        _ what: String,
        timeout: Duration = PeerProcess.defaultTimeout,
        describe: (PeerJSON) -> String = \.description,
        _ match: (PeerProcess) throws -> T?
    ) async throws -> T {
        var exitedAt: ContinuousClock.Instant?
        return try await wait(for: what, within: timeout, context: transcript(describe: describe)) {
            let drained = exitedAndDrained
            if let value = try match(self) { return value }
            guard !process.isRunning else { return nil }
            // Its last lines may still be in the pipe: give the readers a moment before giving up.
            let exited = exitedAt ?? ContinuousClock.now
            exitedAt = exited
            guard drained || ContinuousClock.now - exited > .seconds(1) else { return nil }
            throw TestFailure(
                "\(name) exited (status \(process.terminationStatus)) while waiting for \(what)\n"
                    + transcript(describe: describe)
            )
        }
    }

    /// Waits for the first line after the first `skip` that satisfies `predicate`.
    @discardableResult
    public func waitForLine(
        _ what: String,
        after skip: Int = 0,
        timeout: Duration = PeerProcess.defaultTimeout,
        where predicate: (PeerJSON) -> Bool
    ) async throws -> PeerJSON {
        try await waitFor(what, timeout: timeout) { $0.lines.dropFirst(skip).first(where: predicate) }
    }

    /// Waits for the `count`-th line after the first `skip` whose `event` is `name` and that satisfies
    /// `predicate`.
    @discardableResult
    public func waitForEvent(
        _ name: String,
        count: Int = 1,
        after skip: Int = 0,
        timeout: Duration = PeerProcess.defaultTimeout,
        where predicate: (PeerJSON) -> Bool = { _ in true }
    ) async throws -> PeerJSON {
        try await waitFor("event '\(name)' #\(count) from \(self.name)", timeout: timeout) { peer in
            let matches = peer.lines.dropFirst(skip).filter { $0.event == name && predicate($0) }
            return matches.count >= count ? matches[matches.startIndex + count - 1] : nil
        }
    }

    // MARK: commands

    /// Writes one line to the process's stdin.
    public func send(line: String) throws {
        try input.fileHandleForWriting.write(contentsOf: Data((line + "\n").utf8))
    }

    /// Writes `object` as one JSON line to the process's stdin.
    public func send(_ object: [String: Any]) throws {
        var line = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        line.append(UInt8(ascii: "\n"))
        try input.fileHandleForWriting.write(contentsOf: line)
    }

    /// Closes the process's stdin; the peers take that as the signal to finish and exit.
    public func closeInput() {
        try? input.fileHandleForWriting.close()
    }

    // MARK: ending

    /// Ends the process: closes its stdin, sends SIGTERM, and SIGKILL if it is still there after 2 s. Waits
    /// for it without holding a thread of the cooperative pool.
    public func stop() async {
        guard process.processIdentifier != 0 else { return }
        closeInput()
        if process.isRunning { process.terminate() }
        let deadline = ContinuousClock.now + .seconds(2)
        while process.isRunning && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(10)) }
        if process.isRunning {
            Foundation.kill(process.processIdentifier, SIGKILL)
            while process.isRunning { try? await Task.sleep(for: .milliseconds(10)) }
        }
    }

    /// Ends the process at once with SIGKILL (for `defer`, which cannot await; and for peers such as
    /// pymodbus's server that do not always end on SIGTERM). Returns once it is gone, or after 2 s.
    public func kill() {
        closeInput()
        guard process.processIdentifier != 0, process.isRunning else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
        let deadline = ContinuousClock.now + .seconds(2)
        while process.isRunning && ContinuousClock.now < deadline { usleep(1000) }
    }
}
