import HAL

/// What contactor supervision found wrong on one EVSE; kept until the feedback agrees again, so each
/// finding is logged and reported once rather than every tick.
enum ContactorAlarm: Sendable, Equatable {
    /// The feedback reads closed while the station holds the contactor open: welded contacts or a coil
    /// driver stuck on, and the outlet may be live.
    case closedWhileOpen
    /// The feedback reads open while the station holds the contactor closed: it dropped out (coil supply
    /// lost, a mechanical fault).
    case openedWhileClosed
    /// The feedback cannot be read, so the position is unknown; the fault it raised clears when the
    /// feedback reads again and agrees.
    case feedbackUnavailable(AvailabilityModel.Fault)
}

/// Contactor supervision: between commands, every contactor's auxiliary contact is read once per meter
/// poll and compared with the position the station holds it in (the last command whose feedback was
/// verified), so a contactor that closes or opens on its own is noticed within a tick, not at the next
/// command.
extension ChargingStation {
    /// One feedback read per EVSE whose contactor the station is not moving now.
    func superviseContactors() async {
        for evse in hardware.evses {
            guard let held = supervisedPosition(evseId: evse.id) else { continue }
            let generation = evseStates[evse.id]?.contactor.generation
            let feedback: Result<ContactorState, ContactorError>
            do {
                feedback = .success(try await evse.contactor.feedback())
            } catch {
                feedback = .failure(error)
            }
            // A command (or a self-test) may have started or finished while the feedback was read: the
            // reading is stale then, and the next tick looks again.
            guard supervisedPosition(evseId: evse.id) == held,
                evseStates[evse.id]?.contactor.generation == generation
            else { continue }
            contactorSupervised(evseId: evse.id, held: held, feedback: feedback)
        }
    }

    /// The position the contactor of `evseId` must be in now, or nil while it is not supervised: a command
    /// is queued or settling, a self-test holds the EVSE, or it already failed to open (taken as closed
    /// and left alone until a technician clears it).
    func supervisedPosition(evseId: Int) -> ContactorState? {
        guard let state = evseStates[evseId], state.contactor.commandsInFlight == 0, !state.contactor.takenAsClosed,
            !availability.isInMaintenance(evseId: evseId)
        else { return nil }
        return state.transaction.facts.powerPathClosed ? .closed : .open
    }

    /// Something outside the station's commands (a self-test) may move the contactor of `evseId`: a
    /// feedback read in progress is discarded.
    func contactorMovedOutsideCommands(evseId: Int) {
        evseStates[evseId]?.contactor.generation += 1
    }

    private func contactorSupervised(
        evseId: Int,
        held: ContactorState,
        feedback: Result<ContactorState, ContactorError>
    ) {
        switch feedback {
        case .success(let position) where position == held:
            contactorAgrees(evseId: evseId)
        case .success(let position):
            let alarm: ContactorAlarm = position == .closed ? .closedWhileOpen : .openedWhileClosed
            guard evseStates[evseId]?.contactor.alarm != alarm else { return }
            evseStates[evseId]?.contactor.alarm = alarm
            logger.critical(
                position == .closed ? "contactor closed while held open" : "contactor opened while held closed",
                metadata: ["evse": "\(evseId)", "commanded": "\(held)", "feedback": "\(position)"]
            )
            if position == .closed {
                // As after a failed open: Faulted, taken as closed, not commanded again, no energy offered.
                contactorFault(evseId: evseId, heldAt: .open, .welded)
            } else {
                faultChanged(evseId: evseId, .contactorOpened, active: true)
                releaseContactor(evseId: evseId)
            }
        case .failure(let error):
            // Logged once, whatever reason the later reads give.
            if case .feedbackUnavailable = evseStates[evseId]?.contactor.alarm { return }
            let fault = AvailabilityModel.Fault.contactor(error)
            evseStates[evseId]?.contactor.alarm = .feedbackUnavailable(fault)
            logger.critical(
                "contactor feedback unreadable",
                metadata: ["evse": "\(evseId)", "commanded": "\(held)", "error": "\(error)"]
            )
            faultChanged(evseId: evseId, fault, active: true)
            if held == .closed { releaseContactor(evseId: evseId) }
        }
    }

    /// The feedback agrees with the held position: an unreadable feedback is readable again and its fault
    /// clears. A contactor that closed or opened on its own stays faulted until a technician clears it.
    private func contactorAgrees(evseId: Int) {
        guard let alarm = evseStates[evseId]?.contactor.alarm else { return }
        evseStates[evseId]?.contactor.alarm = nil
        if case .feedbackUnavailable(let fault) = alarm {
            logger.notice("contactor feedback readable again", metadata: ["evse": "\(evseId)"])
            faultChanged(evseId: evseId, fault, active: false)
        }
    }

    /// After a fault on a contactor held closed: the fault ends the session, whose stop opens the contactor;
    /// if nothing did, it is opened here, so the coil is released and the station's view follows.
    private func releaseContactor(evseId: Int) {
        guard evseStates[evseId]?.contactor.commandsInFlight == 0 else { return }
        hardwareCommand(.contactor(.open), evseId: evseId)
    }
}
