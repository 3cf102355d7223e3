import OCPP
import OCPPRPC
import StationStore

/// A Basic authentication password as the station keeps it: every textual form prints `<redacted>`.
public struct LinkPassword: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The secret itself. Do not log it.
    public let revealed: String

    public init(_ secret: String) { revealed = secret }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}

/// SecurityCtrlr.BasicAuthPassword (A01), the actor side: a value the CSMS sets (write-only, 16 to 40
/// characters, checked by the device model) is kept as the new password, the link reconnects with it once
/// the SetVariables answer is out (A01.FR.03), and it replaces the old one only when the CSMS accepted it
/// (`NetworkLinkPlanner`: on HTTP 401 the station goes back to the old one, TC_A_10_CS).
extension ChargingStation {
    static let confirmedPasswordKey = "link.basic-auth-password"
    static let newPasswordKey = "link.basic-auth-password.new"

    /// The password set over OCPP that connected, and one set since that has not connected yet.
    func basicAuthPasswords() -> (confirmed: LinkPassword?, new: LinkPassword?) {
        let confirmed = (try? store.value(forKey: Self.confirmedPasswordKey)).flatMap { $0 }.map(LinkPassword.init)
        let new = (try? store.value(forKey: Self.newPasswordKey)).flatMap { $0 }.map(LinkPassword.init)
        return (confirmed, new)
    }

    /// After SetVariables: a BasicAuthPassword it accepted becomes the new password and the link reconnects
    /// after the answer. Logs never carry the value.
    func basicAuthPasswordSet(_ request: SetVariablesRequest, _ response: SetVariablesResponse, call: CallContext?) {
        let accepted = zip(request.setVariableData, response.setVariableResult).filter { item, result in
            item.component.name == "SecurityCtrlr" && item.variable.name == "BasicAuthPassword"
                && result.attributeStatus == .accepted
        }
        guard let (item, _) = accepted.last else { return }
        do {
            try store.setValue(item.attributeValue, forKey: Self.newPasswordKey)
        } catch {
            logger.error("new BasicAuthPassword not stored", metadata: ["error": "\(error)"])
            return
        }
        // The link's store keys hold the value from now on; the device-model copy is blanked.
        deviceModel.setInternally(.init("SecurityCtrlr"), .init("BasicAuthPassword"), value: "")
        try? store.setVariable(
            VariableKey(component: "SecurityCtrlr", variable: "BasicAuthPassword"),
            value: ""
        )
        logger.notice("BasicAuthPassword set by the CSMS; reconnecting with it")
        guard let reconnect = link.reconnect else { return }
        if let call { call.afterResponse { reconnect() } } else { reconnect() }
    }

    func confirmNewBasicAuthPassword() {
        guard let new = basicAuthPasswords().new else { return }
        do {
            try store.setValue(new.revealed, forKey: Self.confirmedPasswordKey)
            _ = try store.removeValue(forKey: Self.newPasswordKey)
            logger.notice("the CSMS accepted the new BasicAuthPassword")
        } catch {
            logger.error("new BasicAuthPassword not confirmed in the store", metadata: ["error": "\(error)"])
        }
    }

    func dropNewBasicAuthPassword() {
        do {
            _ = try store.removeValue(forKey: Self.newPasswordKey)
        } catch {
            logger.error("refused BasicAuthPassword not removed", metadata: ["error": "\(error)"])
        }
        logger.warning("the CSMS refused the new BasicAuthPassword; back to the previous one")
    }
}
