import OCPP

extension DeviceModel {
    /// Provisioning (B): OCPPCommCtrlr, DeviceDataCtrlr and ClockCtrlr.
    static func addProvisioningVariables(_ catalogue: inout VariableCatalogue) {
        // OCPPCommCtrlr
        let comm = ComponentAddress("OCPPCommCtrlr")
        catalogue.add(
            comm,
            "FileTransferProtocols",
            "HTTPS",
            .readOnly,
            Characteristics(.memberList, valuesList: ["FTP", "FTPS", "HTTP", "HTTPS", "SFTP"]),
            constant: true
        )
        catalogue.add(comm, "HeartbeatInterval", "300", .readWrite, Characteristics(.integer, unit: "s", minLimit: 1))
        // ReadOnly as the appendix has it: the network connection profile sets it. The value reported is the
        // RPC session's call timeout, set when the device model loads (`Provisioning.load`).
        catalogue.add(
            comm,
            "MessageTimeout",
            instance: "Default",
            "30",
            .readOnly,
            Characteristics(.integer, unit: "s", minLimit: 1)
        )
        catalogue.add(
            comm,
            "MessageAttempts",
            instance: "TransactionEvent",
            "3",
            .readWrite,
            Characteristics(.integer, minLimit: 0)
        )
        catalogue.add(comm, "MessageAttemptInterval", instance: "TransactionEvent", "60", .readWrite, catalogue.seconds)
        catalogue.add(
            comm,
            "NetworkConfigurationPriority",
            "0",
            .readWrite,
            Characteristics(.sequenceList, valuesList: ["0", "1", "2", "3"]),
            rebootRequired: true
        )
        // ReadOnly where nothing would act on a new value (a setting the station accepts takes effect): only
        // transaction messages are queued, a failed reset is not retried. UnlockOnEVSideDisconnect is what the station does, always: a socket outlet's lock opens
        // when the cable comes out of the vehicle.
        // Read by the link planner at each start (NetworkLinkPlanner, B10).
        catalogue.add(comm, "NetworkProfileConnectionAttempts", "3", .readWrite, Characteristics(.integer, minLimit: 0))
        catalogue.add(comm, "OfflineThreshold", "60", .readWrite, catalogue.seconds)
        catalogue.add(comm, "QueueAllMessages", "false", .readOnly, catalogue.boolean)
        catalogue.add(comm, "ResetRetries", "0", .readOnly, Characteristics(.integer, minLimit: 0))
        catalogue.add(comm, "UnlockOnEVSideDisconnect", "true", .readOnly, catalogue.boolean)
        // The link's own parameters, handed to the transport (`Provisioning+LinkSettings.swift`). The limits
        // keep the longest back-off (WaitMinimum doubled RepeatTimes times) within a Duration.
        catalogue.add(
            comm,
            "RetryBackOffRandomRange",
            "10",
            .readWrite,
            Characteristics(.integer, unit: "s", minLimit: 0, maxLimit: 86_400)
        )
        catalogue.add(
            comm,
            "RetryBackOffRepeatTimes",
            "5",
            .readWrite,
            Characteristics(.integer, minLimit: 0, maxLimit: 30)
        )
        catalogue.add(
            comm,
            "RetryBackOffWaitMinimum",
            "10",
            .readWrite,
            Characteristics(.integer, unit: "s", minLimit: 0, maxLimit: 86_400)
        )
        catalogue.add(comm, "WebSocketPingInterval", "30", .readWrite, catalogue.seconds)

        // DeviceDataCtrlr
        let data = ComponentAddress("DeviceDataCtrlr")
        for (request, items) in [("GetReport", 50), ("GetVariables", 50), ("SetVariables", 50)] {
            catalogue.add(
                data,
                "ItemsPerMessage",
                instance: request,
                "\(items)",
                .readOnly,
                catalogue.integer,
                constant: true
            )
            catalogue.add(
                data,
                "BytesPerMessage",
                instance: request,
                "65000",
                .readOnly,
                catalogue.integer,
                constant: true
            )
        }
        catalogue.add(data, "ValueSize", "\(maxValueLength)", .readOnly, catalogue.integer, constant: true)
        catalogue.add(data, "ReportingValueSize", "2500", .readOnly, catalogue.integer, constant: true)
        catalogue.add(data, "ConfigurationValueSize", "\(maxValueLength)", .readOnly, catalogue.integer, constant: true)

        // ClockCtrlr
        let clock = ComponentAddress("ClockCtrlr")
        catalogue.add(
            clock,
            "DateTime",
            "1970-01-01T00:00:00Z",
            .readOnly,
            Characteristics(.dateTime),
            persistent: false
        )
        catalogue.add(
            clock,
            "TimeSource",
            "Heartbeat",
            // The clock follows the CSMS's time in Boot and Heartbeat answers; there is no other source to pick.
            .readOnly,
            Characteristics(.sequenceList, valuesList: ["Heartbeat", "NTP", "GPS", "RealTimeClock", "MobileNetwork"])
        )
    }
}
