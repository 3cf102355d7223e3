import OCPP
import OCPPRPC

extension ChargingStation {
    /// Registers the CSMS-initiated requests this station serves, each behind the registration gate (B02/B03).
    func registerHandlers() {
        serve(TriggerMessageRequest.self) { station, request, context in
            await station.triggerMessage(request, context: context)
        }
        registerDeviceModelHandlers()
        registerAvailabilityHandlers()
        registerAuthorizationHandlers()
        registerTransactionHandlers()
    }

    /// Registers `handler` for `R`, refusing the request while the registration state does not allow it.
    func serve<R: OCPPRequest>(
        _ type: R.Type,
        _ handler: @escaping @Sendable (ChargingStation, R, CallContext) async throws -> R.Response
    ) {
        session.register(type) { [weak self] request, context in
            guard let self else { throw RPCHandlerError(code: .internalError, description: "station stopped") }
            if case .refuse(let code, let why) = await self.registration.admission(of: R.action) {
                throw RPCHandlerError(code: code, description: why)
            }
            return try await handler(self, request, context)
        }
    }

    /// F06: TriggerMessage for the messages this station can send on request.
    /// The triggered message is sent after the TriggerMessageResponse (F06.FR.03-style ordering).
    func triggerMessage(_ request: TriggerMessageRequest, context: CallContext) -> TriggerMessageResponse {
        switch request.requestedMessage {
        case .bootNotification:
            if registration.status == .accepted {
                // F06.FR.17: a BootNotification may not be triggered once Accepted.
                return TriggerMessageResponse(status: .rejected)
            }
            context.afterResponse { [weak self] in await self?.bootTriggered() }
            return TriggerMessageResponse(status: .accepted)
        case .heartbeat:
            context.afterResponse { [weak self] in await self?.sendHeartbeat() }
            return TriggerMessageResponse(status: .accepted)
        default:
            return TriggerMessageResponse(status: .notImplemented)
        }
    }

    private func bootTriggered() {
        perform(registration.bootTriggered())
    }
}
