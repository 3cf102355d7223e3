import OCPP

extension DeviceModel {
    /// Transactions (E): TxCtrlr.
    static func addTransactionVariables(_ catalogue: inout VariableCatalogue) {
        // TxCtrlr
        let tx = ComponentAddress("TxCtrlr")
        catalogue.add(tx, "EVConnectionTimeOut", "120", .readWrite, catalogue.seconds)
        catalogue.add(tx, "StopTxOnEVSideDisconnect", "true", .readOnly, catalogue.boolean)
        catalogue.add(tx, "StopTxOnInvalidId", "true", .readWrite, catalogue.boolean)
        catalogue.add(tx, "TxBeforeAcceptedEnabled", "false", .readWrite, catalogue.boolean)
        catalogue.add(
            tx,
            "TxStartPoint",
            "PowerPathClosed",
            .readWrite,
            Characteristics(.memberList, valuesList: txPoints)
        )
        catalogue.add(
            tx,
            "TxStopPoint",
            "EVConnected,Authorized",
            .readWrite,
            Characteristics(.memberList, valuesList: txPoints)
        )
    }
}
