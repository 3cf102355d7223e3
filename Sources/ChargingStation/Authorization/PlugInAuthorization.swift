import OCPP

/// AuthCtrlr.Enabled = false (Part 2 Appendix: "no authorization is done before starting a transaction or
/// when reading an idToken"): a board without a card reader, or free vend, charges on plug-in.
///
/// The session is then authorized locally with an IdToken of type NoAuthorization, whose idToken field
/// SHALL be left empty (Part 2, IdTokenEnumType), so the CSMS sees who started it: nobody. Nothing is
/// asked of the CSMS and nothing goes into the authorization cache.
extension AuthorizationRules {
    /// The token a session is authorized with when authorization is off.
    static let noAuthorizationToken = IdTokenType(idToken: "", type: .noAuthorization)

    /// The authorization a vehicle plugged in gets without presenting anything: a NoAuthorization session
    /// when `authorizationEnabled` (AuthCtrlr.Enabled) is false, else none (it waits for a token or the CSMS).
    static func plugInAuthorization(authorizationEnabled: Bool) -> SessionAuthorization? {
        authorizationEnabled ? nil : SessionAuthorization(idToken: noAuthorizationToken)
    }
}

extension Authorization {
    /// The authorization of a vehicle just plugged in: a NoAuthorization session with AuthCtrlr.Enabled
    /// false, and only on an EVSE without an authorized session (`evseFree`: a remote start or a card
    /// already authorized it); else nil, and the session waits for a token or a RequestStartTransaction.
    static func plugInAuthorization(evseFree: Bool, in context: Context) -> SessionAuthorization? {
        guard evseFree else { return nil }
        return AuthorizationRules.plugInAuthorization(authorizationEnabled: context.enabled)
    }

    /// A vehicle was just plugged into `evseId` (the cable-connected edge, not every pilot change: a
    /// session the CSMS stopped while the cable stays in must not restart when the EV moves from C to B):
    /// with AuthCtrlr.Enabled false its session is authorized and charging can start; otherwise nothing.
    static func pluggedIn(evseId: Int, evseFree: Bool, in context: Context) -> [Action] {
        guard let authorization = plugInAuthorization(evseFree: evseFree, in: context) else { return [] }
        return [.authorizeOnPlugIn(evseId: evseId, authorization)]
    }
}

extension ChargingStation {
    /// The authorization to give the session of a vehicle just plugged into `evseId`, or nil when it must wait
    /// for a token or a RequestStartTransaction (`Authorization.plugInAuthorization(evseFree:in:)`).
    func plugInAuthorization(evseId: Int) -> SessionAuthorization? {
        Authorization.plugInAuthorization(evseFree: evseIsFree(evseId), in: authorizationContext())
    }

    /// A vehicle was just plugged into `evseId`: see `Authorization.pluggedIn(evseId:evseFree:in:)`. The
    /// Transactions block calls it from `transactionsPilotChanged`.
    func authorizeOnPlugIn(evseId: Int) {
        perform(Authorization.pluggedIn(evseId: evseId, evseFree: evseIsFree(evseId), in: authorizationContext()))
    }
}
