#if canImport(Glibc)
import Glibc
private let systemWrite = Glibc.write
private let systemRead = Glibc.read
private let systemRename = Glibc.rename
#elseif canImport(Darwin)
import Darwin
private let systemWrite = Darwin.write
private let systemRead = Darwin.read
private let systemRename = Darwin.rename
#endif

/// A file opened for a transfer: the few POSIX calls streaming needs, errors naming the call and the path.
final class LocalFile {
    let fd: Int32
    let path: String

    /// Opens for reading.
    init(reading path: String) throws {
        self.path = path
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Self.failure("open", path) }
    }

    /// Opens for appending (created when missing, emptied first when `truncate`).
    init(appending path: String, truncate: Bool) throws {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (truncate ? O_TRUNC : 0), 0o640)
        guard fd >= 0 else { throw Self.failure("open", path) }
    }

    deinit { close(fd) }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let written = systemWrite(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw Self.failure("write", path)
            }
            offset += written
        }
    }

    /// Reads up to `count` bytes into `buffer`; 0 at the end of the file.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let count = systemRead(fd, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if errno != EINTR { throw Self.failure("read", path) }
        }
    }

    /// Flushes to the disk, so what was received survives a power cut (and a resume starts after it).
    func sync() { _ = fsync(fd) }

    static func size(_ path: String) -> Int64? {
        var info = stat()
        return stat(path, &info) == 0 ? Int64(info.st_size) : nil
    }

    static func remove(_ path: String) { unlink(path) }

    static func rename(_ from: String, _ to: String) throws {
        guard systemRename(from, to) == 0 else { throw failure("rename", from + " to " + to) }
    }

    static func failure(_ call: String, _ path: String) -> HTTPTransferError {
        .file("\(call) \(path): \(String(cString: strerror(errno)))")
    }
}
