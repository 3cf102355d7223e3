import OCPP
import OCPPRPC
import StationStore

/// The OCPPCommCtrlr variables that belong to the link under the RPC session: WebSocketPingInterval and
/// RetryBackOff* (ReadWrite, handed to the transport) and MessageTimeout (ReadOnly, the session's call
/// timeout). The device model reports what the link uses; a value the CSMS sets is what the link uses next.
extension DeviceModel {
    static let pingIntervalVariable = "WebSocketPingInterval"
    static let backOffWaitMinimumVariable = "RetryBackOffWaitMinimum"
    static let backOffRandomRangeVariable = "RetryBackOffRandomRange"
    static let backOffRepeatTimesVariable = "RetryBackOffRepeatTimes"

    /// The variables `linkSettings` is made of.
    static let linkVariableNames: Set<String> = [
        pingIntervalVariable, backOffWaitMinimumVariable, backOffRandomRangeVariable, backOffRepeatTimesVariable,
    ]

    /// Whether a stored or changed variable is one of the link's.
    static func isLinkVariable(_ component: String, _ variable: String, _ attribute: AttributeEnumType) -> Bool {
        component == "OCPPCommCtrlr" && linkVariableNames.contains(variable) && attribute == .actual
    }

    private func seconds(_ variable: String, default fallback: Int) -> Int {
        value("OCPPCommCtrlr", variable).flatMap { Int($0) } ?? fallback
    }

    /// The link settings as the model states them.
    var linkSettings: LinkSettings {
        LinkSettings(
            pingInterval: .seconds(seconds(Self.pingIntervalVariable, default: 30)),
            retryBackOffWaitMinimum: .seconds(seconds(Self.backOffWaitMinimumVariable, default: 10)),
            retryBackOffRandomRange: .seconds(seconds(Self.backOffRandomRangeVariable, default: 10)),
            retryBackOffRepeatTimes: seconds(Self.backOffRepeatTimesVariable, default: 5)
        )
    }

    /// `base` with the model's value for each variable in `names`, the others as they are.
    func linkSettings(overriding base: LinkSettings, _ names: Set<String>) -> LinkSettings {
        let mine = linkSettings
        var settings = base
        if names.contains(Self.pingIntervalVariable) { settings.pingInterval = mine.pingInterval }
        if names.contains(Self.backOffWaitMinimumVariable) {
            settings.retryBackOffWaitMinimum = mine.retryBackOffWaitMinimum
        }
        if names.contains(Self.backOffRandomRangeVariable) {
            settings.retryBackOffRandomRange = mine.retryBackOffRandomRange
        }
        if names.contains(Self.backOffRepeatTimesVariable) {
            settings.retryBackOffRepeatTimes = mine.retryBackOffRepeatTimes
        }
        return settings
    }

    /// Reports the settings the link uses (whole seconds, as the variables count).
    mutating func adopt(_ settings: LinkSettings) {
        let comm = ComponentAddress("OCPPCommCtrlr")
        let values: [(String, String)] = [
            (Self.pingIntervalVariable, Self.wholeSeconds(settings.pingInterval)),
            (Self.backOffWaitMinimumVariable, Self.wholeSeconds(settings.retryBackOffWaitMinimum)),
            (Self.backOffRandomRangeVariable, Self.wholeSeconds(settings.retryBackOffRandomRange)),
            (Self.backOffRepeatTimesVariable, String(settings.retryBackOffRepeatTimes)),
        ]
        for (name, value) in values {
            setInternally(comm, VariableAddress(name), value: value)
        }
    }

    /// Reports the RPC session's call timeout as MessageTimeout (instance Default).
    mutating func adoptMessageTimeout(_ timeout: Duration) {
        setInternally(
            ComponentAddress("OCPPCommCtrlr"),
            VariableAddress("MessageTimeout", instance: "Default"),
            value: Self.wholeSeconds(timeout)
        )
    }

    /// A duration rounded to whole seconds, as an integer variable holds it.
    static func wholeSeconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return String(seconds + (attoseconds >= 500_000_000_000_000_000 ? 1 : 0))
    }
}
