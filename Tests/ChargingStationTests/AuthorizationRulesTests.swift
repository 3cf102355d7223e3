import Foundation
import OCPP
import StationStore
import Testing

@testable import ChargingStation

@Suite struct AuthorizationRulesTests {
    static let now = Date(timeIntervalSince1970: 1_764_056_344)
    static let token = IdTokenType(idToken: "Token-1", type: .iso14443)

    static func cached(_ status: AuthorizationStatusEnumType, age: TimeInterval = 0) -> CachedAuthorization {
        CachedAuthorization(
            key: IdTokenKey(folding: token),
            info: IdTokenInfoType(status: status),
            lastUsed: now.addingTimeInterval(-age)
        )
    }

    @Test func onlineAcceptedListEntryWinsOverTheCache() {
        let rules = AuthorizationRules()
        let known = AuthorizationRules.Known(
            localListEntry: IdTokenInfoType(status: .accepted),
            cached: Self.cached(.blocked)
        )
        #expect(
            rules.online(known, evseId: 1, now: Self.now) == .answer(IdTokenInfoType(status: .accepted), .localList)
        )
    }

    @Test func onlineRefusedListEntryIsCheckedUnlessPostAuthorizeIsDisabled() {
        var rules = AuthorizationRules()
        let known = AuthorizationRules.Known(localListEntry: IdTokenInfoType(status: .blocked))
        #expect(rules.online(known, evseId: nil, now: Self.now) == .askCSMS)
        rules.localAuthListDisablePostAuthorize = true
        #expect(
            rules.online(known, evseId: nil, now: Self.now) == .answer(IdTokenInfoType(status: .blocked), .localList)
        )
    }

    @Test func onlineUnknownOrNotPreAuthorizedAsksTheCSMS() {
        var rules = AuthorizationRules()
        #expect(rules.online(.init(), evseId: 1, now: Self.now) == .askCSMS)
        rules.localPreAuthorize = false
        #expect(rules.online(.init(cached: Self.cached(.accepted)), evseId: 1, now: Self.now) == .askCSMS)
    }

    @Test func disableRemoteAuthorizationNeverAsks() {
        var rules = AuthorizationRules()
        rules.disableRemoteAuthorization = true
        rules.offlineTxForUnknownIdEnabled = true
        #expect(
            rules.online(.init(), evseId: 1, now: Self.now) == .answer(IdTokenInfoType(status: .unknown), .localRules)
        )
        #expect(
            rules.online(.init(cached: Self.cached(.invalid)), evseId: 1, now: Self.now)
                == .answer(IdTokenInfoType(status: .invalid), .cache)
        )
    }

    @Test func lifeTimeAndExpiryMakeAcceptedEntriesExpired() {
        var rules = AuthorizationRules()
        rules.authCacheLifeTime = .seconds(100)
        let fresh = rules.effective(IdTokenInfoType(status: .accepted), lastUsed: Self.now, evseId: nil, now: Self.now)
        #expect(fresh.status == .accepted)
        let old = rules.effective(
            IdTokenInfoType(status: .accepted),
            lastUsed: Self.now.addingTimeInterval(-100),
            evseId: nil,
            now: Self.now
        )
        #expect(old.status == .expired)
        let pastExpiry = IdTokenInfoType(status: .accepted, cacheExpiryDateTime: Self.now)
        #expect(rules.effective(pastExpiry, lastUsed: nil, evseId: nil, now: Self.now).status == .expired)
        // A refused status is kept as it is.
        let blocked = IdTokenInfoType(status: .blocked, cacheExpiryDateTime: Self.now)
        #expect(rules.effective(blocked, lastUsed: nil, evseId: nil, now: Self.now).status == .blocked)
    }

    @Test func evseRestriction() {
        let rules = AuthorizationRules()
        let info = IdTokenInfoType(status: .accepted, evseId: [2])
        #expect(rules.effective(info, lastUsed: nil, evseId: 2, now: Self.now).status == .accepted)
        #expect(rules.effective(info, lastUsed: nil, evseId: 1, now: Self.now).status == .notAtThisLocation)
        #expect(rules.effective(info, lastUsed: nil, evseId: nil, now: Self.now).status == .accepted)
    }

    @Test func offlineRules() {
        var rules = AuthorizationRules()
        #expect(rules.offline(.init(), evseId: 1, now: Self.now).0.status == .unknown)
        rules.offlineTxForUnknownIdEnabled = true
        #expect(rules.offline(.init(), evseId: 1, now: Self.now).0.status == .accepted)
        #expect(rules.offline(.init(cached: Self.cached(.blocked)), evseId: 1, now: Self.now).0.status == .blocked)
        rules.authCacheLifeTime = .seconds(10)
        #expect(
            rules.offline(.init(cached: Self.cached(.accepted, age: 11)), evseId: 1, now: Self.now).0.status == .expired
        )
        rules.localAuthorizeOffline = false
        rules.offlineTxForUnknownIdEnabled = false
        #expect(rules.offline(.init(cached: Self.cached(.accepted)), evseId: 1, now: Self.now).0.status == .unknown)
        #expect(rules.offline(.init(cached: Self.cached(.blocked)), evseId: 1, now: Self.now).0.status == .blocked)
    }

    @Test func keysFoldCaseAndTokensMatchIgnoringCase() {
        #expect(IdTokenKey(folding: Self.token) == IdTokenKey(idToken: "token-1", type: .iso14443))
        #expect(Self.token.matches(IdTokenType(idToken: "TOKEN-1", type: .iso14443)))
        #expect(!Self.token.matches(IdTokenType(idToken: "Token-1", type: .keyCode)))
    }
}

