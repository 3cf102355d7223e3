import CLinuxInput
import HAL
import OCPPTestSupport
import Synchronization
import Testing

@testable import HALInput

/// The keyboard-wedge reader end to end, through the real open/read path of `InputEventDevice`.
///
/// Stand-in: this machine's kernel has no uinput (`/dev/uinput` absent) and no `/dev/input`, so every test
/// here reads a FIFO carrying `struct input_event` records in the kernel's 64-bit layout
/// (`InputEventFIFO`); EVIOCGRAB on a FIFO fails with ENOTTY, which the reader logs and reads on.
@Suite(.timeLimit(.minutes(1)))
struct HIDTokenReaderTests {
    let directory: TemporaryDirectory
    let log = LogLines()

    init() throws {
        directory = try TemporaryDirectory()
    }

    func makeReader(
        device: String,
        format: TokenFormat = TokenFormat(),
        repeatWindow: Duration = .seconds(2)
    ) -> HIDTokenReader {
        HIDTokenReader(
            settings: HIDTokenReader.Settings(
                device: device,
                format: format,
                repeatWindow: repeatWindow,
                retryInterval: .milliseconds(50),
                pollInterval: .milliseconds(5)
            ),
            logger: log.logger
        )
    }

    /// The tokens of `reader`, collected from a stream opened now (before anything is typed).
    final class Collected: Sendable {
        private final class Box: Sendable {
            let tokens = Mutex<[PresentedToken]>([])
        }

        private let box = Box()
        private let collecting: Task<Void, Never>

        init(_ reader: HIDTokenReader) {
            let stream = reader.tokens
            let box = box
            collecting = Task {
                for await token in stream { box.tokens.withLock { $0.append(token) } }
            }
        }

        deinit { collecting.cancel() }

        var all: [PresentedToken] { box.tokens.withLock { $0 } }

        func waitFor(count: Int, _ what: String) async throws -> [PresentedToken] {
            try await wait(for: what, within: .seconds(10)) { all.count >= count ? all : nil }
        }
    }

    @Test func theShimReadsTheKernelsSixtyFourBitRecordLayout() {
        #expect(clinuxinput_event_size() == 24)
        let record = InputEventFIFO.record(InputEvent(type: 1, code: 30, value: 1), seconds: 5, microseconds: 7)
        var type: UInt16 = 0
        var code: UInt16 = 0
        var value: Int32 = 0
        record.withUnsafeBytes { clinuxinput_event_decode($0.baseAddress, &type, &code, &value) }
        #expect(type == 1 && code == 30 && value == 1)
    }

    @Test func aCardTypedOnTheFIFOStandInBecomesAnUpperCaseISO14443Token() async throws {
        let fifo = try InputEventFIFO(directory: directory.path)
        let reader = makeReader(device: fifo.path)
        let tokens = Collected(reader)
        let running = Task { await reader.run() }
        defer { running.cancel() }
        try await wait(until: "the reader is connected") { if case .connected = reader.status { true } else { false } }

        try fifo.type("04a3B2c1")  // Shift held for B: the reader's own upper case is kept, the rest upper-cased
        let read = try await tokens.waitFor(count: 1, "the first token")
        #expect(read == [PresentedToken(id: "04A3B2C1", type: .iso14443)])
        #expect(reader.status == .connected(name: nil, grabbed: false))
        #expect(log.count("token reader not grabbed") == 1)
    }

    @Test func shiftMakesLettersUpperCaseInTextFormat() async throws {
        let fifo = try InputEventFIFO(directory: directory.path)
        let reader = makeReader(device: fifo.path, format: TokenFormat(type: .keyCode, encoding: .text))
        let tokens = Collected(reader)
        let running = Task { await reader.run() }
        defer { running.cancel() }
        try await wait(until: "the reader is connected") { if case .connected = reader.status { true } else { false } }

        try fifo.type("AbC12")
        #expect(try await tokens.waitFor(count: 1, "a token") == [PresentedToken(id: "AbC12", type: .keyCode)])
    }

