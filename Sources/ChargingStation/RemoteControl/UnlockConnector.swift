import HAL
import OCPP

/// F05 UnlockConnector: the CSMS frees a cable stuck in a socket outlet (a driver calls the help desk).
///
/// The decision is a block with a narrow context (what it may read, what it returns); only driving the
/// lock, which the decision may ask for, is the actor's.
enum UnlockConnector {
    struct Context: Sendable {
        /// The connector exists.
        var connectorKnown: Bool
        /// A transaction runs on its EVSE.
        var inTransaction: Bool
        /// The EVSE has a connector lock (a socket outlet; a tethered cable has none).
        var hasLock: Bool
    }

    enum Decision: Sendable, Equatable {
        case answer(UnlockConnectorResponse)
        /// Drive the lock open; its feedback decides Unlocked or UnlockFailed.
        case unlock
    }

    /// - Unknown EVSE or connector: UnknownConnector.
    /// - A transaction runs on the EVSE: OngoingAuthorizedTransaction, and the lock stays (F05.FR.02: the
    ///   cable belongs to the session; the driver or the CSMS ends the session first).
    /// - No lock (a tethered cable): UnlockFailed with reasonCode NoLock. Nothing can be unlocked, and
    ///   "Unlocked" would tell the help desk the cable was released by this request.
    /// - Otherwise: unlock.
    static func decide(in context: Context) -> Decision {
        guard context.connectorKnown else { return .answer(UnlockConnectorResponse(status: .unknownConnector)) }
        if context.inTransaction { return .answer(UnlockConnectorResponse(status: .ongoingAuthorizedTransaction)) }
        guard context.hasLock else {
            return .answer(
                UnlockConnectorResponse(
                    status: .unlockFailed,
                    statusInfo: StatusInfoType(reasonCode: "NoLock", additionalInfo: "tethered cable without a lock")
                )
            )
        }
        return .unlock
    }
}

extension ChargingStation {
    func unlockConnector(_ request: UnlockConnectorRequest) async -> UnlockConnectorResponse {
        let evse = hardware.evse(request.evseId)
        let context = UnlockConnector.Context(
            connectorKnown: evse != nil
                && availability.status(evseId: request.evseId, connectorId: request.connectorId) != nil,
            inTransaction: evseStates[request.evseId]?.transaction.inTransaction == true,
            hasLock: evse?.lock != nil
        )
        switch UnlockConnector.decide(in: context) {
        case .answer(let response):
            return response
        case .unlock:
            guard let lock = evse?.lock else { return UnlockConnectorResponse(status: .unlockFailed) }
            do {
                try await lock.unlock()
                logger.notice("connector unlocked by the CSMS", metadata: ["evse": "\(request.evseId)"])
                return UnlockConnectorResponse(status: .unlocked)
            } catch {
                logger.error(
                    "connector did not unlock",
                    metadata: ["evse": "\(request.evseId)", "error": "\(error)"]
                )
                return UnlockConnectorResponse(status: .unlockFailed)
            }
        }
    }
}
