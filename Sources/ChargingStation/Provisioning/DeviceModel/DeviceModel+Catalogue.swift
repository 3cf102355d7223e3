import OCPP

/// The standard components and variables (OCPP 2.0.1 Part 2 Appendix, "Standardized Components"), with
/// this station's defaults. Each functional block declares its own controller's variables in its folder
/// (`DeviceModel+<Block>.swift`); the catalogue puts them together.
///
/// Every variable the appendix marks required for the controllers below is here (TC_B_53_CS checks them
/// against `requiredVariables`), plus the optional ones other blocks read.
extension DeviceModel {
    /// The (component, variable, instance) triples the spec requires, for the station-level components.
    static let requiredVariables: [(component: String, variable: String, instance: String?)] = [
        ("ChargingStation", "AvailabilityState", nil),
        ("ChargingStation", "Available", nil),
        ("ChargingStation", "SupplyPhases", nil),
        ("OCPPCommCtrlr", "FileTransferProtocols", nil),
        ("OCPPCommCtrlr", "MessageTimeout", "Default"),
        ("OCPPCommCtrlr", "MessageAttempts", "TransactionEvent"),
        ("OCPPCommCtrlr", "MessageAttemptInterval", "TransactionEvent"),
        ("OCPPCommCtrlr", "NetworkConfigurationPriority", nil),
        ("OCPPCommCtrlr", "NetworkProfileConnectionAttempts", nil),
        ("OCPPCommCtrlr", "OfflineThreshold", nil),
        ("OCPPCommCtrlr", "ResetRetries", nil),
        ("OCPPCommCtrlr", "RetryBackOffRandomRange", nil),
        ("OCPPCommCtrlr", "RetryBackOffRepeatTimes", nil),
        ("OCPPCommCtrlr", "RetryBackOffWaitMinimum", nil),
        ("OCPPCommCtrlr", "UnlockOnEVSideDisconnect", nil),
        ("OCPPCommCtrlr", "WebSocketPingInterval", nil),
        ("TxCtrlr", "EVConnectionTimeOut", nil),
        ("TxCtrlr", "StopTxOnEVSideDisconnect", nil),
        ("TxCtrlr", "StopTxOnInvalidId", nil),
        ("TxCtrlr", "TxStartPoint", nil),
        ("TxCtrlr", "TxStopPoint", nil),
        ("DeviceDataCtrlr", "ItemsPerMessage", "GetReport"),
        ("DeviceDataCtrlr", "ItemsPerMessage", "GetVariables"),
        ("DeviceDataCtrlr", "ItemsPerMessage", "SetVariables"),
        ("DeviceDataCtrlr", "BytesPerMessage", "GetReport"),
        ("DeviceDataCtrlr", "BytesPerMessage", "GetVariables"),
        ("DeviceDataCtrlr", "BytesPerMessage", "SetVariables"),
        ("ClockCtrlr", "DateTime", nil),
        ("ClockCtrlr", "TimeSource", nil),
        ("SecurityCtrlr", "CertificateEntries", nil),
        ("SecurityCtrlr", "OrganizationName", nil),
        ("SecurityCtrlr", "SecurityProfile", nil),
        ("SampledDataCtrlr", "TxEndedMeasurands", nil),
        ("SampledDataCtrlr", "TxEndedInterval", nil),
        ("SampledDataCtrlr", "TxStartedMeasurands", nil),
        ("SampledDataCtrlr", "TxUpdatedMeasurands", nil),
        ("SampledDataCtrlr", "TxUpdatedInterval", nil),
        ("AlignedDataCtrlr", "Measurands", nil),
        ("AlignedDataCtrlr", "Interval", nil),
        ("AlignedDataCtrlr", "TxEndedMeasurands", nil),
        ("AlignedDataCtrlr", "TxEndedInterval", nil),
        ("AuthCtrlr", "AuthorizeRemoteStart", nil),
        ("AuthCtrlr", "LocalAuthorizeOffline", nil),
        ("AuthCtrlr", "LocalPreAuthorize", nil),
        ("AuthCacheCtrlr", "Enabled", nil),
        ("LocalAuthListCtrlr", "Entries", nil),
        ("LocalAuthListCtrlr", "ItemsPerMessage", nil),
        ("LocalAuthListCtrlr", "BytesPerMessage", nil),
    ]

    /// The required variables of each EVSE and of each connector.
    static let requiredEVSEVariables = ["AvailabilityState", "Available", "Power", "SupplyPhases"]
    static let requiredConnectorVariables = ["AvailabilityState", "Available", "ConnectorType", "SupplyPhases"]

    static let txPoints = [
        "ParkingBayOccupancy", "EVConnected", "Authorized", "DataSigned", "PowerPathClosed", "EnergyTransfer",
    ]
    static let measurands = MeasurandEnumType.allCases.map(\.rawValue)
    static let availabilityStates = ConnectorStatusEnumType.allCases.map(\.rawValue)

    static func catalogue(evseIds: [Int]) -> [Variable] {
        var catalogue = VariableCatalogue()
        addAvailabilityVariables(&catalogue, evseIds: evseIds)
        addProvisioningVariables(&catalogue)
        addTransactionVariables(&catalogue)
        addSecurityVariables(&catalogue)
        addCertificateManagementVariables(&catalogue)
        addMeterValueVariables(&catalogue)
        addAuthorizationVariables(&catalogue)
        addLocalAuthorizationListVariables(&catalogue)
        addFirmwareManagementVariables(&catalogue)
        addSmartChargingVariables(&catalogue)
        return catalogue.variables
    }
}

/// Builds the list of variables a block contributes to the device model, with the shared characteristics.
struct VariableCatalogue {
    var variables: [DeviceModel.Variable] = []

    let integer = DeviceModel.Characteristics(.integer)
    let seconds = DeviceModel.Characteristics(.integer, unit: "s", minLimit: 0)
    let boolean = DeviceModel.Characteristics(.boolean)
    let measurandList = DeviceModel.Characteristics(.memberList, valuesList: DeviceModel.measurands)

    mutating func add(
        _ component: DeviceModel.ComponentAddress,
        _ name: String,
        instance: String? = nil,
        _ value: String,
        _ mutability: MutabilityEnumType,
        _ characteristics: DeviceModel.Characteristics,
        persistent: Bool = true,
        constant: Bool = false,
        rebootRequired: Bool = false
    ) {
        variables.append(
            DeviceModel.Variable(
                component,
                DeviceModel.VariableAddress(name, instance: instance),
                characteristics,
                attributes: [
                    .actual: DeviceModel.Attribute(value, mutability, persistent: persistent, constant: constant)
                ],
                rebootRequired: rebootRequired
            )
        )
    }
}