    @Test func aDecimalUIDIsSentAsHexWithItsConfiguredLength() async throws {
        let fifo = try InputEventFIFO(directory: directory.path)
        let format = TokenFormat(encoding: .decimal, uidBytes: 4)
        let reader = makeReader(device: fifo.path, format: format)
        let tokens = Collected(reader)
        let running = Task { await reader.run() }
        defer { running.cancel() }
        try await wait(until: "the reader is connected") { if case .connected = reader.status { true } else { false } }

        try fifo.type("0001193046")  // 0x00123456, as ten-digit readers type it
        #expect(try await tokens.waitFor(count: 1, "a token") == [PresentedToken(id: "00123456", type: .iso14443)])
    }

    @Test func theSameCardWithinTheRepeatWindowIsOneToken() async throws {
        let fifo = try InputEventFIFO(directory: directory.path)
        let reader = makeReader(device: fifo.path, repeatWindow: .milliseconds(400))
        let tokens = Collected(reader)
        let running = Task { await reader.run() }
        defer { running.cancel() }
        try await wait(until: "the reader is connected") { if case .connected = reader.status { true } else { false } }

        // One burst: a card read twice, then another card read twice (typed in lower case the second time).
        try fifo.write(Keys.typing("11223344") + Keys.typing("11223344") + Keys.typing("AABBCCDD"))
        try fifo.write(Keys.typing("aabbccdd", enter: Keys.kpEnter))
        _ = try await tokens.waitFor(count: 2, "two tokens")
        try await Task.sleep(for: .milliseconds(100))
        #expect(tokens.all.map(\.id) == ["11223344", "AABBCCDD"])

        try await Task.sleep(for: .milliseconds(500))  // past the window
        try fifo.type("11223344")
        #expect(try await tokens.waitFor(count: 3, "the card after the window").map(\.id).last == "11223344")
    }

    @Test func anUnpluggedReaderIsLoggedOnceAndReadAgainWhenPluggedBackIn() async throws {
        let fifo = try InputEventFIFO(directory: directory.path)
        let reader = makeReader(device: fifo.path)
        let tokens = Collected(reader)
        let running = Task { await reader.run() }
        defer { running.cancel() }
        try await wait(until: "the reader is connected") { if case .connected = reader.status { true } else { false } }
        try fifo.type("01020304")
        _ = try await tokens.waitFor(count: 1, "a token before unplugging")

        fifo.unplug()
        try await wait(until: "the reader is unavailable", within: .seconds(5)) {
            if case .unavailable(let reason) = reader.status { reason.contains("not found") } else { false }
        }
        try await Task.sleep(for: .milliseconds(300))  // about six retries, each failing with ENOENT
        #expect(log.count("token reader lost") == 1)
        #expect(log.count("token reader not available") == 0, "the retries after the loss log nothing")

        try fifo.plugIn()
        try await wait(until: "the reader is back") { if case .connected = reader.status { true } else { false } }
        #expect(log.count("token reader back") == 1)
        try fifo.type("05060708")
        #expect(try await tokens.waitFor(count: 2, "a token after replugging").map(\.id) == ["01020304", "05060708"])
    }

    @Test func aMissingDeviceAtStartIsNamedAndFoundWhenItAppears() async throws {
        let path = directory.path + "/usb-reader-event-kbd"
        let reader = makeReader(device: path)
        let tokens = Collected(reader)
        let running = Task { await reader.run() }
        defer { running.cancel() }
        try await wait(until: "the reader reports the missing device") {
            reader.status == .unavailable("\(path) not found (is the reader plugged in?)")
        }
        let fifo = try InputEventFIFO(directory: directory.path, name: "usb-reader-event-kbd")
        try await wait(until: "the reader is connected") { if case .connected = reader.status { true } else { false } }
        try fifo.type("DEADBEEF")
        #expect(try await tokens.waitFor(count: 1, "a token").map(\.id) == ["DEADBEEF"])
        #expect(log.count("token reader not available") == 1)
    }
}
