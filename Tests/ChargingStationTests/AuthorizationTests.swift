import Foundation
import OCPP
import OCPPRPC
import OCPPTestSupport
import StationStore
import Testing

@testable import ChargingStation

/// Steps of the Authorization tests: decisions taken with or without the CSMS, device-model settings,
/// and the memory states the OCTT prepares (cache and local list entries).
private enum Auth {
    static let tokenA = IdTokenType(idToken: "OCTT-TOKEN-A", type: .iso14443)
    static let tokenB = IdTokenType(idToken: "OCTT-TOKEN-B", type: .iso14443)
    static let group = IdTokenType(idToken: "OCTT-GROUP-1", type: .central)
    static let otherGroup = IdTokenType(idToken: "OCTT-GROUP-2", type: .central)

    typealias Decision = (info: IdTokenInfoType, source: AuthorizationRules.Source)

    /// A decision the station must take without asking the CSMS. If it sends an AuthorizeRequest instead,
    /// the test fails and the request is answered Invalid so nothing hangs.
    static func decideLocally(
        _ h: StationHarness,
        _ token: IdTokenType,
        evseId: Int? = 1,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Decision {
        let station = h.station
        let task = Task { await station.authorizationDecision(token, evseId: evseId) }
        // Decided locally, the answer comes at once; a station that asked the CSMS waits for its answer
        // instead, and the deadline (a hang guard, not a timing assertion) catches that.
        if let decision = try? await withDeadline("a local decision", within: .seconds(2), { await task.value }) {
            return decision
        }
        Issue.record("the station asked the CSMS", sourceLocation: sourceLocation)
        let (id, _) = try await h.csms.expectCall(AuthorizeRequest.self)
        try await h.csms.reply(to: id, with: AuthorizeResponse(idTokenInfo: IdTokenInfoType(status: .invalid)))
        return await task.value
    }

    /// A decision for which the station must send an AuthorizeRequest, answered with `answer`.
    static func decideAskingCSMS(
        _ h: StationHarness,
        _ token: IdTokenType,
        evseId: Int? = 1,
        answer: IdTokenInfoType
    ) async throws -> (request: AuthorizeRequest, decision: Decision) {
        let station = h.station
        let task = Task { await station.authorizationDecision(token, evseId: evseId) }
        let (id, request) = try await h.csms.expectCall(AuthorizeRequest.self)
        try await h.csms.reply(to: id, with: AuthorizeResponse(idTokenInfo: answer))
        return (request, await task.value)
    }

    /// `mayStop` where the presented token is authorized by the CSMS with `answer`.
    static func mayStopAskingCSMS(
        _ h: StationHarness,
        startedBy: SessionAuthorization,
        presented: IdTokenType,
        answer: IdTokenInfoType
    ) async throws -> Bool {
        let station = h.station
        let task = Task { await station.mayStop(startedBy: startedBy, presented: presented) }
        let (id, request) = try await h.csms.expectCall(AuthorizeRequest.self)
        #expect(request.idToken == presented)
        try await h.csms.reply(to: id, with: AuthorizeResponse(idTokenInfo: answer))
        return await task.value
    }

    /// Sets one variable through SetVariables, as the OCTT configures a station, and expects Accepted.
    static func set(
        _ h: StationHarness,
        _ component: String,
        _ variable: String,
        _ value: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let request = SetVariablesRequest(setVariableData: [
            SetVariableDataType(
                attributeValue: value,
                component: ComponentType(name: component),
                variable: VariableType(name: variable)
            )
        ])
        let answer = try await response(to: request, from: h, as: SetVariablesResponse.self)
        #expect(
            answer.setVariableResult.map(\.attributeStatus) == [.accepted],
            "\(component).\(variable) = \(value)",
            sourceLocation: sourceLocation
        )
    }

