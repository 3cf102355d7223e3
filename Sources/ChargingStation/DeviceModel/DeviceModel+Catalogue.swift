import OCPP

/// The standard components and variables (OCPP 2.0.1 Part 2 Appendix, "Standardized Components"), with
/// this station's defaults.
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
        ("OCPPCommCtrlr", "UnlockOnEVSideDisconnect", nil),
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
        var all: [Variable] = []
        func add(
            _ component: ComponentAddress,
            _ name: String,
            instance: String? = nil,
            _ value: String,
            _ mutability: MutabilityEnumType,
            _ characteristics: Characteristics,
            persistent: Bool = true,
            constant: Bool = false,
            rebootRequired: Bool = false
        ) {
            all.append(
                Variable(
                    component,
                    VariableAddress(name, instance: instance),
                    characteristics,
                    attributes: [.actual: Attribute(value, mutability, persistent: persistent, constant: constant)],
                    rebootRequired: rebootRequired
                )
            )
        }
        let integer = Characteristics(.integer)
        let seconds = Characteristics(.integer, unit: "s", minLimit: 0)
        let boolean = Characteristics(.boolean)
        let measurandList = Characteristics(.memberList, valuesList: measurands)

        // The station, its EVSEs and connectors (Part 2 Appendix, physical components).
        let station = ComponentAddress("ChargingStation")
        let states = Characteristics(.optionList, valuesList: availabilityStates)
        let phases = Characteristics(.integer, minLimit: 0, maxLimit: 3)
        add(station, "AvailabilityState", "Available", .readOnly, states, persistent: false)
        add(station, "Available", "true", .readOnly, boolean, constant: true)
        add(station, "SupplyPhases", "3", .readOnly, phases, constant: true)
        for evseId in evseIds {
            let evse = ComponentAddress("EVSE", evseId: evseId)
            add(evse, "AvailabilityState", "Available", .readOnly, states, persistent: false)
            add(evse, "Available", "true", .readOnly, boolean, constant: true)
            all.append(
                Variable(
                    evse,
                    VariableAddress("Power"),
                    Characteristics(.decimal, unit: "W", minLimit: 0, maxLimit: 22_000),
                    attributes: [
                        .actual: Attribute("0", .readOnly, persistent: false),
                        .maxSet: Attribute("22000", .readOnly, constant: true),
                    ]
                )
            )
            add(evse, "SupplyPhases", "3", .readOnly, phases, constant: true)
            let connector = ComponentAddress("Connector", evseId: evseId, connectorId: 1)
            add(connector, "AvailabilityState", "Available", .readOnly, states, persistent: false)
            add(connector, "Available", "true", .readOnly, boolean, constant: true)
            add(
                connector,
                "ConnectorType",
                ConnectorEnumType.cType2.rawValue,
                .readOnly,
                Characteristics(.optionList, valuesList: ConnectorEnumType.allCases.map(\.rawValue)),
                constant: true
            )
            add(connector, "SupplyPhases", "3", .readOnly, phases, constant: true)
        }

        // OCPPCommCtrlr
        let comm = ComponentAddress("OCPPCommCtrlr")
        add(
            comm,
            "FileTransferProtocols",
            "HTTPS",
            .readOnly,
            Characteristics(.memberList, valuesList: ["FTP", "FTPS", "HTTP", "HTTPS", "SFTP"]),
            constant: true
        )
        add(comm, "HeartbeatInterval", "300", .readWrite, Characteristics(.integer, unit: "s", minLimit: 1))
        add(
            comm,
            "MessageTimeout",
            instance: "Default",
            "30",
            .readWrite,
            Characteristics(.integer, unit: "s", minLimit: 1)
        )
        add(
            comm,
            "MessageAttempts",
            instance: "TransactionEvent",
            "3",
            .readWrite,
            Characteristics(.integer, minLimit: 0)
        )
        add(comm, "MessageAttemptInterval", instance: "TransactionEvent", "60", .readWrite, seconds)
        add(
            comm,
            "NetworkConfigurationPriority",
            "0",
            .readWrite,
            Characteristics(.sequenceList, valuesList: ["0", "1", "2", "3"]),
            rebootRequired: true
        )
        add(comm, "NetworkProfileConnectionAttempts", "3", .readWrite, Characteristics(.integer, minLimit: 0))
        add(comm, "OfflineThreshold", "60", .readWrite, seconds)
        add(comm, "QueueAllMessages", "false", .readWrite, boolean)
        add(comm, "ResetRetries", "2", .readWrite, Characteristics(.integer, minLimit: 0))
        add(comm, "UnlockOnEVSideDisconnect", "true", .readWrite, boolean)
        add(comm, "WebSocketPingInterval", "30", .readWrite, seconds)

        // TxCtrlr
        let tx = ComponentAddress("TxCtrlr")
        add(tx, "EVConnectionTimeOut", "120", .readWrite, seconds)
        add(tx, "StopTxOnEVSideDisconnect", "true", .readOnly, boolean)
        add(tx, "StopTxOnInvalidId", "true", .readWrite, boolean)
        add(tx, "TxBeforeAcceptedEnabled", "false", .readWrite, boolean)
        add(tx, "TxStartPoint", "PowerPathClosed", .readWrite, Characteristics(.memberList, valuesList: txPoints))
        add(tx, "TxStopPoint", "EVConnected,Authorized", .readWrite, Characteristics(.memberList, valuesList: txPoints))

        // DeviceDataCtrlr
        let data = ComponentAddress("DeviceDataCtrlr")
        for (request, items) in [("GetReport", 50), ("GetVariables", 50), ("SetVariables", 50)] {
            add(data, "ItemsPerMessage", instance: request, "\(items)", .readOnly, integer, constant: true)
            add(data, "BytesPerMessage", instance: request, "65000", .readOnly, integer, constant: true)
        }
        add(data, "ValueSize", "\(maxValueLength)", .readOnly, integer, constant: true)
        add(data, "ReportingValueSize", "2500", .readOnly, integer, constant: true)
        add(data, "ConfigurationValueSize", "\(maxValueLength)", .readOnly, integer, constant: true)

        // ClockCtrlr
        let clock = ComponentAddress("ClockCtrlr")
        add(clock, "DateTime", "1970-01-01T00:00:00Z", .readOnly, Characteristics(.dateTime), persistent: false)
        add(
            clock,
            "TimeSource",
            "Heartbeat",
            .readWrite,
            Characteristics(.sequenceList, valuesList: ["Heartbeat", "NTP", "GPS", "RealTimeClock", "MobileNetwork"])
        )

        // SecurityCtrlr
        let security = ComponentAddress("SecurityCtrlr")
        add(security, "CertificateEntries", "0", .readOnly, integer, persistent: false)
        add(security, "Identity", "", .readOnly, Characteristics(.string, maxLimit: 48))
        add(security, "OrganizationName", "charger-agent", .readWrite, Characteristics(.string, maxLimit: 64))
        add(security, "SecurityProfile", "1", .readOnly, Characteristics(.integer, minLimit: 1, maxLimit: 3))

        // SampledDataCtrlr
        let sampled = ComponentAddress("SampledDataCtrlr")
        add(sampled, "Enabled", "true", .readWrite, boolean)
        add(sampled, "TxEndedMeasurands", "Energy.Active.Import.Register", .readWrite, measurandList)
        add(sampled, "TxEndedInterval", "0", .readWrite, seconds)
        add(sampled, "TxStartedMeasurands", "Energy.Active.Import.Register", .readWrite, measurandList)
        add(
            sampled,
            "TxUpdatedMeasurands",
            "Energy.Active.Import.Register,Power.Active.Import",
            .readWrite,
            measurandList
        )
        add(sampled, "TxUpdatedInterval", "60", .readWrite, seconds)

        // AlignedDataCtrlr
        let aligned = ComponentAddress("AlignedDataCtrlr")
        add(aligned, "Enabled", "true", .readWrite, boolean)
        add(aligned, "Measurands", "Energy.Active.Import.Register", .readWrite, measurandList)
        add(aligned, "Interval", "900", .readWrite, seconds)
        add(aligned, "SendDuringIdle", "false", .readWrite, boolean)
        add(aligned, "TxEndedMeasurands", "Energy.Active.Import.Register", .readWrite, measurandList)
        add(aligned, "TxEndedInterval", "0", .readWrite, seconds)

        // AuthCtrlr
        let auth = ComponentAddress("AuthCtrlr")
        add(auth, "Enabled", "true", .readWrite, boolean)
        add(auth, "AuthorizeRemoteStart", "true", .readWrite, boolean)
        add(auth, "LocalAuthorizeOffline", "true", .readWrite, boolean)
        add(auth, "LocalPreAuthorize", "true", .readWrite, boolean)
        add(auth, "OfflineTxForUnknownIdEnabled", "false", .readWrite, boolean)

        // AuthCacheCtrlr
        let cache = ComponentAddress("AuthCacheCtrlr")
        add(cache, "Available", "true", .readOnly, boolean, constant: true)
        add(cache, "Enabled", "true", .readWrite, boolean)
        add(cache, "LifeTime", "86400", .readWrite, seconds)
        add(cache, "Storage", "1000", .readOnly, Characteristics(.integer, unit: "entries"), constant: true)

        // LocalAuthListCtrlr
        let list = ComponentAddress("LocalAuthListCtrlr")
        add(list, "Available", "true", .readOnly, boolean, constant: true)
        add(list, "Enabled", "true", .readWrite, boolean)
        add(list, "Entries", "0", .readOnly, integer, persistent: false)
        add(list, "ItemsPerMessage", "100", .readOnly, integer, constant: true)
        add(list, "BytesPerMessage", "65000", .readOnly, integer, constant: true)
        add(list, "Storage", "10000", .readOnly, Characteristics(.integer, unit: "entries"), constant: true)
        return all
    }
}
