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
        // The board switches no phases: a 3-phase EVSE cannot be told to go on with one.
        catalogue.add(smartCharging, "Phases3to1", "false", .readOnly, catalogue.boolean, constant: true)
        // External limits (K11-K13): whether they count, how much change is worth a message, and whether the
        // message carries the schedule. The CSMS's to change.
        catalogue.add(smartCharging, "ExternalControlSignalsEnabled", "true", .readWrite, catalogue.boolean)
        catalogue.add(
            smartCharging,
            "LimitChangeSignificance",
            "10",
            .readWrite,
            Characteristics(.decimal, unit: "Percent", minLimit: 0, maxLimit: 100)
        )
        catalogue.add(smartCharging, "NotifyChargingLimitWithSchedules", "false", .readWrite, catalogue.boolean)
    }

    /// SmartChargingCtrlr.ExternalControlSignalsEnabled (and Enabled): external limits count.
    var externalControlSignalsEnabled: Bool {
        smartChargingEnabled
            && value("SmartChargingCtrlr", "ExternalControlSignalsEnabled").map { $0 == "true" } ?? true
    }

    /// SmartChargingCtrlr.LimitChangeSignificance: a change of more than this percent is reported (K11-K13).
    var limitChangeSignificance: Double {
        value("SmartChargingCtrlr", "LimitChangeSignificance").flatMap(Double.init) ?? 10
    }

    /// SmartChargingCtrlr.NotifyChargingLimitWithSchedules.
    var notifyChargingLimitWithSchedules: Bool {
        value("SmartChargingCtrlr", "NotifyChargingLimitWithSchedules") == "true"
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
        if let periods = value("SmartChargingCtrlr", "PeriodsPerSchedule").flatMap(Int.init) {
            limits.periodsPerSchedule = periods
        }
        if let level = value("SmartChargingCtrlr", "ProfileStackLevel").flatMap(Int.init) {
            limits.maxStackLevel = level
        }
        return limits
    }
}
