import OCPP
import OCPPRPC

/// The remote-control block (OCPP 2.0.1 B11/B12 Reset, F05 UnlockConnector, F06 TriggerMessage; CostUpdated
/// belongs to TariffAndCost). Remote start and stop (F01-F03): ChargingStation+RemoteStartStop. Each decides
/// in a value type of its own with a narrow context: `Reset`, `UnlockConnector`, `TriggerMessage`,
/// `RemoteStartStop`.
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
    }
}
