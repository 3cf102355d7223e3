import OCPPRPC
import StationStore

/// WebSocketPingInterval, RetryBackOff* and MessageTimeout between the device model and the link.
///
/// At start the model takes what the link uses (the board's configuration), then the values the CSMS set
/// before a restart go to the link; a value set by SetVariables goes to it at once. The transport applies
/// a ping interval from the next ping and a back-off from the next reconnection. Only the values the CSMS
/// set are handed over, so a link configured finer than whole seconds (tests) keeps its own otherwise.
extension ChargingStation {
    /// Called while the device model loads, before the stored values are applied: the model reports what
    /// the session and its transport use now.
    func adoptLinkSettings() {
        deviceModel.adoptMessageTimeout(session.configuration.callTimeout)
        if let inForce = session.linkSettings { deviceModel.adopt(inForce) }
    }

    /// Called after the stored values were applied: hands the link the ones the CSMS set before a restart.
    func applyStoredLinkSettings(_ stored: [VariableKey: String]) {
        let names = Set(
            stored.keys.filter { DeviceModel.isLinkVariable($0.component, $0.variable, $0.attribute) }.map(\.variable)
        )
        // A transport without settings of its own (in memory) is simply told the model's.
        guard let inForce = session.linkSettings else {
            session.apply(deviceModel.linkSettings)
            return
        }
        guard !names.isEmpty else { return }
        let settings = deviceModel.linkSettings(overriding: inForce, names)
        guard settings != inForce else { return }
        logger.info("link settings set by the CSMS applied", metadata: ["settings": "\(settings)"])
        session.apply(settings)
    }

    /// Hands the link the variables SetVariables just changed (`names`, link variables only).
    func linkVariablesChanged(_ names: Set<String>) {
        guard !names.isEmpty else { return }
        let settings = deviceModel.linkSettings(overriding: session.linkSettings ?? deviceModel.linkSettings, names)
        logger.info("link settings changed by the CSMS", metadata: ["settings": "\(settings)"])
        session.apply(settings)
    }
}
