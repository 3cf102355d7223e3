import OCPP

extension DeviceModel {
    /// Local authorization list (D): LocalAuthListCtrlr.
    static func addLocalAuthorizationListVariables(_ catalogue: inout VariableCatalogue) {
        // LocalAuthListCtrlr
        let list = ComponentAddress("LocalAuthListCtrlr")
        catalogue.add(list, "Available", "true", .readOnly, catalogue.boolean, constant: true)
        catalogue.add(list, "Enabled", "true", .readWrite, catalogue.boolean)
        catalogue.add(list, "Entries", "0", .readOnly, catalogue.integer, persistent: false)
        catalogue.add(list, "ItemsPerMessage", "100", .readOnly, catalogue.integer, constant: true)
        catalogue.add(list, "BytesPerMessage", "65000", .readOnly, catalogue.integer, constant: true)
        catalogue.add(list, "Storage", "10000", .readOnly, Characteristics(.integer, unit: "entries"), constant: true)
    }
}
