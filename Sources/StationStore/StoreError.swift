/// Why a station store could not do what was asked.
///
/// Every failure of the store surfaces as one of these cases, never as a crash: a row that cannot be
/// decoded is reported with its table, so the station can log it and carry on with the rest of its state.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The database file could not be opened or is not a database at all.
    case cannotOpen(path: String, reason: String)
    /// A schema migration failed; the file is left as it was before that migration.
    case migrationFailed(migration: String, reason: String)
    /// The file was written by a newer schema than this build knows; it is refused rather than misread.
    case newerSchema(path: String, found: String, supportedVersion: Int)
    /// A write broke a uniqueness, foreign-key or check constraint; nothing of that write was kept.
    case constraintViolated(String)
    /// A stored row cannot be turned back into a value.
    case corruptRow(table: String, reason: String)
    /// The database file itself is damaged.
    case corruptDatabase(String)
    /// The record to change does not exist.
    case notFound(String)
    /// The caller passed a value the store refuses to keep (it could never be read back or sent).
    case invalidArgument(String)
    /// Reading or writing the file failed: disk full, I/O error, read-only file system, lock held too long.
    case io(String)
    /// Any other database error, with SQLite's own message.
    case database(String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            "cannot open the station store at \(path): \(reason)"
        case .migrationFailed(let migration, let reason):
            "station store migration \(migration) failed: \(reason)"
        case .newerSchema(let path, let found, let supported):
            "the station store at \(path) was written by a newer version (\(found)); this build supports "
                + "schema version \(supported) and refuses to open it rather than misread it"
        case .constraintViolated(let reason):
            "station store constraint violated: \(reason)"
        case .corruptRow(let table, let reason):
            "unreadable row in station store table \(table): \(reason)"
        case .corruptDatabase(let reason):
            "the station store database is corrupt: \(reason)"
        case .notFound(let what):
            "not in the station store: \(what)"
        case .invalidArgument(let reason):
            "refused by the station store: \(reason)"
        case .io(let reason):
            "station store I/O error: \(reason)"
        case .database(let reason):
            "station store database error: \(reason)"
        }
    }
}
