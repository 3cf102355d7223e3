import HAL
import OCPP
import StationStore

extension ChargingStation {
    /// Restores the persisted operational states (G03/G04 survive a reboot) and registers
    /// ChangeAvailability. Called once at the start of `run()`, before anything is reported.
    func registerAvailabilityHandlers() {
        do {
            availability.restore(try store.allAvailability())
        } catch {
            logger.error("could not read the stored availability", metadata: ["error": "\(error)"])
        }
        serve(ChangeAvailabilityRequest.self) { station, request, _ in
            await station.changeAvailability(request)
        }
    }

    /// G03/G04: persists the new operational status before answering, so an Accepted change survives a
    /// power cut; a store failure answers Rejected and changes nothing.
    func changeAvailability(_ request: ChangeAvailabilityRequest) -> ChangeAvailabilityResponse {
        var model = availability
        let (status, actions) = model.changeAvailability(request, at: now)
        for case .persist(let operational, let scope) in actions {
            do {
                try store.setAvailability(operational, for: scope)
            } catch {
                logger.error("could not store availability", metadata: ["error": "\(error)"])
                return ChangeAvailabilityResponse(status: .rejected)
            }
        }
        availability = model
        perform(actions.filter { if case .persist = $0 { false } else { true } })
        return ChangeAvailabilityResponse(status: status)
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
        let longOffline = offlineFor.map { $0 > deviceModel.offlineThreshold } ?? false
        offlineSince = nil
        perform(availability.resumed(at: now, offlineLongerThanThreshold: longOffline))
    }

    /// Time on `clock` since `start` (an instant of the same clock).
    static func elapsed<C: Clock<Duration>>(on clock: C, since start: any InstantProtocol<Duration>) -> Duration? {
        guard let start = start as? C.Instant else { return nil }
        return start.duration(to: clock.now)
    }

    // MARK: hooks for other blocks

    /// The transactions block calls this when a transaction starts on `evseId`.
    func transactionStarted(evseId: Int) {
        perform(availability.transactionStarted(evseId: evseId, at: now))
    }

    /// The transactions block calls this when a transaction on `evseId` ended: a Scheduled
    /// ChangeAvailability takes effect now.
    func transactionEnded(evseId: Int) {
        perform(availability.transactionEnded(evseId: evseId, at: now))
        resetsTransactionEnded(evseId: evseId)
    }

    /// A block that detects a hardware fault (a welded contactor, …) reports it, and its end, here.
    func faultChanged(evseId: Int, _ fault: AvailabilityModel.Fault, active: Bool) {
        perform(availability.faultChanged(evseId: evseId, fault, active: active, at: now))
    }

    // MARK: private

    private func pilotChanged(evseId: Int, to state: ControlPilotState) {
        perform(availability.pilotChanged(evseId: evseId, to: state, at: now))
        transactionsPilotChanged(evseId: evseId, to: state)
    }

    private func emergencyStopChanged(pressed: Bool) {
        if pressed != availability.emergencyStop {
            logger.warning("emergency stop \(pressed ? "pressed" : "released")")
        }
        perform(availability.emergencyStopChanged(pressed: pressed, at: now))
    }

    func perform(_ actions: [AvailabilityModel.Action]) {
        for action in actions {
            switch action {
            case .report(let report):
                // Not allowed now (not Accepted yet, or Pending): the connector's acknowledged status stays
                // behind and `availabilityResumed()` reports it.
                guard registration.maySend(.statusNotification) else { continue }
                if availability.enqueue(report) {
                    startTask { await $0.sendStatusReports() }
                }
            case .persist(let status, let scope):
                do {
                    try store.setAvailability(status, for: scope)
                } catch {
                    logger.error("could not store availability", metadata: ["error": "\(error)"])
                }
            }
        }
        // Faults, emergency stop and Inoperative decide whether energy may flow.
        for evse in hardware.evses { syncMayCharge(evseId: evse.id) }
        stateChanged()
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
