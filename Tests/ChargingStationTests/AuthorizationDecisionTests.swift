import Foundation
import OCPP
import StationStore
import Testing

@testable import ChargingStation

/// The Authorization block's decisions (`Authorization`) as plain functions: a context in, the decision and
/// the actions out; no actor, store or CSMS.
@Suite struct AuthorizationDecisionTests {
    static let now = Date(timeIntervalSince1970: 1_764_056_344)
    static let card = IdTokenType(idToken: "OCTT-Token-A", type: .iso14443)
    static let cardKey = IdTokenKey(idToken: "octt-token-a", type: .iso14443)
    static let group = IdTokenType(idToken: "OCTT-GROUP-1", type: .central)

    /// Online, authorization enabled, default rules, nothing stored for the token.
    static func context(
        online: Bool = true,
        cached: IdTokenInfoType? = nil,
        cachedAge: TimeInterval = 0,
        _ configure: (inout Authorization.Context) -> Void = { _ in }
    ) -> Authorization.Context {
        var context = Authorization.Context(
            rules: AuthorizationRules(),
            enabled: true,
            masterPassGroupId: nil,
            cacheCapacity: 1000,
            mayAskCSMS: online,
            known: AuthorizationRules.Known(
                cached: cached.map {
                    CachedAuthorization(key: cardKey, info: $0, lastUsed: now.addingTimeInterval(-cachedAge))
                }
            ),
            now: now
        )
        configure(&context)
        return context
    }

    static func decided(
        _ status: AuthorizationStatusEnumType,
        _ source: AuthorizationRules.Source,
        _ actions: [Authorization.Action] = []
    ) -> Authorization.Outcome {
        .decided(Authorization.Verdict(info: IdTokenInfoType(status: status), source: source, actions: actions))
    }

    static let askCSMS = Authorization.Outcome.askCSMS(AuthorizeRequest(idToken: card))

    // MARK: tokens that need no decision

    @Test func NoAuthorization_tokenIsAcceptedWithoutLookingOrAsking() {
        let token = AuthorizationRules.noAuthorizationToken
        let offline = Self.context(online: false) { $0.rules.offlineTxForUnknownIdEnabled = false }
        #expect(Authorization.presented(token, evseId: 1, in: offline) == Self.decided(.accepted, .noAuthorization))
        #expect(Authorization.cacheAnswer(IdTokenInfoType(status: .accepted), for: token, in: Self.context()) == [])
    }

