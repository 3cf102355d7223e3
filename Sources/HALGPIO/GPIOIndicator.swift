import HAL
import Synchronization

/// A status light made of on/off GPIO lines: an RGB LED (one line per channel) or single-colour LEDs.
///
/// A colour lights its own line if there is one (`.yellow` on an amber LED), otherwise the mix of the
/// red, green and blue lines (yellow = red + green, white = all three); a colour neither can show
/// throws `.unsupportedSignal`. Patterns are animated by a task on the injected clock that each
/// `show` replaces; the first phase is on the lines before `show` returns.
///
/// On/off lines cannot dim, so `.pulse` is shown as a slow "breathing" rhythm that is mostly lit
/// (see `Timings`), distinct from both blinks.
public final class GPIOIndicator: Indicator {
    /// How long each pattern stays on and off.
    public struct Timings: Sendable, Hashable {
        public var slowBlinkOn = Duration.milliseconds(500)
        public var slowBlinkOff = Duration.milliseconds(500)
        public var fastBlinkOn = Duration.milliseconds(125)
        public var fastBlinkOff = Duration.milliseconds(125)
        public var pulseOn = Duration.milliseconds(1500)
        public var pulseOff = Duration.milliseconds(500)

        /// The recommended timings of `IndicatorPattern`.
        public init() {}

        /// The on and off phases of `pattern`, or nil for a steady light.
        func phases(of pattern: IndicatorPattern) -> (on: Duration, off: Duration)? {
            switch pattern {
            case .steady: nil
            case .slowBlink: (slowBlinkOn, slowBlinkOff)
            case .fastBlink: (fastBlinkOn, fastBlinkOff)
            case .pulse: (pulseOn, pulseOff)
            }
        }
    }

    public static let consumer = "chargerd-indicator"

    private struct State {
        var generation: UInt64 = 0
        var animation: Task<Void, Never>?
        /// The signal last driven onto the lines; nil after a failure left them in an unknown state.
        var shown: IndicatorSignal? = .off
    }

    private let lines: [IndicatorColor: GPIOLine]
    private let timings: Timings
    private let clock: any Clock<Duration>
    private let state = Mutex(State())

    /// Requests the lines (all dark).
    ///
    /// - Parameter lines: the line lighting each colour; `.red`, `.green` and `.blue` also mix.
    public init(
        lines: [IndicatorColor: GPIOLine],
        timings: Timings = Timings(),
        clock: any Clock<Duration>
    ) throws(GPIOError) {
        self.lines = lines.filter { $0.key != .off }
        self.timings = timings
        self.clock = clock
        for line in self.lines.values {
            try line.requestOutput(consumer: Self.consumer, initial: false)
        }
    }

    deinit {
        state.withLock { $0.animation?.cancel() }
        for line in lines.values {
            try? line.set(false)
            line.driver.release()
        }
    }

    public var shown: IndicatorSignal? { state.withLock { $0.shown } }

    /// The colours of the lines that light `color`, or nil if this light cannot show it.
    func channels(for color: IndicatorColor) -> Set<IndicatorColor>? {
        if color == .off { return [] }
        if lines[color] != nil { return [color] }
        let mix: Set<IndicatorColor> =
            switch color {
            case .yellow: [.red, .green]
            case .white: [.red, .green, .blue]
            case .cyan: [.green, .blue]
            case .magenta: [.red, .blue]
            default: []
            }
        guard !mix.isEmpty, mix.allSatisfy({ lines[$0] != nil }) else { return nil }
        return mix
    }

    public func show(_ signal: IndicatorSignal) async throws(IndicatorError) {
        guard let lit = channels(for: signal.color) else { throw .unsupportedSignal(signal) }
        let phases = signal.color == .off ? nil : timings.phases(of: signal.pattern)
        let generation = state.withLock { state in
            state.animation?.cancel()
            state.animation = nil
            state.generation += 1
            return state.generation
        }
        do {
            try apply(lit, on: true, generation: generation)
        } catch {
            state.withLock { if $0.generation == generation { $0.shown = nil } }
            throw .driveFailure(reason: error.description)
        }
        state.withLock { if $0.generation == generation { $0.shown = signal } }
        guard let phases else { return }
        let task = Task { [weak self, clock] in
            await Self.animate(clock: clock, phases: phases) { on in
                guard let self else { return false }
                return (try? self.apply(lit, on: on, generation: generation)) ?? true
            }
        }
        state.withLock { state in
            if state.generation == generation { state.animation = task } else { task.cancel() }
        }
    }

    /// Sets every line: the `lit` ones to `on`, the others off; nothing if a newer `show` came.
    /// Returns false when superseded, so a stale animation stops.
    @discardableResult
    private func apply(_ lit: Set<IndicatorColor>, on: Bool, generation: UInt64) throws(GPIOError) -> Bool {
        try state.withLock { (state: inout State) throws(GPIOError) -> Bool in
            guard state.generation == generation else { return false }
            for (color, line) in lines {
                try line.set(on && lit.contains(color))
            }
            return true
        }
    }

    /// Alternates off and on phases (the on phase is already shown) until cancelled or `step` says stop.
    private static func animate(
        clock: any Clock<Duration>,
        phases: (on: Duration, off: Duration),
        step: (Bool) -> Bool
    ) async {
        await animate(on: clock, phases: phases, step: step)
    }

    /// `animate` on the concrete clock. Deadlines are counted from the start, so the rhythm does not drift.
    private static func animate<C: Clock>(
        on clock: C,
        phases: (on: Duration, off: Duration),
        step: (Bool) -> Bool
    ) async where C.Duration == Duration {
        var deadline = clock.now
        var on = true
        while !Task.isCancelled {
            deadline = deadline.advanced(by: on ? phases.on : phases.off)
            do {
                try await clock.sleep(until: deadline, tolerance: nil)
            } catch {
                return
            }
            on.toggle()
            guard step(on) else { return }
        }
    }
}
