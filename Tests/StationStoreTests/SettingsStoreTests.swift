import Foundation
import OCPP
import StationStore
import Testing

@Suite("Device model, availability, charging profiles, key-values")
struct SettingsStoreTests {
    @Test(arguments: StoreKind.allCases)
    func variables(_ kind: StoreKind) throws {
        let store = try kind.makeStore().store
        let interval = VariableKey(component: "SampledDataCtrlr", variable: "TxUpdatedInterval")
        let evseTarget = VariableKey(
            component: "EVSE",
            evseId: 1,
            variable: "Power",
            attribute: .target
        )
        let emptyInstance = VariableKey(
            component: "SampledDataCtrlr",
            componentInstance: "",
            variable: "TxUpdatedInterval"
        )
        let stationWide = VariableKey(component: "EVSE", evseId: 0, variable: "Power", attribute: .target)
        #expect(try store.variableValue(interval) == nil)

        try store.setVariable(interval, value: "60")
        try store.setVariable(evseTarget, value: "11000")
        try store.setVariable(emptyInstance, value: "a")
        try store.setVariable(stationWide, value: "22000")
        try store.setVariable(interval, value: "30")

        #expect(try store.variableValue(interval) == "30")
        #expect(try store.variableValue(evseTarget) == "11000")
        #expect(try store.variableValue(emptyInstance) == "a")
        #expect(try store.variableValue(stationWide) == "22000")
        var actual = evseTarget
        actual.attribute = .actual
        #expect(try store.variableValue(actual) == nil)
        #expect(
            try store.allVariables() == [interval: "30", evseTarget: "11000", emptyInstance: "a", stationWide: "22000"]
        )
    }

    @Test(arguments: StoreKind.allCases)
    func availability(_ kind: StoreKind) throws {
        let store = try kind.makeStore().store
        #expect(try store.availability(for: .station) == nil)
        try store.setAvailability(.inoperative, for: .station)
        try store.setAvailability(.inoperative, for: .evse(1))
        try store.setAvailability(.operative, for: .connector(evseId: 1, connectorId: 2))
        try store.setAvailability(.operative, for: .station)

        #expect(try store.availability(for: .station) == .operative)
        #expect(try store.availability(for: .evse(1)) == .inoperative)
        #expect(try store.availability(for: .evse(2)) == nil)
        #expect(try store.availability(for: .connector(evseId: 1, connectorId: 2)) == .operative)
        #expect(
            try store.allAvailability() == [
                .station: .operative, .evse(1): .inoperative, .connector(evseId: 1, connectorId: 2): .operative,
            ]
        )
        for invalid: AvailabilityScope in [
            .evse(0), .connector(evseId: 0, connectorId: 1), .connector(evseId: 1, connectorId: 0),
        ] {
            guard case .invalidArgument = caught({ try store.setAvailability(.operative, for: invalid) }) else {
                Issue.record("\(invalid) must be refused")
                continue
            }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func chargingProfiles(_ kind: StoreKind) throws {
        let store = try kind.makeStore().store
        let max = StoredChargingProfile(
            id: 2,
            evseId: 0,
            stackLevel: 0,
            purpose: .chargingStationMaxProfile,
            profile: #"{"id":2,"stackLevel":0}"#
        )
        var tx = StoredChargingProfile(
            id: 1,
            evseId: 1,
            stackLevel: 3,
            purpose: .txProfile,
            transactionId: "a",
            profile: #"{"id":1,"stackLevel":3}"#
        )
        try store.putChargingProfile(max)
        try store.putChargingProfile(tx)
        #expect(try store.allChargingProfiles() == [tx, max])

        tx.stackLevel = 4
        try store.putChargingProfile(tx)
        #expect(try store.allChargingProfiles() == [tx, max])
        #expect(try store.removeChargingProfile(id: 1))
        #expect(try !store.removeChargingProfile(id: 1))
        #expect(try store.allChargingProfiles() == [max])

        var broken = max
        broken.profile = "not json"
        #expect(caught { try store.putChargingProfile(broken) } != nil)
        #expect(try store.allChargingProfiles() == [max])
    }

    @Test(arguments: StoreKind.allCases)
    func keyValues(_ kind: StoreKind) throws {
        let store = try kind.makeStore().store
        #expect(try store.value(forKey: "bootReason") == nil)
        try store.setValue("PowerUp", forKey: "bootReason")
        try store.setValue("clean", forKey: "shutdown")
        try store.setValue("ScheduledReset", forKey: "bootReason")
        #expect(try store.value(forKey: "bootReason") == "ScheduledReset")
        #expect(try store.removeValue(forKey: "shutdown"))
        #expect(try !store.removeValue(forKey: "shutdown"))
        #expect(try store.value(forKey: "shutdown") == nil)
    }
}
