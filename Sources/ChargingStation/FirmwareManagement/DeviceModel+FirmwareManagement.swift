import OCPP

extension DeviceModel {
    /// Firmware management (L01): whether new sessions may start while an install waits for transactions.
    static func addFirmwareManagementVariables(_ catalogue: inout VariableCatalogue) {
        let station = ComponentAddress("ChargingStation")
        catalogue.add(station, "AllowNewSessionsPendingFirmwareUpdate", "false", .readWrite, catalogue.boolean)
    }

    /// ChargingStation.AllowNewSessionsPendingFirmwareUpdate: false makes idle EVSEs Unavailable while an
    /// install waits for the running transactions to end.
    var allowNewSessionsPendingFirmwareUpdate: Bool {
        value("ChargingStation", "AllowNewSessionsPendingFirmwareUpdate") == "true"
    }
}
