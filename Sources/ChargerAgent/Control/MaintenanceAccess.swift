import LocalFiles
import NIOCore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Who is at the other end of a control-socket connection: the kernel's peer credentials (SO_PEERCRED),
/// taken when the client connected, so a client cannot claim to be someone else.
public struct PeerCredentials: Sendable, Equatable {
    public var pid: Int32
    public var uid: UInt32
    public var gid: UInt32

    public init(pid: Int32, uid: UInt32, gid: UInt32) {
        self.pid = pid
        self.uid = uid
        self.gid = gid
    }
}

/// A maintenance login through the control socket (OCPP 2.0.1 A04: MaintenanceLoginAccepted / Failed).
public struct MaintenanceLogin: Sendable, Equatable {
    /// Nil when the kernel could not tell who connected.
    public var peer: PeerCredentials?
    public var accepted: Bool
    /// Why, in a few words, for the log and the event's techInfo.
    public var reason: String

    public init(peer: PeerCredentials?, accepted: Bool, reason: String) {
        self.peer = peer
        self.accepted = accepted
        self.reason = reason
    }

    /// One line for the security event's techInfo: who (uid, gid, pid) and why; no secret is involved.
    public var summary: String {
        let who = peer.map { "uid=\($0.uid) gid=\($0.gid) pid=\($0.pid)" } ?? "peer unknown"
        return "chargerctl control socket \(who): \(reason)"
    }
}

/// Who may use the control socket, decided from the peer's credentials.
///
/// The socket file is mode 0660, so the kernel already keeps out everyone but the daemon's user and group;
/// the daemon checks again on every connection with SO_PEERCRED, because the file's mode or an ACL can be
/// loosened on a box, and a connection it refuses is a MaintenanceLoginFailed the CSMS should hear about.
/// Allowed: root, the daemon's own user, and members of the daemon's group (primary or supplementary group,
/// the supplementary ones read from /proc/<pid>/status). Refused: everyone else, and a peer whose
/// credentials cannot be read (fail closed).
public struct MaintenanceAccessPolicy: Sendable, Equatable {
    public var daemonUID: UInt32
    public var daemonGID: UInt32

    public init(daemonUID: UInt32, daemonGID: UInt32) {
        self.daemonUID = daemonUID
        self.daemonGID = daemonGID
    }

    /// The policy of this process (its effective user and group).
    public static var current: MaintenanceAccessPolicy {
        MaintenanceAccessPolicy(daemonUID: geteuid(), daemonGID: getegid())
    }

    public func decide(_ peer: PeerCredentials?, supplementaryGroups: [UInt32]) -> MaintenanceLogin {
        guard let peer else {
            return MaintenanceLogin(peer: nil, accepted: false, reason: "peer credentials unreadable")
        }
        if peer.uid == 0 { return MaintenanceLogin(peer: peer, accepted: true, reason: "root") }
        if peer.uid == daemonUID { return MaintenanceLogin(peer: peer, accepted: true, reason: "daemon user") }
        if peer.gid == daemonGID || supplementaryGroups.contains(daemonGID) {
            return MaintenanceLogin(peer: peer, accepted: true, reason: "member of group \(daemonGID)")
        }
        return MaintenanceLogin(peer: peer, accepted: false, reason: "not the daemon's user or group")
    }

    /// The supplementary groups of process `pid` ("Groups:" in /proc/<pid>/status); empty when unreadable.
    public static func supplementaryGroups(pid: Int32) -> [UInt32] {
        guard pid > 0, let status = try? LocalFiles.readText("/proc/\(pid)/status") else { return [] }
        return Self.groups(fromProcStatus: status)
    }

    /// The group ids on the "Groups:" line of a /proc/<pid>/status text.
    public static func groups(fromProcStatus status: String) -> [UInt32] {
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Groups:") }) else { return [] }
        return line.dropFirst("Groups:".count).split(whereSeparator: { $0 == " " || $0 == "\t" })
            .compactMap { UInt32($0) }
    }
}

/// Maintenance sessions: connections from one user within `idle` of each other are one login, so a tool that
/// connects every 200 ms (`chargerctl status` in a loop) is one MaintenanceLoginAccepted, not hundreds.
/// A refused connection is always its own event.
public struct MaintenanceSessions: Sendable {
    public let idle: Duration
    private var lastSeen: [UInt32: Duration] = [:]

    public init(idle: Duration = .seconds(600)) {
        self.idle = idle
    }

    /// Whether `login` at `now` (any monotonic time base) starts a new session and so is reported.
    public mutating func reports(_ login: MaintenanceLogin, at now: Duration) -> Bool {
        guard login.accepted, let uid = login.peer?.uid else { return true }
        defer { lastSeen[uid] = now }
        guard let last = lastSeen[uid] else { return true }
        return now - last > idle
    }
}

/// SO_PEERCRED's `struct ucred` (pid, uid, gid: three 32-bit fields on Linux).
private struct UCred: Sendable {
    var pid: Int32 = 0
    var uid: UInt32 = 0
    var gid: UInt32 = 0
}

enum PeerCredentialReader {
    /// The peer of a Unix-socket channel, or nil when the platform or channel cannot tell.
    static func credentials(of channel: any Channel) async -> PeerCredentials? {
        #if os(Linux)
        guard let provider = channel as? any SocketOptionProvider else { return nil }
        do {
            let cred: UCred = try await provider.unsafeGetSocketOption(
                level: SocketOptionLevel(SOL_SOCKET),
                name: SocketOptionName(SO_PEERCRED)
            ).get()
            return PeerCredentials(pid: cred.pid, uid: cred.uid, gid: cred.gid)
        } catch {
            return nil
        }
        #else
        return nil
        #endif
    }
}

/// What the control server does with each connection's peer: decide, report a new session or a refusal.
public final class MaintenanceLoginGate: Sendable {
    public let policy: MaintenanceAccessPolicy
    private let sessions: Mutex<MaintenanceSessions>
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private let report: @Sendable (MaintenanceLogin) async -> Void

    /// `report` gets each login that starts a session and each refusal (e.g. to raise the security event).
    public init(
        policy: MaintenanceAccessPolicy = .current,
        sessions: MaintenanceSessions = MaintenanceSessions(),
        report: @escaping @Sendable (MaintenanceLogin) async -> Void
    ) {
        self.policy = policy
        self.sessions = Mutex(sessions)
        self.start = clock.now
        self.report = report
    }

    /// Decides about a connection from `peer`, reports it when it is news, and returns the decision.
    public func admit(_ peer: PeerCredentials?) async -> MaintenanceLogin {
        let groups = peer.map { MaintenanceAccessPolicy.supplementaryGroups(pid: $0.pid) } ?? []
        let login = policy.decide(peer, supplementaryGroups: groups)
        let now = start.duration(to: clock.now)
        if sessions.withLock({ $0.reports(login, at: now) }) { await report(login) }
        return login
    }
}
