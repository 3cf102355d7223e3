import OCPP

extension DeviceModel {
    /// Security (A): SecurityCtrlr. The security profile is the connection's (A01-A03 upgrades are not built yet).
    static func addSecurityVariables(_ catalogue: inout VariableCatalogue) {
        // SecurityCtrlr
        let security = ComponentAddress("SecurityCtrlr")
        // A01: write-only (GetVariables answers Rejected, reports carry no value); 16 to 40 characters (A00).
        // The station keeps the value in its store, not in the device model (ChargingStation+BasicAuthPassword).
        catalogue.add(
            security,
            "BasicAuthPassword",
            "",
            .writeOnly,
            Characteristics(.string, minLimit: 16, maxLimit: 40),
            persistent: false
        )
        catalogue.add(security, "CertificateEntries", "0", .readOnly, catalogue.integer, persistent: false)
        catalogue.add(security, "Identity", "", .readOnly, Characteristics(.string, maxLimit: 48))
        catalogue.add(security, "OrganizationName", "charger-agent", .readWrite, Characteristics(.string, maxLimit: 64))
        catalogue.add(security, "SecurityProfile", "1", .readOnly, Characteristics(.integer, minLimit: 1, maxLimit: 3))
        // ClockCtrlr.TimeAdjustmentReportingThreshold (A04, SettingSystemTime): an adjustment of the station's
        // time by more than this many seconds is a security event; 0 means not set, so none is reported.
        catalogue.add(
            ComponentAddress("ClockCtrlr"),
            "TimeAdjustmentReportingThreshold",
            "0",
            .readWrite,
            catalogue.seconds
        )
    }

    /// ClockCtrlr.TimeAdjustmentReportingThreshold in seconds; 0 when not set.
    var timeAdjustmentReportingThreshold: Int {
        value("ClockCtrlr", "TimeAdjustmentReportingThreshold").flatMap { Int($0) } ?? 0
    }
}
