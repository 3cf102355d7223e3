import OCPP

/// Typed views of the Authorization block's device-model variables that `DeviceModel+Accessors.swift`
/// does not have yet, and the optional variables the catalogue still lacks.
extension DeviceModel {
    private func authorizationInt(_ component: String, _ variable: String, default fallback: Int) -> Int {
        value(component, variable).flatMap { Int($0) } ?? fallback
    }

    private func authorizationBool(_ component: String, _ variable: String, default fallback: Bool) -> Bool {
        value(component, variable).map { $0 == "true" } ?? fallback
    }

    // MARK: AuthCtrlr

    /// AuthCtrlr.Enabled: false on a board without a card reader (free vend): no token is asked for, a
    /// plugged-in vehicle is authorized with NoAuthorization (`PlugInAuthorization.swift`).
    var authorizationEnabled: Bool { authorizationBool("AuthCtrlr", "Enabled", default: true) }

    /// AuthCtrlr.MasterPassGroupId (C16): nil when not set, so no token is a master pass.
    var masterPassGroupId: String? {
        guard let value = value("AuthCtrlr", "MasterPassGroupId"), !value.isEmpty else { return nil }
        return value
    }

    /// AuthCtrlr.DisableRemoteAuthorization: decide from the local list and the cache only, never ask the CSMS.
    var disableRemoteAuthorization: Bool {
        authorizationBool("AuthCtrlr", "DisableRemoteAuthorization", default: false)
    }

    // MARK: AuthCacheCtrlr

    /// AuthCacheCtrlr.DisablePostAuthorize (C12): a cached token that is not Accepted is refused without
    /// asking the CSMS.
    var authCacheDisablePostAuthorize: Bool {
        authorizationBool("AuthCacheCtrlr", "DisablePostAuthorize", default: false)
    }

    /// AuthCacheCtrlr.Storage: how many entries the cache keeps before evicting the least recently used.
    var authCacheStorage: Int { max(1, authorizationInt("AuthCacheCtrlr", "Storage", default: 1000)) }

    // MARK: LocalAuthListCtrlr

    /// LocalAuthListCtrlr.DisablePostAuthorize: a listed token that is not Accepted is refused without asking
    /// the CSMS.
    var localAuthListDisablePostAuthorize: Bool {
        authorizationBool("LocalAuthListCtrlr", "DisablePostAuthorize", default: false)
    }

    /// LocalAuthListCtrlr.ItemsPerMessage: the most entries one SendLocalList may carry.
    var localAuthListItemsPerMessage: Int { authorizationInt("LocalAuthListCtrlr", "ItemsPerMessage", default: 100) }

    /// LocalAuthListCtrlr.BytesPerMessage: the largest SendLocalList payload accepted.
    var localAuthListBytesPerMessage: Int {
        authorizationInt("LocalAuthListCtrlr", "BytesPerMessage", default: 65000)
    }

    /// LocalAuthListCtrlr.Storage: the most entries the local list may hold.
    var localAuthListStorage: Int { authorizationInt("LocalAuthListCtrlr", "Storage", default: 10000) }

    // MARK: Variables the catalogue lacks

    /// The optional Authorization variables this block reads that `DeviceModel+Catalogue.swift` does not
    /// define (Part 2 Appendix: AuthCtrlr, AuthCacheCtrlr, LocalAuthListCtrlr). Until the catalogue has them,
    /// `addMissingAuthorizationVariables()` adds them so the CSMS can set them.
    static var authorizationVariables: [Variable] {
        let boolean = Characteristics(.boolean)
        func variable(
            _ component: String,
            _ name: String,
            _ value: String,
            _ characteristics: Characteristics
        )
            -> Variable
        {
            Variable(
                ComponentAddress(component),
                VariableAddress(name),
                characteristics,
                attributes: [.actual: Attribute(value, .readWrite)]
            )
        }
        return [
            variable("AuthCtrlr", "MasterPassGroupId", "", Characteristics(.string, maxLimit: 36)),
            variable("AuthCtrlr", "DisableRemoteAuthorization", "false", boolean),
            variable("AuthCacheCtrlr", "DisablePostAuthorize", "false", boolean),
            variable("LocalAuthListCtrlr", "DisablePostAuthorize", "false", boolean),
        ]
    }

    /// Adds the variables of `authorizationVariables` the model does not have; returns whether it added any.
    @discardableResult
    mutating func addMissingAuthorizationVariables() -> Bool {
        var added = false
        for candidate in Self.authorizationVariables where variable(candidate.component, candidate.variable) == nil {
            add(candidate)
            added = true
        }
        return added
    }
}
