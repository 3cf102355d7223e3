import CLinuxInput

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// An open event device (`/dev/input/event*`, or a stand-in carrying the same records), read without
/// blocking: the kernel queues every event with its time, so looking every few milliseconds loses none.
final class InputEventDevice {
    /// What one look at the device found.
    enum Reading {
        case events([InputEvent])
        /// Nothing queued.
        case idle
        /// The device is gone (unplugged: ENODEV; a stand-in's writer closed it: end of file).
        case gone(String)
    }

    let path: String
    private let fd: Int32
    private let recordSize = clinuxinput_event_size()
    /// Bytes of a record split across reads (a kernel device never splits one; a pipe may).
    private var partial: [UInt8] = []

    /// Opens `path` for reading; the error names the path and the system's reason.
    init(path: String) throws(InputDeviceError) {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw InputDeviceError(path: path, call: "open", errno: errno) }
        self.path = path
        self.fd = fd
    }

    deinit {
        close(fd)  // also releases a grab
    }

    /// Takes the device for this process alone (EVIOCGRAB), so the reader's keystrokes reach no console.
    func grab() throws(InputDeviceError) {
        let result = clinuxinput_grab(fd, 1)
        guard result == 0 else { throw InputDeviceError(path: path, call: "EVIOCGRAB", errno: -result) }
    }

    /// The name the device's driver gives it, if it is an event device.
    func name() -> String? {
        var buffer = [CChar](repeating: 0, count: 256)
        let length = buffer.withUnsafeMutableBufferPointer { clinuxinput_name(fd, $0.baseAddress, 256) }
        guard length >= 0 else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Everything queued now, in order.
    func read() -> Reading {
        var buffer = [UInt8](repeating: 0, count: recordSize * 64)
        let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        if count == 0 { return .gone("end of file (the device was closed)") }
        if count < 0 {
            let error = errno
            if error == EAGAIN || error == EWOULDBLOCK || error == EINTR { return .idle }
            return .gone(InputDeviceError.reason(error))
        }
        partial.append(contentsOf: buffer[0..<count])
        var events: [InputEvent] = []
        let whole = partial.count / recordSize * recordSize
        partial.withUnsafeBytes { bytes in
            for offset in stride(from: 0, to: whole, by: recordSize) {
                var type: UInt16 = 0
                var code: UInt16 = 0
                var value: Int32 = 0
                clinuxinput_event_decode(bytes.baseAddress! + offset, &type, &code, &value)
                events.append(InputEvent(type: type, code: code, value: value))
            }
        }
        partial.removeFirst(whole)
        return .events(events)
    }
}

/// A failed call on an event device, naming the device, the call and the system's reason.
public struct InputDeviceError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var call: String
    public var errno: Int32

    public var description: String {
        switch errno {
        case ENOENT where call == "open": "\(path) not found (is the reader plugged in?)"
        case EACCES where call == "open", EPERM where call == "open":
            "\(path) cannot be opened by this user (the service user needs the input group or a udev rule)"
        case EBUSY where call == "EVIOCGRAB": "\(path) is grabbed by another process"
        case ENOTTY where call == "EVIOCGRAB", EINVAL where call == "EVIOCGRAB":
            "\(path) is not an event device (no EVIOCGRAB)"
        default: "\(call) \(path): \(Self.reason(errno))"
        }
    }

    static func reason(_ error: Int32) -> String {
        String(cString: strerror(error))
    }
}
