import ChargingStation
import OCPP

/// The board's EVSEs as the station describes them to the CSMS (device model: ConnectorType, SupplyPhases,
/// EVSE.Power), handed over in `StationIdentity.evses`.
extension EVSEConfig {
    public var evseDescription: EVSEDescription {
        EVSEDescription(
            // Checked at load; `.unknown` only for a config built in code with a bad name.
            connectorType: ConnectorEnumType(rawValue: connectorType) ?? .unknown,
            phases: phases,
            maxCurrent: maxCurrentA,
            maxPower: maxPowerW
        )
    }
}

extension BoardConfig {
    /// Every EVSE's description by id.
    public var evseDescriptions: [Int: EVSEDescription] {
        Dictionary(evses.map { ($0.id, $0.evseDescription) }, uniquingKeysWith: { first, _ in first })
    }
}
