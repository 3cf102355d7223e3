import OCPP

/// The variables that describe the hardware (Part 2 Appendix, physical components): the station's and
/// each EVSE's SupplyPhases, each EVSE's Power with its maximum, each connector's ConnectorType.
///
/// The catalogue is built before the station knows its EVSEs' descriptions (`DeviceModel(evseIds:)`), so
/// these are built by one function for both: the catalogue with the standard AC description, and
/// `describeHardware` with what the board file says, replacing them in place (reports keep their order).
extension DeviceModel {
    static func hardwareVariables(
        evseIds: [Int],
        _ describe: (Int) -> EVSEDescription
    ) -> [Variable] {
        let phases = Characteristics(.integer, minLimit: 0, maxLimit: 3)
        func constant(
            _ component: ComponentAddress,
            _ name: String,
            _ value: String,
            _ kind: Characteristics
        ) -> Variable {
            Variable(
                component,
                VariableAddress(name),
                kind,
                attributes: [.actual: Attribute(value, .readOnly, constant: true)]
            )
        }
        var all: [Variable] = []
        let descriptions = evseIds.map { ($0, describe($0)) }
        // The station supplies as many phases as its best-supplied EVSE (0 when every EVSE is DC).
        let stationPhases = descriptions.map(\.1.supplyPhases).max() ?? 0
        all.append(constant(ComponentAddress("ChargingStation"), "SupplyPhases", "\(stationPhases)", phases))
        for (evseId, description) in descriptions {
            let evse = ComponentAddress("EVSE", evseId: evseId)
            let maxPower = Self.decimalText(description.maxPower)
            all.append(
                Variable(
                    evse,
                    VariableAddress("Power"),
                    Characteristics(.decimal, unit: "W", minLimit: 0, maxLimit: description.maxPower),
                    attributes: [
                        // The instantaneous power; `refreshPower` keeps it current from the meter.
                        .actual: Attribute("0", .readOnly, persistent: false),
                        .maxSet: Attribute(maxPower, .readOnly, constant: true),
                    ]
                )
            )
            all.append(constant(evse, "SupplyPhases", "\(description.supplyPhases)", phases))
            let connector = ComponentAddress("Connector", evseId: evseId, connectorId: 1)
            all.append(
                constant(
                    connector,
                    "ConnectorType",
                    description.connectorType.rawValue,
                    Characteristics(.optionList, valuesList: ConnectorEnumType.allCases.map(\.rawValue))
                )
            )
            all.append(constant(connector, "SupplyPhases", "\(description.supplyPhases)", phases))
        }
        return all
    }

    /// Replaces the hardware variables with the EVSEs' real descriptions (from the board file).
    mutating func describeHardware(evseIds: [Int], _ describe: (Int) -> EVSEDescription) {
        for variable in Self.hardwareVariables(evseIds: evseIds, describe) {
            add(variable)
        }
    }

    /// Sets EVSE `evseId`'s Power.Actual to `watts` (the last meter reading).
    mutating func refreshPower(evseId: Int, watts: Double) {
        setInternally(
            ComponentAddress("EVSE", evseId: evseId),
            VariableAddress("Power"),
            value: Self.decimalText(max(0, watts).rounded())
        )
    }

    /// A decimal as the device model writes it: whole numbers without a fraction ("22000", not "22000.0").
    static func decimalText(_ value: Double) -> String {
        if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
