import OCPP

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension SQLiteStationStore {
    // MARK: Authorization cache

    public func putCachedAuthorization(_ entry: CachedAuthorization) throws(StoreError) {
        let what = "cached authorization of \(entry.key.idToken)"
        let info = try StoreRules.jsonText(entry.info, "\(what): idTokenInfo")
        let lastUsed = try StoreRules.milliseconds(entry.lastUsed, "\(what): lastUsed")
        var expiresAt: Int64?
        if let date = entry.expiresAt {
            expiresAt = try StoreRules.milliseconds(date, "\(what): cacheExpiryDateTime")
        }
        try write { db in
            try db.execute(
                """
                INSERT INTO authorization_cache (id_token, id_token_type, id_token_info, last_used, expires_at)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (id_token, id_token_type) DO UPDATE SET id_token_info = excluded.id_token_info,
                    last_used = excluded.last_used, expires_at = excluded.expires_at
                """,
                [entry.key.idToken, entry.key.type.rawValue, info, lastUsed, expiresAt]
            )
        }
    }

    public func cachedAuthorization(for key: IdTokenKey) throws(StoreError) -> CachedAuthorization? {
        try read { db in
            guard
                let row = try db.row(
                    """
                    SELECT id_token_info, last_used FROM authorization_cache
                    WHERE id_token = ? AND id_token_type = ?
                    """,
                    [key.idToken, key.type.rawValue]
                )
            else { return nil }
            let column = RowReader(row: row, table: "authorization_cache")
            let info = try StoreRules.decode(
                IdTokenInfoType.self,
                from: try column("id_token_info"),
                table: "authorization_cache",
                column: "id_token_info"
            )
            return CachedAuthorization(
                key: key,
                info: info,
                lastUsed: StoreRules.date(milliseconds: try column("last_used"))
            )
        }
    }

    @discardableResult
    public func touchCachedAuthorization(for key: IdTokenKey, at date: Date) throws(StoreError) -> Bool {
        let lastUsed = try StoreRules.milliseconds(date, "last use of \(key.idToken)")
        return try write { db in
            try db.execute(
                "UPDATE authorization_cache SET last_used = ? WHERE id_token = ? AND id_token_type = ?",
                [lastUsed, key.idToken, key.type.rawValue]
            )
            return db.changes > 0
        }
    }

    @discardableResult
    public func removeCachedAuthorization(for key: IdTokenKey) throws(StoreError) -> Bool {
        try write { db in
            try db.execute(
                "DELETE FROM authorization_cache WHERE id_token = ? AND id_token_type = ?",
                [key.idToken, key.type.rawValue]
            )
            return db.changes > 0
        }
    }

    public func clearAuthorizationCache() throws(StoreError) {
        try write { db in try db.execute("DELETE FROM authorization_cache") }
    }

    public func authorizationCacheCount() throws(StoreError) -> Int {
        try read { db in try db.scalar(Int.self, "SELECT count(*) FROM authorization_cache") ?? 0 }
    }

    @discardableResult
    public func evictAuthorizationCache(toCapacity capacity: Int) throws(StoreError) -> Int {
        try StoreRules.validate(capacity: capacity)
        return try write { db in
            let count = try db.scalar(Int.self, "SELECT count(*) FROM authorization_cache") ?? 0
            guard count > capacity else { return 0 }
            // Ties on last use go by token, so both stores evict the same entries.
            try db.execute(
                """
                DELETE FROM authorization_cache WHERE rowid IN (
                    SELECT rowid FROM authorization_cache ORDER BY last_used, id_token, id_token_type LIMIT ?)
                """,
                [count - capacity]
            )
            return db.changes
        }
    }

    @discardableResult
    public func removeExpiredAuthorizations(at date: Date) throws(StoreError) -> Int {
        let now = try StoreRules.milliseconds(date, "expiry time")
        return try write { db in
            try db.execute(
                "DELETE FROM authorization_cache WHERE expires_at IS NOT NULL AND expires_at <= ?",
                [now]
            )
            return db.changes
        }
    }

    // MARK: Local authorization list

    public func replaceLocalList(version: Int, entries: [LocalListEntry]) throws(StoreError) {
        let rows = try Self.localListRows(entries)
        try write { db in
            try db.execute("DELETE FROM local_list")
            try Self.apply(rows, version: version, db)
        }
    }

    public func updateLocalList(version: Int, entries: [LocalListEntry]) throws(StoreError) {
        let rows = try Self.localListRows(entries)
        try write { db in try Self.apply(rows, version: version, db) }
    }

    public func localListEntry(for key: IdTokenKey) throws(StoreError) -> IdTokenInfoType? {
        try read { db in
            guard
                let row = try db.row(
                    "SELECT id_token_info FROM local_list WHERE id_token = ? AND id_token_type = ?",
                    [key.idToken, key.type.rawValue]
                )
            else { return nil }
            return try StoreRules.decode(
                IdTokenInfoType.self,
                from: try RowReader(row: row, table: "local_list")("id_token_info"),
                table: "local_list",
                column: "id_token_info"
            )
        }
    }

    public func localListVersion() throws(StoreError) -> Int {
        try read { db in try db.scalar(Int.self, "SELECT version FROM local_list_version") ?? 0 }
    }

    public func localListCount() throws(StoreError) -> Int {
        try read { db in try db.scalar(Int.self, "SELECT count(*) FROM local_list") ?? 0 }
    }

    public func clearLocalList() throws(StoreError) {
        try write { db in
            try db.execute("DELETE FROM local_list")
            try db.execute("DELETE FROM local_list_version")
        }
    }

    /// The entries' JSON text, validated before the write transaction begins.
    private static func localListRows(_ entries: [LocalListEntry]) throws(StoreError) -> [(IdTokenKey, String?)] {
        var rows: [(IdTokenKey, String?)] = []
        rows.reserveCapacity(entries.count)
        for entry in entries {
            var info: String?
            if let value = entry.info {
                info = try StoreRules.jsonText(value, "local list entry \(entry.key.idToken)")
            }
            rows.append((entry.key, info))
        }
        return rows
    }

    /// Adds, replaces or (without info) removes each entry in order, then sets the version.
    private static func apply(_ rows: [(IdTokenKey, String?)], version: Int, _ db: SQLiteConnection) throws {
        for (key, info) in rows {
            if let info {
                try db.execute(
                    """
                    INSERT INTO local_list (id_token, id_token_type, id_token_info) VALUES (?, ?, ?)
                    ON CONFLICT (id_token, id_token_type) DO UPDATE SET id_token_info = excluded.id_token_info
                    """,
                    [key.idToken, key.type.rawValue, info]
                )
            } else {
                try db.execute(
                    "DELETE FROM local_list WHERE id_token = ? AND id_token_type = ?",
                    [key.idToken, key.type.rawValue]
                )
            }
        }
        try db.execute(
            """
            INSERT INTO local_list_version (singleton, version) VALUES (1, ?)
            ON CONFLICT (singleton) DO UPDATE SET version = excluded.version
            """,
            [version]
        )
    }
}
