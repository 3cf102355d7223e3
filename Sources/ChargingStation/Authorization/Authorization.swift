import OCPP
import StationStore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The Authorization block's decisions (OCPP 2.0.1 C01, C09-C16): what a presented idToken gets, what an
/// AuthorizeResponse means for the cache, who may stop a transaction, and ClearCache.
///
/// A block with a narrow context: it reads the settings, whether the CSMS can be asked, and the local list
/// and cache entries of the token (the station looks them up and hands them in), and returns what the
/// station must do; it never sees the actor, the store or the link. Sending the AuthorizeRequest is the
/// actor's; what its answer, or its failure, means is decided here. The rules themselves are
/// `AuthorizationRules`.
enum Authorization {
    /// What the block may read.
    struct Context: Sendable {
        /// AuthCtrlr, AuthCacheCtrlr and LocalAuthListCtrlr as the device model sets them now.
        var rules: AuthorizationRules
        /// AuthCtrlr.Enabled: false on a board without a card reader (`PlugInAuthorization.swift`).
        var enabled: Bool
        /// AuthCtrlr.MasterPassGroupId (C16); nil when not set.
        var masterPassGroupId: String?
        /// AuthCacheCtrlr.Storage: the entries the cache keeps before evicting the least recently used.
        var cacheCapacity: Int
        /// The CSMS can be asked now: the link is up and the registration lets an AuthorizeRequest out.
        var mayAskCSMS: Bool
        /// The local list and cache entries of the token being decided, as stored (disabled stores
        /// included: which of them count is the rules' decision). Empty when no token is decided.
        var known: AuthorizationRules.Known
        var now: Date
    }

    /// What the block may ask for.
    enum Action: Sendable, Equatable {
        /// C10: keep this entry in the cache, then evict the least recently used beyond `capacity`.
        case cache(CachedAuthorization, capacity: Int)
        /// An Accepted cache entry was used: it counts as used at `at` (LRU order and AuthCacheLifeTime).
        case touchCache(IdTokenKey, at: Date)
        /// C11: empty the cache.
        case clearCache
        /// AuthCtrlr.Enabled is false: the session of the vehicle plugged into `evseId` is authorized.
        case authorizeOnPlugIn(evseId: Int, SessionAuthorization)
    }

    /// The decision on a token, where it came from, and what the station does with it.
    struct Verdict: Sendable, Equatable {
        var info: IdTokenInfoType
        var source: AuthorizationRules.Source
        var actions: [Action] = []
    }

    enum Outcome: Sendable, Equatable {
        case decided(Verdict)
        /// Send this request; `authorizeAnswered` or `authorizeUnanswered` decides with what comes back.
        case askCSMS(AuthorizeRequest)
    }

    // MARK: a token presented

    /// The decision on a token presented at the station (C01, C10, C12-C15), used where `evseId` says
    /// (nil when not known; an entry restricted to other EVSEs is NotAtThisLocation).
    ///
    /// In order: a NoAuthorization token is Accepted, and so is any token while AuthCtrlr.Enabled is false.
    /// Only an enabled local list and cache count. Offline, the offline rules decide (C13, C12, C15).
    /// Online, the local list then the cache decide when LocalPreAuthorize allows it (C14.FR.02, C12); a
    /// listed or cached token that is not Accepted is checked with the CSMS (C14.FR.03, C10.FR.03,
    /// C12.FR.05) unless the store's DisablePostAuthorize says to refuse it; anything else asks the CSMS.
    static func presented(_ idToken: IdTokenType, evseId: Int?, in context: Context) -> Outcome {
        if idToken.type == .noAuthorization {
            return .decided(Verdict(info: IdTokenInfoType(status: .accepted), source: .noAuthorization))
        }
        // AuthCtrlr.Enabled = false: no authorization is done when an idToken is read either.
        guard context.enabled else {
            return .decided(Verdict(info: IdTokenInfoType(status: .accepted), source: .authorizationDisabled))
        }
        guard context.mayAskCSMS else { return .decided(authorizeUnanswered(idToken, evseId: evseId, in: context)) }
        switch context.rules.online(usable(context), evseId: evseId, now: context.now) {
        case .answer(let info, let source):
            return .decided(verdict(info, source, for: idToken, in: context))
        case .askCSMS:
            return .askCSMS(AuthorizeRequest(idToken: idToken))
        }
    }

    /// The CSMS answered the AuthorizeRequest: its idTokenInfo is the decision, and goes into the cache
    /// (C10.FR.04; TC_C_33_CS).
    static func authorizeAnswered(
        _ response: AuthorizeResponse,
        for idToken: IdTokenType,
        in context: Context
    ) -> Verdict {
        Verdict(
            info: response.idTokenInfo,
            source: .csms,
            actions: cacheAnswer(response.idTokenInfo, for: idToken, in: context)
        )
    }