    @Test func AuthCtrlr_Enabled_false_anyTokenIsAcceptedWithoutTheCSMS() {
        let context = Self.context(cached: IdTokenInfoType(status: .blocked)) { $0.enabled = false }
        #expect(
            Authorization.presented(Self.card, evseId: 1, in: context)
                == Self.decided(.accepted, .authorizationDisabled)
        )
    }

    @Test func AuthCtrlr_Enabled_false_plugInAuthorizesTheSessionOfAFreeEVSE() {
        let disabled = Self.context { $0.enabled = false }
        let session = SessionAuthorization(idToken: AuthorizationRules.noAuthorizationToken)
        #expect(
            Authorization.pluggedIn(evseId: 2, evseFree: true, in: disabled) == [.authorizeOnPlugIn(evseId: 2, session)]
        )
        // A remote start or a card already authorized the EVSE: nothing to do.
        #expect(Authorization.pluggedIn(evseId: 2, evseFree: false, in: disabled) == [])
        #expect(Authorization.pluggedIn(evseId: 2, evseFree: true, in: Self.context()) == [])
    }

    // MARK: C12 cache, C10 updating it

    @Test func TC_C_08_CS_acceptedCacheEntryDecidesAndCountsAsUsed() {
        let context = Self.context(cached: IdTokenInfoType(status: .accepted))
        #expect(
            Authorization.presented(Self.card, evseId: 1, in: context)
                == Self.decided(.accepted, .cache, [.touchCache(Self.cardKey, at: Self.now)])
        )
    }

    @Test func TC_C_09_CS_C10_FR_03_refusedCacheEntryIsCheckedWithTheCSMS() {
        let context = Self.context(cached: IdTokenInfoType(status: .invalid))
        #expect(Authorization.presented(Self.card, evseId: 1, in: context) == Self.askCSMS)
    }

    @Test func TC_C_57_CS_C12_FR_05_disablePostAuthorizeRefusesACachedTokenWithoutTheCSMS() {
        let context = Self.context(cached: IdTokenInfoType(status: .invalid)) {
            $0.rules.authCacheDisablePostAuthorize = true
        }
        #expect(Authorization.presented(Self.card, evseId: 1, in: context) == Self.decided(.invalid, .cache))
    }

    @Test func TC_C_11_CS_C10_FR_08_cacheEntryPastItsExpiryIsCheckedWithTheCSMS() {
        let context = Self.context(cached: IdTokenInfoType(status: .accepted, cacheExpiryDateTime: Self.now))
        #expect(Authorization.presented(Self.card, evseId: 1, in: context) == Self.askCSMS)
    }

    @Test func TC_C_46_CS_cacheEntryUnusedLongerThanItsLifeTimeIsCheckedWithTheCSMS() {
        let stale = Self.context(cached: IdTokenInfoType(status: .accepted), cachedAge: 101) {
            $0.rules.authCacheLifeTime = .seconds(100)
        }
        #expect(Authorization.presented(Self.card, evseId: 1, in: stale) == Self.askCSMS)
        let fresh = Self.context(cached: IdTokenInfoType(status: .accepted), cachedAge: 99) {
            $0.rules.authCacheLifeTime = .seconds(100)
        }
        #expect(
            Authorization.presented(Self.card, evseId: 1, in: fresh)
                == Self.decided(.accepted, .cache, [.touchCache(Self.cardKey, at: Self.now)])
        )
    }

    @Test func C12_cacheEntryRestrictedToAnotherEVSEIsCheckedWithTheCSMS() {
        let context = Self.context(cached: IdTokenInfoType(status: .accepted, evseId: [2]))
        #expect(Authorization.presented(Self.card, evseId: 1, in: context) == Self.askCSMS)
        #expect(
            Authorization.presented(Self.card, evseId: 2, in: context)
                == .decided(
                    Authorization.Verdict(
                        info: IdTokenInfoType(status: .accepted, evseId: [2]),
                        source: .cache,
                        actions: [.touchCache(Self.cardKey, at: Self.now)]
                    )
                )
        )
    }

    @Test func TC_C_36_CS_localPreAuthorizeFalseAsksTheCSMSDespiteTheCache() {
        let context = Self.context(cached: IdTokenInfoType(status: .accepted)) { $0.rules.localPreAuthorize = false }
        #expect(Authorization.presented(Self.card, evseId: 1, in: context) == Self.askCSMS)
    }

    @Test func C10_disabledCacheIsNeitherConsultedNorFilled() {
        let context = Self.context(cached: IdTokenInfoType(status: .accepted)) { $0.rules.authCacheEnabled = false }
        #expect(Authorization.presented(Self.card, evseId: 1, in: context) == Self.askCSMS)
        let answer = AuthorizeResponse(idTokenInfo: IdTokenInfoType(status: .accepted))
        #expect(
            Authorization.authorizeAnswered(answer, for: Self.card, in: context)
                == Authorization.Verdict(info: IdTokenInfoType(status: .accepted), source: .csms, actions: [])
        )
    }

    @Test func TC_C_33_CS_C10_FR_04_authorizeAnswerDecidesAndGoesIntoTheCache() {
        let info = IdTokenInfoType(status: .blocked, groupIdToken: Self.group)
        let context = Self.context { $0.cacheCapacity = 7 }
        let entry = CachedAuthorization(key: Self.cardKey, info: info, lastUsed: Self.now)
        #expect(
            Authorization.authorizeAnswered(AuthorizeResponse(idTokenInfo: info), for: Self.card, in: context)
                == Authorization.Verdict(info: info, source: .csms, actions: [.cache(entry, capacity: 7)])
        )
    }

    @Test func TC_C_34_CS_C10_FR_05_transactionEventAnswerGoesIntoTheCache() {
        let info = IdTokenInfoType(status: .invalid)
        let entry = CachedAuthorization(key: Self.cardKey, info: info, lastUsed: Self.now)
        #expect(
            Authorization.cacheAnswer(info, for: Self.card, in: Self.context()) == [.cache(entry, capacity: 1000)]
        )
    }

    // MARK: offline (C12, C15) and DisableRemoteAuthorization

    @Test func TC_C_26_CS_offlineUnknownIdFollowsOfflineTxForUnknownIdEnabled() {
        let refused = Self.context(online: false)
        #expect(Authorization.presented(Self.card, evseId: 1, in: refused) == Self.decided(.unknown, .localRules))
        let allowed = Self.context(online: false) { $0.rules.offlineTxForUnknownIdEnabled = true }
        #expect(Authorization.presented(Self.card, evseId: 1, in: allowed) == Self.decided(.accepted, .localRules))
    }

    @Test func C12_unansweredAuthorizeFallsBackToTheCache() {
        let accepted = Self.context(cached: IdTokenInfoType(status: .accepted))
        #expect(
            Authorization.authorizeUnanswered(Self.card, evseId: 1, in: accepted)
                == Authorization.Verdict(
                    info: IdTokenInfoType(status: .accepted),
                    source: .cache,
                    actions: [.touchCache(Self.cardKey, at: Self.now)]
                )
        )
        // A refused entry stays refused offline, and is not marked used.
        let blocked = Self.context(cached: IdTokenInfoType(status: .blocked))
        #expect(
            Authorization.authorizeUnanswered(Self.card, evseId: 1, in: blocked)
                == Authorization.Verdict(info: IdTokenInfoType(status: .blocked), source: .cache)
        )
    }

    @Test func AuthCtrlr_LocalAuthorizeOffline_false_offlineAcceptedEntryCountsAsUnknown() {
        let context = Self.context(online: false, cached: IdTokenInfoType(status: .accepted)) {
            $0.rules.localAuthorizeOffline = false
        }
        #expect(Authorization.presented(Self.card, evseId: 1, in: context) == Self.decided(.unknown, .localRules))
    }

    @Test func AuthCtrlr_DisableRemoteAuthorization_neverAsksTheCSMS() {
        let context = Self.context { $0.rules.disableRemoteAuthorization = true }
        #expect(Authorization.presented(Self.card, evseId: 1, in: context) == Self.decided(.unknown, .localRules))
    }

    // MARK: C09 GroupId, C16 MasterPass

    static let startedByCard = SessionAuthorization(idToken: card, groupIdToken: group)

    @Test func C09_theSameTokenStopsWithoutBeingAuthorized() {
        let sameIgnoringCase = IdTokenType(idToken: "octt-token-a", type: .iso14443)
        #expect(Authorization.stopsWithoutAuthorizing(sameIgnoringCase, startedBy: Self.startedByCard))
        let other = IdTokenType(idToken: "OCTT-Token-B", type: .iso14443)
        #expect(!Authorization.stopsWithoutAuthorizing(other, startedBy: Self.startedByCard))
    }

    @Test func TC_C_39_CS_acceptedTokenOfTheSameGroupMayStop() {
        let info = IdTokenInfoType(
            status: .accepted,
            groupIdToken: IdTokenType(idToken: "octt-group-1", type: .central)
        )
        #expect(Authorization.mayStop(startedBy: Self.startedByCard, authorized: info, in: Self.context()))
    }

    @Test func TC_C_42_CS_tokenOfAnotherGroupMayNotStop() {
        let info = IdTokenInfoType(
            status: .accepted,
            groupIdToken: IdTokenType(idToken: "OCTT-GROUP-2", type: .central)
        )
        #expect(!Authorization.mayStop(startedBy: Self.startedByCard, authorized: info, in: Self.context()))
        let noGroup = IdTokenInfoType(status: .accepted)
        #expect(!Authorization.mayStop(startedBy: Self.startedByCard, authorized: noGroup, in: Self.context()))
    }

    @Test func TC_C_44_CS_refusedTokenOfTheSameGroupMayNotStop() {
        let info = IdTokenInfoType(status: .invalid, groupIdToken: Self.group)
        #expect(!Authorization.mayStop(startedBy: Self.startedByCard, authorized: info, in: Self.context()))
    }

    @Test func TC_C_47_CS_masterPassMayStopAnyTransaction() {
        let context = Self.context { $0.masterPassGroupId = "MASTER" }
        let master = IdTokenInfoType(status: .accepted, groupIdToken: IdTokenType(idToken: "master", type: .central))
        let startedWithoutGroup = SessionAuthorization(idToken: Self.card)
        #expect(Authorization.mayStop(startedBy: startedWithoutGroup, authorized: master, in: context))
        // Without MasterPassGroupId no group is a master pass.
        #expect(!Authorization.mayStop(startedBy: startedWithoutGroup, authorized: master, in: Self.context()))
    }

    @Test func TC_C_45_CS_C16_FR_02_masterPassIsRecognizedSoItStartsNothing() {
        let context = Self.context { $0.masterPassGroupId = "MASTER" }
        let master = IdTokenInfoType(status: .accepted, groupIdToken: IdTokenType(idToken: "Master", type: .central))
        #expect(Authorization.isMasterPass(master, in: context))
        #expect(!Authorization.isMasterPass(IdTokenInfoType(status: .accepted, groupIdToken: Self.group), in: context))
        #expect(!Authorization.isMasterPass(master, in: Self.context()))
    }

    // MARK: C11 ClearCache

    @Test func TC_C_37_CS_clearCacheEmptiesTheCache() {
        let (response, actions) = Authorization.clearCache(ClearCacheRequest(), in: Self.context())
        #expect(response == ClearCacheResponse(status: .accepted))
        #expect(actions == [.clearCache])
    }

    @Test func TC_C_38_CS_clearCacheRejectedWhileTheCacheIsDisabled() {
        let context = Self.context { $0.rules.authCacheEnabled = false }
        let (response, actions) = Authorization.clearCache(ClearCacheRequest(), in: context)
        #expect(response.status == .rejected)
        #expect(response.statusInfo?.reasonCode == "NotEnabled")
        #expect(actions == [])
    }
}
