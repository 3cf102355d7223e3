import OCPP

extension DeviceModel {
    /// Meter values (J): SampledDataCtrlr and AlignedDataCtrlr.
    static func addMeterValueVariables(_ catalogue: inout VariableCatalogue) {
        // SampledDataCtrlr
        let sampled = ComponentAddress("SampledDataCtrlr")
        // Interval 0 turns sampled values off; Enabled=false would stop nothing, so it is not writable.
        catalogue.add(sampled, "Enabled", "true", .readOnly, catalogue.boolean)
        catalogue.add(
            sampled,
            "TxEndedMeasurands",
            "Energy.Active.Import.Register",
            .readWrite,
            catalogue.measurandList
        )
        catalogue.add(sampled, "TxEndedInterval", "0", .readWrite, catalogue.seconds)
        catalogue.add(
            sampled,
            "TxStartedMeasurands",
            "Energy.Active.Import.Register",
            .readWrite,
            catalogue.measurandList
        )
        catalogue.add(
            sampled,
            "TxUpdatedMeasurands",
            "Energy.Active.Import.Register,Power.Active.Import",
            .readWrite,
            catalogue.measurandList
        )
        catalogue.add(sampled, "TxUpdatedInterval", "60", .readWrite, catalogue.seconds)

        // AlignedDataCtrlr
        let aligned = ComponentAddress("AlignedDataCtrlr")
        // As SampledDataCtrlr: Interval 0 turns them off. SendDuringIdle=false is what the station does (values
        // go out with and without a transaction); true is not built.
        catalogue.add(aligned, "Enabled", "true", .readOnly, catalogue.boolean)
        catalogue.add(aligned, "Measurands", "Energy.Active.Import.Register", .readWrite, catalogue.measurandList)
        catalogue.add(aligned, "Interval", "900", .readWrite, catalogue.seconds)
        catalogue.add(aligned, "SendDuringIdle", "false", .readOnly, catalogue.boolean)
        catalogue.add(
            aligned,
            "TxEndedMeasurands",
            "Energy.Active.Import.Register",
            .readWrite,
            catalogue.measurandList
        )
        catalogue.add(aligned, "TxEndedInterval", "0", .readWrite, catalogue.seconds)
    }
}
