import OCPP

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A blocking client of the control socket: `chargerctl` and the tests use it.
///
/// One connection, requests answered in order. Blocking is fine for a command-line tool; the timeout
/// bounds every read so a hung daemon cannot hang the technician's terminal.
public final class ControlClient {
    /// Why the daemon could not be reached or answered nonsense.
    public enum ClientError: Error, Sendable, Equatable, CustomStringConvertible {
        /// No socket file, nobody listening, or no permission.
        case unreachable(path: String, reason: String)
        /// The daemon closed the connection or did not answer in time.
        case noAnswer(path: String, reason: String)
        /// The answer is not a response line.
        case badResponse(String)

        public var description: String {
            switch self {
            case .unreachable(let path, let reason): "cannot reach the daemon at \(path): \(reason)"
            case .noAnswer(let path, let reason): "the daemon at \(path) did not answer: \(reason)"
            case .badResponse(let reason): "the daemon sent an unreadable response: \(reason)"
            }
        }
    }

    public let path: String
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var nextId = 1

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Connects to the socket at `path`; `timeout` bounds each later read.
    public static func connect(path: String, timeout: Duration = .seconds(30)) throws(ClientError) -> ControlClient {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else {
            throw .unreachable(path: path, reason: "the path is longer than \(capacity - 1) bytes")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        #if canImport(Glibc)
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(AF_UNIX, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw .unreachable(path: path, reason: String(cString: strerror(errno))) }
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                systemConnect(descriptor, socketAddress, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw .unreachable(path: path, reason: reason)
        }
        let seconds = timeout.components.seconds
        var interval = timeval(tv_sec: Int(seconds), tv_usec: Int(timeout.components.attoseconds / 1_000_000_000_000))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &interval, socklen_t(MemoryLayout<timeval>.size))
        return ControlClient(path: path, descriptor: descriptor)
    }

    /// Sends one command and waits for its response.
    public func send(
        _ command: String,
        station: String? = nil,
        args: JSONValue = [:]
    ) throws(ClientError) -> ControlResponse {
        let id = nextId
        nextId += 1
        let request = ControlRequest(id: .number(Double(id)), cmd: command, station: station, args: args)
        try sendLine(request.jsonText)
        let line = try readLine()
        do {
            return try ControlResponse(parsing: line)
        } catch {
            throw .badResponse(error.message)
        }
    }

    /// Writes `text` plus a newline as is (tests send malformed lines this way).
    public func sendLine(_ text: String) throws(ClientError) {
        let bytes = Array((text + "\n").utf8)
        var sent = 0
        while sent < bytes.count {
            let written = bytes[sent...].withUnsafeBytes { raw in
                systemSend(descriptor, raw.baseAddress, raw.count)
            }
            guard written > 0 else {
                throw .noAnswer(path: path, reason: "write failed (\(String(cString: strerror(errno))))")
            }
            sent += written
        }
    }

    /// Reads one response line (without its newline).
    public func readLine() throws(ClientError) -> [UInt8] {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                return line
            }
            let count = chunk.withUnsafeMutableBytes { raw in recv(descriptor, raw.baseAddress, raw.count, 0) }
            if count == 0 { throw .noAnswer(path: path, reason: "the connection was closed") }
            if count < 0 {
                let code = errno
                if code == EINTR { continue }
                let reason = code == EAGAIN || code == EWOULDBLOCK ? "timed out" : String(cString: strerror(code))
                throw .noAnswer(path: path, reason: reason)
            }
            buffer.append(contentsOf: chunk[..<count])
        }
    }
}

// The C calls under the names the class's own methods shadow.
#if canImport(Glibc)
private func systemConnect(_ fd: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t) -> Int32 {
    Glibc.connect(fd, address, length)
}

private func systemSend(_ fd: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
    Glibc.send(fd, bytes, count, Int32(MSG_NOSIGNAL))
}
#elseif canImport(Darwin)
private func systemConnect(_ fd: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t) -> Int32 {
    Darwin.connect(fd, address, length)
}

private func systemSend(_ fd: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
    Darwin.send(fd, bytes, count, 0)
}
#endif
