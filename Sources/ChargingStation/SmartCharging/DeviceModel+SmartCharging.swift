import OCPP

extension DeviceModel {
    /// Smart charging (K): SmartChargingCtrlr. What the station can hold and express is fixed (read-only);
    /// only Enabled is the CSMS's to change.
    static func addSmartChargingVariables(_ catalogue: inout VariableCatalogue) {
        let limits = ChargingProfileRules.Limits()
        let smartCharging = ComponentAddress("SmartChargingCtrlr")
        catalogue.add(smartCharging, "Available", "true", .readOnly, catalogue.boolean, constant: true)
        catalogue.add(smartCharging, "Enabled", "true", .readWrite, catalogue.boolean)
        // The number of installed profiles; maxLimit is how many the station holds.
        catalogue.add(
            smartCharging,
            "Entries",
            instance: "ChargingProfiles",
            "0",
            .readOnly,
            Characteristics(.integer, minLimit: 0, maxLimit: Double(limits.entries)),
            persistent: false
        )
        catalogue.add(
            smartCharging,
            "PeriodsPerSchedule",
            String(limits.periodsPerSchedule),
            .readOnly,
            catalogue.integer
        )
        catalogue.add(smartCharging, "ProfileStackLevel", String(limits.maxStackLevel), .readOnly, catalogue.integer)
        catalogue.add(
            smartCharging,
            "RateUnit",
            "A,W",
            .readOnly,
            Characteristics(.memberList, valuesList: ["A", "W"]),
            constant: true
        )
        catalogue.add(smartCharging, "ACPhaseSwitchingSupported", "false", .readOnly, catalogue.boolean, constant: true)
    }

    /// SmartChargingCtrlr.Enabled.
    var smartChargingEnabled: Bool { value("SmartChargingCtrlr", "Enabled").map { $0 == "true" } ?? true }

    /// What SmartChargingCtrlr says the station can hold and express.
    var chargingProfileLimits: ChargingProfileRules.Limits {
        var limits = ChargingProfileRules.Limits()
        if let units = value("SmartChargingCtrlr", "RateUnit") {
            limits.rateUnits = Set(
                units.split(separator: ",").compactMap { ChargingRateUnitEnumType(rawValue: String($0)) }
            )
        }
        limits.phaseSwitching = value("SmartChargingCtrlr", "ACPhaseSwitchingSupported") == "true"
        return limits
    }
}
