import OCPP

extension DeviceModel {
    /// Availability (G) and the physical components: the station, its EVSEs and connectors.
    static func addAvailabilityVariables(_ catalogue: inout VariableCatalogue, evseIds: [Int]) {
        // The station, its EVSEs and connectors (Part 2 Appendix, physical components). What the hardware
        // is (connector type, phases, power) comes from `hardwareVariables`; until the station describes its
        // EVSEs (`describeHardware`), every EVSE is `EVSEDescription.standardAC`.
        let station = ComponentAddress("ChargingStation")
        let states = Characteristics(.optionList, valuesList: availabilityStates)
        catalogue.add(station, "AvailabilityState", "Available", .readOnly, states, persistent: false)
        catalogue.add(station, "Available", "true", .readOnly, catalogue.boolean, constant: true)
        for evseId in evseIds {
            let evse = ComponentAddress("EVSE", evseId: evseId)
            catalogue.add(evse, "AvailabilityState", "Available", .readOnly, states, persistent: false)
            catalogue.add(evse, "Available", "true", .readOnly, catalogue.boolean, constant: true)
            let connector = ComponentAddress("Connector", evseId: evseId, connectorId: 1)
            catalogue.add(connector, "AvailabilityState", "Available", .readOnly, states, persistent: false)
            catalogue.add(connector, "Available", "true", .readOnly, catalogue.boolean, constant: true)
        }
        catalogue.variables += hardwareVariables(evseIds: evseIds) { _ in .standardAC }
    }
}
