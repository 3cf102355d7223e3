import OCPPTestSupport
import Testing

@testable import OCPPWebSocket

/// WebSocketPingInterval: client pings, pong timeout, reconnect.
@Suite("Ping / pong")
struct PingPongTests {
    @Test("pings go out at the configured interval and pongs keep the link up")
    func pingsAtInterval() async throws {
        try await withPeer([]) { peer in
            let config = loopbackConfiguration(
                port: peer.port,
                pingInterval: .milliseconds(200),
                pongTimeout: .milliseconds(100)
            )
            let transport = try makeTransport(config)
            try await withRunningTransport(transport) { recorder in
                try await recorder.waitForConnected()
                try await peer.waitForEvent("ping", count: 3)
                #expect(peer.events("ping").allSatisfy { $0["answered"] == .bool(true) })
                #expect(recorder.disconnectReasons.isEmpty)
            }
        }
    }

    @Test("without pongs the link is dropped after the pong timeout and the transport reconnects")
    func pongTimeoutReconnects() async throws {
        try await withPeer(["--no-pong"]) { peer in
            let config = loopbackConfiguration(
                port: peer.port,
                pingInterval: .milliseconds(200),
                pongTimeout: .milliseconds(300)
            )
            let transport = try makeTransport(config)
            try await withRunningTransport(transport) { recorder in
                try await recorder.waitForConnected()
                let reason = try await recorder.waitForDisconnect()
                #expect(reason == "pong timeout")
                try await peer.waitForEvent("connected", count: 2)
                try await recorder.waitForConnected(count: 2)
            }
        }
    }

    @Test("on a manual clock: ping after the interval, drop after the pong timeout, then the back-off")
    func pongTimeoutScheduleOnManualClock() async throws {
        try await withPeer(["--no-pong"]) { peer in
            let clock = ManualClock()
            var config = loopbackConfiguration(port: peer.port, pingInterval: .seconds(30), pongTimeout: .seconds(5))
            config.reconnectBackOff = ReconnectBackOff(
                waitMinimum: .seconds(10),
                randomRange: .seconds(4),
                repeatTimes: 3
            )
            let transport = try makeTransport(config, clock: clock, randomFraction: { 0.5 })
            try await withRunningTransport(transport) { recorder in
                try await recorder.waitForConnected()
                try await withDeadline("ping timer") { await clock.waitForSleepers(count: 1) }
                #expect(clock.requestedSleeps == [.seconds(30)])
                #expect(peer.events("ping").isEmpty)
                clock.advance(by: .seconds(30))
                try await peer.waitForEvent("ping")
                try await withDeadline("pong timer") { await clock.waitForSleepers(count: 1) }
                #expect(clock.requestedSleeps == [.seconds(30), .seconds(5)])
                clock.advance(by: .seconds(5))
                #expect(try await recorder.waitForDisconnect() == "pong timeout")
                try await withDeadline("back-off") { await clock.waitForSleepers(count: 1) }
                #expect(clock.requestedSleeps == [.seconds(30), .seconds(5), .seconds(12)])
            }
        }
    }
}
