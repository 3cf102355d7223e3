import Foundation
import OCPP
import StationStore
import Testing

@testable import ChargingStation

/// The local authorization list block's decisions (`LocalAuthorizationList`, D01/D02) and authorization
/// through the list (`Authorization`, C13/C14), as plain functions: no actor, store or CSMS.
@Suite struct LocalAuthorizationListDecisionTests {
    static let now = Date(timeIntervalSince1970: 1_764_056_344)

    static func token(_ id: String) -> IdTokenType { IdTokenType(idToken: id, type: .iso14443) }

    static func key(_ id: String) -> IdTokenKey { IdTokenKey(idToken: id, type: .iso14443) }

    static func data(_ id: String, _ status: AuthorizationStatusEnumType?) -> AuthorizationData {
        AuthorizationData(idToken: token(id), idTokenInfo: status.map { IdTokenInfoType(status: $0) })
    }

    static func entry(_ id: String, _ status: AuthorizationStatusEnumType?) -> LocalListEntry {
        LocalListEntry(key: key(id), info: status.map { IdTokenInfoType(status: $0) })
    }

    /// Version 5 installed with `count` entries, of which `listed` are named by the request.
    static func context(
        version: Int = 5,
        count: Int = 2,
        listed: Set<IdTokenKey> = [],
        _ configure: (inout LocalListUpdate.Limits) -> Void = { _ in }
    ) -> LocalAuthorizationList.Context {
        var limits = LocalListUpdate.Limits()
        configure(&limits)
        return LocalAuthorizationList.Context(limits: limits, version: version, count: count, listed: listed)
    }

    static func send(
        _ type: UpdateEnumType,
        version: Int,
        _ entries: [AuthorizationData]?,
        in context: LocalAuthorizationList.Context = context()
    ) -> (SendLocalListResponse, [LocalAuthorizationList.Action]) {
        LocalAuthorizationList.sendLocalList(
            SendLocalListRequest(localAuthorizationList: entries, versionNumber: version, updateType: type),
            in: context
        )
    }

    // MARK: D01 SendLocalList

