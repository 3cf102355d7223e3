import OCPP
import OCPPRPC

/// Remote control of transactions (F01-F03) and the transaction status query (E14).
///
/// Lives with the remote-control block (F); the sessions it starts and stops are the transactions block's.
extension ChargingStation {
    func registerTransactionHandlers() {
        serve(RequestStartTransactionRequest.self) { station, request, context in
            await station.requestStartTransaction(request, context: context)
        }
        serve(RequestStopTransactionRequest.self) { station, request, context in
            await station.requestStopTransaction(request, context: context)
        }
        serve(GetTransactionStatusRequest.self) { station, request, _ in
            await station.getTransactionStatus(request)
        }
    }

    /// F01/F02: the CSMS starts a session for `idToken`, optionally on a given EVSE.
    ///
    /// With AuthorizeRemoteStart the token is authorized first like a local one; the session then
    /// carries `remoteStartId`, which goes in the first TransactionEvent after it (once). When a transaction
    /// already runs on the EVSE (cable plugged in first), its id is returned.
    func requestStartTransaction(
        _ request: RequestStartTransactionRequest,
        context: CallContext
    ) -> RequestStartTransactionResponse {
        // B02.FR.05: not accepted (yet) by the CSMS: a CALLRESULT Rejected, not a CALLERROR.
        guard registration.acceptsRemoteTransactions else {
            return RequestStartTransactionResponse(
                status: .rejected,
                statusInfo: StatusInfoType(reasonCode: "NotAccepted", additionalInfo: "registration is not Accepted")
            )
        }
        let evseId: Int
        if let requested = request.evseId {
            // A cable-first transaction without authorization may take the remote start (F01).
            guard let evse = evseStates[requested], evse.transaction.facts.authorization == nil,
                evse.transaction.facts.mayCharge, !evse.startingRemotely
            else {
                return RequestStartTransactionResponse(status: .rejected)
            }
            evseId = requested
        } else {
            guard let free = evseForNewSession() else { return RequestStartTransactionResponse(status: .rejected) }
            evseId = free
        }
        let authorization = SessionAuthorization(
            idToken: request.idToken,
            groupIdToken: request.groupIdToken,
            remoteStartId: request.remoteStartId
        )
        let runningId = evseStates[evseId]?.running?.transactionId
        let authorizeFirst = deviceModel.authorizeRemoteStart
        evseStates[evseId]?.startingRemotely = true
        context.afterResponse { [weak self] in
            await self?.startRemoteSession(evseId: evseId, authorization, authorizeFirst: authorizeFirst)
        }
        return RequestStartTransactionResponse(status: .accepted, transactionId: runningId)
    }

    private func startRemoteSession(evseId: Int, _ authorization: SessionAuthorization, authorizeFirst: Bool) async {
        defer { evseStates[evseId]?.startingRemotely = false }
        if authorizeFirst {
            let info = await authorize(authorization.idToken, evseId: evseId)
            guard info.status == .accepted else {
                logger.notice("remote start not authorized", metadata: ["status": "\(info.status.rawValue)"])
                return
            }
        }
        // Re-checked after the waits: the EVSE may have faulted or been given to another session meanwhile.
        guard let machine = evseStates[evseId]?.transaction, machine.facts.authorization == nil, machine.facts.mayCharge
        else {
            logger.notice("remote start dropped: EVSE no longer available", metadata: ["evse": "\(evseId)"])
            return
        }
        startAuthorizedSession(evseId: evseId, authorization)
    }

    /// F03: the CSMS stops a running transaction; Rejected for an unknown id.
    func requestStopTransaction(
        _ request: RequestStopTransactionRequest,
        context: CallContext
    ) -> RequestStopTransactionResponse {
        // B02.FR.05, as for RequestStartTransaction.
        guard registration.acceptsRemoteTransactions else {
            return RequestStopTransactionResponse(
                status: .rejected,
                statusInfo: StatusInfoType(reasonCode: "NotAccepted", additionalInfo: "registration is not Accepted")
            )
        }
        guard
            let evseId = runningTransactions.first(where: { $0.value.transactionId == request.transactionId })?.key
        else {
            return RequestStopTransactionResponse(status: .rejected)
        }
        context.afterResponse { [weak self] in
            await self?.remoteStop(evseId: evseId, transactionId: request.transactionId)
        }
        return RequestStopTransactionResponse(status: .accepted)
    }

    /// E14: whether a transaction is ongoing and whether its (or any) transaction messages still wait.
    func getTransactionStatus(_ request: GetTransactionStatusRequest) -> GetTransactionStatusResponse {
        let queued = (try? store.queuedMessages(limit: 100_000)) ?? []
        guard let transactionId = request.transactionId else {
            return GetTransactionStatusResponse(messagesInQueue: !queued.isEmpty)
        }
        let ongoing = runningTransactions.values.contains { $0.transactionId == transactionId }
        let inQueue = queued.contains { $0.transactionId == transactionId }
        return GetTransactionStatusResponse(ongoingIndicator: ongoing, messagesInQueue: inQueue)
    }

    private func remoteStop(evseId: Int, transactionId: String) {
        guard evseStates[evseId]?.running?.transactionId == transactionId else { return }
        apply(evseId) { $0.stop(trigger: .remoteStop, reason: .remote) }
    }
}
