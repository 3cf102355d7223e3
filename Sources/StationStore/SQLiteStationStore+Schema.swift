extension SQLiteStationStore {
    /// One schema change, applied in its own transaction together with its row in `grdb_migrations`.
    struct Migration: Sendable {
        var identifier: String
        var apply: @Sendable (SQLiteConnection) throws -> Void
    }

    /// The migrations in order; migration `vN` also sets `user_version` to N.
    ///
    /// A migration is never edited once released: a schema change is a new migration.
    static let migrations: [Migration] = [
        Migration(identifier: "v1") { db in
            try db.execute(schemaV1)
            try db.execute("PRAGMA user_version = 1")
        },
        Migration(identifier: "v2") { db in
            try db.execute(schemaV2SecurityLog)
            try db.execute("PRAGMA user_version = 2")
        },
    ]

    /// The table recording applied migrations, one row per identifier. Earlier builds, on a third-party
    /// SQLite library, kept them there under this name; keeping it means a file from the field needs no
    /// conversion.
    static let migrationsTable = "grdb_migrations"

    /// The identifiers recorded as applied, in no particular order; empty on a new file.
    static func appliedIdentifiers(_ db: SQLiteConnection) throws -> Set<String> {
        let exists = try db.scalar(
            Bool.self,
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?)",
            [migrationsTable]
        )
        guard exists == true else { return [] }
        let rows = try db.rows("SELECT identifier FROM \(migrationsTable)")
        return Set(
            try rows.map { row throws -> String in try RowReader(row: row, table: migrationsTable)("identifier") }
        )
    }

    /// The applied migrations this build knows, in migration order.
    static func appliedMigrations(_ db: SQLiteConnection) throws -> [String] {
        let applied = try appliedIdentifiers(db)
        return migrations.map(\.identifier).filter(applied.contains)
    }

    /// Checks the file is not from a newer build, then applies the missing migrations.
    static func migrate(_ db: SQLiteConnection, path: String) throws(StoreError) -> [String] {
        let known = Set(migrations.map(\.identifier))
        var appliedNow: [String] = []
        do {
            for migration in migrations {
                // Checked again in each migration's write transaction: another process may be opening the
                // same file, and the check and the change must see the same state.
                let applied = try db.transaction(.immediate) { () throws -> Bool in
                    let userVersion = try db.scalar(Int.self, "PRAGMA user_version") ?? 0
                    if userVersion > schemaVersion {
                        throw StoreError.newerSchema(
                            path: path,
                            found: "schema version \(userVersion)",
                            supportedVersion: schemaVersion
                        )
                    }
                    let applied = try appliedIdentifiers(db)
                    let unknown = applied.subtracting(known)
                    if !unknown.isEmpty {
                        throw StoreError.newerSchema(
                            path: path,
                            found: "migrations \(unknown.sorted().joined(separator: ", "))",
                            supportedVersion: schemaVersion
                        )
                    }
                    guard !applied.contains(migration.identifier) else { return false }
                    do {
                        try db.execute(
                            "CREATE TABLE IF NOT EXISTS \(migrationsTable) (identifier TEXT NOT NULL PRIMARY KEY)"
                        )
                        try migration.apply(db)
                        try db.execute("INSERT INTO \(migrationsTable) (identifier) VALUES (?)", [migration.identifier])
                    } catch {
                        throw MigrationFailure(migration: migration.identifier, underlying: error)
                    }
                    return true
                }
                if applied { appliedNow.append(migration.identifier) }
            }
        } catch let error as MigrationFailure {
            throw .migrationFailed(migration: error.migration, reason: "\(StoreError(error.underlying))")
        } catch {
            throw StoreError(error)
        }
        return appliedNow
    }

    private struct MigrationFailure: Error {
        var migration: String
        var underlying: any Error
    }

    /// Version 1: every table. STRICT tables make SQLite refuse a value of the wrong type, so a row can
    /// only be unreadable through outside tampering or damage; dates are integer milliseconds since 1970.
    static let schemaV1 = """
        CREATE TABLE transactions (
            transaction_id  TEXT NOT NULL PRIMARY KEY,
            evse_id         INTEGER NOT NULL CHECK (evse_id >= 1),
            connector_id    INTEGER NOT NULL CHECK (connector_id >= 1),
            state           TEXT NOT NULL CHECK (state IN ('started', 'ended')),
            next_seq_no     INTEGER NOT NULL CHECK (next_seq_no >= 0),
            started_at      INTEGER NOT NULL,
            meter_start_wh  REAL,
            last_meter_wh   REAL,
            id_token        TEXT,
            remote_start_id INTEGER,
            charging_state  TEXT,
            stopped_reason  TEXT,
            total_cost      REAL,
            ended_at        INTEGER
        ) STRICT;
        -- OCPP runs at most one transaction per EVSE at a time.
        CREATE UNIQUE INDEX transactions_one_started_per_evse ON transactions (evse_id) WHERE state = 'started';

        -- AUTOINCREMENT: a sequence is never reused, even after the newest message was removed.
        CREATE TABLE message_queue (
            sequence        INTEGER PRIMARY KEY AUTOINCREMENT,
            transaction_id  TEXT REFERENCES transactions (transaction_id) ON DELETE RESTRICT,
            action          TEXT NOT NULL,
            message_id      TEXT NOT NULL UNIQUE,
            payload         TEXT NOT NULL,
            attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
            created_at      INTEGER NOT NULL,
            offline         INTEGER CHECK (offline IN (0, 1))
        ) STRICT;
        CREATE INDEX message_queue_by_transaction ON message_queue (transaction_id);

        CREATE TABLE variables (
            component           TEXT NOT NULL,
            component_instance  TEXT,
            evse_id             INTEGER,
            connector_id        INTEGER,
            variable            TEXT NOT NULL,
            variable_instance   TEXT,
            attribute           TEXT NOT NULL CHECK (attribute IN ('Actual', 'Target', 'MinSet', 'MaxSet')),
            value               TEXT NOT NULL
        ) STRICT;
        -- NULLs are distinct in a plain UNIQUE index; an empty blob stands in for a missing text part and
        -- an empty text for a missing number, values of another type that no present value can equal.
        CREATE UNIQUE INDEX variables_key ON variables (
            component, IFNULL(component_instance, X''), IFNULL(evse_id, ''), IFNULL(connector_id, ''),
            variable, IFNULL(variable_instance, X''), attribute
        );

        -- (0, 0) is the station, (n, 0) EVSE n, (n, m) connector m of EVSE n.
        CREATE TABLE availability (
            evse_id       INTEGER NOT NULL CHECK (evse_id >= 0),
            connector_id  INTEGER NOT NULL CHECK (connector_id >= 0 AND (evse_id > 0 OR connector_id = 0)),
            status        TEXT NOT NULL CHECK (status IN ('Operative', 'Inoperative')),
            PRIMARY KEY (evse_id, connector_id)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE authorization_cache (
            id_token       TEXT NOT NULL,
            id_token_type  TEXT NOT NULL,
            id_token_info  TEXT NOT NULL,
            last_used      INTEGER NOT NULL,
            expires_at     INTEGER,
            PRIMARY KEY (id_token, id_token_type)
        ) STRICT;
        CREATE INDEX authorization_cache_by_last_use ON authorization_cache (last_used);

        CREATE TABLE local_list (
            id_token       TEXT NOT NULL,
            id_token_type  TEXT NOT NULL,
            id_token_info  TEXT NOT NULL,
            PRIMARY KEY (id_token, id_token_type)
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE local_list_version (
            singleton  INTEGER NOT NULL PRIMARY KEY CHECK (singleton = 1),
            version    INTEGER NOT NULL
        ) STRICT;

        CREATE TABLE charging_profiles (
            id              INTEGER NOT NULL PRIMARY KEY,
            evse_id         INTEGER NOT NULL CHECK (evse_id >= 0),
            stack_level     INTEGER NOT NULL,
            purpose         TEXT NOT NULL,
            transaction_id  TEXT,
            profile         TEXT NOT NULL
        ) STRICT;

        CREATE TABLE key_values (
            key    TEXT NOT NULL PRIMARY KEY,
            value  TEXT NOT NULL
        ) STRICT, WITHOUT ROWID;
        """
}
