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

extension ChargingStation {
    /// The authorization to give the session of a vehicle just plugged into `evseId`, or nil when it must wait
    /// for a token or a RequestStartTransaction: only with AuthCtrlr.Enabled false, and only for an EVSE
    /// without an authorized session (a remote start or a card already authorized it).
    ///
    /// Used by `authorizeOnPlugIn(evseId:)`.
    func plugInAuthorization(evseId: Int) -> SessionAuthorization? {
        guard evseIsFree(evseId) else { return nil }
        return AuthorizationRules.plugInAuthorization(authorizationEnabled: deviceModel.authorizationEnabled)
    }

    /// A vehicle was just plugged into `evseId` (the cable-connected edge, not every pilot change: a session
    /// the CSMS stopped while the cable stays in must not restart when the EV moves from C to B). With
    /// AuthCtrlr.Enabled false the session is authorized with NoAuthorization and charging can start;
    /// otherwise nothing happens. The Transactions block calls it from `transactionsPilotChanged`.
    func authorizeOnPlugIn(evseId: Int) {
        guard let authorization = plugInAuthorization(evseId: evseId) else { return }
        logger.info("authorization disabled: session authorized on plug-in", metadata: ["evse": "\(evseId)"])
        startAuthorizedSession(evseId: evseId, authorization)
    }
}
