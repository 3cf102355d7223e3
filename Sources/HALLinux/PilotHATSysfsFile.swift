#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads and writes one sysfs attribute the way the kernel expects: a whole short value per `open`.
///
/// Writes use `O_TRUNC` without `O_CREAT`: real sysfs ignores the truncation, a directory laid out like
/// sysfs for tests needs it (a shorter value would otherwise leave the tail of a longer one), and a
/// missing attribute is an error rather than a new file.
enum PilotHATSysfsFile {
    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    static func write(_ value: String, to path: String) throws(PilotHATError) {
        let fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC)
        guard fd >= 0 else {
            throw .writeFailed(path: path, value: value, reason: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        let bytes = Array((value + "\n").utf8)
        let written = bytes.withUnsafeBytes { systemWrite(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else {
            let reason = written < 0 ? String(cString: strerror(errno)) : "short write (\(written) bytes)"
            throw .writeFailed(path: path, value: value, reason: reason)
        }
    }

    static func read(_ path: String) throws(PilotHATError) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .readFailed(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 128)
        let count = buffer.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
        guard count >= 0 else { throw .readFailed(path: path, reason: String(cString: strerror(errno))) }
        let text = String(decoding: buffer[0..<count], as: UTF8.self)
        return String(text.filter { !$0.isWhitespace })
    }

    static func readInteger(_ path: String) throws(PilotHATError) -> Int {
        let text = try read(path)
        guard let value = Int(text) else { throw .invalidValue(path: path, text: text) }
        return value
    }

    static func readNumber(_ path: String) throws(PilotHATError) -> Double {
        let text = try read(path)
        guard let value = Double(text), value.isFinite else { throw .invalidValue(path: path, text: text) }
        return value
    }
}

/// The C calls, outside the enum whose `read` and `write` would shadow them.
private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
    write(fd, bytes, count)
}

private func systemRead(_ fd: Int32, _ bytes: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, bytes, count)
}
