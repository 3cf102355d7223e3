import OCPP
import Synchronization

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The authorization cache and the local authorization list, in memory (as `SQLiteStationStore+Authorization`).
extension InMemoryStationStore {
    // MARK: Authorization cache

    public func putCachedAuthorization(_ entry: CachedAuthorization) throws(StoreError) {
        let what = "cached authorization of \(entry.key.idToken)"
        var expiresAt: Date?
        if let date = entry.expiresAt { expiresAt = try StoreRules.normalized(date, "\(what): cacheExpiryDateTime") }
        let stored = StoredAuthorization(
            infoText: try StoreRules.jsonText(entry.info, "\(what): idTokenInfo"),
            lastUsed: try StoreRules.normalized(entry.lastUsed, "\(what): lastUsed"),
            expiresAt: expiresAt
        )
        try write { (state: inout State) in state.authorizationCache[entry.key] = stored }
    }

    public func cachedAuthorization(for key: IdTokenKey) throws(StoreError) -> CachedAuthorization? {
        try read { (state: borrowing State) throws(StoreError) in
            guard let stored = state.authorizationCache[key] else { return nil }
            let info = try StoreRules.decode(
                IdTokenInfoType.self,
                from: stored.infoText,
                table: "authorization_cache",
                column: "id_token_info"
            )
            return CachedAuthorization(key: key, info: info, lastUsed: stored.lastUsed)
        }
    }

    @discardableResult
    public func touchCachedAuthorization(for key: IdTokenKey, at date: Date) throws(StoreError) -> Bool {
        let lastUsed = try StoreRules.normalized(date, "last use of \(key.idToken)")
        return try write { (state: inout State) in
            guard state.authorizationCache[key] != nil else { return false }
            state.authorizationCache[key]?.lastUsed = lastUsed
            return true
        }
    }

    @discardableResult
    public func removeCachedAuthorization(for key: IdTokenKey) throws(StoreError) -> Bool {
        try write { (state: inout State) in state.authorizationCache.removeValue(forKey: key) != nil }
    }

    public func clearAuthorizationCache() throws(StoreError) {
        try write { (state: inout State) in state.authorizationCache = [:] }
    }

    public func authorizationCacheCount() throws(StoreError) -> Int {
        try read { (state: borrowing State) in state.authorizationCache.count }
    }

    @discardableResult
    public func evictAuthorizationCache(toCapacity capacity: Int) throws(StoreError) -> Int {
        try StoreRules.validate(capacity: capacity)
        return try write { (state: inout State) in
            let excess = state.authorizationCache.count - capacity
            guard excess > 0 else { return 0 }
            // The SQLite store's order: last use, then token, then type.
            let victims = state.authorizationCache
                .sorted {
                    ($0.value.lastUsed, $0.key.idToken, $0.key.type.rawValue)
                        < ($1.value.lastUsed, $1.key.idToken, $1.key.type.rawValue)
                }
                .prefix(excess)
            for victim in victims { state.authorizationCache[victim.key] = nil }
            return excess
        }
    }

    @discardableResult
    public func removeExpiredAuthorizations(at date: Date) throws(StoreError) -> Int {
        let now = try StoreRules.normalized(date, "expiry time")
        return try write { (state: inout State) in
            let expired = state.authorizationCache.filter { entry in
                entry.value.expiresAt.map { $0 <= now } ?? false
            }
            for key in expired.keys { state.authorizationCache[key] = nil }
            return expired.count
        }
    }

    // MARK: Local authorization list

    public func replaceLocalList(version: Int, entries: [LocalListEntry]) throws(StoreError) {
        let rows = try Self.localListRows(entries)
        try write { (state: inout State) in
            state.localList = [:]
            Self.apply(rows, version: version, to: &state)
        }
    }

    public func updateLocalList(version: Int, entries: [LocalListEntry]) throws(StoreError) {
        let rows = try Self.localListRows(entries)
        try write { (state: inout State) in Self.apply(rows, version: version, to: &state) }
    }

    public func localListEntry(for key: IdTokenKey) throws(StoreError) -> IdTokenInfoType? {
        try read { (state: borrowing State) throws(StoreError) in
            guard let text = state.localList[key] else { return nil }
            return try StoreRules.decode(IdTokenInfoType.self, from: text, table: "local_list", column: "id_token_info")
        }
    }

    public func localListVersion() throws(StoreError) -> Int {
        try read { (state: borrowing State) in state.localListVersion }
    }

    public func localListCount() throws(StoreError) -> Int {
        try read { (state: borrowing State) in state.localList.count }
    }

    public func clearLocalList() throws(StoreError) {
        try write { (state: inout State) in
            state.localList = [:]
            state.localListVersion = 0
        }
    }

    static func localListRows(_ entries: [LocalListEntry]) throws(StoreError) -> [(IdTokenKey, String?)] {
        var rows: [(IdTokenKey, String?)] = []
        for entry in entries {
            var info: String?
            if let value = entry.info {
                info = try StoreRules.jsonText(value, "local list entry \(entry.key.idToken)")
            }
            rows.append((entry.key, info))
        }
        return rows
    }

    static func apply(_ rows: [(IdTokenKey, String?)], version: Int, to state: inout State) {
        for (key, info) in rows { state.localList[key] = info }
        state.localListVersion = version
    }
}
