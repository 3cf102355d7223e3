import CSQLite

extension StoreError {
    /// The store error for anything thrown while using the database.
    init(_ error: any Error) {
        if let error = error as? StoreError {
            self = error
            return
        }
        guard let error = error as? SQLiteError else {
            self = .database("\(error)")
            return
        }
        let message = error.message
        switch error.resultCode {
        case SQLITE_CONSTRAINT:
            self = .constraintViolated(message)
        case SQLITE_CORRUPT, SQLITE_NOTADB:
            self = .corruptDatabase(message)
        case SQLITE_IOERR, SQLITE_FULL, SQLITE_READONLY, SQLITE_CANTOPEN,
            SQLITE_BUSY, SQLITE_LOCKED, SQLITE_PROTOCOL, SQLITE_PERM:
            self = .io("\(message) (SQLite result code \(error.extendedResultCode))")
        default:
            self = .database("\(message) (SQLite result code \(error.extendedResultCode))")
        }
    }
}

/// Reads the columns of one row, reporting a value that does not fit as a corrupt row of its table
/// instead of trapping.
struct RowReader {
    let row: SQLiteRow
    let table: String

    func callAsFunction<Value: SQLiteDecodable>(
        _ column: String,
        as type: Value.Type = Value.self
    ) throws(StoreError) -> Value {
        guard row.hasColumn(column) else {
            throw .corruptRow(table: table, reason: "no column \(column)")
        }
        let stored = row[column]
        guard let value = Value.decode(stored) else {
            throw .corruptRow(table: table, reason: "column \(column) holds \(stored), not a \(Value.self)")
        }
        return value
    }

    /// A column holding the raw value of an enum.
    func enumValue<E: RawRepresentable>(_ column: String, as type: E.Type) throws(StoreError) -> E
    where E.RawValue == String {
        let raw: String = try self(column)
        guard let value = E(rawValue: raw) else {
            throw .corruptRow(table: table, reason: "column \(column) holds '\(raw)', not a \(E.self)")
        }
        return value
    }
}
