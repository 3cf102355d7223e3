import HAL
import OCPP

/// F05 UnlockConnector: the CSMS frees a cable stuck in a socket outlet (a driver calls the help desk).
extension ChargingStation {
    /// - Unknown EVSE or connector: UnknownConnector.
    /// - A transaction runs on the EVSE: OngoingAuthorizedTransaction, and the lock stays (F05.FR.02: the
    ///   cable belongs to the session; the driver or the CSMS ends the session first).
    /// - No lock (a tethered cable): UnlockFailed with reasonCode NoLock. Nothing can be unlocked, and
    ///   "Unlocked" would tell the help desk the cable was released by this request.
    /// - Otherwise the lock is driven open and its feedback decides Unlocked or UnlockFailed.
    func unlockConnector(_ request: UnlockConnectorRequest) async -> UnlockConnectorResponse {
        guard let evse = hardware.evse(request.evseId),
            availability.status(evseId: request.evseId, connectorId: request.connectorId) != nil
        else {
            return UnlockConnectorResponse(status: .unknownConnector)
        }
        if evseStates[request.evseId]?.transaction.inTransaction == true {
            return UnlockConnectorResponse(status: .ongoingAuthorizedTransaction)
        }
        guard let lock = evse.lock else {
            return UnlockConnectorResponse(
                status: .unlockFailed,
                statusInfo: StatusInfoType(reasonCode: "NoLock", additionalInfo: "tethered cable without a lock")
            )
        }
        do {
            try await lock.unlock()
            logger.notice("connector unlocked by the CSMS", metadata: ["evse": "\(request.evseId)"])
            return UnlockConnectorResponse(status: .unlocked)
        } catch {
            logger.error("connector did not unlock", metadata: ["evse": "\(request.evseId)", "error": "\(error)"])
            return UnlockConnectorResponse(status: .unlockFailed)
        }
    }
}
