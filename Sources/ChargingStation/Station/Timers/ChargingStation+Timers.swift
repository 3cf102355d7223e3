/// Carrying out timer actions: the schedule is data (`TimerSchedule`); one task sleeps on the injected
/// clock until the earliest deadline and hands the due timers back to the actor, which fires them in
/// deadline order and sleeps again. Nothing else in the station sleeps.
extension ChargingStation {
    /// Applies timer actions to the schedule and re-arms the sleeping task.
    func perform(_ actions: [TimerAction]) {
        guard !actions.isEmpty else { return }
        let now = elapsed()
        for action in actions { timerSchedule.apply(action, at: now) }
        rearmTimers()
    }

    /// Schedules `timer` (replacing it if it is already scheduled).
    func schedule(_ timer: StationTimer, after delay: Duration, repeating period: Duration? = nil) {
        perform([.schedule(timer, after: delay, repeating: period)])
    }

    func cancelTimer(_ timer: StationTimer) {
        perform([.cancel(timer)])
    }

    /// The timers scheduled now, with their deadlines as time since the station was made.
    public var scheduledTimers: [StationTimer: TimerSchedule.Entry] { timerSchedule.entries }

    /// How long until `timer` fires, or nil when it is not scheduled.
    public func timeUntil(_ timer: StationTimer) -> Duration? {
        timerSchedule.entries[timer].map { $0.deadline - elapsed() }
    }

    private func rearmTimers() {
        timerTask?.cancel()
        timerTask = nil
        timerGeneration &+= 1
        stateChanged()
        guard let deadline = timerSchedule.nextDeadline else { return }
        let generation = timerGeneration
        let sleep = sleepUntil
        timerTask = Task { [weak self] in
            do {
                try await sleep(deadline)
            } catch {
                return
            }
            await self?.timersDue(generation: generation)
        }
    }

    private func timersDue(generation: UInt64) {
        // A task replaced while it waited for the actor must not fire: the schedule changed meanwhile.
        guard generation == timerGeneration, !Task.isCancelled else { return }
        for timer in timerSchedule.takeDue(at: elapsed()) { fire(timer) }
        rearmTimers()
    }

    /// What each timer does when it fires. Work that waits on I/O (a CALL, a meter read) runs in its own
    /// task, so one slow answer never holds up the other timers; the meter poll is counted in
    /// `pendingWork` (it waits on the meters, not on the CSMS or the clock).
    private func fire(_ timer: StationTimer) {
        switch timer {
        case .bootRetry:
            bootRetryFired()
        case .heartbeat:
            startTask { await $0.sendHeartbeat() }
        case .meterPoll:
            guard !meterPollRunning else { return }
            meterPollRunning = true
            startTrackedTask { await $0.pollMetersOnce() }
        case .clockAlignedMeterValues:
            clockAlignedTimerFired()
        case .sampledMeterValues(let evseId):
            sampleMeterValues(evseId: evseId)
        case .sampledTxEndedValues(let evseId):
            sampleTxEndedValues(evseId: evseId)
        case .evConnectionTimeout(let evseId):
            evConnectionTimedOut(evseId: evseId)
        case .transactionMessageRetry:
            transactionRetryDue()
        case .securityEventRetry:
            securityEventRetryDue()
        case .firmwareUpdate:
            firmwareTimerFired()
        case .logUpload:
            logUploadTimerFired()
        case .chargingLimit:
            applyChargingLimits()
        case .certificateSigningRetry:
            certificateSigningRetryDue()
        case .certificateRenewal:
            certificateRenewalDue()
        }
    }

    /// Ends every timer (the station's `run()` is over).
    func stopTimers() {
        timerSchedule = TimerSchedule()
        timerTask?.cancel()
        timerTask = nil
        timerGeneration &+= 1
    }

    /// Runs `body` in its own task, counted as pending work until it returns.
    func startTrackedTask(_ body: @escaping @Sendable (ChargingStation) async -> Void) {
        pendingWork += 1
        Task {
            await body(self)
            self.trackedWorkDone()
        }
    }

    func trackedWorkDone() {
        pendingWork -= 1
        stateChanged()
    }
}
