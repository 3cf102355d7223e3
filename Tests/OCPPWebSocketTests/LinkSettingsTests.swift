import OCPPRPC
import OCPPTestSupport
import Testing

@testable import OCPPWebSocket

/// OCPPCommCtrlr.WebSocketPingInterval and RetryBackOff* set by the CSMS while the transport runs
/// (Part 2 Appendix; the station hands them over through `RPCSession.apply(_:)`).
@Suite("Link settings changed while running")
struct LinkSettingsTests {
    static func settings(
        ping: Duration,
        wait: Duration = .seconds(10),
        random: Duration = .zero,
        repeats: Int = 0
    )
        -> LinkSettings
    {
        LinkSettings(
            pingInterval: ping,
            retryBackOffWaitMinimum: wait,
            retryBackOffRandomRange: random,
            retryBackOffRepeatTimes: repeats
        )
    }

    @Test("WebSocketPingInterval turned on while connected: pings start without a reconnect")
    func WebSocketPingInterval_turnedOnWhileConnected() async throws {
        try await withPeer([]) { peer in
            let clock = ManualClock()
            let config = loopbackConfiguration(port: peer.port, pingInterval: .zero, pongTimeout: .seconds(5))
            let transport = try makeTransport(config, clock: clock)
            try await withRunningTransport(transport) { recorder in
                try await recorder.waitForConnected()
                #expect(transport.linkSettings?.pingInterval == .zero)
                transport.apply(Self.settings(ping: .seconds(30)))
                #expect(transport.linkSettings?.pingInterval == .seconds(30))
                try await withDeadline("ping timer") { await clock.waitForSleepers(count: 1) }
                #expect(clock.requestedSleeps == [.seconds(30)])
                clock.advance(by: .seconds(30))
                try await peer.waitForEvent("ping")
                try await withDeadline("pong timer") { await clock.waitForSleepers(count: 1) }
                // The peer answers at once, but on a busy machine its pong may arrive after the manual clock
                // moved on: wait for it, then let the pong timer end.
                try await wait(until: "the pong") { !transport.isAwaitingPong }
                clock.advance(by: .seconds(5))
                // The pong came: the next ping is due one interval after the last.
                try await withDeadline("next ping timer") { await clock.waitForSleepers(count: 1) }
                #expect(clock.requestedSleeps == [.seconds(30), .seconds(5), .seconds(25)])
                #expect(recorder.connectedCount == 1)
                #expect(recorder.disconnectReasons.isEmpty)
            }
        }
    }

    @Test("WebSocketPingInterval shortened: the new interval applies at once, not after the old one")
    func WebSocketPingInterval_shortenedAppliesAtOnce() async throws {
        try await withPeer([]) { peer in
            let clock = ManualClock()
            let config = loopbackConfiguration(port: peer.port, pingInterval: .seconds(300), pongTimeout: .seconds(5))
            let transport = try makeTransport(config, clock: clock)
            try await withRunningTransport(transport) { recorder in
                try await recorder.waitForConnected()
                try await withDeadline("ping timer") { await clock.waitForSleepers(count: 1) }
                transport.apply(Self.settings(ping: .seconds(20)))
                try await wait(until: "the new ping timer") { clock.requestedSleeps.count >= 2 }
                try await withDeadline("one sleeper") { await clock.waitForSleepers(count: 1) }
                #expect(clock.requestedSleeps == [.seconds(300), .seconds(20)])
                #expect(clock.sleeperCount == 1)
                clock.advance(by: .seconds(20))
                try await peer.waitForEvent("ping")
            }
        }
    }

    @Test("RetryBackOffWaitMinimum and RetryBackOffRepeatTimes apply from the next reconnection")
    func RetryBackOff_appliedAtNextReconnect() async throws {
        let port = try await withPeer([]) { $0.port }  // nothing listens there any more
        let clock = ManualClock()
        var config = loopbackConfiguration(port: port)
        config.reconnectBackOff = ReconnectBackOff(waitMinimum: .seconds(10), randomRange: .zero, repeatTimes: 0)
        let transport = try makeTransport(config, clock: clock, randomFraction: { 0.5 })
        try await withRunningTransport(transport) { _ in
            try await withDeadline("first back-off") { await clock.waitForSleepers(count: 1) }
            #expect(clock.requestedSleeps == [.seconds(10)])
            transport.apply(Self.settings(ping: .zero, wait: .seconds(3), random: .seconds(2), repeats: 2))
            clock.advance(by: .seconds(10))
            // Second failure: 3 s doubled once, plus half the 2 s random range.
            try await wait(until: "the second back-off") { clock.requestedSleeps.count >= 2 }
            #expect(clock.requestedSleeps == [.seconds(10), .seconds(7)])
        }
    }

    @Test("negative settings are ignored and the ones in force stay")
    func negativeSettingsAreIgnored() async throws {
        let config = loopbackConfiguration(port: 9, pingInterval: .seconds(30))
        let transport = try makeTransport(config)
        transport.apply(Self.settings(ping: .seconds(-1)))
        #expect(transport.linkSettings?.pingInterval == .seconds(30))
        transport.apply(Self.settings(ping: .seconds(15), wait: .seconds(-5)))
        #expect(transport.linkSettings?.pingInterval == .seconds(30))
        transport.shutdown()
    }
}
