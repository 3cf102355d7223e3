import OCPP

/// Typed views of the values other blocks read, so nobody parses device-model strings twice.
///
/// Values are validated on the way in (SetVariables, `load(from:)`), so a parse failure here means the
/// catalogue default itself is wrong; the fallbacks mirror the catalogue defaults.
extension DeviceModel {
    private func int(_ component: String, _ variable: String, instance: String? = nil, default fallback: Int) -> Int {
        value(component, variable, instance: instance).flatMap { Int($0) } ?? fallback
    }

    private func bool(_ component: String, _ variable: String, default fallback: Bool) -> Bool {
        value(component, variable).map { $0 == "true" } ?? fallback
    }

    private func list(_ component: String, _ variable: String) -> [String] {
        (value(component, variable) ?? "").split(separator: ",").map(String.init)
    }

    private func measurands(_ component: String, _ variable: String) -> [MeasurandEnumType] {
        list(component, variable).compactMap(MeasurandEnumType.init(rawValue:))
    }

    // MARK: OCPPCommCtrlr

    var heartbeatInterval: Duration { .seconds(int("OCPPCommCtrlr", "HeartbeatInterval", default: 300)) }
    var messageTimeout: Duration {
        .seconds(int("OCPPCommCtrlr", "MessageTimeout", instance: "Default", default: 30))
    }
    var messageAttemptsTransactionEvent: Int {
        int("OCPPCommCtrlr", "MessageAttempts", instance: "TransactionEvent", default: 3)
    }
    var messageAttemptIntervalTransactionEvent: Duration {
        .seconds(int("OCPPCommCtrlr", "MessageAttemptInterval", instance: "TransactionEvent", default: 60))
    }
    var offlineThreshold: Duration { .seconds(int("OCPPCommCtrlr", "OfflineThreshold", default: 60)) }
    var resetRetries: Int { int("OCPPCommCtrlr", "ResetRetries", default: 0) }
    var unlockOnEVSideDisconnect: Bool { bool("OCPPCommCtrlr", "UnlockOnEVSideDisconnect", default: true) }
    var webSocketPingInterval: Duration { .seconds(int("OCPPCommCtrlr", "WebSocketPingInterval", default: 30)) }

    // MARK: TxCtrlr

    var evConnectionTimeOut: Duration { .seconds(int("TxCtrlr", "EVConnectionTimeOut", default: 120)) }
    var stopTxOnEVSideDisconnect: Bool { bool("TxCtrlr", "StopTxOnEVSideDisconnect", default: true) }
    var stopTxOnInvalidId: Bool { bool("TxCtrlr", "StopTxOnInvalidId", default: true) }
    var txBeforeAcceptedEnabled: Bool { bool("TxCtrlr", "TxBeforeAcceptedEnabled", default: false) }
    /// TxStartPoint members, e.g. ["PowerPathClosed"].
    var txStartPoints: Set<String> { Set(list("TxCtrlr", "TxStartPoint")) }
    /// TxStopPoint members, e.g. ["EVConnected", "Authorized"].
    var txStopPoints: Set<String> { Set(list("TxCtrlr", "TxStopPoint")) }

    // MARK: DeviceDataCtrlr

    var itemsPerMessageGetVariables: Int {
        int("DeviceDataCtrlr", "ItemsPerMessage", instance: "GetVariables", default: 50)
    }
    var itemsPerMessageSetVariables: Int {
        int("DeviceDataCtrlr", "ItemsPerMessage", instance: "SetVariables", default: 50)
    }
    var itemsPerMessageGetReport: Int { int("DeviceDataCtrlr", "ItemsPerMessage", instance: "GetReport", default: 50) }

    // MARK: SecurityCtrlr

    var securityProfile: Int { int("SecurityCtrlr", "SecurityProfile", default: 1) }
    var organizationName: String { value("SecurityCtrlr", "OrganizationName") ?? "" }

    // MARK: SampledDataCtrlr and AlignedDataCtrlr

    var sampledDataEnabled: Bool { bool("SampledDataCtrlr", "Enabled", default: true) }
    var sampledDataTxStartedMeasurands: [MeasurandEnumType] { measurands("SampledDataCtrlr", "TxStartedMeasurands") }
    var sampledDataTxUpdatedMeasurands: [MeasurandEnumType] { measurands("SampledDataCtrlr", "TxUpdatedMeasurands") }
    var sampledDataTxEndedMeasurands: [MeasurandEnumType] { measurands("SampledDataCtrlr", "TxEndedMeasurands") }
    /// 0 means no sampled values during a transaction.
    var sampledDataTxUpdatedInterval: Duration { .seconds(int("SampledDataCtrlr", "TxUpdatedInterval", default: 60)) }
    var sampledDataTxEndedInterval: Duration { .seconds(int("SampledDataCtrlr", "TxEndedInterval", default: 0)) }
    var alignedDataMeasurands: [MeasurandEnumType] { measurands("AlignedDataCtrlr", "Measurands") }
    /// 0 means no clock-aligned values.
    var alignedDataInterval: Duration { .seconds(int("AlignedDataCtrlr", "Interval", default: 900)) }
    var alignedDataTxEndedMeasurands: [MeasurandEnumType] { measurands("AlignedDataCtrlr", "TxEndedMeasurands") }
    var alignedDataTxEndedInterval: Duration { .seconds(int("AlignedDataCtrlr", "TxEndedInterval", default: 0)) }

    // MARK: Authorization

    var authorizeRemoteStart: Bool { bool("AuthCtrlr", "AuthorizeRemoteStart", default: true) }
    var localAuthorizeOffline: Bool { bool("AuthCtrlr", "LocalAuthorizeOffline", default: true) }
    var localPreAuthorize: Bool { bool("AuthCtrlr", "LocalPreAuthorize", default: true) }
    var offlineTxForUnknownIdEnabled: Bool { bool("AuthCtrlr", "OfflineTxForUnknownIdEnabled", default: false) }
    var authCacheEnabled: Bool { bool("AuthCacheCtrlr", "Enabled", default: true) }
    var authCacheLifeTime: Duration { .seconds(int("AuthCacheCtrlr", "LifeTime", default: 86400)) }
    var localAuthListEnabled: Bool { bool("LocalAuthListCtrlr", "Enabled", default: true) }
}
