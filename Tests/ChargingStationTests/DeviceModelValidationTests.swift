import OCPP
import StationStore
import Testing

@testable import ChargingStation

/// The `DeviceModel` value type on its own: value validation, Set/Get outcomes, loading stored values.
@Suite struct DeviceModelValidationTests {
    typealias C = DeviceModel.Characteristics

    @Test func integerValues() {
        let seconds = C(.integer, minLimit: 0, maxLimit: 3600)
        #expect(DeviceModel.validate("0", against: seconds) == nil)
        #expect(DeviceModel.validate("3600", against: seconds) == nil)
        #expect(DeviceModel.validate("3601", against: seconds) != nil)
        #expect(DeviceModel.validate("-1", against: seconds) != nil)
        #expect(DeviceModel.validate("1.5", against: seconds) != nil)
        #expect(DeviceModel.validate("", against: seconds) != nil)
        #expect(DeviceModel.validate(" 5", against: seconds) != nil)
    }

    @Test func decimalValues() {
        let power = C(.decimal, minLimit: 0, maxLimit: 22_000)
        #expect(DeviceModel.validate("11000.5", against: power) == nil)
        #expect(DeviceModel.validate("7", against: power) == nil)
        #expect(DeviceModel.validate("nan", against: power) != nil)
        #expect(DeviceModel.validate("inf", against: power) != nil)
        #expect(DeviceModel.validate("22000.1", against: power) != nil)
        #expect(DeviceModel.validate("abc", against: power) != nil)
    }

    @Test func booleanValues() {
        #expect(DeviceModel.validate("true", against: C(.boolean)) == nil)
        #expect(DeviceModel.validate("false", against: C(.boolean)) == nil)
        #expect(DeviceModel.validate("True", against: C(.boolean)) != nil)
        #expect(DeviceModel.validate("1", against: C(.boolean)) != nil)
    }

    @Test func dateTimeValues() {
        #expect(DeviceModel.validate("2025-11-25T08:00:00Z", against: C(.dateTime)) == nil)
        #expect(DeviceModel.validate("yesterday", against: C(.dateTime)) != nil)
    }

    @Test func listValues() {
        let values = ["A", "B", "C"]
        #expect(DeviceModel.validate("B", against: C(.optionList, valuesList: values)) == nil)
        #expect(DeviceModel.validate("B,C", against: C(.optionList, valuesList: values)) != nil)
        #expect(DeviceModel.validate("A,C", against: C(.memberList, valuesList: values)) == nil)
        #expect(DeviceModel.validate("", against: C(.memberList, valuesList: values)) == nil)
        #expect(DeviceModel.validate("A,A", against: C(.memberList, valuesList: values)) != nil)
        #expect(DeviceModel.validate("A,D", against: C(.memberList, valuesList: values)) != nil)
        #expect(DeviceModel.validate("C,A", against: C(.sequenceList, valuesList: values)) == nil)
        #expect(DeviceModel.validate("", against: C(.sequenceList, valuesList: values)) != nil)
        #expect(DeviceModel.validate("A,,B", against: C(.sequenceList, valuesList: values)) != nil)
    }

    @Test func stringValues() {
        #expect(DeviceModel.validate(String(repeating: "x", count: 1000), against: C(.string)) == nil)
        #expect(DeviceModel.validate(String(repeating: "x", count: 1001), against: C(.string)) != nil)
        #expect(DeviceModel.validate("abcdef", against: C(.string, maxLimit: 5)) != nil)
    }

    @Test func writeOnlyIsRejectedOnGetAndOmittedFromReports() {
        let security = DeviceModel.ComponentAddress("SecurityCtrlr")
        let password = DeviceModel.Variable(
            security,
            .init("BasicAuthPassword"),
            C(.string, maxLimit: 40),
            attributes: [.actual: .init("secret", .writeOnly)]
        )
        var model = DeviceModel(variables: [password])
        let read = model.get(
            GetVariableDataType(
                component: ComponentType(name: "SecurityCtrlr"),
                variable: VariableType(name: "BasicAuthPassword")
            )
        )
        #expect(read.attributeStatus == .rejected)
        #expect(read.attributeValue == nil)
        let report = model.reportData(.configurationInventory)
        #expect(report?.count == 1)
        #expect(report?.first?.variableAttribute.first?.value == nil)
        #expect(report?.first?.variableAttribute.first?.mutability == .writeOnly)
        // It can still be written.
        let change = model.check(
            component: ComponentType(name: "SecurityCtrlr"),
            variable: VariableType(name: "BasicAuthPassword"),
            attribute: nil,
            value: "another"
        )
        guard case .success(let accepted) = change else {
            Issue.record("expected the change to pass, got \(change)")
            return
        }
        #expect(model.apply(accepted).isEmpty)
        #expect(model.variable(security, .init("BasicAuthPassword"))?.attributes[.actual]?.value == "another")
    }

