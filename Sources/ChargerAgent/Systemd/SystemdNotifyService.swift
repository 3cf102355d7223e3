import ChargingStation
import Logging
import ServiceLifecycle
import Synchronization

/// Tells systemd how the daemon is doing: `READY=1` once the main loop first answers, `STATUS=` when
/// the link or registration state changes, `WATCHDOG=1` while the main loop keeps answering, and
/// `STOPPING=1` on a graceful shutdown.
///
/// Liveness is proven, not assumed: every tick (half of `WATCHDOG_USEC`) the service asks the main loop
/// (`probe`, which hops onto the station actor) for its status line, and pings only if the question of
/// the previous tick was answered. A station actor that hangs leaves the question open, so the pings
/// stop and systemd restarts the service after the watchdog period. The question runs in its own task:
/// an actor hop cannot be cancelled, and the watchdog must not hang with the actor it watches.
public struct SystemdNotifyService: Service, CustomStringConvertible {
    /// Asks the main loop for its status line; answering at all is the proof of life.
    public typealias Probe = @Sendable () async -> String

    let notifier: SystemdNotifier
    /// Half the watchdog period, or nil without a watchdog (then `tick` paces the status updates).
    let watchdogInterval: Duration?
    let tick: Duration
    let clock: any Clock<Duration>
    let probe: Probe
    let logger: Logger

    /// - Parameters:
    ///   - watchdogInterval: how often to ping (half of `WATCHDOG_USEC`); nil: no watchdog pings.
    ///   - statusInterval: how often to look for status changes when there is no watchdog.
    public init(
        notifier: SystemdNotifier,
        watchdogInterval: Duration?,
        statusInterval: Duration = .seconds(1),
        clock: any Clock<Duration> = ContinuousClock(),
        logger: Logger = Logger(label: "chargerd.systemd"),
        probe: @escaping Probe
    ) {
        self.notifier = notifier
        self.watchdogInterval = watchdogInterval
        self.tick = watchdogInterval.map { min($0, statusInterval) } ?? statusInterval
        self.clock = clock
        self.probe = probe
        self.logger = logger
    }

    public var description: String { "SystemdNotifyService" }

    /// The outstanding question to the main loop and its last answer, shared with the question's task.
    private final class ProbeState: Sendable {
        struct Value {
            var pending = false
            var answer: String?
        }
        let value = Mutex(Value())
    }

    public func run() async throws {
        let service = self
        await cancelWhenGracefulShutdown {
            await service.notifyWhileLive()
        }
        notify("STOPPING=1\nSTATUS=stopping")
    }

    /// Until cancelled: READY once; then every tick, if the main loop answered the previous tick's
    /// question, any status change, and a ping once `watchdogInterval` has passed since the last one.
    /// While the question stays open nothing is sent, so a hung main loop stops the pings.
    private func notifyWhileLive() async {
        let state = ProbeState()
        var question: Task<Void, Never>?
        defer { question?.cancel() }
        let probe = probe
        func ask() {
            state.value.withLock { $0.pending = true }
            question = Task {
                let answer = await probe()
                state.value.withLock {
                    $0.pending = false
                    $0.answer = answer
                }
            }
        }

        var ready = false
        var lastStatus: String?
        var unanswered = Duration.zero
        var sincePing = Duration.zero
        ask()
        while !Task.isCancelled {
            // Until READY, look often, so READY follows the first answer closely.
            do {
                try await clock.sleep(for: ready ? tick : min(tick, .milliseconds(10)))
            } catch {
                break
            }
            let (pending, answer) = state.value.withLock { ($0.pending, $0.answer) }
            if ready { sincePing += tick }
            if pending {
                guard ready else { continue }
                let before = unanswered
                unanswered += tick
                if let watchdogInterval, before < watchdogInterval, unanswered >= watchdogInterval {
                    logger.critical(
                        "main loop is not answering; withholding the watchdog ping",
                        metadata: ["waited": "\(unanswered)"]
                    )
                }
                continue
            }
            if let watchdogInterval, unanswered >= watchdogInterval {
                logger.notice("main loop answers again; watchdog pings resume", metadata: ["waited": "\(unanswered)"])
            }
            unanswered = .zero
            var lines: [String] = []
            if !ready {
                ready = true
                lines.append("READY=1")
            }
            if let answer, answer != lastStatus {
                lastStatus = answer
                lines.append("STATUS=" + answer)
            }
            if let watchdogInterval, lines.contains("READY=1") || sincePing >= watchdogInterval {
                lines.append("WATCHDOG=1")
                sincePing = .zero
            }
            if !lines.isEmpty { notify(lines.joined(separator: "\n")) }
            ask()
        }
    }

    private func notify(_ state: String) {
        do {
            try notifier.send(state)
        } catch {
            logger.warning("sd_notify failed", metadata: ["error": "\(error)"])
        }
    }
}

extension StationRuntime {
    /// The sd_notify service for `station` when running under systemd (`$NOTIFY_SOCKET` set), else nil.
    static func systemdNotifyService(
        for station: ChargingStation,
        environment: [String: String],
        logger: Logger
    ) -> SystemdNotifyService? {
        guard let notifier = SystemdNotifier(environment: environment) else { return nil }
        let interval = SystemdNotifier.watchdogPingInterval(environment: environment)
        logger.info(
            "notifying systemd",
            metadata: ["socket": "\(notifier.socketPath)", "watchdog-ping": "\(interval.map { "\($0)" } ?? "off")"]
        )
        return SystemdNotifyService(notifier: notifier, watchdogInterval: interval, logger: logger) {
            await statusLine(of: station)
        }
    }

    /// The `STATUS=` text: the CSMS link and the registration, as `systemctl status` shows it.
    static func statusLine(of station: ChargingStation) async -> String {
        let registration: String =
            switch await station.registrationStatus {
            case .unregistered: "not registered"
            case .pending: "registration Pending"
            case .accepted: "registration Accepted"
            case .rejected: "registration Rejected"
            }
        let link = await station.isOnline ? "CSMS link up" : "CSMS link down"
        return "\(link), \(registration)"
    }
}