    /// The CSMS cannot be asked, or did not answer: the offline rules decide from the local list and the
    /// cache (C13, C12), an unknown token by OfflineTxForUnknownIdEnabled (C15; TC_C_26_CS). The context
    /// should hold the entries as stored after the attempt.
    static func authorizeUnanswered(_ idToken: IdTokenType, evseId: Int?, in context: Context) -> Verdict {
        let (info, source) = context.rules.offline(usable(context), evseId: evseId, now: context.now)
        return verdict(info, source, for: idToken, in: context)
    }

    /// C10: what the CSMS said about a token (in an AuthorizeResponse or a TransactionEventResponse,
    /// C10.FR.05; TC_C_34_CS) goes into the cache, when the cache is enabled. A NoAuthorization token
    /// names nobody and is never cached.
    static func cacheAnswer(_ info: IdTokenInfoType, for idToken: IdTokenType, in context: Context) -> [Action] {
        guard context.rules.authCacheEnabled, idToken.type != .noAuthorization else { return [] }
        let entry = CachedAuthorization(key: IdTokenKey(folding: idToken), info: info, lastUsed: context.now)
        return [.cache(entry, capacity: context.cacheCapacity)]
    }

    // MARK: stopping (C09, C16)

    /// Whether `presented` may stop the transaction `startedBy` authorized without being authorized itself:
    /// only the same token (compared ignoring case). Any other token is authorized first, then
    /// `mayStop(startedBy:authorized:in:)` decides.
    static func stopsWithoutAuthorizing(_ presented: IdTokenType, startedBy: SessionAuthorization) -> Bool {
        presented.matches(startedBy.idToken)
    }

    /// Whether a token authorized as `info` may stop the transaction `startedBy` authorized: when Accepted
    /// and a master pass (C16; TC_C_47_CS), or of the transaction's group (C09; TC_C_39_CS, TC_C_42_CS,
    /// TC_C_44_CS).
    static func mayStop(startedBy: SessionAuthorization, authorized info: IdTokenInfoType, in context: Context) -> Bool
    {
        guard info.status == .accepted else { return false }
        if isMasterPass(info, in: context) { return true }
        guard let group = info.groupIdToken, let sessionGroup = startedBy.groupIdToken else { return false }
        return group.matches(sessionGroup)
    }

    /// C16: whether an authorized token is a master pass (its groupIdToken is MasterPassGroupId). A master
    /// pass may stop any transaction but must not start one (C16.FR.02-style, TC_C_45_CS): the Transactions
    /// block checks this before starting.
    static func isMasterPass(_ info: IdTokenInfoType, in context: Context) -> Bool {
        guard let master = context.masterPassGroupId, let group = info.groupIdToken else { return false }
        return group.idToken.lowercased() == master.lowercased()
    }

    // MARK: CSMS requests

    /// C11: empties the cache (TC_C_37_CS); Rejected while AuthCacheCtrlr.Enabled is false (TC_C_38_CS).
    static func clearCache(_ request: ClearCacheRequest, in context: Context) -> (ClearCacheResponse, [Action]) {
        guard context.rules.authCacheEnabled else {
            return (
                ClearCacheResponse(
                    status: .rejected,
                    statusInfo: StatusInfoType(
                        reasonCode: "NotEnabled",
                        additionalInfo: "AuthCacheCtrlr.Enabled is false"
                    )
                ),
                []
            )
        }
        return (ClearCacheResponse(status: .accepted), [.clearCache])
    }

    /// C11: the answer when the store could not empty the cache.
    static let clearCacheFailed = ClearCacheResponse(
        status: .rejected,
        statusInfo: StatusInfoType(reasonCode: "InternalError")
    )

    // MARK: helpers

    /// The entries of `context.known` the rules may use: a disabled local list or cache counts as empty.
    private static func usable(_ context: Context) -> AuthorizationRules.Known {
        AuthorizationRules.Known(
            localListEntry: context.rules.localAuthListEnabled ? context.known.localListEntry : nil,
            cached: context.rules.authCacheEnabled ? context.known.cached : nil
        )
    }

    /// A local decision; an Accepted one from the cache marks the entry used.
    private static func verdict(
        _ info: IdTokenInfoType,
        _ source: AuthorizationRules.Source,
        for idToken: IdTokenType,
        in context: Context
    ) -> Verdict {
        guard source == .cache, info.status == .accepted else { return Verdict(info: info, source: source) }
        return Verdict(
            info: info,
            source: source,
            actions: [.touchCache(IdTokenKey(folding: idToken), at: context.now)]
        )
    }
}
