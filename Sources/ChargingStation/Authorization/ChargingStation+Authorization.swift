import OCPP
import OCPPRPC

extension ChargingStation {
    /// Registers the Authorization block's CSMS-initiated requests (C11, C13, C14).
    func registerAuthorizationHandlers() {
    }
}
