import HAL
import OCPP
import StationStore

extension ChargingStation {
    /// Restores the persisted operational states (G03/G04 survive a reboot) and registers
    /// ChangeAvailability. Called once at the start of `run()`, before anything is reported.
    func registerAvailabilityHandlers() {
        do {
            availability = Availability.restored(try store.allAvailability(), in: availabilityContext)
        } catch {
            logger.error("could not read the stored availability", metadata: ["error": "\(error)"])
        }
        serve(ChangeAvailabilityRequest.self) { station, request, _ in
            await station.changeAvailability(request)
        }
    }

    /// What the availability block may read.
    var availabilityContext: Availability.Context {
        Availability.Context(model: availability, now: now, offlineThreshold: deviceModel.offlineThreshold)
    }

    /// G03/G04: the new operational status is stored before the answer; a store failure answers Rejected
    /// and changes nothing.
    func changeAvailability(_ request: ChangeAvailabilityRequest) -> ChangeAvailabilityResponse {
        let (response, actions) = Availability.changeAvailability(request, in: availabilityContext)
        guard perform(actions) else { return Availability.notStored() }
        return response
    }

    /// Watches the hardware (plug, pilot, emergency stop) for the whole life of `run()`.
    func monitorHardware() async {
        await withTaskGroup(of: Void.self) { group in
            for evse in hardware.evses {
                let id = evse.id
                let states = evse.board.pilotStates
                group.addTask {
                    for await state in states {
                        await self.pilotChanged(evseId: id, to: state)
                    }
                }
            }
            if let emergencyStop = hardware.emergencyStop {
                let levels = emergencyStop.levels
                group.addTask {
                    for await pressed in levels {
                        await self.emergencyStopChanged(pressed: pressed)
                    }
                }
            }
            await group.waitForAll()
        }
    }

    /// Called when registration reaches Accepted: report every connector's status (B01), or after a
    /// reconnect those that changed while offline (B04).
    func availabilityResumed() async {
        let offlineFor = offlineSince.flatMap { Self.elapsed(on: clock, since: $0) }
        offlineSince = nil
        perform(Availability.resumed(offlineFor: offlineFor, in: availabilityContext))
        securityEventsResumed()
    }

    /// Time on `clock` since `start` (an instant of the same clock).
    static func elapsed<C: Clock<Duration>>(on clock: C, since start: any InstantProtocol<Duration>) -> Duration? {
        guard let start = start as? C.Instant else { return nil }
        return start.duration(to: clock.now)
    }

    // MARK: hooks for other blocks

    /// The transactions block calls this when a transaction starts on `evseId`.
    func transactionStarted(evseId: Int) {
        perform(Availability.transactionStarted(evseId: evseId, in: availabilityContext))
    }

    /// The transactions block calls this when a transaction on `evseId` ended: a Scheduled
    /// ChangeAvailability takes effect now.
    func transactionEnded(evseId: Int) {
        perform(Availability.transactionEnded(evseId: evseId, in: availabilityContext))
        resetsTransactionEnded(evseId: evseId)
        firmwareTransactionEnded()
    }

    /// A block that detects a hardware fault (a welded contactor, …) reports it, and its end, here.
    func faultChanged(evseId: Int, _ fault: AvailabilityModel.Fault, active: Bool) {
        perform(Availability.faultChanged(evseId: evseId, fault, active: active, in: availabilityContext))
    }

    // MARK: private

    private func pilotChanged(evseId: Int, to state: ControlPilotState) {
        evseStates[evseId]?.pilot = state
        perform(Availability.pilotChanged(evseId: evseId, to: state, in: availabilityContext))
        transactionsPilotChanged(evseId: evseId, to: state)
        // The cable is out of the vehicle: a socket outlet lets it go (queued behind the contactor opening).
        if state == .a, hardware.evse(evseId)?.lock != nil { hardwareCommand(.releaseLock, evseId: evseId) }
    }

    private func emergencyStopChanged(pressed: Bool) {
        perform(Availability.emergencyStopChanged(pressed: pressed, in: availabilityContext))
    }

    /// Carries out the availability block's actions, in order; false (and nothing after it done) when a
    /// `persist` could not be stored. Then each EVSE learns whether it may deliver energy (faults, the
    /// emergency stop and Inoperative decide).
    @discardableResult
    func perform(_ actions: [Availability.Action]) -> Bool {
        for action in actions {
            switch action {
            case .persist(let status, let scope):
                do {
                    try store.setAvailability(status, for: scope)
                } catch {
                    logger.error("could not store availability", metadata: ["error": "\(error)"])
                    return false
                }
            case .update(let model):
                availability = model
            case .report(let report):
                // Not allowed now (not Accepted yet, or Pending): the connector's acknowledged status stays
                // behind and `availabilityResumed()` reports it.
                guard registration.maySend(.statusNotification) else { continue }
                if availability.enqueue(report) {
                    startTask { await $0.sendStatusReports() }
                }
            case .noteEmergencyStop(let pressed):
                logger.warning("emergency stop \(pressed ? "pressed" : "released")")
            }
        }
        for evse in hardware.evses { syncMayCharge(evseId: evse.id) }
        stateChanged()
        return true
    }

    /// For the blocks that change the availability state themselves (a self-test hold, a triggered report).
    func perform(_ actions: [AvailabilityModel.Action]) {
        perform(actions.map(Availability.Action.init))
    }

    /// Sends the queued StatusNotifications one after the other.
    private func sendStatusReports() async {
        while let report = availability.nextToSend() {
            do {
                _ = try await session.call(report.request)
                availability.acknowledged(report)
                stateChanged()
            } catch {
                logger.warning("StatusNotification failed", metadata: ["error": "\(error)"])
                availability.sendingFailed()
                stateChanged()
                return
            }
        }
        stateChanged()
    }
}
