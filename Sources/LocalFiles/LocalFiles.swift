#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few file-system calls the daemon makes at start (board and register-map files, the state directory, the
/// control socket's folder, a password file), straight on POSIX.
///
/// FoundationEssentials' FileManager and `String(contentsOfFile:)` do the same through a much larger body of
/// code (path normalisation, attributes, search paths), all of which a charger would page in at every boot for
/// a handful of `open`/`read`/`stat`/`mkdir` calls. Errors carry the operation, the path and the system's
/// reason ("open /etc/chargerd/board.yaml: No such file or directory").
public enum LocalFiles {
    /// The whole content of a text file as UTF-8 (invalid sequences repaired, as `String(decoding:)` does).
    public static func readText(_ path: String) throws(LocalFileError) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw LocalFileError("open", path, errno) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw LocalFileError("read", path, errno)
            }
            bytes.append(contentsOf: chunk[..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Something (file, directory, device, socket) exists at `path`.
    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    /// A directory exists at `path`.
    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// This process may create and replace files in the directory at `path`.
    public static func isWritableDirectory(_ path: String) -> Bool {
        isDirectory(path) && access(path, W_OK | X_OK) == 0
    }

    /// Creates `path` and any missing parents (mode 0755, less the umask); an existing directory is fine.
    public static func createDirectories(_ path: String) throws(LocalFileError) {
        if path.isEmpty || isDirectory(path) { return }
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            try createDirectories(String(path[..<slash]))
        }
        if mkdir(path, 0o755) != 0 {
            let code = errno
            // Another process may have made it meanwhile; anything else at that path is an error.
            if code == EEXIST, isDirectory(path) { return }
            throw LocalFileError("mkdir", path, code)
        }
    }

    /// The names in a directory (without "." and ".."), sorted; empty when it cannot be read.
    public static func names(inDirectory path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }
}

/// A file-system call that failed: which, on what, and the system's reason.
public struct LocalFileError: Error, Equatable, CustomStringConvertible {
    public let operation: String
    public let path: String
    public let code: Int32

    public init(_ operation: String, _ path: String, _ code: Int32) {
        (self.operation, self.path, self.code) = (operation, path, code)
    }

    /// The system's reason alone ("No such file or directory").
    public var reason: String { String(cString: strerror(code)) }

    public var description: String { "\(operation) \(path): \(reason)" }
}
