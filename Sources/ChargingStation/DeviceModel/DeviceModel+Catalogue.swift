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

        // The station, its EVSEs and connectors (Part 2 Appendix, physical components). What the hardware
        // is (connector type, phases, power) comes from `hardwareVariables`; until the station describes its
        // EVSEs (`describeHardware`), every EVSE is `EVSEDescription.standardAC`.
        let station = ComponentAddress("ChargingStation")
        let states = Characteristics(.optionList, valuesList: availabilityStates)
        add(station, "AvailabilityState", "Available", .readOnly, states, persistent: false)
        add(station, "Available", "true", .readOnly, boolean, constant: true)
        for evseId in evseIds {
            let evse = ComponentAddress("EVSE", evseId: evseId)
            add(evse, "AvailabilityState", "Available", .readOnly, states, persistent: false)
            add(evse, "Available", "true", .readOnly, boolean, constant: true)
            let connector = ComponentAddress("Connector", evseId: evseId, connectorId: 1)
            add(connector, "AvailabilityState", "Available", .readOnly, states, persistent: false)
            add(connector, "Available", "true", .readOnly, boolean, constant: true)
        }
        all += hardwareVariables(evseIds: evseIds) { _ in .standardAC }

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
        // ReadOnly as the appendix has it: the network connection profile sets it. The value reported is the
        // RPC session's call timeout, set when the device model loads (`adoptLinkSettings`).
        add(
            comm,
            "MessageTimeout",
            instance: "Default",
            "30",
            .readOnly,
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
        // ReadOnly where nothing would act on a new value (a setting the station accepts takes effect): no
        // fallback to another network profile yet (B10), only transaction messages are queued, a failed reset is
        // not retried, and the station never locks a connector, so an EV-side unplug leaves it unlocked.
        add(comm, "NetworkProfileConnectionAttempts", "3", .readOnly, Characteristics(.integer, minLimit: 0))
        add(comm, "OfflineThreshold", "60", .readWrite, seconds)
        add(comm, "QueueAllMessages", "false", .readOnly, boolean)
        add(comm, "ResetRetries", "0", .readOnly, Characteristics(.integer, minLimit: 0))
        add(comm, "UnlockOnEVSideDisconnect", "true", .readOnly, boolean)
        // The link's own parameters, handed to the transport (`ChargingStation+LinkSettings.swift`). The limits
        // keep the longest back-off (WaitMinimum doubled RepeatTimes times) within a Duration.
        add(
            comm,
            "RetryBackOffRandomRange",
            "10",
            .readWrite,
            Characteristics(.integer, unit: "s", minLimit: 0, maxLimit: 86_400)
        )
        add(comm, "RetryBackOffRepeatTimes", "5", .readWrite, Characteristics(.integer, minLimit: 0, maxLimit: 30))
        add(
            comm,
            "RetryBackOffWaitMinimum",
            "10",
            .readWrite,
            Characteristics(.integer, unit: "s", minLimit: 0, maxLimit: 86_400)
        )
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
            // The clock follows the CSMS's time in Boot and Heartbeat answers; there is no other source to pick.
            .readOnly,
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
        // Interval 0 turns sampled values off; Enabled=false would stop nothing, so it is not writable.
        add(sampled, "Enabled", "true", .readOnly, boolean)
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
        // As SampledDataCtrlr: Interval 0 turns them off. SendDuringIdle=false is what the station does (values
        // go out with and without a transaction); true is not built.
        add(aligned, "Enabled", "true", .readOnly, boolean)
        add(aligned, "Measurands", "Energy.Active.Import.Register", .readWrite, measurandList)
        add(aligned, "Interval", "900", .readWrite, seconds)
        add(aligned, "SendDuringIdle", "false", .readOnly, boolean)
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
