#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Sends sd_notify(3) state lines ("READY=1", "WATCHDOG=1", "STATUS=…") to the service manager.
///
/// A plain datagram to the Unix socket `$NOTIFY_SOCKET` names, with no libsystemd: a path, or an
/// abstract-namespace name written with a leading `@`. Sending never blocks the caller for long (a
/// datagram socket) and a failure is returned, not fatal: a daemon without a listening manager runs on.
public struct SystemdNotifier: Sendable, Hashable {
    /// The socket address as `$NOTIFY_SOCKET` gives it.
    public let socketPath: String

    /// The notifier for `$NOTIFY_SOCKET`, or nil when the variable is unset or empty (not under systemd).
    public init?(environment: [String: String]) {
        guard let path = environment["NOTIFY_SOCKET"], !path.isEmpty else { return nil }
        self.init(socketPath: path)
    }

    public init(socketPath: String) {
        self.socketPath = socketPath
    }

    /// Why a notification could not be sent.
    public struct SendError: Error, Sendable, Hashable, CustomStringConvertible {
        public var socketPath: String
        public var reason: String
        public var description: String { "sd_notify to \(socketPath) failed: \(reason)" }
    }

    /// Sends `state` (one or more `KEY=value` lines) as one datagram.
    public func send(_ state: String) throws(SendError) {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var name = Array(socketPath.utf8)
        let abstract = name.first == UInt8(ascii: "@")
        if abstract { name[0] = 0 }  // the abstract namespace: a leading NUL, no terminating one
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard name.count < capacity, name.count > 1 || !abstract else {
            throw SendError(socketPath: socketPath, reason: "not a usable socket address")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { bytes in
            bytes.copyBytes(from: name)
        }
        let length = MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + name.count + (abstract ? 0 : 1)

        #if canImport(Darwin)
        let descriptor = socket(AF_UNIX, SOCK_DGRAM, 0)
        #else
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        #endif
        guard descriptor >= 0 else {
            throw SendError(socketPath: socketPath, reason: "socket: \(Self.errorText(errno))")
        }
        defer { close(descriptor) }
        let bytes = Array(state.utf8)
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                sendto(descriptor, bytes, bytes.count, 0, socketAddress, socklen_t(length))
            }
        }
        guard sent == bytes.count else {
            throw SendError(socketPath: socketPath, reason: sent < 0 ? Self.errorText(errno) : "short send")
        }
    }

    static func errorText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }

    /// Half the watchdog period systemd asks for (`WATCHDOG_USEC`), or nil when there is no watchdog for
    /// this process (unset, zero, unparsable, or `WATCHDOG_PID` names another process).
    public static func watchdogPingInterval(environment: [String: String], pid: Int32 = getpid()) -> Duration? {
        guard let text = environment["WATCHDOG_USEC"], let usec = UInt64(text), usec > 0 else { return nil }
        if let owner = environment["WATCHDOG_PID"], !owner.isEmpty, Int32(owner) != pid { return nil }
        return .microseconds(Int64(clamping: usec / 2))
    }
}