    @Test func D01_FR_02_D01_FR_12_fullListReplacesTheListAndItsEntriesCount() {
        let (response, actions) = Self.send(.full, version: 3, [Self.data("AbC", .accepted), Self.data("d", .blocked)])
        #expect(response == SendLocalListResponse(status: .accepted))
        // A full list may carry any positive version, lower than the installed one included.
        #expect(
            actions == [
                .replaceList(version: 3, entries: [Self.entry("abc", .accepted), Self.entry("d", .blocked)]),
                .refreshEntries,
            ]
        )
    }

    @Test func D01_FR_04_fullUpdateWithoutAListEmptiesIt() {
        let (response, actions) = Self.send(.full, version: 6, nil)
        #expect(response.status == .accepted)
        #expect(actions == [.replaceList(version: 6, entries: []), .refreshEntries])
    }

    @Test func D01_FR_05_differentialWithoutAListOnlyMovesTheVersion() {
        let (response, actions) = Self.send(.differential, version: 6, nil)
        #expect(response.status == .accepted)
        #expect(actions == [.updateList(version: 6, entries: []), .refreshEntries])
    }

    @Test func D01_FR_16_D01_FR_17_differentialAddsReplacesAndRemoves() {
        let entries = [Self.data("new", .accepted), Self.data("Old", .blocked), Self.data("gone", nil)]
        let (response, actions) = Self.send(.differential, version: 9, entries)
        #expect(response.status == .accepted)
        #expect(
            actions == [
                .updateList(
                    version: 9,
                    entries: [Self.entry("new", .accepted), Self.entry("old", .blocked), Self.entry("gone", nil)]
                ),
                .refreshEntries,
            ]
        )
    }

    @Test func D01_FR_19_differentialNotAboveTheInstalledVersionIsAVersionMismatch() {
        for version in [4, 5] {
            let (response, actions) = Self.send(.differential, version: version, [Self.data("a", .accepted)])
            #expect(response.status == .versionMismatch)
            #expect(response.statusInfo?.reasonCode == "VersionMismatch")
            #expect(actions == [])
        }
    }

    @Test func D01_FR_18_versionZeroFails() {
        for type in [UpdateEnumType.full, .differential] {
            let (response, actions) = Self.send(type, version: 0, nil)
            #expect(response.status == .failed)
            #expect(response.statusInfo?.reasonCode == "InvalidValue")
            #expect(actions == [])
        }
    }

    @Test func D01_FR_06_aTokenTwiceIgnoringCaseFails() {
        let (response, actions) = Self.send(.full, version: 6, [Self.data("a", .accepted), Self.data("A", .blocked)])
        #expect(response.status == .failed)
        #expect(response.statusInfo?.reasonCode == "DuplicateEntry")
        #expect(actions == [])
    }

    @Test func D01_fullListEntryWithoutIdTokenInfoFails() {
        let (response, actions) = Self.send(.full, version: 6, [Self.data("a", .accepted), Self.data("b", nil)])
        #expect(response.status == .failed)
        #expect(response.statusInfo?.reasonCode == "MissingParam")
        #expect(actions == [])
    }

    @Test func D01_disabledListFailsAndStaysAsItIs() {
        let context = Self.context { $0.enabled = false }
        let (response, actions) = Self.send(.full, version: 6, [Self.data("a", .accepted)], in: context)
        #expect(response.status == .failed)
        #expect(response.statusInfo?.reasonCode == "NotEnabled")
        #expect(actions == [])
    }

    @Test func D01_storageCountsTheTokensAlreadyListed() {
        let entries = [Self.data("x", .accepted), Self.data("y", .accepted)]
        let full = Self.context(count: 1) { $0.storage = 2 }
        let (refused, none) = Self.send(.differential, version: 6, entries, in: full)
        #expect(refused.status == .failed)
        #expect(refused.statusInfo?.reasonCode == "OutOfStorage")
        #expect(none == [])
        // "x" is listed already: replacing it adds nothing, so the list holds 2 entries after the update.
        let xListed = Self.context(count: 1, listed: [Self.key("x")]) { $0.storage = 2 }
        #expect(Self.send(.differential, version: 6, entries, in: xListed).0.status == .accepted)
    }

    @Test func D01_theKeysOfARequestAreCaseFolded() {
        let request = SendLocalListRequest(
            localAuthorizationList: [Self.data("AbC", .accepted), Self.data("d", nil)],
            versionNumber: 1,
            updateType: .differential
        )
        #expect(LocalAuthorizationList.keys(of: request) == [Self.key("abc"), Self.key("d")])
        #expect(
            LocalAuthorizationList.keys(of: SendLocalListRequest(versionNumber: 1, updateType: .full)) == []
        )
    }

    @Test func D01_storeFailuresAnswerFailed() {
        #expect(LocalAuthorizationList.notReadable.status == .failed)
        #expect(LocalAuthorizationList.notStored.status == .failed)
        #expect(LocalAuthorizationList.notStored.statusInfo?.reasonCode == "InternalError")
    }

    // MARK: D02 GetLocalListVersion

    @Test func D02_FR_01_theInstalledVersion() {
        let response = LocalAuthorizationList.getLocalListVersion(GetLocalListVersionRequest(), in: Self.context())
        #expect(response == GetLocalListVersionResponse(versionNumber: 5))
    }

    @Test func D02_FR_02_noListInstalledIsVersionZero() {
        let context = Self.context(version: 0, count: 0)
        #expect(
            LocalAuthorizationList.getLocalListVersion(GetLocalListVersionRequest(), in: context).versionNumber == 0
        )
    }

    @Test func D02_FR_03_disabledListIsVersionZero() {
        let context = Self.context { $0.enabled = false }
        #expect(
            LocalAuthorizationList.getLocalListVersion(GetLocalListVersionRequest(), in: context).versionNumber == 0
        )
    }

    // MARK: C13/C14 authorization through the list

    static let card = token("Card-1")
    static let cardKey = key("card-1")

    /// The Authorization context with `listed` in the local list for the card, and `cached` in the cache.
    static func authorization(
        online: Bool,
        listed: AuthorizationStatusEnumType?,
        cached: AuthorizationStatusEnumType? = nil,
        _ configure: (inout AuthorizationRules) -> Void = { _ in }
    ) -> Authorization.Context {
        var rules = AuthorizationRules()
        configure(&rules)
        return Authorization.Context(
            rules: rules,
            enabled: true,
            masterPassGroupId: nil,
            cacheCapacity: 1000,
            mayAskCSMS: online,
            known: AuthorizationRules.Known(
                localListEntry: listed.map { IdTokenInfoType(status: $0) },
                cached: cached.map {
                    CachedAuthorization(key: cardKey, info: IdTokenInfoType(status: $0), lastUsed: now)
                }
            ),
            now: now
        )
    }

    static func presented(_ context: Authorization.Context) -> Authorization.Outcome {
        Authorization.presented(card, evseId: 1, in: context)
    }

    static func decided(
        _ status: AuthorizationStatusEnumType,
        _ source: AuthorizationRules.Source
    ) -> Authorization.Outcome {
        .decided(Authorization.Verdict(info: IdTokenInfoType(status: status), source: source))
    }

    @Test func C14_FR_02_acceptedListedTokenDecidesWithoutTheCSMS() {
        let context = Self.authorization(online: true, listed: .accepted, cached: .blocked)
        #expect(Self.presented(context) == Self.decided(.accepted, .localList))
    }

    @Test func C14_FR_03_refusedListedTokenIsCheckedUnlessDisablePostAuthorize() {
        let checked = Self.authorization(online: true, listed: .blocked, cached: .accepted)
        #expect(Self.presented(checked) == .askCSMS(AuthorizeRequest(idToken: Self.card)))
        let refused = Self.authorization(online: true, listed: .blocked) { $0.localAuthListDisablePostAuthorize = true }
        #expect(Self.presented(refused) == Self.decided(.blocked, .localList))
    }

    @Test func C14_disabledListIsNotConsulted() {
        let context = Self.authorization(online: true, listed: .accepted) { $0.localAuthListEnabled = false }
        #expect(Self.presented(context) == .askCSMS(AuthorizeRequest(idToken: Self.card)))
        let offline = Self.authorization(online: false, listed: .accepted) { $0.localAuthListEnabled = false }
        #expect(Self.presented(offline) == Self.decided(.unknown, .localRules))
    }

    @Test func C13_FR_01_theListTakesPrecedenceOverTheCacheOffline() {
        let context = Self.authorization(online: false, listed: .blocked, cached: .accepted)
        #expect(Self.presented(context) == Self.decided(.blocked, .localList))
    }

    @Test func C13_FR_02_acceptedListedTokenIsAuthorizedOffline() {
        let context = Self.authorization(online: false, listed: .accepted, cached: .invalid)
        #expect(Self.presented(context) == Self.decided(.accepted, .localList))
    }

    @Test func C13_FR_04_refusedListedTokenIsNotAuthorizedOfflineEvenForUnknownIds() {
        let context = Self.authorization(online: false, listed: .blocked) { $0.offlineTxForUnknownIdEnabled = true }
        #expect(Self.presented(context) == Self.decided(.blocked, .localList))
    }
}
