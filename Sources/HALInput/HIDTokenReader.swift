import HAL
import Logging
import Synchronization

/// A USB HID "keyboard-wedge" RFID reader, read through its Linux event device.
///
/// `run()` (a service) opens the device, grabs it so the typed identifiers reach no console, decodes the
/// key presses into lines, maps each line to a token (`TokenFormat`), drops repeats within the window and
/// hands the rest to every `tokens` stream. An unplugged reader is logged once and looked for again every
/// `retryInterval`; when it is back, tokens flow again. No token ever appears in a log line.
public final class HIDTokenReader: TokenReader {
    public struct Settings: Sendable, Hashable {
        /// The event device, best by id (`/dev/input/by-id/usb-…-event-kbd`), which survives replugging.
        public var device: String
        public var format: TokenFormat
        /// The same token again within this time of its last reading is dropped.
        public var repeatWindow: Duration
        /// How often a missing device is looked for.
        public var retryInterval: Duration
        /// How often the device is looked at; the kernel queues events in between.
        public var pollInterval: Duration
        /// Take the device for this process alone (EVIOCGRAB).
        public var grab: Bool

        public init(
            device: String,
            format: TokenFormat = TokenFormat(),
            repeatWindow: Duration = .seconds(2),
            retryInterval: Duration = .seconds(5),
            pollInterval: Duration = .milliseconds(10),
            grab: Bool = true
        ) {
            self.device = device
            self.format = format
            self.repeatWindow = repeatWindow
            self.retryInterval = retryInterval
            self.pollInterval = pollInterval
            self.grab = grab
        }
    }

    /// Where the reader stands, for diagnostics.
    public enum Status: Sendable, Hashable {
        case starting
        /// Open; `grabbed` false when the device could not be taken exclusively (the reason was logged).
        case connected(name: String?, grabbed: Bool)
        /// Not open, with the reason; looked for again every `retryInterval`.
        case unavailable(String)
    }

    public let settings: Settings
    private let clock: any Clock<Duration>
    private let logger: Logger
    private let state = Mutex(State())
    private let broadcast = Broadcast<PresentedToken>()

    private struct State {
        var status = Status.starting
    }

    public init(settings: Settings, clock: any Clock<Duration> = ContinuousClock(), logger: Logger) {
        self.settings = settings
        self.clock = clock
        var logger = logger
        logger[metadataKey: "device"] = .string(settings.device)
        self.logger = logger
    }

    public var tokens: AsyncStream<PresentedToken> { broadcast.stream() }

    public var status: Status { state.withLock { $0.status } }

    /// Follows the reader until the task is cancelled, through unplugging and replugging.
    public func run() async {
        await Self.follow(clock: clock, reader: self)
    }

    private static func follow<C: Clock>(clock: C, reader: HIDTokenReader) async where C.Duration == Duration {
        let settings = reader.settings
        let origin = clock.now
        var filter = TokenRepeatFilter(window: settings.repeatWindow)
        var missingSince: String?
        while !Task.isCancelled {
            let device: InputEventDevice
            do {
                device = try InputEventDevice(path: settings.device)
            } catch {
                if missingSince == nil {
                    reader.logger.warning("token reader not available", metadata: ["problem": "\(error)"])
                }
                missingSince = error.description
                reader.setStatus(.unavailable(error.description))
                do { try await clock.sleep(for: settings.retryInterval) } catch { return }
                continue
            }
            let grabbed = reader.grabIfWanted(device)
            let name = device.name()
            reader.setStatus(.connected(name: name, grabbed: grabbed))
            reader.logger.notice(
                missingSince == nil ? "token reader connected" : "token reader back",
                metadata: ["name": "\(name ?? "-")", "grabbed": "\(grabbed)"]
            )
            missingSince = nil
            var decoder = KeyboardWedgeDecoder()
            reading: while !Task.isCancelled {
                switch device.read() {
                case .events(let events):
                    for event in events {
                        guard let line = decoder.feed(event) else { continue }
                        reader.typed(line, at: origin.duration(to: clock.now), filter: &filter)
                    }
                case .idle:
                    do { try await clock.sleep(for: settings.pollInterval) } catch { return }
                case .gone(let reason):
                    reader.logger.warning("token reader lost", metadata: ["problem": "\(reason)"])
                    missingSince = reason
                    reader.setStatus(.unavailable(reason))
                    break reading
                }
            }
        }
    }

    /// Grabs the device when the settings ask for it; a failed grab is logged and reading goes on, as
    /// the reader still works (its keystrokes may then also reach a console).
    private func grabIfWanted(_ device: InputEventDevice) -> Bool {
        guard settings.grab else { return false }
        do {
            try device.grab()
            return true
        } catch {
            logger.warning("token reader not grabbed", metadata: ["problem": "\(error)"])
            return false
        }
    }

    /// One line typed by the reader: a token for the subscribers, a repeat, or something unreadable.
    private func typed(_ line: String, at time: Duration, filter: inout TokenRepeatFilter) {
        let token: PresentedToken
        do {
            token = try settings.format.token(fromTyped: line)
        } catch {
            logger.notice("token reader input is not a token", metadata: ["problem": "\(error)"])
            return
        }
        guard filter.admit(token, at: time) else {
            logger.debug("same token again within the repeat window, ignored")
            return
        }
        logger.info("token read", metadata: ["type": "\(token.type.rawValue)", "length": "\(token.id.utf8.count)"])
        broadcast.yield(token)
    }

    private func setStatus(_ status: Status) {
        state.withLock { $0.status = status }
    }
}
