import OCPP
import OCPPRPC

extension ChargingStation {
    /// Registers the CSMS-initiated requests this station serves, each behind the registration gate (B02/B03).
    func registerHandlers() {
        registerDeviceModelHandlers()
        registerAvailabilityHandlers()
        registerAuthorizationHandlers()
        registerTransactionHandlers()
        registerRemoteControlHandlers()
        registerNetworkProfileHandler()
        registerTariffAndCostHandlers()
        registerDataTransferHandlers()
        registerFirmwareManagementHandlers()
        registerSmartChargingHandlers()
        registerCertificateManagementHandlers()
        registerDiagnosticsHandlers()
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
            defer { Task { await self.stateChanged() } }
            return try await handler(self, request, context)
        }
    }
}
