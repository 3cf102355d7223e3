import OCPP
import OCPPRPC
import StationStore

/// The Authorization block (OCPP 2.0.1 C01, C09-C16) in the station: the decisions the Transactions block
/// asks for, the authorization cache, and the CSMS's requests. The local list it consults is
/// LocalAuthorizationList's.
///
/// The decisions are `Authorization`'s; this extension looks tokens up in the store, builds the context,
/// sends the AuthorizeRequest when the decision asks for it, and carries out the actions.
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
        serve(ClearCacheRequest.self) { station, request, _ in
            await station.clearCache(request)
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

    /// What the Authorization block reads now; with `idToken`, its local list and cache entries as stored.
    func authorizationContext(for idToken: IdTokenType? = nil) -> Authorization.Context {
        Authorization.Context(
            rules: authorizationRules,
            enabled: deviceModel.authorizationEnabled,
            masterPassGroupId: deviceModel.masterPassGroupId,
            cacheCapacity: deviceModel.authCacheStorage,
            mayAskCSMS: session.isConnected && registration.maySend(.authorize),
            known: idToken.map { storedAuthorization(IdTokenKey(folding: $0)) } ?? .init(),
            now: now
        )
    }

    // MARK: decisions for the Transactions block

    /// The decision on a token presented at the station (C01, C10, C12-C15): see
    /// `Authorization.presented(_:evseId:in:)`. `evseId` is where the token is used, if known.
    func authorize(_ idToken: IdTokenType, evseId: Int?) async -> IdTokenInfoType {
        await authorizationDecision(idToken, evseId: evseId).info
    }

    /// `authorize(_:evseId:)` with where the answer came from (for logs and tests).
    func authorizationDecision(
        _ idToken: IdTokenType,
        evseId: Int?
    ) async -> (info: IdTokenInfoType, source: AuthorizationRules.Source) {
        let verdict: Authorization.Verdict
        switch Authorization.presented(idToken, evseId: evseId, in: authorizationContext(for: idToken)) {
        case .decided(let decided):
            verdict = decided
        case .askCSMS(let request):
            do {
                let response = try await session.call(request)
                verdict = Authorization.authorizeAnswered(response, for: idToken, in: authorizationContext())
            } catch {
                logger.warning("Authorize failed; deciding offline", metadata: ["error": "\(error)"])
                // Decided from what the store knows after the wait.
                verdict = Authorization.authorizeUnanswered(
                    idToken,
                    evseId: evseId,
                    in: authorizationContext(for: idToken)
                )
            }
        }
        perform(verdict.actions)
        logger.debug(
            "idToken authorized",
            metadata: ["status": "\(verdict.info.status.rawValue)", "source": "\(verdict.source)"]
        )
        return (verdict.info, verdict.source)
    }

    /// C10: stores the idTokenInfo the CSMS gave in a TransactionEventResponse (or AuthorizeResponse).
    func updateAuthorizationCache(_ idToken: IdTokenType, with info: IdTokenInfoType) {
        perform(Authorization.cacheAnswer(info, for: idToken, in: authorizationContext()))
    }

    /// Whether `presented` may stop the transaction `startedBy` authorized (C09 GroupId, C16 MasterPass):
    /// the same token at once, another one once authorized.
    func mayStop(startedBy: SessionAuthorization, presented: IdTokenType) async -> Bool {
        if Authorization.stopsWithoutAuthorizing(presented, startedBy: startedBy) { return true }
        let info = await authorize(presented, evseId: nil)
        return Authorization.mayStop(startedBy: startedBy, authorized: info, in: authorizationContext())
    }

    /// C16: whether an authorized token is a master pass, which must not start a transaction.
    func isMasterPass(_ info: IdTokenInfoType) -> Bool {
        Authorization.isMasterPass(info, in: authorizationContext())
    }

    // MARK: CSMS requests

    /// C11: empties the authorization cache; Rejected while the cache is disabled or when clearing fails.
    func clearCache(_ request: ClearCacheRequest = ClearCacheRequest()) -> ClearCacheResponse {
        let (response, actions) = Authorization.clearCache(request, in: authorizationContext())
        return perform(actions) ? response : Authorization.clearCacheFailed
    }

    // MARK: carrying out

    /// Carries out the block's actions in order; false, and the rest left undone, when one fails.
    @discardableResult
    func perform(_ actions: [Authorization.Action]) -> Bool {
        for action in actions {
            do {
                try carryOut(action)
            } catch {
                return false
            }
        }
        return true
    }

    private func carryOut(_ action: Authorization.Action) throws {
        switch action {
        case .cache(let entry, let capacity):
            do {
                try store.putCachedAuthorization(entry)
                try store.evictAuthorizationCache(toCapacity: capacity)
            } catch {
                logger.error("authorization cache not updated", metadata: ["error": "\(error)"])
                throw error
            }
        case .touchCache(let key, let date):
            do {
                try store.touchCachedAuthorization(for: key, at: date)
            } catch {
                logger.warning("authorization cache entry not touched", metadata: ["error": "\(error)"])
                throw error
            }
        case .clearCache:
            do {
                try store.clearAuthorizationCache()
            } catch {
                logger.error("authorization cache not cleared", metadata: ["error": "\(error)"])
                throw error
            }
        case .authorizeOnPlugIn(let evseId, let authorization):
            logger.info("authorization disabled: session authorized on plug-in", metadata: ["evse": "\(evseId)"])
            startAuthorizedSession(evseId: evseId, authorization)
        }
    }

    /// The local-list and cache entries of `key`, as stored; one that cannot be read counts as absent.
    private func storedAuthorization(_ key: IdTokenKey) -> AuthorizationRules.Known {
        var known = AuthorizationRules.Known()
        do {
            known.localListEntry = try store.localListEntry(for: key)
        } catch {
            logger.error("local list entry not readable", metadata: ["error": "\(error)"])
        }
        do {
            known.cached = try store.cachedAuthorization(for: key)
        } catch {
            logger.error("authorization cache entry not readable", metadata: ["error": "\(error)"])
        }
        return known
    }
}
