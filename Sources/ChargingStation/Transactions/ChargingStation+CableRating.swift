import HAL

/// Reading the cable's rating (PP) when a vehicle connects, for `OfferedCurrent`.
extension ChargingStation {
    /// Reads the PP of `evseId`'s board once for this plug-in, then offers (or withholds) current accordingly;
    /// a cable that cannot be used faults the EVSE until it is unplugged.
    func readCable(evseId: Int) {
        guard let board = hardware.evse(evseId)?.board else { return }
        startTask { station in
            let result: Result<Double?, EVSEBoardError>
            do throws(EVSEBoardError) {
                result = .success(try await board.proximityCurrentLimit)
            } catch {
                result = .failure(error)
            }
            await station.cableRead(evseId: evseId, OfferedCurrent.cable(fromProximity: result))
        }
    }

    private func cableRead(evseId: Int, _ cable: OfferedCurrent.Cable) {
        // Unplugged meanwhile: the reading belongs to a plug-in that is over.
        guard evseStates[evseId]?.transaction.facts.evConnected == true else { return }
        evseStates[evseId]?.cable = cable
        if let problem = OfferedCurrent.problem(cable) {
            logger.error("cable cannot charge", metadata: ["evse": "\(evseId)", "problem": "\(problem)"])
            faultChanged(evseId: evseId, .cableUnusable, active: true)
        } else {
            logger.info("cable read", metadata: ["evse": "\(evseId)", "cable": "\(cable)"])
        }
        if let evse = transactionsEVSE(evseId) { perform(Transactions.currentOffer(on: evse), evseId: evseId) }
        stateChanged()
    }
}
