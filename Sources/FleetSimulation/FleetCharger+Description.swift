import ChargingStation
import OCPP

/// What a fleet charger tells the CSMS it is (device model: ConnectorType, SupplyPhases, EVSE.Power).
///
/// The fleet file gives kind and rating only; the connector follows the seed's market, Korea: DC chargers
/// are CCS Combo 1 (KS C IEC 62196-3), single-phase AC chargers Type 1 (J1772), three-phase AC ones Type 2.
/// So a 200 kW DC charger reports 200 kW CCS1, not the 22 kW Type 2 a default station would.
extension FleetCharger {
    public var evseDescription: EVSEDescription {
        let watts = ratedPowerKW * 1000
        switch kind {
        case .dc:
            return EVSEDescription(
                connectorType: .cCCS1,
                phases: phases,
                maxCurrent: watts / FleetStation.dcVoltage,
                maxPower: watts
            )
        case .ac:
            return EVSEDescription(
                connectorType: phases == 1 ? .cType1 : .cType2,
                phases: phases,
                maxCurrent: min(FleetStation.offeredCurrentA, watts / (FleetStation.acVoltage * Double(phases))),
                maxPower: watts
            )
        }
    }
}
