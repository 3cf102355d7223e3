import OCPP
import OCPPRPC
import StationStore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The Authorization block (OCPP 2.0.1 C01, C09-C16): the decisions the Transactions block asks for, the
/// authorization cache, and the CSMS's requests. The local list it consults is LocalAuthorizationList's.
///
/// The rules are in `AuthorizationRules`; this extension looks tokens up in the store, asks the CSMS when
/// the rules say so, and keeps the cache up to date.
extension ChargingStation {
    /// Registers ClearCache (C11), and the local list block's requests (D01, D02). Called by
    /// `registerHandlers()` at the start of `run()`.
    func registerAuthorizationHandlers() {
        if deviceModel.addMissingAuthorizationVariables() {
            // The added variables may have values the CSMS set before a restart.
            do {
                deviceModel.load(from: try store.allVariables())
            } catch {
                logger.error("authorization settings not loaded", metadata: ["error": "\(error)"])
            }
        }
        serve(ClearCacheRequest.self) { station, _, _ in
            await station.clearCache()
        }
        registerLocalAuthorizationListHandlers()
    }

    /// The authorization rules as the device model sets them now.
    var authorizationRules: AuthorizationRules {
        let lifeTime = deviceModel.authCacheLifeTime
        return AuthorizationRules(
            localAuthListEnabled: deviceModel.localAuthListEnabled,
            authCacheEnabled: deviceModel.authCacheEnabled,
            localPreAuthorize: deviceModel.localPreAuthorize,
            localAuthorizeOffline: deviceModel.localAuthorizeOffline,
            offlineTxForUnknownIdEnabled: deviceModel.offlineTxForUnknownIdEnabled,
            disableRemoteAuthorization: deviceModel.disableRemoteAuthorization,
            authCacheDisablePostAuthorize: deviceModel.authCacheDisablePostAuthorize,
            localAuthListDisablePostAuthorize: deviceModel.localAuthListDisablePostAuthorize,
            authCacheLifeTime: lifeTime > .zero ? lifeTime : nil
        )
    }

    // MARK: decisions for the Transactions block

    /// The decision on a token presented at the station (C01, C10, C12-C15).
    ///
    /// In order: a NoAuthorization token is Accepted, and so is any token while AuthCtrlr.Enabled is false; the
    /// local list, then the cache, when LocalPreAuthorize
    /// allows deciding without the CSMS; else an AuthorizeRequest when the CSMS can be reached (its answer
    /// goes into the cache, C10); else the offline rules. `evseId` is where the token is used, if known; an
    /// entry restricted to other EVSEs is NotAtThisLocation.
    func authorize(_ idToken: IdTokenType, evseId: Int?) async -> IdTokenInfoType {
        await authorizationDecision(idToken, evseId: evseId).info
    }

    /// `authorize(_:evseId:)` with where the answer came from (for logs and tests).
    func authorizationDecision(
        _ idToken: IdTokenType,
        evseId: Int?
    ) async -> (info: IdTokenInfoType, source: AuthorizationRules.Source) {
        if idToken.type == .noAuthorization {
            return (IdTokenInfoType(status: .accepted), .noAuthorization)
        }
        // AuthCtrlr.Enabled = false: no authorization is done when an idToken is read either.
        if !deviceModel.authorizationEnabled {
            return (IdTokenInfoType(status: .accepted), .authorizationDisabled)
        }
        let rules = authorizationRules
        let key = IdTokenKey(folding: idToken)
        let known = knownAuthorization(key, rules: rules)
        let decided: (info: IdTokenInfoType, source: AuthorizationRules.Source)
        if session.isConnected, registration.maySend(.authorize) {
            switch rules.online(known, evseId: evseId, now: now) {
            case .answer(let info, let source):
                decided = (info, source)
            case .askCSMS:
                if let info = await requestAuthorization(idToken) {
                    decided = (info, .csms)
                } else {
                    // The CSMS did not answer: decide as offline, from what the store knows now.
                    decided = rules.offline(knownAuthorization(key, rules: rules), evseId: evseId, now: now)
                }
            }
        } else {
            decided = rules.offline(known, evseId: evseId, now: now)
        }
        if decided.source == .cache, decided.info.status == .accepted {
            touchCachedAuthorization(key)
        }
        logger.debug(
            "idToken authorized",
            metadata: ["status": "\(decided.info.status.rawValue)", "source": "\(decided.source)"]
        )
        return decided
    }

