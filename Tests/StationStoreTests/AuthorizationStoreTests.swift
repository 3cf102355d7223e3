import Foundation
import OCPP
import StationStore
import Testing

@Suite("Authorization cache and local list")
struct AuthorizationStoreTests {
    @Test(arguments: StoreKind.allCases)
    func cacheCRUD(_ kind: StoreKind) throws {
        let store = try kind.makeStore().store
        let entry = CachedAuthorization(
            key: IdTokenKey(Sample.token),
            info: Sample.info(expiry: Date(timeIntervalSince1970: 1_760_000_000), language: "de"),
            lastUsed: Sample.epoch
        )
        #expect(try store.cachedAuthorization(for: entry.key) == nil)
        try store.putCachedAuthorization(entry)
        #expect(try store.cachedAuthorization(for: entry.key) == entry)
        // The type is part of the key.
        #expect(try store.cachedAuthorization(for: IdTokenKey(idToken: Sample.token.idToken, type: .central)) == nil)

        var blocked = entry
        blocked.info = Sample.info(.blocked)
        try store.putCachedAuthorization(blocked)
        #expect(try store.cachedAuthorization(for: entry.key) == blocked)
        #expect(try store.authorizationCacheCount() == 1)

        #expect(try store.touchCachedAuthorization(for: entry.key, at: Sample.date(5)))
        #expect(try store.cachedAuthorization(for: entry.key)?.lastUsed == Sample.date(5))
        #expect(try !store.touchCachedAuthorization(for: Sample.key(9), at: Sample.date(5)))

        #expect(try store.removeCachedAuthorization(for: entry.key))
        #expect(try !store.removeCachedAuthorization(for: entry.key))
        try store.putCachedAuthorization(entry)
        try store.clearAuthorizationCache()
        #expect(try store.authorizationCacheCount() == 0)
    }

