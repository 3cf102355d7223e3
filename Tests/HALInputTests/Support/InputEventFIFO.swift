import HALInput
import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A stand-in for a keyboard-wedge reader's event device: a FIFO in a temporary directory carrying
/// `struct input_event` records in the 64-bit kernel layout (x86_64, arm64), written byte by byte here
/// rather than through the shim, so the shim's reading of the layout is checked, not assumed.
///
/// The test holds the FIFO open for reading and writing, so the reader sees "no data yet" rather than
/// end of file before anything is typed; `unplug()` closes it (the reader then reads end of file, as it
/// reads ENODEV from an unplugged device) and removes the file (opening it fails with ENOENT).
final class InputEventFIFO {
    let path: String
    private var fd: Int32 = -1

    init(directory: String, name: String = "event-kbd") throws {
        path = "\(directory)/\(name)"
        try plugIn()
    }

    deinit {
        if fd >= 0 { close(fd) }
    }

    /// Creates the FIFO (again) and opens its writing end.
    func plugIn() throws {
        guard mkfifo(path, 0o600) == 0 else { throw TestError("mkfifo \(path): errno \(errno)") }
        fd = open(path, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { throw TestError("open \(path): errno \(errno)") }
    }

    /// The writer goes away and the device node with it.
    func unplug() {
        close(fd)
        fd = -1
        unlink(path)
    }

    /// One record as the kernel lays it out on a 64-bit machine: a `struct timeval` (two 64-bit longs),
    /// then type and code (16 bits each) and value (32 bits), little-endian here, 24 bytes in all.
    static func record(_ event: InputEvent, seconds: Int64 = 1_700_000_000, microseconds: Int64 = 0) -> [UInt8] {
        var bytes: [UInt8] = []
        withUnsafeBytes(of: seconds.littleEndian) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: microseconds.littleEndian) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: event.type.littleEndian) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: event.code.littleEndian) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: event.value.littleEndian) { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// Writes `events` as one burst, as a reader types a card.
    func write(_ events: [InputEvent]) throws {
        var bytes: [UInt8] = []
        for (index, event) in events.enumerated() {
            bytes += Self.record(event, microseconds: Int64(index) * 1000)
        }
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw TestError("write \(path): \(written) of \(bytes.count) bytes") }
    }

    /// Writes the key events of typing `text` and Enter, as a reader does: for each key a scan code
    /// (EV_MSC), the press, a report, the release, a report; Shift held around upper-case letters.
    func type(_ text: String) throws {
        try write(Keys.typing(text))
    }
}

/// Key codes of <linux/input-event-codes.h>, written out here so the decoder's use of the header is checked.
enum Keys {
    static let enter: Int32 = 28
    static let leftShift: Int32 = 42
    static let kpEnter: Int32 = 96
    static let digits: [Character: Int32] = [
        "1": 2, "2": 3, "3": 4, "4": 5, "5": 6, "6": 7, "7": 8, "8": 9, "9": 10, "0": 11,
    ]
    static let letters: [Character: Int32] = [
        "q": 16, "w": 17, "e": 18, "r": 19, "t": 20, "y": 21, "u": 22, "i": 23, "o": 24, "p": 25, "a": 30, "s": 31,
        "d": 32, "f": 33, "g": 34, "h": 35, "j": 36, "k": 37, "l": 38, "z": 44, "x": 45, "c": 46, "v": 47, "b": 48,
        "n": 49, "m": 50,
    ]

    static func stroke(_ code: Int32) -> [InputEvent] {
        let scan = InputEvent(type: 4, code: 4, value: 0x7_0000 + code)  // EV_MSC / MSC_SCAN, a HID usage
        return [scan, .press(code), .report, scan, .release(code), .report]
    }

    static func typing(_ text: String, enter: Int32 = Keys.enter) -> [InputEvent] {
        var events: [InputEvent] = []
        for character in text {
            if let code = digits[character] {
                events += stroke(code)
            } else if let code = letters[Character(character.lowercased())] {
                let shifted = character.isUppercase
                if shifted { events += [.press(leftShift), .report] }
                events += stroke(code)
                if shifted { events += [.release(leftShift), .report] }
            }
        }
        return events + stroke(enter)
    }
}

struct TestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A temporary directory, removed with its contents when the test ends.
final class TemporaryDirectory: Sendable {
    let path: String

    init() throws {
        var template = Array("/tmp/halinput-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw TestError("mkdtemp: errno \(errno)")
        }
        path = String(cString: made)
    }

    deinit {
        if let directory = opendir(path) {
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) {
                    String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name != ".", name != ".." { unlink("\(path)/\(name)") }
            }
            closedir(directory)
        }
        rmdir(path)
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