    /// C10: stores the idTokenInfo the CSMS gave in a TransactionEventResponse (or AuthorizeResponse).
    func updateAuthorizationCache(_ idToken: IdTokenType, with info: IdTokenInfoType) {
        guard deviceModel.authCacheEnabled, idToken.type != .noAuthorization else { return }
        let entry = CachedAuthorization(key: IdTokenKey(folding: idToken), info: info, lastUsed: now)
        do {
            try store.putCachedAuthorization(entry)
            try store.evictAuthorizationCache(toCapacity: deviceModel.authCacheStorage)
        } catch {
            logger.error("authorization cache not updated", metadata: ["error": "\(error)"])
        }
    }

    /// Whether `presented` may stop the transaction `startedBy` authorized (C09 GroupId, C16 MasterPass).
    ///
    /// The same token may always stop it. Another token is authorized first; when Accepted it may stop the
    /// transaction if its groupIdToken equals the transaction's, or if it is a master pass.
    func mayStop(startedBy: SessionAuthorization, presented: IdTokenType) async -> Bool {
        if presented.matches(startedBy.idToken) { return true }
        let info = await authorize(presented, evseId: nil)
        guard info.status == .accepted else { return false }
        if isMasterPass(info) { return true }
        guard let group = info.groupIdToken, let sessionGroup = startedBy.groupIdToken else { return false }
        return group.matches(sessionGroup)
    }

    /// C16: whether an authorized token is a master pass (its groupIdToken is MasterPassGroupId). A master
    /// pass may stop any transaction but must not start one (C16.FR.02-style): the Transactions block checks
    /// this before starting.
    func isMasterPass(_ info: IdTokenInfoType) -> Bool {
        guard let master = deviceModel.masterPassGroupId, let group = info.groupIdToken else { return false }
        return group.idToken.lowercased() == master.lowercased()
    }

    // MARK: CSMS requests

    /// C11: empties the authorization cache; Rejected while the cache is disabled or when clearing fails.
    func clearCache() -> ClearCacheResponse {
        guard deviceModel.authCacheEnabled else {
            return ClearCacheResponse(
                status: .rejected,
                statusInfo: StatusInfoType(reasonCode: "NotEnabled", additionalInfo: "AuthCacheCtrlr.Enabled is false")
            )
        }
        do {
            try store.clearAuthorizationCache()
            return ClearCacheResponse(status: .accepted)
        } catch {
            logger.error("authorization cache not cleared", metadata: ["error": "\(error)"])
            return ClearCacheResponse(status: .rejected, statusInfo: StatusInfoType(reasonCode: "InternalError"))
        }
    }

    // MARK: helpers

    /// The local-list and cache entries of `key` that the rules may use (disabled stores count as empty).
    private func knownAuthorization(_ key: IdTokenKey, rules: AuthorizationRules) -> AuthorizationRules.Known {
        var known = AuthorizationRules.Known()
        do {
            if rules.localAuthListEnabled { known.localListEntry = try store.localListEntry(for: key) }
            if rules.authCacheEnabled { known.cached = try store.cachedAuthorization(for: key) }
        } catch {
            logger.error("authorization data not readable", metadata: ["error": "\(error)"])
        }
        return known
    }

    private func touchCachedAuthorization(_ key: IdTokenKey) {
        do {
            try store.touchCachedAuthorization(for: key, at: now)
        } catch {
            logger.warning("authorization cache entry not touched", metadata: ["error": "\(error)"])
        }
    }

    /// Sends an AuthorizeRequest; the answer also goes into the cache (C10). Nil when the CSMS did not answer.
    private func requestAuthorization(_ idToken: IdTokenType) async -> IdTokenInfoType? {
        do {
            let response = try await session.call(AuthorizeRequest(idToken: idToken))
            updateAuthorizationCache(idToken, with: response.idTokenInfo)
            return response.idTokenInfo
        } catch {
            logger.warning("Authorize failed; deciding offline", metadata: ["error": "\(error)"])
            return nil
        }
    }
}
