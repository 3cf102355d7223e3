import HAL
import OCPP
import OCPPRPC
import StationStore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The hardware side of each EVSE: commands for its contactor and offered current run one at a time, in
/// order, on a queue per EVSE; a contactor that does not follow faults the EVSE under the safety rules.
extension ChargingStation {
    /// A command for one EVSE's hardware. Each EVSE's commands run one at a time, in the order given, so
    /// a contactor is never driven by two calls at once and a later offer never lands before an earlier one.
    enum HardwareCommand: Sendable {
        case contactor(ContactorState)
        case offerCurrent(Double?)
        /// Sets a DC EVSE's converter to this power, W.
        case powerSetpoint(Double)
        /// Reads the meter once more (the contactor command before it has completed), then records the Ended event.
        case endAfterFinalReading(EVSETransactionMachine.Event)
        /// Records an event that came after a pending `endAfterFinalReading`, keeping the order.
        case record(EVSETransactionMachine.Event)
        /// Opens the connector lock (the cable came out of the vehicle): after any contactor command before it.
        case releaseLock
    }

    func hardwareCommand(_ command: HardwareCommand, evseId: Int) {
        if case .contactor = command {
            evseStates[evseId]?.contactor.commandsInFlight += 1
            evseStates[evseId]?.contactor.generation += 1
        }
        if evseStates[evseId]?.commands == nil {
            let (stream, continuation) = AsyncStream.makeStream(of: HardwareCommand.self)
            evseStates[evseId]?.commands = continuation
            startTask { station in
                for await command in stream { await station.execute(command, evseId: evseId) }
            }
        }
        evseStates[evseId]?.commands?.yield(command)
    }

    private func execute(_ command: HardwareCommand, evseId: Int) async {
        switch command {
        case .contactor(let state):
            await driveContactor(evseId: evseId, to: state)
            evseStates[evseId]?.contactor.commandsInFlight -= 1
            evseStates[evseId]?.contactor.generation += 1
        case .offerCurrent(let amps):
            guard let board = hardware.evse(evseId)?.board else { return }
            do {
                try await board.offerCurrent(amps)
            } catch {
                logger.error("could not set the offered current", metadata: ["evse": "\(evseId)", "error": "\(error)"])
            }
        case .powerSetpoint(let watts):
            guard let supply = hardware.evse(evseId)?.powerSupply else { return }
            do {
                try await supply.setPowerLimit(watts)
            } catch {
                logger.error("could not set the DC power limit", metadata: ["evse": "\(evseId)", "error": "\(error)"])
            }
        case .endAfterFinalReading(let event):
            await readFinalRegister(evseId: evseId)
            evseStates[evseId]?.endsAwaitingFinalReading -= 1
            record(event, evseId: evseId)
        case .record(let event):
            record(event, evseId: evseId)
        case .releaseLock:
            if evseStates[evseId]?.transaction.inTransaction != true { await releaseLock(evseId: evseId) }
        }
    }

    /// One more meter read for the Ended event; a meter already known to have failed is not waited for
    /// (the last good reading stands, as it does for every event while the meter is down).
    private func readFinalRegister(evseId: Int) async {
        guard let meter = hardware.evse(evseId)?.meter, !availability.hasFault(evseId: evseId, .meterFailure) else {
            return
        }
        do {
            evseStates[evseId]?.lastReading = try await meter.read()
        } catch {
            logger.warning(
                "final meter read failed; the Ended event carries the last reading",
                metadata: ["evse": "\(evseId)", "error": "\(error)"]
            )
        }
    }

    /// Commands the contactor and reports its verified position back to the machine; a contactor that
    /// does not follow puts the EVSE in Faulted.
    ///
    /// A socket outlet's connector lock comes first: the contactor closes only once the lock confirms locked,
    /// and a lock that does not confirm means no energy and a Faulted EVSE (G05). Once the contactor is open
    /// and no transaction runs on the EVSE, the lock is released so the driver can take the cable.
    func driveContactor(evseId: Int, to state: ContactorState) async {
        guard let evse = hardware.evse(evseId) else { return }
        if state == .closed, let lock = evse.lock {
            do {
                try await lock.lock()
            } catch {
                await lockFailed(evseId: evseId, lock: lock, error)
                return
            }
        }
        do {
            try await evse.contactor.set(state)
            apply(evseId) { $0.powerPath(closed: state == .closed) }
        } catch {
            contactorFailed(evseId: evseId, commanded: state, error)
            return
        }
        if state == .open, evseStates[evseId]?.transaction.inTransaction != true {
            await releaseLock(evseId: evseId)
        }
    }

    /// The lock did not confirm: the contactor stays open, the EVSE is Faulted until the cable is unplugged,
    /// and the lock is driven open again so the plug can be pulled out and pushed in properly.
    private func lockFailed(evseId: Int, lock: any ConnectorLock, _ error: ConnectorLockError) async {
        logger.critical(
            "connector lock did not confirm; no energy",
            metadata: ["evse": "\(evseId)", "error": "\(error)"]
        )
        faultChanged(evseId: evseId, .connectorLock, active: true)
        apply(evseId) { $0.powerPath(closed: false) }
        try? await lock.unlock()
    }

    /// Opens the connector lock of `evseId` if it has one and it is not open already (end of a session, the
    /// cable unplugged at the vehicle). A lock that does not open is logged: the cable stays held, which is
    /// safe, and the driver calls for help (UnlockConnector, F05).
    func releaseLock(evseId: Int) async {
        guard let lock = hardware.evse(evseId)?.lock else { return }
        if (try? await lock.feedback()) == .unlocked { return }
        do {
            try await lock.unlock()
            logger.info("connector unlocked", metadata: ["evse": "\(evseId)"])
            stateChanged()
        } catch {
            logger.error("connector lock did not open", metadata: ["evse": "\(evseId)", "error": "\(error)"])
        }
    }

    /// A contactor that did not follow its command faults the EVSE. After a failed open it is taken as
    /// closed (welded, or position unknown) and not commanded again: the fault stays until a technician
    /// clears it (a passing self-test, or a restart), instead of hammering the coil and flooding the log.
    /// After a failed close the coil is released again (unless it could not be driven at all), so a slow
    /// or repaired contactor does not close later with no session behind it.
    func contactorFailed(evseId: Int, commanded state: ContactorState, _ error: ContactorError) {
        logger.critical(
            "contactor did not follow its command",
            metadata: ["evse": "\(evseId)", "commanded": "\(state)", "error": "\(error)"]
        )
        let coilDriven: Bool = if case .driveFailure = error { false } else { true }
        if state == .closed, coilDriven { hardwareCommand(.contactor(.open), evseId: evseId) }
        contactorFault(evseId: evseId, heldAt: state, error)
    }

    /// Faults the EVSE because its contactor is not where the station holds it (`state`): a failed
    /// command, or what supervision found between commands. Held open, it is taken as closed and not
    /// commanded again until a technician clears the fault.
    func contactorFault(evseId: Int, heldAt state: ContactorState, _ error: ContactorError) {
        if state == .open { evseStates[evseId]?.contactor.takenAsClosed = true }
        faultChanged(evseId: evseId, error == .welded ? .contactorWelded : .contactor(error), active: true)
        apply(evseId) { $0.powerPath(closed: state == .open) }
    }

}
