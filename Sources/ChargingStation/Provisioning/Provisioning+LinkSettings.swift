import OCPPRPC
import StationStore

/// WebSocketPingInterval, RetryBackOff* and MessageTimeout between the device model and the link.
///
/// At start the model takes what the link uses (the board's configuration), then the values the CSMS set
/// before a restart go to the link; a value set by SetVariables goes to it at once. The transport applies
/// a ping interval from the next ping and a back-off from the next reconnection. Only the values the CSMS
/// set are handed over, so a link configured finer than whole seconds (tests) keeps its own otherwise.
extension Provisioning {
    /// At start, once the stored values are in `model`: the settings to hand the link, if any. A transport
    /// without settings of its own (in memory) is simply told the model's.
    static func storedLinkSettings(
        _ stored: [VariableKey: String],
        model: DeviceModel,
        inForce: LinkSettings?
    ) -> Action? {
        guard let inForce else { return .applyLinkSettings(model.linkSettings, .deviceModel) }
        let names = Set(
            stored.keys.filter { DeviceModel.isLinkVariable($0.component, $0.variable, $0.attribute) }.map(\.variable)
        )
        guard !names.isEmpty else { return nil }
        let settings = model.linkSettings(overriding: inForce, names)
        guard settings != inForce else { return nil }
        return .applyLinkSettings(settings, .setBeforeRestart)
    }

    /// After SetVariables: the link with the model's value for each variable just changed (`names`, link
    /// variables only), the others as the link has them.
    static func changedLinkSettings(_ names: Set<String>, model: DeviceModel, inForce: LinkSettings?) -> Action? {
        guard !names.isEmpty else { return nil }
        return .applyLinkSettings(model.linkSettings(overriding: inForce ?? model.linkSettings, names), .setVariables)
    }
}
