import OCPP
import Testing

@testable import ChargingStation

/// Timers as data: the schedule on its own, and the timer actions the state machines return.
@Suite struct TimerScheduleTests {
    @Test func dueTimersComeEarliestFirstAndOneShotsGo() {
        var schedule = TimerSchedule()
        schedule.apply(.schedule(.heartbeat, after: .seconds(60), repeating: .seconds(60)), at: .zero)
        schedule.apply(.schedule(.bootRetry, after: .seconds(30)), at: .zero)
        schedule.apply(.schedule(.transactionMessageRetry, after: .seconds(90)), at: .zero)
        #expect(schedule.nextDeadline == .seconds(30))
        #expect(schedule.takeDue(at: .seconds(29)).isEmpty)
        #expect(schedule.takeDue(at: .seconds(60)) == [.bootRetry, .heartbeat])
        #expect(schedule.entries[.bootRetry] == nil, "a one-shot timer is gone once fired")
        #expect(schedule.entries[.heartbeat]?.deadline == .seconds(120), "a repeating one comes back")
        #expect(schedule.nextDeadline == .seconds(90))
    }

    @Test func aRepeatingTimerThatFellBehindFiresOnce() {
        var schedule = TimerSchedule()
        schedule.apply(.schedule(.meterPoll, after: .zero, repeating: .seconds(1)), at: .zero)
        #expect(schedule.takeDue(at: .zero) == [.meterPoll])
        // The clock jumps 30 s: one poll, not thirty, and the next one on the old beat.
        #expect(schedule.takeDue(at: .milliseconds(30_500)) == [.meterPoll])
        #expect(schedule.entries[.meterPoll]?.deadline == .seconds(31))
    }

    @Test func rescheduleReplacesAndCancelForgets() {
        var schedule = TimerSchedule()
        schedule.apply(.schedule(.heartbeat, after: .seconds(3600), repeating: .seconds(3600)), at: .zero)
        schedule.apply(.schedule(.heartbeat, after: .seconds(17), repeating: .seconds(17)), at: .seconds(5))
        #expect(schedule.entries[.heartbeat] == TimerSchedule.Entry(deadline: .seconds(22), period: .seconds(17)))
        schedule.apply(.cancel(.heartbeat), at: .seconds(6))
        #expect(schedule.nextDeadline == nil)
    }

    @Test func hugeIntervalsAreCapped() {
        var schedule = TimerSchedule()
        schedule.apply(
            .schedule(.heartbeat, after: .seconds(Int64.max / 2), repeating: .seconds(Int64.max / 2)),
            at: .zero
        )
        #expect(schedule.entries[.heartbeat]?.deadline == TimerSchedule.longest)
    }

    @Test func B02_pendingSchedulesTheBootRetryAndAcceptedTheHeartbeat() {
        var machine = RegistrationStateMachine(bootReason: .powerUp)
        _ = machine.linkUp()
        let date = StationHarness.csmsTime
        let pending = machine.bootAnswered(BootNotificationResponse(currentTime: date, interval: 45, status: .pending))
        #expect(pending == [.synchronizeClock(date), .timer(.schedule(.bootRetry, after: .seconds(45)))])
        _ = machine.retryTimerFired()
        let accepted = machine.bootAnswered(
            BootNotificationResponse(currentTime: date, interval: 60, status: .accepted)
        )
        #expect(
            accepted == [
                .synchronizeClock(date), .timer(.cancel(.bootRetry)), .adoptHeartbeatInterval(.seconds(60)),
                .timer(.schedule(.heartbeat, after: .seconds(60), repeating: .seconds(60))), .resumeOperation,
            ]
        )
        #expect(machine.linkDown() == [.timer(.cancel(.heartbeat))])
    }

    @Test func E03_authorizationWithoutACableStartsTheConnectionTimerAndThePlugStopsIt() {
        var machine = EVSETransactionMachine(
            configuration: .init(
                startPoints: [.evConnected],
                stopPoints: [.evConnected],
                evConnectionTimeOut: .seconds(90)
            )
        )
        let authorized = machine.authorize(SessionAuthorization(idToken: IdTokenType(idToken: "A", type: .iso14443)))
        #expect(authorized == [.scheduleConnectionTimeout(after: .seconds(90))])
        #expect(machine.cable(connected: true, evReady: false).first == .cancelConnectionTimeout)
        // Authorized with the cable already in: no timer at all.
        var plugged = EVSETransactionMachine()
        _ = plugged.cable(connected: true, evReady: false)
        let actions = plugged.authorize(SessionAuthorization(idToken: IdTokenType(idToken: "B", type: .iso14443)))
        #expect(!actions.contains(.scheduleConnectionTimeout(after: .seconds(120))))
    }
}