    static func response<R: OCPPRequest, P: OCPPPayload>(
        to request: R,
        from h: StationHarness,
        as _: P.Type,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> P {
        let frame = try await h.csms.call(request)
        guard case .callResult(_, let payload) = frame else {
            Issue.record("expected a CALLRESULT, got \(frame.encoded())", sourceLocation: sourceLocation)
            throw ScriptedCSMS.Timeout()
        }
        return try P(json: payload)
    }

    /// Puts a cache entry the way an earlier AuthorizeResponse would have, `age` ago.
    static func cache(
        _ h: StationHarness,
        _ token: IdTokenType,
        _ info: IdTokenInfoType,
        age: TimeInterval = 0
    ) async throws {
        let now = await h.station.now
        try h.store.putCachedAuthorization(
            CachedAuthorization(key: IdTokenKey(folding: token), info: info, lastUsed: now.addingTimeInterval(-age))
        )
    }

    static func cached(_ h: StationHarness, _ token: IdTokenType) throws -> IdTokenInfoType? {
        try h.store.cachedAuthorization(for: IdTokenKey(folding: token))?.info
    }

    static func goOffline(_ h: StationHarness) async {
        h.link.disconnect()
        #expect(await h.until { !$0.session.isConnected })
    }

    static func sendLocalList(
        _ h: StationHarness,
        version: Int,
        _ type: UpdateEnumType,
        _ entries: [AuthorizationData]
    ) async throws -> SendLocalListResponse {
        try await response(
            // The schema wants at least one entry when the list is present: no entries means no list.
            to: SendLocalListRequest(
                localAuthorizationList: entries.isEmpty ? nil : entries,
                versionNumber: version,
                updateType: type
            ),
            from: h,
            as: SendLocalListResponse.self
        )
    }

    static func localListVersion(_ h: StationHarness) async throws -> Int {
        try await response(to: GetLocalListVersionRequest(), from: h, as: GetLocalListVersionResponse.self)
            .versionNumber
    }
}

@Suite struct AuthorizationTests {
    // MARK: C12 authorization cache

    @Test func TC_C_08_CS_acceptedCacheEntryAuthorizesWithoutTheCSMS() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        try await Auth.cache(h, Auth.tokenA, IdTokenInfoType(status: .accepted))
        let decision = try await Auth.decideLocally(h, Auth.tokenA)
        #expect(decision.info.status == .accepted)
        #expect(decision.source == .cache)
    }

