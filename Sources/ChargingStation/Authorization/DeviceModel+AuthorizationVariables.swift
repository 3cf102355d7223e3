import OCPP

extension DeviceModel {
    /// Authorization (C): AuthCtrlr and AuthCacheCtrlr.
    static func addAuthorizationVariables(_ catalogue: inout VariableCatalogue) {
        // AuthCtrlr
        let auth = ComponentAddress("AuthCtrlr")
        catalogue.add(auth, "Enabled", "true", .readWrite, catalogue.boolean)
        catalogue.add(auth, "AuthorizeRemoteStart", "true", .readWrite, catalogue.boolean)
        catalogue.add(auth, "LocalAuthorizeOffline", "true", .readWrite, catalogue.boolean)
        catalogue.add(auth, "LocalPreAuthorize", "true", .readWrite, catalogue.boolean)
        catalogue.add(auth, "OfflineTxForUnknownIdEnabled", "false", .readWrite, catalogue.boolean)

        // AuthCacheCtrlr
        let cache = ComponentAddress("AuthCacheCtrlr")
        catalogue.add(cache, "Available", "true", .readOnly, catalogue.boolean, constant: true)
        catalogue.add(cache, "Enabled", "true", .readWrite, catalogue.boolean)
        catalogue.add(cache, "LifeTime", "86400", .readWrite, catalogue.seconds)
        catalogue.add(cache, "Storage", "1000", .readOnly, Characteristics(.integer, unit: "entries"), constant: true)
    }
}
