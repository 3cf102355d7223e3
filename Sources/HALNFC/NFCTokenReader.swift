import CNFC
import Dispatch
import HAL
import Logging
import Synchronization

/// A PN532-class NFC reader (any reader libnfc drives: `pn532_uart`, `pn532_i2c`, `pn532_spi`, `pn53x_usb`,
/// `acr122_usb`), asked every `pollInterval` for an ISO/IEC 14443 type A card.
///
/// A card's UID becomes an `ISO14443` idToken in upper-case hexadecimal (`TokenFormat`), in the order the
/// card sent its bytes or reversed. A card lying on the reader is read at every poll and presented once
/// (`TokenRepeatFilter`). A reader that stops answering is logged once, closed and opened again every
/// `retryInterval` until it is back. libnfc blocks for the UART's timeouts, so its calls run on the
/// reader's own serial queue, never on the cooperative threads. No UID ever appears in a log line.
public final class NFCTokenReader: TokenReader {
    public struct Settings: Sendable, Hashable {
        /// libnfc's name for the reader: `pn532_uart:/dev/ttyS0`, `pn532_uart:/dev/ttyUSB0:115200`,
        /// `pn532_i2c:/dev/i2c-1`, `pn532_spi:/dev/spidev0.0`, `pn53x_usb`.
        public var connstring: String
        public var byteOrder: TokenFormat.ByteOrder
        /// How often the field is looked at.
        public var pollInterval: Duration
        /// The same card again within this time of its last reading is dropped.
        public var repeatWindow: Duration
        /// How often a lost reader is opened again.
        public var retryInterval: Duration

        public init(
            connstring: String,
            byteOrder: TokenFormat.ByteOrder = .asRead,
            pollInterval: Duration = .milliseconds(250),
            repeatWindow: Duration = .seconds(2),
            retryInterval: Duration = .seconds(5)
        ) {
            self.connstring = connstring
            self.byteOrder = byteOrder
            self.pollInterval = pollInterval
            self.repeatWindow = repeatWindow
            self.retryInterval = retryInterval
        }
    }

    /// Where the reader stands, for diagnostics.
    public enum Status: Sendable, Hashable {
        case starting
        /// Open, with libnfc's name for it.
        case connected(name: String)
        /// Not open, with the reason; opened again every `retryInterval`.
        case unavailable(String)
    }

    /// Timeouts in a row after which a reader counts as lost (one can be a card leaving mid-answer).
    static let timeoutsUntilLost = 3

    public let settings: Settings
    private let format: TokenFormat
    private let clock: any Clock<Duration>
    private let logger: Logger
    private let link: LibnfcLink
    private let queue: DispatchQueue
    private let state = Mutex(State())
    private let broadcast = Broadcast<PresentedToken>()

    private struct State {
        var status = Status.starting
    }

    public init(settings: Settings, clock: any Clock<Duration> = ContinuousClock(), logger: Logger) {
        self.settings = settings
        self.format = TokenFormat(type: .iso14443, encoding: .hex, byteOrder: settings.byteOrder)
        self.clock = clock
        var logger = logger
        logger[metadataKey: "reader"] = .string(settings.connstring)
        self.logger = logger
        self.link = LibnfcLink(connstring: settings.connstring)
        self.queue = DispatchQueue(label: "nfc-reader")
    }

    public var tokens: AsyncStream<PresentedToken> { broadcast.stream() }

    public var status: Status { state.withLock { $0.status } }

    /// libnfc's version, for diagnostics.
    public static var libraryVersion: String { String(cString: cnfc_version()) }

    /// Polls the reader until the task is cancelled, through losing it and finding it again.
    public func run() async {
        await Self.follow(clock: clock, reader: self)
        await onQueue { link in link.close() }
    }

    private static func follow<C: Clock>(clock: C, reader: NFCTokenReader) async where C.Duration == Duration {
        let settings = reader.settings
        let origin = clock.now
        var filter = TokenRepeatFilter(window: settings.repeatWindow)
        var lostBefore = false
        var timeouts = 0
        while !Task.isCancelled {
            let opened = await reader.onQueue { link in Result { () throws(NFCError) in try link.open() } }
            switch opened {
            case .failure(let error):
                if !lostBefore {
                    reader.logger.warning("NFC reader not available", metadata: ["problem": "\(error)"])
                }
                lostBefore = true
                reader.setStatus(.unavailable(error.description))
                do { try await clock.sleep(for: settings.retryInterval) } catch { return }
                continue
            case .success(let name):
                reader.setStatus(.connected(name: name))
                reader.logger.notice(
                    lostBefore ? "NFC reader back" : "NFC reader connected",
                    metadata: ["name": "\(name)", "libnfc": "\(libraryVersion)"]
                )
                lostBefore = false
                timeouts = 0
            }
            polling: while !Task.isCancelled {
                let polled = await reader.onQueue { link in Result { () throws(NFCError) in try link.pollISO14443A() } }
                switch polled {
                case .success(let uid):
                    timeouts = 0
                    if let uid { reader.read(uid, at: origin.duration(to: clock.now), filter: &filter) }
                case .failure(let error) where error.meansLost || error.code == NFC_ETIMEOUT:
                    if error.code == NFC_ETIMEOUT {
                        timeouts += 1
                        if timeouts < timeoutsUntilLost { break }
                    }
                    reader.logger.warning("NFC reader lost", metadata: ["problem": "\(error)"])
                    reader.setStatus(.unavailable(error.description))
                    lostBefore = true
                    await reader.onQueue { link in link.close() }
                    do { try await clock.sleep(for: settings.retryInterval) } catch { return }
                    break polling
                case .failure(let error):
                    // An RF error is a card leaving or two cards at once; the next poll tries again.
                    reader.logger.debug("NFC poll failed", metadata: ["problem": "\(error)"])
                }
                do { try await clock.sleep(for: settings.pollInterval) } catch { return }
            }
        }
    }

    /// One card read: a token for the subscribers, or a repeat.
    private func read(_ uid: [UInt8], at time: Duration, filter: inout TokenRepeatFilter) {
        let token: PresentedToken
        do {
            token = try format.token(fromUID: uid)
        } catch {
            logger.notice("NFC card UID is not a token", metadata: ["problem": "\(error)"])
            return
        }
        guard filter.admit(token, at: time) else { return }
        logger.info("token read", metadata: ["type": "\(token.type.rawValue)", "length": "\(uid.count) bytes"])
        broadcast.yield(token)
    }

    private func setStatus(_ status: Status) {
        state.withLock { $0.status = status }
    }

    /// Runs `work` with the libnfc link on the reader's serial queue.
    private func onQueue<T: Sendable>(_ work: @escaping @Sendable (LibnfcLink) -> T) async -> T {
        let link = link
        return await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: work(link)) }
        }
    }
}
