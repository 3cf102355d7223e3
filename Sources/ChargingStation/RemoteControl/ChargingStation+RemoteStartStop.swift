import OCPP
import OCPPRPC

/// Remote control of transactions (F01-F03) and the transaction status query (E14): the decisions are
/// `RemoteStartStop`'s; the actor builds the context and carries out the actions.
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

    /// What the remote start/stop block may read.
    var remoteStartStopContext: RemoteStartStop.Context {
        let evses = evseStates.mapValues { state in
            RemoteStartStop.EVSE(
                authorized: state.transaction.facts.authorization != nil,
                mayCharge: state.transaction.facts.mayCharge,
                startingRemotely: state.startingRemotely,
                transactionId: state.running?.transactionId
            )
        }
        return RemoteStartStop.Context(
            accepted: registration.acceptsRemoteTransactions,
            authorizeRemoteStart: deviceModel.authorizeRemoteStart,
            evses: evses,
            newSessionEVSE: evseForNewSession()
        )
    }

    /// F01/F02: the CSMS starts a session for `idToken`, optionally on a given EVSE.
    func requestStartTransaction(
        _ request: RequestStartTransactionRequest,
        context: CallContext
    ) async -> RequestStartTransactionResponse {
        // K05: a chargingProfile the station cannot use rejects the start (with Smart Charging off it is
        // ignored, F01.FR.12).
        if let profile = request.chargingProfile,
            let why = SmartCharging.remoteStartRejection(profile, in: makeSmartChargingContext())
        {
            return RequestStartTransactionResponse(status: .rejected, statusInfo: why)
        }
        let (response, actions) = RemoteStartStop.requestStart(request, in: remoteStartStopContext)
        if response.status == .accepted, let profile = request.chargingProfile, case .hold(let evseId)? = actions.first,
            deviceModel.smartChargingEnabled
        {
            remoteStartAccepted(profile, remoteStartId: request.remoteStartId, evseId: evseId)
        }
        await perform(actions, call: context)
        return response
    }

    /// F03: the CSMS stops a running transaction.
    func requestStopTransaction(
        _ request: RequestStopTransactionRequest,
        context: CallContext
    ) async -> RequestStopTransactionResponse {
        let (response, actions) = RemoteStartStop.requestStop(request, in: remoteStartStopContext)
        await perform(actions, call: context)
        return response
    }

    /// E14: whether a transaction is ongoing and whether its (or any) transaction messages still wait.
    func getTransactionStatus(_ request: GetTransactionStatusRequest) -> GetTransactionStatusResponse {
        let queued = ((try? store.queuedMessages(limit: 100_000)) ?? []).map(\.transactionId)
        return RemoteStartStop.transactionStatus(request, queued: queued, in: remoteStartStopContext)
    }

    /// Carries out the block's actions, in order; `afterResponse` ones once the answer to `call` is sent
    /// (at once without a call). Only an authorization waits; before the answer nothing does.
    func perform(_ actions: [RemoteStartStop.Action], call: CallContext?) async {
        for action in actions {
            switch action {
            case .hold(let evseId):
                evseStates[evseId]?.startingRemotely = true
            case .release(let evseId):
                evseStates[evseId]?.startingRemotely = false
            case .afterResponse(let later):
                if let call {
                    call.afterResponse { [weak self] in await self?.perform(later, call: nil) }
                } else {
                    await perform(later, call: nil)
                }
            case .authorize(let evseId, let authorization):
                let info = await authorize(authorization.idToken, evseId: evseId)
                let next = RemoteStartStop.authorizeAnswered(
                    info,
                    evseId: evseId,
                    authorization,
                    in: remoteStartStopContext
                )
                await perform(next, call: nil)
            case .checkThenStart(let evseId, let authorization):
                let next = RemoteStartStop.checkThenStart(evseId: evseId, authorization, in: remoteStartStopContext)
                await perform(next, call: nil)
            case .startSession(let evseId, let authorization):
                startAuthorizedSession(evseId: evseId, authorization)
            case .checkThenStop(let evseId, let transactionId):
                let next = RemoteStartStop.checkThenStop(
                    evseId: evseId,
                    transactionId: transactionId,
                    in: remoteStartStopContext
                )
                await perform(next, call: nil)
            case .stopTransaction(let evseId, let trigger, let reason):
                apply(evseId) { $0.stop(trigger: trigger, reason: reason) }
            case .noteNotAuthorized(let status):
                logger.notice("remote start not authorized", metadata: ["status": "\(status.rawValue)"])
            case .noteNoLongerAvailable(let evseId):
                logger.notice("remote start dropped: EVSE no longer available", metadata: ["evse": "\(evseId)"])
            }
        }
    }
}