    @Test(arguments: StoreKind.allCases)
    func leastRecentlyUsedEntriesAreEvictedFirst(_ kind: StoreKind) throws {
        let store = try kind.makeStore().store
        for n in 0..<5 {
            try store.putCachedAuthorization(
                CachedAuthorization(key: Sample.key(n), info: Sample.info(), lastUsed: Sample.date(Double(n)))
            )
        }
        try store.touchCachedAuthorization(for: Sample.key(0), at: Sample.date(10))
        #expect(try store.evictAuthorizationCache(toCapacity: 5) == 0)
        #expect(try store.evictAuthorizationCache(toCapacity: 3) == 2)
        #expect(try store.authorizationCacheCount() == 3)
        for n in [1, 2] { #expect(try store.cachedAuthorization(for: Sample.key(n)) == nil) }
        for n in [0, 3, 4] { #expect(try store.cachedAuthorization(for: Sample.key(n)) != nil) }

        // Equal last use: the tie goes by token, the same way in both stores.
        try store.putCachedAuthorization(
            CachedAuthorization(key: Sample.key(7), info: Sample.info(), lastUsed: Sample.date(3))
        )
        #expect(try store.evictAuthorizationCache(toCapacity: 2) == 2)
        #expect(try store.cachedAuthorization(for: Sample.key(0)) != nil)
        #expect(try store.cachedAuthorization(for: Sample.key(4)) != nil)
        #expect(try store.evictAuthorizationCache(toCapacity: 0) == 2)
        #expect(caught { _ = try store.evictAuthorizationCache(toCapacity: -1) } != nil)
    }

    @Test(arguments: StoreKind.allCases)
    func expiredEntriesAreRemoved(_ kind: StoreKind) throws {
        let store = try kind.makeStore().store
        let expired = Date(timeIntervalSince1970: 1_750_000_000)
        let later = Date(timeIntervalSince1970: 1_750_003_600)
        try store.putCachedAuthorization(
            CachedAuthorization(key: Sample.key(1), info: Sample.info(expiry: expired), lastUsed: Sample.epoch)
        )
        try store.putCachedAuthorization(
            CachedAuthorization(key: Sample.key(2), info: Sample.info(expiry: later), lastUsed: Sample.epoch)
        )
        try store.putCachedAuthorization(
            CachedAuthorization(key: Sample.key(3), info: Sample.info(), lastUsed: Sample.epoch)
        )
        #expect(try store.cachedAuthorization(for: Sample.key(1))?.expiresAt == expired)
        #expect(try store.removeExpiredAuthorizations(at: expired) == 1)
        #expect(try store.cachedAuthorization(for: Sample.key(1)) == nil)
        #expect(try store.authorizationCacheCount() == 2)
    }

    @Test(arguments: StoreKind.allCases)
    func localListFullAndDifferentialUpdates(_ kind: StoreKind) throws {
        let store = try kind.makeStore().store
        #expect(try store.localListVersion() == 0)
        try store.replaceLocalList(
            version: 1,
            entries: (1...3).map { LocalListEntry(key: Sample.key($0), info: Sample.info()) }
                + [LocalListEntry(key: Sample.key(8), info: nil)]
        )
        #expect(try store.localListVersion() == 1)
        #expect(try store.localListCount() == 3)
        #expect(try store.localListEntry(for: Sample.key(8)) == nil)

        // Differential: 1 removed, 2 replaced, 4 added, 3 untouched; the last entry for a token wins.
        try store.updateLocalList(
            version: 2,
            entries: [
                LocalListEntry(key: Sample.key(1), info: nil),
                LocalListEntry(key: Sample.key(2), info: Sample.info(.expired)),
                LocalListEntry(key: Sample.key(4), info: Sample.info(.invalid)),
                LocalListEntry(key: Sample.key(2), info: Sample.info(.blocked)),
            ]
        )
        #expect(try store.localListVersion() == 2)
        #expect(try store.localListCount() == 3)
        #expect(try store.localListEntry(for: Sample.key(1)) == nil)
        #expect(try store.localListEntry(for: Sample.key(2)) == Sample.info(.blocked))
        #expect(try store.localListEntry(for: Sample.key(3)) == Sample.info())
        #expect(try store.localListEntry(for: Sample.key(4)) == Sample.info(.invalid))

        // Full replace: nothing of the old list survives.
        try store.replaceLocalList(version: 5, entries: [LocalListEntry(key: Sample.key(9), info: Sample.info())])
        #expect(try store.localListVersion() == 5)
        #expect(try store.localListCount() == 1)
        for n in 1...4 { #expect(try store.localListEntry(for: Sample.key(n)) == nil) }

        try store.clearLocalList()
        #expect(try store.localListVersion() == 0)
        #expect(try store.localListCount() == 0)
    }

    /// One bad entry refuses the whole update: the list and version stay as they were.
    @Test(arguments: StoreKind.allCases)
    func localListUpdatesAreAllOrNothing(_ kind: StoreKind) throws {
        let store = try kind.makeStore().store
        try store.replaceLocalList(version: 1, entries: [LocalListEntry(key: Sample.key(1), info: Sample.info())])
        let tooLongLanguage = Sample.info(language: "de-DE-x-long")
        let entries = [
            LocalListEntry(key: Sample.key(2), info: Sample.info()),
            LocalListEntry(key: Sample.key(3), info: tooLongLanguage),
        ]
        guard case .invalidArgument = caught({ try store.replaceLocalList(version: 2, entries: entries) }) else {
            Issue.record("an entry that breaks its schema must be refused")
            return
        }
        #expect(caught { try store.updateLocalList(version: 2, entries: entries) } != nil)
        #expect(try store.localListVersion() == 1)
        #expect(try store.localListCount() == 1)
        #expect(try store.localListEntry(for: Sample.key(1)) == Sample.info())
        #expect(try store.localListEntry(for: Sample.key(2)) == nil)
    }
}