    @Test func TC_C_09_CS_invalidCacheEntryIsCheckedWithTheCSMSAndStaysRefused() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        try await Auth.cache(h, Auth.tokenA, IdTokenInfoType(status: .invalid))
        let (request, decision) = try await Auth.decideAskingCSMS(
            h,
            Auth.tokenA,
            answer: IdTokenInfoType(status: .invalid)
        )
        #expect(request.idToken == Auth.tokenA)
        #expect(decision.info.status == .invalid)
        #expect(decision.source == .csms)
    }

    @Test func TC_C_11_CS_expiredCacheEntryIsCheckedWithTheCSMS() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        let past = await h.station.now.addingTimeInterval(-60)
        try await Auth.cache(h, Auth.tokenA, IdTokenInfoType(status: .accepted, cacheExpiryDateTime: past))
        let (_, decision) = try await Auth.decideAskingCSMS(h, Auth.tokenA, answer: IdTokenInfoType(status: .accepted))
        #expect(decision.info.status == .accepted)
        #expect(try Auth.cached(h, Auth.tokenA)?.cacheExpiryDateTime == nil)
    }

    @Test func TC_C_12_CS_invalidCacheEntryAcceptedByTheCSMSUpdatesTheCache() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        try await Auth.cache(h, Auth.tokenA, IdTokenInfoType(status: .invalid))
        let (_, decision) = try await Auth.decideAskingCSMS(h, Auth.tokenA, answer: IdTokenInfoType(status: .accepted))
        #expect(decision.info.status == .accepted)
        #expect(try Auth.cached(h, Auth.tokenA)?.status == .accepted)
        // Next time the cache decides.
        #expect(try await Auth.decideLocally(h, Auth.tokenA).source == .cache)
    }

    @Test func cacheEntryRestrictedToAnotherEVSEIsCheckedWithTheCSMS() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        try await Auth.cache(h, Auth.tokenA, IdTokenInfoType(status: .accepted, evseId: [2]))
        #expect(try await Auth.decideLocally(h, Auth.tokenA, evseId: 2).info.status == .accepted)
        let (_, decision) = try await Auth.decideAskingCSMS(
            h,
            Auth.tokenA,
            evseId: 1,
            answer: IdTokenInfoType(status: .accepted, evseId: [2])
        )
        #expect(decision.source == .csms)
    }

    @Test func TC_C_57_CS_disablePostAuthorizeRefusesAnInvalidCacheEntryWithoutTheCSMS() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        try await Auth.set(h, "AuthCacheCtrlr", "DisablePostAuthorize", "true")
        try await Auth.cache(h, Auth.tokenA, IdTokenInfoType(status: .blocked))
        let decision = try await Auth.decideLocally(h, Auth.tokenA)
        #expect(decision.info.status == .blocked)
        #expect(decision.source == .cache)
    }

    @Test func idTokensCompareCaseInsensitively() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        try await Auth.cache(h, IdTokenType(idToken: "abcdef01", type: .iso14443), IdTokenInfoType(status: .accepted))
        let decision = try await Auth.decideLocally(h, IdTokenType(idToken: "ABCDEF01", type: .iso14443))
        #expect(decision.info.status == .accepted)
        // The type takes part: the same value as another type is another token.
        _ = try await Auth.decideAskingCSMS(
            h,
            IdTokenType(idToken: "abcdef01", type: .keyCode),
            answer: IdTokenInfoType(status: .unknown)
        )
    }

    @Test func noAuthorizationTokenIsAcceptedWithoutTheCSMS() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        let decision = try await Auth.decideLocally(h, IdTokenType(idToken: "", type: .noAuthorization))
        #expect(decision.info.status == .accepted)
        #expect(try h.store.authorizationCacheCount() == 0)
    }

    // MARK: C10 storing in the cache

    @Test func TC_C_32_CS_cacheIsPersistentOverReboot() async throws {
        let store = InMemoryStationStore()
        let first = StationHarness(store: store)
        try await first.bootAccepted()
        _ = try await Auth.decideAskingCSMS(first, Auth.tokenA, answer: IdTokenInfoType(status: .accepted))
        first.stop()

        let second = StationHarness(store: store, bootReason: .powerUp)
        defer { second.stop() }
        try await second.bootAccepted()
        let decision = try await Auth.decideLocally(second, Auth.tokenA)
        #expect(decision.info.status == .accepted)
        #expect(decision.source == .cache)
    }

    @Test func TC_C_33_CS_authorizeResponseUpdatesTheCache() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        try await Auth.set(h, "AuthCtrlr", "LocalPreAuthorize", "false")
        try await Auth.cache(h, Auth.tokenA, IdTokenInfoType(status: .accepted))
        let answer = IdTokenInfoType(status: .blocked, groupIdToken: Auth.group)
        let (_, decision) = try await Auth.decideAskingCSMS(h, Auth.tokenA, answer: answer)
        #expect(decision.info == answer)
        #expect(try Auth.cached(h, Auth.tokenA) == answer)
    }

    @Test func TC_C_34_CS_transactionEventResponseUpdatesTheCache() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        try await Auth.cache(h, Auth.tokenA, IdTokenInfoType(status: .accepted))
        await h.station.updateAuthorizationCache(Auth.tokenA, with: IdTokenInfoType(status: .invalid))
        #expect(try Auth.cached(h, Auth.tokenA)?.status == .invalid)
    }

    @Test func TC_C_36_CS_localPreAuthorizeFalseAsksTheCSMSDespiteTheCache() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        try await Auth.set(h, "AuthCtrlr", "LocalPreAuthorize", "false")
        try await Auth.cache(h, Auth.tokenA, IdTokenInfoType(status: .accepted))
        let (request, decision) = try await Auth.decideAskingCSMS(
            h,
            Auth.tokenA,
            answer: IdTokenInfoType(status: .accepted)
        )
        #expect(request.idToken == Auth.tokenA)
        #expect(decision.source == .csms)
    }

    @Test func TC_C_46_CS_entryUnusedForLongerThanAuthCacheLifeTimeIsCheckedWithTheCSMS() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        try await Auth.set(h, "AuthCacheCtrlr", "LifeTime", "60")
        try await Auth.cache(h, Auth.tokenA, IdTokenInfoType(status: .accepted), age: 30)
        #expect(try await Auth.decideLocally(h, Auth.tokenA).source == .cache)
        try await Auth.cache(h, Auth.tokenA, IdTokenInfoType(status: .accepted), age: 61)
        let (_, decision) = try await Auth.decideAskingCSMS(h, Auth.tokenA, answer: IdTokenInfoType(status: .accepted))
        #expect(decision.source == .csms)
    }

    @Test func disabledCacheIsNeitherUsedNorFilled() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        try await Auth.set(h, "AuthCacheCtrlr", "Enabled", "false")
        try await Auth.cache(h, Auth.tokenA, IdTokenInfoType(status: .accepted))
        _ = try await Auth.decideAskingCSMS(h, Auth.tokenB, answer: IdTokenInfoType(status: .accepted))
        #expect(try Auth.cached(h, Auth.tokenB) == nil)
        _ = try await Auth.decideAskingCSMS(h, Auth.tokenA, answer: IdTokenInfoType(status: .accepted))
    }

    @Test func cacheEvictsTheLeastRecentlyUsedBeyondItsStorage() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        for index in 0...1000 {
            let token = IdTokenType(idToken: "TOKEN-\(index)", type: .iso14443)
            await h.station.updateAuthorizationCache(token, with: IdTokenInfoType(status: .accepted))
        }
        #expect(try h.store.authorizationCacheCount() == 1000)
    }

    // MARK: C11 ClearCache

    @Test func TC_C_37_CS_clearCacheAccepted() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        try await Auth.cache(h, Auth.tokenA, IdTokenInfoType(status: .accepted))
        let answer = try await Auth.response(to: ClearCacheRequest(), from: h, as: ClearCacheResponse.self)
        #expect(answer.status == .accepted)
        #expect(try h.store.authorizationCacheCount() == 0)
        _ = try await Auth.decideAskingCSMS(h, Auth.tokenA, answer: IdTokenInfoType(status: .accepted))
    }

    @Test func TC_C_38_CS_clearCacheRejectedWhileTheCacheIsDisabled() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        try await Auth.set(h, "AuthCacheCtrlr", "Enabled", "false")
        let answer = try await Auth.response(to: ClearCacheRequest(), from: h, as: ClearCacheResponse.self)
        #expect(answer.status == .rejected)
    }

    // MARK: C13/C15 offline

    @Test func TC_C_26_CS_offlineUnknownIdFollowsOfflineTxForUnknownIdEnabled() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        try await Auth.set(h, "AuthCtrlr", "OfflineTxForUnknownIdEnabled", "true")
        await Auth.goOffline(h)
        let accepted = try await Auth.decideLocally(h, Auth.tokenA)
        #expect(accepted.info.status == .accepted)
        #expect(accepted.source == .localRules)
        h.link.connect()
        #expect(await h.until { $0.session.isConnected })
        try await Auth.set(h, "AuthCtrlr", "OfflineTxForUnknownIdEnabled", "false")
        await Auth.goOffline(h)
        #expect(try await Auth.decideLocally(h, Auth.tokenA).info.status == .unknown)
    }

    @Test func offlineCacheAndListDecideAndRefusedTokensStayRefused() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        try await Auth.set(h, "AuthCtrlr", "OfflineTxForUnknownIdEnabled", "true")
        try await Auth.cache(h, Auth.tokenA, IdTokenInfoType(status: .accepted))
        try await Auth.cache(h, Auth.tokenB, IdTokenInfoType(status: .blocked))
        let blockedInList = IdTokenType(idToken: "LISTED-BLOCKED", type: .iso14443)
        #expect(
            try await Auth.sendLocalList(
                h,
                version: 1,
                .full,
                [AuthorizationData(idToken: blockedInList, idTokenInfo: IdTokenInfoType(status: .blocked))]
            ).status == .accepted
        )
        await Auth.goOffline(h)
        #expect(try await Auth.decideLocally(h, Auth.tokenA).info.status == .accepted)
        #expect(try await Auth.decideLocally(h, Auth.tokenB).info.status == .blocked)
        #expect(try await Auth.decideLocally(h, blockedInList).info.status == .blocked)
    }

    @Test func offlineWithoutLocalAuthorizeOfflineTreatsKnownTokensAsUnknown() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        try await Auth.set(h, "AuthCtrlr", "LocalAuthorizeOffline", "false")
        try await Auth.cache(h, Auth.tokenA, IdTokenInfoType(status: .accepted))
        await Auth.goOffline(h)
        #expect(try await Auth.decideLocally(h, Auth.tokenA).info.status == .unknown)
    }

    // MARK: C09 GroupId, C16 MasterPass

    @Test func theSameTokenMayStopWithoutTheCSMS() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        let startedBy = SessionAuthorization(idToken: Auth.tokenA)
        let lowercased = IdTokenType(idToken: Auth.tokenA.idToken.lowercased(), type: Auth.tokenA.type)
        #expect(await h.station.mayStop(startedBy: startedBy, presented: lowercased))
        await h.csms.expectSilence()
    }

    @Test func TC_C_39_CS_tokenOfTheSameGroupMayStop() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        let startedBy = SessionAuthorization(idToken: Auth.tokenA, groupIdToken: Auth.group)
        let mayStop = try await Auth.mayStopAskingCSMS(
            h,
            startedBy: startedBy,
            presented: Auth.tokenB,
            answer: IdTokenInfoType(status: .accepted, groupIdToken: Auth.group)
        )
        #expect(mayStop)
    }

    @Test func TC_C_41_CS_tokenOfTheSameGroupInTheCacheMayStopWithoutTheCSMS() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        try await Auth.cache(h, Auth.tokenB, IdTokenInfoType(status: .accepted, groupIdToken: Auth.group))
        let startedBy = SessionAuthorization(idToken: Auth.tokenA, groupIdToken: Auth.group)
        #expect(await h.station.mayStop(startedBy: startedBy, presented: Auth.tokenB))
    }

    @Test func TC_C_42_CS_tokenOfAnotherGroupMayNotStop() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        let startedBy = SessionAuthorization(idToken: Auth.tokenA, groupIdToken: Auth.group)
        let mayStop = try await Auth.mayStopAskingCSMS(
            h,
            startedBy: startedBy,
            presented: Auth.tokenB,
            answer: IdTokenInfoType(status: .accepted, groupIdToken: Auth.otherGroup)
        )
        #expect(!mayStop)
    }

    @Test func TC_C_44_CS_invalidTokenOfTheSameGroupMayNotStop() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        try await Auth.cache(h, Auth.tokenB, IdTokenInfoType(status: .invalid, groupIdToken: Auth.group))
        let startedBy = SessionAuthorization(idToken: Auth.tokenA, groupIdToken: Auth.group)
        let mayStop = try await Auth.mayStopAskingCSMS(
            h,
            startedBy: startedBy,
            presented: Auth.tokenB,
            answer: IdTokenInfoType(status: .invalid, groupIdToken: Auth.group)
        )
        #expect(!mayStop)
    }

    @Test func TC_C_47_CS_masterPassMayStopAnyTransactionButNotStartOne() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        try await Auth.set(h, "AuthCtrlr", "MasterPassGroupId", "MASTER")
        let master = IdTokenType(idToken: "MASTER-CARD", type: .iso14443)
        let masterInfo = IdTokenInfoType(
            status: .accepted,
            groupIdToken: IdTokenType(idToken: "master", type: .central)
        )
        let startedBy = SessionAuthorization(idToken: Auth.tokenA, groupIdToken: Auth.group)
        #expect(try await Auth.mayStopAskingCSMS(h, startedBy: startedBy, presented: master, answer: masterInfo))
        // Cached now: a transaction without a group is stopped too, without asking again (TC_C_49-style).
        #expect(await h.station.mayStop(startedBy: SessionAuthorization(idToken: Auth.tokenB), presented: master))
        // TC_C_45: the Transactions block refuses to start with it.
        #expect(await h.station.isMasterPass(masterInfo))
        #expect(await !h.station.isMasterPass(IdTokenInfoType(status: .accepted, groupIdToken: Auth.group)))
    }

    // MARK: D01/D02 local list, C14 online authorization through it

    @Test func sendLocalListFullThenDifferentialAndAuthorizationThroughTheList() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        #expect(try await Auth.localListVersion(h) == 0)
        let full = try await Auth.sendLocalList(
            h,
            version: 3,
            .full,
            [
                AuthorizationData(idToken: Auth.tokenA, idTokenInfo: IdTokenInfoType(status: .accepted)),
                AuthorizationData(idToken: Auth.tokenB, idTokenInfo: IdTokenInfoType(status: .accepted)),
            ]
        )
        #expect(full.status == .accepted)
        #expect(try await Auth.localListVersion(h) == 3)
        #expect(await h.station.deviceModel.value("LocalAuthListCtrlr", "Entries") == "2")
        let listed = try await Auth.decideLocally(h, Auth.tokenA)
        #expect(listed.source == .localList)
        #expect(listed.info.status == .accepted)

        let stale = try await Auth.sendLocalList(h, version: 3, .differential, [])
        #expect(stale.status == .versionMismatch)
        #expect(try await Auth.localListVersion(h) == 3)

        let differential = try await Auth.sendLocalList(
            h,
            version: 4,
            .differential,
            [AuthorizationData(idToken: IdTokenType(idToken: "octt-token-a", type: .iso14443))]
        )
        #expect(differential.status == .accepted)
        #expect(try await Auth.localListVersion(h) == 4)
        #expect(await h.station.deviceModel.value("LocalAuthListCtrlr", "Entries") == "1")
        _ = try await Auth.decideAskingCSMS(h, Auth.tokenA, answer: IdTokenInfoType(status: .accepted))
    }

    @Test func listedTokenTakesPrecedenceOverTheCache() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        try await Auth.cache(h, Auth.tokenA, IdTokenInfoType(status: .blocked))
        _ = try await Auth.sendLocalList(
            h,
            version: 1,
            .full,
            [AuthorizationData(idToken: Auth.tokenA, idTokenInfo: IdTokenInfoType(status: .accepted))]
        )
        #expect(try await Auth.decideLocally(h, Auth.tokenA).source == .localList)
    }

    @Test func sendLocalListFailsAndChangesNothingWhenRefused() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        let entry = AuthorizationData(idToken: Auth.tokenA, idTokenInfo: IdTokenInfoType(status: .accepted))
        #expect(try await Auth.sendLocalList(h, version: 2, .full, [entry]).status == .accepted)
        let duplicate = AuthorizationData(
            idToken: IdTokenType(idToken: "octt-token-a", type: .iso14443),
            idTokenInfo: IdTokenInfoType(status: .blocked)
        )
        #expect(try await Auth.sendLocalList(h, version: 5, .full, [entry, duplicate]).status == .failed)
        #expect(try await Auth.sendLocalList(h, version: 0, .full, []).status == .failed)
        #expect(try await Auth.localListVersion(h) == 2)
        #expect(try h.store.localListCount() == 1)
        // An empty full list empties the list.
        #expect(try await Auth.sendLocalList(h, version: 6, .full, []).status == .accepted)
        #expect(try h.store.localListCount() == 0)
        #expect(try await Auth.localListVersion(h) == 6)
    }

    @Test func disabledLocalListReportsVersionZeroAndIsNotUsed() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        let entry = AuthorizationData(idToken: Auth.tokenA, idTokenInfo: IdTokenInfoType(status: .accepted))
        #expect(try await Auth.sendLocalList(h, version: 2, .full, [entry]).status == .accepted)
        try await Auth.set(h, "LocalAuthListCtrlr", "Enabled", "false")
        #expect(try await Auth.localListVersion(h) == 0)
        #expect(try await Auth.sendLocalList(h, version: 3, .full, [entry]).status == .failed)
        _ = try await Auth.decideAskingCSMS(h, Auth.tokenA, answer: IdTokenInfoType(status: .accepted))
    }
}
