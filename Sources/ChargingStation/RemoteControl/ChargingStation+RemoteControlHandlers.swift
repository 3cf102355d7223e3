import OCPP
import OCPPRPC

/// The remote-control block (OCPP 2.0.1 B11/B12 Reset, F05 UnlockConnector, F06 TriggerMessage, I03
/// CostUpdated). Remote start/stop live with the transactions (Transactions/).
extension ChargingStation {
    func registerRemoteControlHandlers() {
        clearResetMarkers()
        serve(TriggerMessageRequest.self) { station, request, context in
            await station.triggerMessage(request, context: context)
        }
        serve(ResetRequest.self) { station, request, context in
            await station.reset(request, context: context)
        }
        serve(UnlockConnectorRequest.self) { station, request, _ in
            await station.unlockConnector(request)
        }
        serve(CostUpdatedRequest.self) { station, request, _ in
            await station.costUpdated(request)
        }
    }
}
