import GRDB

extension StoreError {
    /// The store error for anything thrown while using the database.
    init(_ error: any Error) {
        if let error = error as? StoreError {
            self = error
            return
        }
        guard let error = error as? DatabaseError else {
            self = .database("\(error)")
            return
        }
        let message = error.message ?? "\(error)"
        switch error.resultCode {
        case .SQLITE_CONSTRAINT:
            self = .constraintViolated(message)
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            self = .corruptDatabase(message)
        case .SQLITE_IOERR, .SQLITE_FULL, .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_BUSY, .SQLITE_LOCKED,
            .SQLITE_PROTOCOL, .SQLITE_PERM:
            self = .io("\(message) (SQLite result code \(error.extendedResultCode.rawValue))")
        default:
            self = .database("\(message) (SQLite result code \(error.extendedResultCode.rawValue))")
        }
    }
}

/// Reads the columns of one row, reporting a value that does not fit as a corrupt row of its table
/// instead of trapping as GRDB's non-throwing subscripts would.
struct RowReader {
    let row: Row
    let table: String

    func callAsFunction<Value: DatabaseValueConvertible>(
        _ column: String,
        as type: Value.Type = Value.self
    ) throws(StoreError) -> Value {
        do {
            return try row.decode(Value.self, forColumn: column)
        } catch {
            let stored = row[column] as DatabaseValue? ?? .null
            throw .corruptRow(table: table, reason: "column \(column) holds \(stored), not a \(Value.self)")
        }
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
