import HAL

/// The charging limits on the hardware (issue 17 items 2 and 4): each EVSE's composite schedule, the station's
/// ChargingStationMaxProfile shared among the running sessions (`LoadSharing`), brought to the pilot (AC) or to
/// the converter's power setpoint (DC) through the EVSE's command queue.
extension ChargingStation {
    /// Evaluates every EVSE's limit now and offers what it allows (through the EVSE's command queue, so the pilot
    /// or the setpoint follows within the queue's turn), then sleeps until the next period boundary, or for
    /// `LoadSharing`'s interval while sessions share the station's limit by what they draw.
    func applyChargingLimits() {
        let context = makeSmartChargingContext()
        var takingPart: [Int: SmartCharging.Drawing] = [:]
        for id in evseStates.keys where takesPartInLoadSharing(id) {
            takingPart[id] = drawing(ofEVSE: id)
        }
        let limits = SmartCharging.limitsNow(
            in: context,
            takingPart: takingPart,
            sharing: &loadSharing,
            now: elapsed()
        )
        for id in evseStates.keys.sorted() {
            let limit = limits.perEVSE[id]
            if evseStates[id]?.chargingLimit != limit {
                let unit = context.evses[id]?.dcVoltage != nil ? "W" : "A"
                logger.info("charging limit", metadata: ["evse": "\(id)", "limit": "\(limit ?? 0) \(unit)"])
            }
            evseStates[id]?.chargingLimit = limit
            if let evse = transactionsEVSE(id) { perform(Transactions.currentOffer(on: evse), evseId: id) }
        }
        var wait: Duration? = limits.changesIn.map { .seconds($0) }
        if limits.sharing { wait = min(wait ?? loadSharing.configuration.interval, loadSharing.configuration.interval) }
        if let wait {
            schedule(.chargingLimit, after: wait)
        } else if !context.installed.isEmpty {
            // Nothing changes within the day looked at: look again in a day (a Weekly profile, a far start).
            schedule(.chargingLimit, after: .seconds(86_400))
        } else {
            perform([TimerAction.cancel(.chargingLimit)])
        }
        stateChanged()
    }

    /// An EVSE takes part in load sharing while a transaction runs there or an authorized vehicle is plugged in
    /// (about to be offered current).
    func takesPartInLoadSharing(_ evseId: Int) -> Bool {
        guard let state = evseStates[evseId] else { return false }
        let facts = state.transaction.facts
        return state.running != nil || (facts.authorization != nil && facts.evConnected)
    }

    /// What the EVSE's last meter reading says it draws.
    func drawing(ofEVSE evseId: Int) -> SmartCharging.Drawing {
        guard let reading = evseStates[evseId]?.lastReading else { return SmartCharging.Drawing() }
        let phases = reading.current.present.filter { $0 >= 1 }.count
        let ac = hardware.evse(evseId)?.powerSupply == nil
        return SmartCharging.Drawing(measured: reading.activePower, phasesInUse: ac && phases > 0 ? phases : nil)
    }

    /// A DC EVSE's rated power (the board's and the converter's, the lower) and nominal DC voltage; nil for an
    /// AC EVSE (one without a converter to set).
    func dcRating(ofEVSE evseId: Int) -> (power: Double, voltage: Double)? {
        guard let supply = hardware.evse(evseId)?.powerSupply else { return nil }
        let description = identity.description(ofEVSE: evseId)
        let power = description.isDC ? min(description.maxPower, supply.ratedPower) : supply.ratedPower
        return (power, description.dcVoltage ?? CompositeSchedule.nominalDCVoltage)
    }
}
