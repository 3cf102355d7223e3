import ChargerAgent
import Foundation
import OCPP
import ServiceLifecycle
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Maintenance logins through the control socket (A04: MaintenanceLoginAccepted / MaintenanceLoginFailed).
@Suite(.timeLimit(.minutes(1)))
struct MaintenanceAccessTests {
    static let policy = MaintenanceAccessPolicy(daemonUID: 990, daemonGID: 990)

    @Test func rootTheDaemonUserAndItsGroupAreAllowedOthersRefused() {
        let root = Self.policy.decide(PeerCredentials(pid: 10, uid: 0, gid: 0), supplementaryGroups: [])
        #expect(root.accepted && root.reason == "root")
        #expect(Self.policy.decide(PeerCredentials(pid: 11, uid: 990, gid: 100), supplementaryGroups: []).accepted)
        #expect(Self.policy.decide(PeerCredentials(pid: 12, uid: 1000, gid: 990), supplementaryGroups: []).accepted)
        let member = Self.policy.decide(PeerCredentials(pid: 13, uid: 1000, gid: 1000), supplementaryGroups: [27, 990])
        #expect(member.accepted && member.reason == "member of group 990")
        let stranger = Self.policy.decide(PeerCredentials(pid: 14, uid: 1000, gid: 1000), supplementaryGroups: [27])
        #expect(!stranger.accepted)
        #expect(
            stranger.summary == "chargerctl control socket uid=1000 gid=1000 pid=14: not the daemon's user or group"
        )
        let unknown = Self.policy.decide(nil, supplementaryGroups: [])
        #expect(!unknown.accepted && unknown.summary.contains("peer unknown"), "fail closed")
    }

    @Test func supplementaryGroupsAreReadFromProcStatus() {
        let status = "Name:\tchargerctl\nUid:\t1000\t1000\t1000\t1000\nGroups:\t4 27 990 \nNgid:\t0\n"
        #expect(Set(MaintenanceAccessPolicy.supplementaryGroups(pid: getpid())) == Set(Self.ownGroups()))
        #expect(MaintenanceAccessPolicy.groups(fromProcStatus: status) == [4, 27, 990])
    }

    @Test func connectionsOfOneUserWithinTheIdleTimeAreOneSession() {
        var sessions = MaintenanceSessions(idle: .seconds(600))
        let login = MaintenanceLogin(peer: PeerCredentials(pid: 1, uid: 1000, gid: 1000), accepted: true, reason: "x")
        var other = login
        other.peer?.uid = 1001
        var refused = login
        refused.accepted = false
        let reported = [
            sessions.reports(login, at: .seconds(0)),
            sessions.reports(login, at: .seconds(300)),  // same session
            sessions.reports(login, at: .seconds(800)),  // the idle time runs from the last connection
            sessions.reports(login, at: .seconds(1401)),  // a new session after the idle time
            sessions.reports(other, at: .seconds(1402)),  // another user is another session
            sessions.reports(refused, at: .seconds(1403)),  // every refusal is reported
            sessions.reports(refused, at: .seconds(1404)),
        ]
        #expect(reported == [true, false, false, true, true, true, true])
    }

    /// Over a real socket: the kernel's peer credentials of this very process reach the gate. (A refused peer
    /// needs another user: Tests/Interop/daemon/test_security_events.py connects as nobody.)
    @Test func theServerReportsTheLoginWithThePeersCredentials() async throws {
        let reports = Reports()
        let gate = MaintenanceLoginGate(policy: .current) { login in reports.logins.withLock { $0.append(login) } }
        let path = "/tmp/ctl-\(UUID().uuidString.prefix(8)).sock"
        try await Self.withServer(path: path, logins: gate) {
            for _ in 0..<2 {
                let answer = try await offThePool {
                    try ControlClient.connect(path: path, timeout: .seconds(30)).send("status")  // a hang guard
                }
                #expect(answer.outcome.failureCode == nil)
            }
        }
        let seen = reports.logins.withLock { $0 }
        #expect(seen.count == 1, "two connections in one session are one login")
        #expect(seen.first?.accepted == true)
        #expect(seen.first?.peer == PeerCredentials(pid: getpid(), uid: geteuid(), gid: getegid()))

    }

    static func ownGroups() -> [UInt32] {
        let count = getgroups(0, nil)
        var groups = [gid_t](repeating: 0, count: Int(max(count, 0)))
        _ = getgroups(count, &groups)
        return groups.map { UInt32($0) }
    }

    static func withServer(path: String, logins: MaintenanceLoginGate, _ body: () async throws -> Void) async throws {
        let router = ControlRouter(stations: ["CP-1": Echo()])
        let ready = AsyncStream<Void>.makeStream()
        let server = ControlServer(path: path, router: router, logins: logins, ready: { ready.continuation.yield() })
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: server)],
                gracefulShutdownSignals: [],
                logger: .init(label: "t")
            )
        )
        let run = Task { try await group.run() }
        var iterator = ready.stream.makeAsyncIterator()
        _ = await iterator.next()
        do {
            try await body()
        } catch {
            await group.triggerGracefulShutdown()
            _ = try? await run.value
            throw error
        }
        await group.triggerGracefulShutdown()
        try await run.value
    }

    private final class Reports: Sendable {
        let logins = Mutex<[MaintenanceLogin]>([])
    }

    private struct Echo: StationControlling {
        func handle(command: String, args: JSONValue) async throws(ControlError) -> JSONValue {
            ["cmd": .string(command)]
        }
    }
}
