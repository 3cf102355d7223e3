import OCPP

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension SQLiteStationStore {
    // MARK: Device model

    private static let variableKeyColumns =
        "component, component_instance, evse_id, connector_id, variable, variable_instance, attribute"
    /// Matches a key, a missing part only matching NULL (`IS` compares NULLs as equal).
    private static let variableKeyMatch = """
        component = ? AND component_instance IS ? AND evse_id IS ? AND connector_id IS ? \
        AND variable = ? AND variable_instance IS ? AND attribute = ?
        """

    private static func arguments(for key: VariableKey) -> SQLiteArguments {
        [
            key.component, key.componentInstance, key.evseId, key.connectorId, key.variable, key.variableInstance,
            key.attribute.rawValue,
        ]
    }

    public func setVariable(_ key: VariableKey, value: String) throws(StoreError) {
        try write { db in
            try db.execute(
                """
                INSERT INTO variables (\(Self.variableKeyColumns), value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (component, IFNULL(component_instance, X''), IFNULL(evse_id, ''),
                    IFNULL(connector_id, ''), variable, IFNULL(variable_instance, X''), attribute)
                DO UPDATE SET value = excluded.value
                """,
                Self.arguments(for: key) + [value]
            )
        }
    }

    public func variableValue(_ key: VariableKey) throws(StoreError) -> String? {
        try read { db in
            try db.row(
                "SELECT value FROM variables WHERE \(Self.variableKeyMatch)",
                Self.arguments(for: key)
            ).map { row throws -> String in try RowReader(row: row, table: "variables")("value") }
        }
    }

    public func allVariables() throws(StoreError) -> [VariableKey: String] {
        try read { db in
            var values: [VariableKey: String] = [:]
            for row in try db.rows("SELECT \(Self.variableKeyColumns), value FROM variables") {
                let column = RowReader(row: row, table: "variables")
                let key = VariableKey(
                    component: try column("component"),
                    componentInstance: try column("component_instance"),
                    evseId: try column("evse_id"),
                    connectorId: try column("connector_id"),
                    variable: try column("variable"),
                    variableInstance: try column("variable_instance"),
                    attribute: try column.enumValue("attribute", as: AttributeEnumType.self)
                )
                values[key] = try column("value")
            }
            return values
        }
    }

    // MARK: Availability

    public func setAvailability(_ status: OperationalStatusEnumType, for scope: AvailabilityScope) throws(StoreError) {
        try StoreRules.validate(scope)
        let key = scope.storageKey
        try write { db in
            try db.execute(
                """
                INSERT INTO availability (evse_id, connector_id, status) VALUES (?, ?, ?)
                ON CONFLICT (evse_id, connector_id) DO UPDATE SET status = excluded.status
                """,
                [key.evseId, key.connectorId, status.rawValue]
            )
        }
    }

    public func availability(for scope: AvailabilityScope) throws(StoreError) -> OperationalStatusEnumType? {
        try StoreRules.validate(scope)
        let key = scope.storageKey
        return try read { db in
            try db.row(
                "SELECT status FROM availability WHERE evse_id = ? AND connector_id = ?",
                [key.evseId, key.connectorId]
            ).map { row throws -> OperationalStatusEnumType in
                try RowReader(row: row, table: "availability").enumValue("status", as: OperationalStatusEnumType.self)
            }
        }
    }

    public func allAvailability() throws(StoreError) -> [AvailabilityScope: OperationalStatusEnumType] {
        try read { db in
            var statuses: [AvailabilityScope: OperationalStatusEnumType] = [:]
            for row in try db.rows("SELECT evse_id, connector_id, status FROM availability") {
                let column = RowReader(row: row, table: "availability")
                let evseId: Int = try column("evse_id")
                let connectorId: Int = try column("connector_id")
                guard let scope = AvailabilityScope(storageKey: evseId, connectorId) else {
                    throw StoreError.corruptRow(
                        table: "availability",
                        reason: "(evse \(evseId), connector \(connectorId)) is no availability scope"
                    )
                }
                statuses[scope] = try column.enumValue("status", as: OperationalStatusEnumType.self)
            }
            return statuses
        }
    }

    // MARK: Charging profiles

    public func putChargingProfile(_ profile: StoredChargingProfile) throws(StoreError) {
        try StoreRules.validate(profile)
        try write { db in
            try db.execute(
                """
                INSERT INTO charging_profiles (id, evse_id, stack_level, purpose, transaction_id, profile)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET evse_id = excluded.evse_id, stack_level = excluded.stack_level,
                    purpose = excluded.purpose, transaction_id = excluded.transaction_id, profile = excluded.profile
                """,
                [
                    profile.id, profile.evseId, profile.stackLevel, profile.purpose.rawValue, profile.transactionId,
                    profile.profile,
                ]
            )
        }
    }

    @discardableResult
    public func removeChargingProfile(id: Int) throws(StoreError) -> Bool {
        try write { db in
            try db.execute("DELETE FROM charging_profiles WHERE id = ?", [id])
            return db.changes > 0
        }
    }

    public func allChargingProfiles() throws(StoreError) -> [StoredChargingProfile] {
        try read { db in
            try db.rows(
                "SELECT id, evse_id, stack_level, purpose, transaction_id, profile FROM charging_profiles ORDER BY id"
            ).map { row throws -> StoredChargingProfile in
                let column = RowReader(row: row, table: "charging_profiles")
                return StoredChargingProfile(
                    id: try column("id"),
                    evseId: try column("evse_id"),
                    stackLevel: try column("stack_level"),
                    purpose: try column.enumValue("purpose", as: ChargingProfilePurposeEnumType.self),
                    transactionId: try column("transaction_id"),
                    profile: try column("profile")
                )
            }
        }
    }

    // MARK: Key-values

    public func setValue(_ value: String, forKey key: String) throws(StoreError) {
        try write { db in
            try db.execute(
                """
                INSERT INTO key_values (key, value) VALUES (?, ?)
                ON CONFLICT (key) DO UPDATE SET value = excluded.value
                """,
                [key, value]
            )
        }
    }

    public func value(forKey key: String) throws(StoreError) -> String? {
        try read { db in
            try db.row("SELECT value FROM key_values WHERE key = ?", [key])
                .map { row throws -> String in try RowReader(row: row, table: "key_values")("value") }
        }
    }

    @discardableResult
    public func removeValue(forKey key: String) throws(StoreError) -> Bool {
        try write { db in
            try db.execute("DELETE FROM key_values WHERE key = ?", [key])
            return db.changes > 0
        }
    }
}