    @Test func checkReportsEachRefusal() {
        let model = DeviceModel(evseIds: [1])
        func status(
            _ component: ComponentType,
            _ variable: String,
            _ value: String,
            _ attribute: AttributeEnumType? = nil
        )
            -> SetVariableStatusEnumType?
        {
            switch model.check(
                component: component,
                variable: VariableType(name: variable),
                attribute: attribute,
                value: value
            ) {
            case .success(let change): change.rebootRequired ? .rebootRequired : .accepted
            case .failure(let refusal): refusal.status
            }
        }
        let comm = ComponentType(name: "OCPPCommCtrlr")
        #expect(status(comm, "OfflineThreshold", "30") == .accepted)
        #expect(status(comm, "OfflineThreshold", "x") == .rejected)
        #expect(status(comm, "OfflineThreshold", "30", .minSet) == .notSupportedAttributeType)
        #expect(status(comm, "Nope", "30") == .unknownVariable)
        #expect(status(ComponentType(name: "Nope"), "OfflineThreshold", "30") == .unknownComponent)
        #expect(status(comm, "FileTransferProtocols", "FTP") == .rejected)
        #expect(status(comm, "NetworkConfigurationPriority", "0") == .rebootRequired)
        let evse = ComponentType(evse: EVSEType(id: 1), name: "EVSE")
        #expect(status(evse, "Power", "100", .maxSet) == .rejected)
        #expect(status(ComponentType(evse: EVSEType(id: 2), name: "EVSE"), "Power", "1") == .unknownComponent)
    }

    @Test func loadIgnoresStoredValuesThatNoLongerFit() {
        var model = DeviceModel(evseIds: [1])
        model.load(from: [
            VariableKey(component: "OCPPCommCtrlr", variable: "OfflineThreshold"): "90",
            VariableKey(component: "OCPPCommCtrlr", variable: "HeartbeatInterval"): "not a number",
            VariableKey(component: "SecurityCtrlr", variable: "SecurityProfile"): "3",
            VariableKey(component: "Gone", variable: "Gone"): "1",
        ])
        #expect(model.offlineThreshold == .seconds(90))
        #expect(model.heartbeatInterval == .seconds(300))
        #expect(model.securityProfile == 1)
    }

    @Test func heartbeatIntervalChangeIsAnEffect() {
        var model = DeviceModel(evseIds: [])
        let checked = model.check(
            component: ComponentType(name: "OCPPCommCtrlr"),
            variable: VariableType(name: "HeartbeatInterval"),
            attribute: .actual,
            value: "45"
        )
        guard case .success(let change) = checked else {
            Issue.record("expected the change to pass, got \(checked)")
            return
        }
        #expect(model.apply(change) == [.heartbeatIntervalChanged(.seconds(45))])
        #expect(model.heartbeatInterval == .seconds(45))
    }

    @Test func typedAccessorsReadTheDefaults() {
        let model = DeviceModel(evseIds: [1, 2])
        #expect(model.txStartPoints == ["PowerPathClosed"])
        #expect(model.txStopPoints == ["EVConnected", "Authorized"])
        #expect(model.messageAttemptsTransactionEvent == 3)
        #expect(model.messageAttemptIntervalTransactionEvent == .seconds(60))
        #expect(model.sampledDataTxUpdatedMeasurands == [.energyActiveImportRegister, .powerActiveImport])
        #expect(model.alignedDataInterval == .seconds(900))
        #expect(model.itemsPerMessageGetVariables == 50)
    }
}