@Suite struct LocalListUpdateTests {
    static func entry(_ id: String, _ status: AuthorizationStatusEnumType?) -> AuthorizationData {
        AuthorizationData(
            idToken: IdTokenType(idToken: id, type: .iso14443),
            idTokenInfo: status.map { IdTokenInfoType(status: $0) }
        )
    }

    static func plan(
        _ type: UpdateEnumType,
        version: Int,
        _ entries: [AuthorizationData]?,
        current: Int = 5,
        count: Int = 0,
        limits: LocalListUpdate.Limits = .init(),
        listed: Set<String> = []
    ) -> LocalListUpdate {
        LocalListUpdate.plan(
            SendLocalListRequest(localAuthorizationList: entries, versionNumber: version, updateType: type),
            currentVersion: current,
            currentCount: count,
            limits: limits,
            isListed: { listed.contains($0.idToken) }
        )
    }

    static func status(_ plan: LocalListUpdate) -> SendLocalListStatusEnumType {
        switch plan {
        case .replace, .update: .accepted
        case .refuse(let status, _, _): status
        }
    }

    @Test func fullReplacesWithFoldedKeysWhateverTheVersion() {
        let plan = Self.plan(.full, version: 1, [Self.entry("AbC", .accepted)])
        let expected = LocalListEntry(
            key: IdTokenKey(idToken: "abc", type: .iso14443),
            info: IdTokenInfoType(status: .accepted)
        )
        #expect(plan == .replace(version: 1, entries: [expected]))
        #expect(Self.status(Self.plan(.full, version: 1, [Self.entry("a", nil)])) == .failed)
    }

    @Test func differentialMustMoveTheVersionForward() {
        #expect(Self.status(Self.plan(.differential, version: 5, nil)) == .versionMismatch)
        #expect(Self.status(Self.plan(.differential, version: 4, nil)) == .versionMismatch)
        #expect(Self.plan(.differential, version: 6, nil) == .update(version: 6, entries: []))
    }

    @Test func refusals() {
        #expect(Self.status(Self.plan(.full, version: 0, nil)) == .failed)
        #expect(
            Self.status(Self.plan(.full, version: 1, [Self.entry("a", .accepted), Self.entry("A", .blocked)]))
                == .failed
        )
        var limits = LocalListUpdate.Limits()
        limits.itemsPerMessage = 1
        #expect(
            Self.status(
                Self.plan(.full, version: 1, [Self.entry("a", .accepted), Self.entry("b", .accepted)], limits: limits)
            ) == .failed
        )
        limits = .init()
        limits.enabled = false
        #expect(Self.status(Self.plan(.full, version: 1, nil, limits: limits)) == .failed)
        limits = .init()
        limits.bytesPerMessage = 10
        #expect(Self.status(Self.plan(.full, version: 1, [Self.entry("a", .accepted)], limits: limits)) == .failed)
    }

    @Test func storageCountsWhatADifferentialAddsAndRemoves() {
        var limits = LocalListUpdate.Limits()
        limits.storage = 2
        let adds = [Self.entry("x", .accepted), Self.entry("y", .accepted)]
        #expect(Self.status(Self.plan(.differential, version: 6, adds, count: 1, limits: limits)) == .failed)
        // "x" is already listed (a replacement), "z" is removed: 2 entries after the update.
        let mixed = [Self.entry("x", .accepted), Self.entry("y", .accepted), Self.entry("z", nil)]
        #expect(
            Self.status(Self.plan(.differential, version: 6, mixed, count: 2, limits: limits, listed: ["x", "z"]))
                == .accepted
        )
    }
}
