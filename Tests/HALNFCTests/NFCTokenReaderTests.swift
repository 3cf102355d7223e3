import HAL
import Logging
import OCPPTestSupport
import Synchronization
import Testing

@testable import HALNFC

/// The libnfc reader end to end: libnfc's own `pn532_uart` driver talking to a PN532 emulated on a socat
/// pty pair (`Tests/Peers/pn532_uart.py`), with the reader's real open, poll and reopen paths.
@Suite(.timeLimit(.minutes(2)))
struct NFCTokenReaderTests {
    let log = LogLines()

    func makeReader(
        _ connstring: String,
        byteOrder: TokenFormat.ByteOrder = .asRead,
        repeatWindow: Duration = .seconds(2)
    ) -> NFCTokenReader {
        NFCTokenReader(
            settings: NFCTokenReader.Settings(
                connstring: connstring,
                byteOrder: byteOrder,
                pollInterval: .milliseconds(50),
                repeatWindow: repeatWindow,
                retryInterval: .milliseconds(200)
            ),
            logger: log.logger
        )
    }

    func connected(_ reader: NFCTokenReader) -> Bool {
        if case .connected = reader.status { true } else { false }
    }

    @Test func aCardOnTheEmulatedPN532BecomesAnUpperCaseISO14443Token() async throws {
        let pn532 = try await PN532Emulator()
        let reader = makeReader(pn532.connstring)
        let tokens = Collected(reader.tokens)
        let running = Task { await reader.run() }
        try await wait(until: "the reader is connected", within: .seconds(20)) { connected(reader) }
        #expect(reader.status == .connected(name: pn532.connstring))

        try await pn532.present(uid: "04a31b7c")
        #expect(try await tokens.waitFor(count: 1, "a token") == [PresentedToken(id: "04A31B7C", type: .iso14443)])
        // What libnfc's driver sent: GetFirmwareVersion, SAMConfiguration, InListPassiveTarget (type A, 106k).
        #expect(pn532.commands.contains(0x02) && pn532.commands.contains(0x14) && pn532.commands.contains(0x4A))
        running.cancel()
        await running.value
        await pn532.stop()
    }

    @Test func aSevenByteUIDInReversedByteOrder() async throws {
        let pn532 = try await PN532Emulator()
        let reader = makeReader(pn532.connstring, byteOrder: .reversed)
        let tokens = Collected(reader.tokens)
        let running = Task { await reader.run() }
        try await wait(until: "the reader is connected", within: .seconds(20)) { connected(reader) }

        try await pn532.present(uid: "04112233445566")
        #expect(try await tokens.waitFor(count: 1, "a token").map(\.id) == ["66554433221104"])
        running.cancel()
        await running.value
        await pn532.stop()
    }

    @Test func aCardLyingOnTheReaderIsOneTokenUntilTakenAwayForTheWindow() async throws {
        let pn532 = try await PN532Emulator()
        let reader = makeReader(pn532.connstring, repeatWindow: .milliseconds(400))
        let tokens = Collected(reader.tokens)
        let running = Task { await reader.run() }
        try await wait(until: "the reader is connected", within: .seconds(20)) { connected(reader) }

        try await pn532.present(uid: "A1B2C3D4")
        _ = try await tokens.waitFor(count: 1, "the first reading")
        let polls = pn532.commands.filter { $0 == 0x4A }.count
        try await wait(until: "ten more polls with the card on the reader") {
            pn532.commands.filter { $0 == 0x4A }.count >= polls + 10
        }
        #expect(tokens.all.count == 1, "read at every poll, presented once")

        try await pn532.removeCard()
        try await Task.sleep(for: .milliseconds(600))
        try await pn532.present(uid: "A1B2C3D4")
        #expect(try await tokens.waitFor(count: 2, "the card presented again").map(\.id) == ["A1B2C3D4", "A1B2C3D4"])
        running.cancel()
        await running.value
        await pn532.stop()
    }

    @Test func aLostReaderIsLoggedOnceAndReadAgainWhenItIsBack() async throws {
        let pn532 = try await PN532Emulator()
        let reader = makeReader(pn532.connstring)
        let tokens = Collected(reader.tokens)
        let running = Task { await reader.run() }
        try await wait(until: "the reader is connected", within: .seconds(20)) { connected(reader) }

        try await pn532.unplug()
        try await wait(until: "the reader is lost", within: .seconds(20)) {
            if case .unavailable = reader.status { true } else { false }
        }
        try await Task.sleep(for: .seconds(1))  // several reopening attempts, each failing
        #expect(log.count("NFC reader lost") == 1)
        #expect(log.count("NFC reader not available") <= 1)
        if case .unavailable(let reason) = reader.status {
            #expect(reason.contains(pn532.connstring), "the reason names the reader: \(reason)")
        }

        try await pn532.plug()
        try await wait(
            until: "the reader is back",
            within: .seconds(20),
            context: "status \(reader.status), log \(log.all), PN532 commands \(pn532.commands.suffix(20))"
        ) { connected(reader) }
        #expect(log.count("NFC reader back") == 1)
        try await pn532.present(uid: "0A0B0C0D")
        #expect(try await tokens.waitFor(count: 1, "a token after the reader came back").map(\.id) == ["0A0B0C0D"])
        running.cancel()
        await running.value
        await pn532.stop()
    }

    @Test func aMissingReaderIsNamedAndDoesNotStopTheLoop() async throws {
        let reader = makeReader("pn532_uart:/nonexistent/ttyPN532")
        let running = Task { await reader.run() }
        try await wait(until: "the reader reports the missing device") {
            if case .unavailable = reader.status { true } else { false }
        }
        #expect(
            reader.status
                == .unavailable(
                    "nfc_open pn532_uart:/nonexistent/ttyPN532: no such reader (wrong connstring, device missing or no access)"
                )
        )
        try await Task.sleep(for: .milliseconds(500))
        #expect(log.count("NFC reader not available") == 1)
        running.cancel()
        await running.value
    }
}

/// The tokens of a stream opened before anything is read.
final class Collected: Sendable {
    private final class Box: Sendable {
        let tokens = Mutex<[PresentedToken]>([])
    }

    private let box = Box()
    private let collecting: Task<Void, Never>

    init(_ stream: AsyncStream<PresentedToken>) {
        let box = box
        collecting = Task {
            for await token in stream { box.tokens.withLock { $0.append(token) } }
        }
    }

    deinit { collecting.cancel() }

    var all: [PresentedToken] { box.tokens.withLock { $0 } }

    func waitFor(count: Int, _ what: String) async throws -> [PresentedToken] {
        try await wait(for: what, within: .seconds(20)) { all.count >= count ? all : nil }
    }
}

/// The messages a logger was given, to check what was logged and how often.
final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])

    var all: [String] { lines.withLock { $0 } }

    func count(_ message: String) -> Int { all.filter { $0 == message }.count }

    var logger: Logger {
        Logger(label: "test") { _ in Handler(lines: self) }
    }

    private struct Handler: LogHandler {
        let lines: LogLines
        var logLevel: Logger.Level = .trace
        var metadata: Logger.Metadata = [:]

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            lines.lines.withLock { $0.append(event.message.description) }
        }
    }
}
