import OCPPTestSupport
import Testing

@testable import OCPPWebSocket

/// RetryBackOffWaitMinimum / RandomRange / RepeatTimes (OCPP 2.0.1 Part 4 §5.3).
@Suite("Reconnect back-off")
struct ReconnectBackOffTests {
    let backOff = ReconnectBackOff(waitMinimum: .seconds(10), randomRange: .seconds(4), repeatTimes: 2)

    @Test("delay = waitMinimum · 2^min(n−1, repeatTimes) + fraction · randomRange")
    func formula() {
        #expect(backOff.delay(forFailure: 1, randomFraction: 0) == .seconds(10))
        #expect(backOff.delay(forFailure: 2, randomFraction: 0) == .seconds(20))
        #expect(backOff.delay(forFailure: 3, randomFraction: 0) == .seconds(40))
        #expect(backOff.delay(forFailure: 4, randomFraction: 0) == .seconds(40))
        #expect(backOff.delay(forFailure: 100, randomFraction: 0) == .seconds(40))
        #expect(backOff.delay(forFailure: 1, randomFraction: 1) == .seconds(14))
        #expect(backOff.delay(forFailure: 2, randomFraction: 0.25) == .seconds(21))
    }

    @Test("out-of-range inputs are clamped")
    func clamping() {
        #expect(backOff.delay(forFailure: 0, randomFraction: -3) == .seconds(10))
        #expect(backOff.delay(forFailure: 1, randomFraction: 7) == .seconds(14))
        #expect(backOff.delay(forFailure: 1, randomFraction: .nan) == .seconds(10))
        let huge = ReconnectBackOff(waitMinimum: .seconds(1), randomRange: .zero, repeatTimes: 1000)
        #expect(huge.delay(forFailure: 1000, randomFraction: 0) == .seconds(1 << 30))
        let none = ReconnectBackOff(waitMinimum: .seconds(3), randomRange: .zero, repeatTimes: 0)
        #expect(none.delay(forFailure: 5, randomFraction: 0.9) == .seconds(3))
    }

    @Test("the reconnect loop sleeps exactly these delays on the injected clock, capped, reset after a link")
    func reconnectLoopOnManualClock() async throws {
        // Attempts 1–4 are refused (HTTP 503), 5 connects and is closed by the CSMS, 6–7 are refused.
        try await withPeer(["--script", "reject,reject,reject,reject,close,reject,reject"]) { peer in
            let clock = ManualClock()
            var config = loopbackConfiguration(port: peer.port)
            config.reconnectBackOff = backOff
            let transport = try makeTransport(config, clock: clock, randomFraction: { 0.25 })
            let expected: [Duration] = [
                .seconds(11), .seconds(21), .seconds(41), .seconds(41), .seconds(11), .seconds(21),
            ]
            try await withRunningTransport(transport) { recorder in
                for (index, delay) in expected.enumerated() {
                    try await withDeadline("back-off sleep #\(index + 1)", within: .seconds(30)) {
                        await clock.waitForSleepers(count: 1)
                    }
                    #expect(clock.requestedSleeps == Array(expected.prefix(index + 1)))
                    clock.advance(by: delay)
                }
                try await withDeadline("back-off sleep #7") { await clock.waitForSleepers(count: 1) }
                #expect(clock.requestedSleeps == expected + [.seconds(41)])
                // The recorder reads the stream on its own task: wait for it to catch up.
                let reasons = try await recorder.waitFor("7 disconnects") { _ in
                    recorder.disconnectReasons.count >= 7 ? recorder.disconnectReasons : nil
                }
                #expect(reasons.count == 7)
                #expect(recorder.connectedCount == 1)
                #expect(reasons.enumerated().allSatisfy { $0.offset == 4 || $0.element.contains("HTTP 503") })
                #expect(reasons[4].contains("closed by CSMS"))
                try await peer.waitForEvent("request", count: 7)  // its stdout may lag behind the socket
            }
        }
    }

    @Test("a closed port counts as a failed attempt and backs off the same way")
    func closedPortBacksOff() async throws {
        let port = try await withPeer([]) { $0.port }  // the peer has exited: nothing listens there now
        let clock = ManualClock()
        var config = loopbackConfiguration(port: port)
        config.reconnectBackOff = backOff
        let transport = try makeTransport(config, clock: clock, randomFraction: { 0 })
        try await withRunningTransport(transport) { recorder in
            for delay in [Duration.seconds(10), .seconds(20), .seconds(40)] {
                try await withDeadline("back-off sleep") { await clock.waitForSleepers(count: 1) }
                #expect(clock.requestedSleeps.last == delay)
                clock.advance(by: delay)
            }
            try await withDeadline("back-off sleep") { await clock.waitForSleepers(count: 1) }
            #expect(clock.requestedSleeps == [.seconds(10), .seconds(20), .seconds(40), .seconds(40)])
            let reason = try await recorder.waitForDisconnect()
            #expect(reason.contains("cannot connect"), "\(reason)")
            #expect(recorder.connectedCount == 0)
        }
    }
}
