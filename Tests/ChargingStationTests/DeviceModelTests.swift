import Foundation
import OCPP
import OCPPRPC
import StationStore
import Testing

@testable import ChargingStation

/// B05-B07 and P01 against a scripted CSMS, named after their OCTT cases.
@Suite struct DeviceModelTests {
    static func component(_ name: String, evse: Int? = nil, connector: Int? = nil) -> ComponentType {
        ComponentType(evse: evse.map { EVSEType(id: $0, connectorId: connector) }, name: name)
    }

    static func get(
        _ component: String,
        _ variable: String,
        instance: String? = nil,
        attribute: AttributeEnumType? = nil
    ) -> GetVariableDataType {
        GetVariableDataType(
            attributeType: attribute,
            component: Self.component(component),
            variable: VariableType(name: variable, instance: instance)
        )
    }

    static func set(
        _ component: String,
        _ variable: String,
        instance: String? = nil,
        attribute: AttributeEnumType? = nil,
        _ value: String
    ) -> SetVariableDataType {
        SetVariableDataType(
            attributeType: attribute,
            attributeValue: value,
            component: Self.component(component),
            variable: VariableType(name: variable, instance: instance)
        )
    }

    /// Decodes a CALLRESULT of `P`, failing the test on anything else.
    static func decode<P: OCPPPayload>(
        _ frame: OCPPFrame,
        as _: P.Type,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> P {
        guard case .callResult(_, let payload) = frame else {
            Issue.record("expected a CALLRESULT, got \(frame.encoded())", sourceLocation: sourceLocation)
            throw ScriptedCSMS.Timeout()
        }
        return try P(json: payload)
    }

    static func getVariables(_ h: StationHarness, _ data: [GetVariableDataType]) async throws -> [GetVariableResultType]
    {
        let answer = try await h.csms.call(GetVariablesRequest(getVariableData: data))
        return try decode(answer, as: GetVariablesResponse.self).getVariableResult
    }

    static func setVariables(_ h: StationHarness, _ data: [SetVariableDataType]) async throws -> [SetVariableResultType]
    {
        let answer = try await h.csms.call(SetVariablesRequest(setVariableData: data))
        return try decode(answer, as: SetVariablesResponse.self).setVariableResult
    }

    /// Sends GetBaseReport, expects Accepted, then collects and answers every NotifyReport page.
    static func baseReport(
        _ h: StationHarness,
        _ base: ReportBaseEnumType,
        requestId: Int
    ) async throws
        -> [NotifyReportRequest]
    {
        let answer = try await h.csms.call(GetBaseReportRequest(requestId: requestId, reportBase: base))
        #expect(try decode(answer, as: GetBaseReportResponse.self).status == .accepted)
        var pages: [NotifyReportRequest] = []
        repeat {
            let (id, page) = try await h.csms.expectCall(NotifyReportRequest.self)
            try await h.csms.reply(to: id, with: NotifyReportResponse())
            pages.append(page)
        } while pages.last?.tbc == true
        return pages
    }

    // MARK: GetVariables (B06)

    @Test func TC_B_06_CS_getVariablesSingleValue() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        let results = try await Self.getVariables(h, [Self.get("OCPPCommCtrlr", "OfflineThreshold")])
        #expect(results.count == 1)
        #expect(results.first?.attributeStatus == .accepted)
        #expect(results.first?.attributeValue == "60")
        #expect(results.first?.component.name == "OCPPCommCtrlr")
        #expect(results.first?.variable.name == "OfflineThreshold")
    }

    @Test func TC_B_07_CS_getVariablesMultipleValues() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        let results = try await Self.getVariables(
            h,
            [
                Self.get("OCPPCommCtrlr", "MessageTimeout", instance: "Default", attribute: .actual),
                Self.get("TxCtrlr", "TxStartPoint"),
                Self.get("SecurityCtrlr", "Identity"),
            ]
        )
        #expect(results.map(\.attributeStatus) == [.accepted, .accepted, .accepted])
        #expect(results.map(\.attributeValue) == ["30", "PowerPathClosed", "CS-TEST-01"])
        #expect(results.first?.attributeType == .actual)
        #expect(results.first?.variable.instance == "Default")
    }

    @Test func TC_B_32_CS_getVariablesUnknownComponent() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        let results = try await Self.getVariables(
            h,
            [
                Self.get("NoSuchCtrlr", "Enabled"),
                // A known component name on an EVSE the station does not have.
                GetVariableDataType(component: Self.component("EVSE", evse: 9), variable: VariableType(name: "Power")),
            ]
        )
        #expect(results.map(\.attributeStatus) == [.unknownComponent, .unknownComponent])
        #expect(results.allSatisfy { $0.attributeValue == nil })
    }

    @Test func TC_B_33_CS_getVariablesUnknownVariable() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        let results = try await Self.getVariables(
            h,
            [
                Self.get("OCPPCommCtrlr", "NoSuchVariable"),
                Self.get("OCPPCommCtrlr", "MessageTimeout", instance: "NoSuchInstance"),
            ]
        )
        #expect(results.map(\.attributeStatus) == [.unknownVariable, .unknownVariable])
    }

    @Test func TC_B_34_CS_getVariablesNotSupportedAttributeType() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        let results = try await Self.getVariables(
            h,
            [Self.get("OCPPCommCtrlr", "OfflineThreshold", attribute: .target)]
        )
        #expect(results.first?.attributeStatus == .notSupportedAttributeType)
        #expect(results.first?.attributeType == .target)
    }

    @Test func getVariablesOverItemsPerMessageIsRefusedAsAWhole() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        let items = Array(repeating: Self.get("OCPPCommCtrlr", "OfflineThreshold"), count: 51)
        let answer = try await h.csms.call(GetVariablesRequest(getVariableData: items), messageId: "g51")
        guard case .callError(let id, let code, _, _) = answer else {
            Issue.record("expected a CALLERROR, got \(answer.encoded())")
            return
        }
        #expect(id == "g51")
        #expect(code == .occurrenceConstraintViolation)
    }

    // MARK: SetVariables (B05)

    @Test func TC_B_09_CS_setVariablesSingleValue() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        let results = try await Self.setVariables(h, [Self.set("OCPPCommCtrlr", "OfflineThreshold", "123")])
        #expect(results.map(\.attributeStatus) == [.accepted])
        let read = try await Self.getVariables(h, [Self.get("OCPPCommCtrlr", "OfflineThreshold")])
        #expect(read.first?.attributeValue == "123")
        #expect(await h.station.deviceModel.offlineThreshold == .seconds(123))
    }

    @Test func TC_B_10_CS_setVariablesMultipleValues() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        let results = try await Self.setVariables(
            h,
            [
                Self.set("TxCtrlr", "TxStartPoint", "EVConnected,Authorized"),
                Self.set("SampledDataCtrlr", "TxUpdatedInterval", "15"),
                Self.set("AuthCtrlr", "AuthorizeRemoteStart", attribute: .actual, "false"),
            ]
        )
        #expect(results.map(\.attributeStatus) == [.accepted, .accepted, .accepted])
        let model = await h.station.deviceModel
        #expect(model.txStartPoints == ["EVConnected", "Authorized"])
        #expect(model.sampledDataTxUpdatedInterval == .seconds(15))
        #expect(model.authorizeRemoteStart == false)
    }

    @Test func TC_B_11_CS_setVariablesInvalidlyFormattedValues() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        let results = try await Self.setVariables(
            h,
            [
                Self.set("OCPPCommCtrlr", "OfflineThreshold", "sixty"),
                Self.set("AuthCtrlr", "LocalAuthorizeOffline", "yes"),
                Self.set("TxCtrlr", "TxStopPoint", "Sometime"),
                Self.set("SampledDataCtrlr", "TxUpdatedInterval", "-5"),
                // A valid item in the same request is still applied.
                Self.set("TxCtrlr", "EVConnectionTimeOut", "30"),
            ]
        )
        #expect(results.map(\.attributeStatus) == [.rejected, .rejected, .rejected, .rejected, .accepted])
        #expect(results.first?.attributeStatusInfo?.reasonCode == "InvalidValue")
        let model = await h.station.deviceModel
        #expect(model.offlineThreshold == .seconds(60))
        #expect(model.evConnectionTimeOut == .seconds(30))
    }

    @Test func TC_B_35_CS_setVariablesUnknownComponent() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        let results = try await Self.setVariables(h, [Self.set("NoSuchCtrlr", "Enabled", "true")])
        #expect(results.map(\.attributeStatus) == [.unknownComponent])
    }

    @Test func TC_B_36_CS_setVariablesUnknownVariable() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        let results = try await Self.setVariables(h, [Self.set("OCPPCommCtrlr", "NoSuchVariable", "1")])
        #expect(results.map(\.attributeStatus) == [.unknownVariable])
    }

    @Test func TC_B_37_CS_setVariablesNotSupportedAttributeType() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        let results = try await Self.setVariables(
            h,
            [Self.set("OCPPCommCtrlr", "OfflineThreshold", attribute: .maxSet, "100")]
        )
        #expect(results.map(\.attributeStatus) == [.notSupportedAttributeType])
        #expect(results.first?.attributeType == .maxSet)
    }

    @Test func TC_B_39_CS_setVariablesReadOnly() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        let results = try await Self.setVariables(
            h,
            [
                Self.set("SecurityCtrlr", "SecurityProfile", "2"),
                Self.set("DeviceDataCtrlr", "ItemsPerMessage", instance: "GetVariables", "5"),
            ]
        )
        #expect(results.map(\.attributeStatus) == [.rejected, .rejected])
        #expect(await h.station.deviceModel.securityProfile == 1)
    }

    @Test func setVariablesRebootRequired() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        let results = try await Self.setVariables(h, [Self.set("OCPPCommCtrlr", "NetworkConfigurationPriority", "0")])
        #expect(results.map(\.attributeStatus) == [.rebootRequired])
    }

    @Test func setHeartbeatIntervalRestartsTheHeartbeat() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted(interval: 3600)
        let results = try await Self.setVariables(h, [Self.set("OCPPCommCtrlr", "HeartbeatInterval", "17")])
        #expect(results.map(\.attributeStatus) == [.accepted])
        #expect(await h.scheduled(.heartbeat) == .seconds(17))
        h.clock.advance(by: .seconds(17))
        let (id, _) = try await h.csms.expectCall(HeartbeatRequest.self)
        try await h.csms.reply(to: id, with: HeartbeatResponse(currentTime: StationHarness.csmsTime))
    }

    @Test func valuesSetByTheCSMSSurviveARestart() async throws {
        let h = StationHarness()
        try await h.bootAccepted()
        let results = try await Self.setVariables(
            h,
            [
                Self.set("SecurityCtrlr", "OrganizationName", "E-Mart"),
                Self.set("OCPPCommCtrlr", "MessageAttempts", instance: "TransactionEvent", "7"),
            ]
        )
        #expect(results.map(\.attributeStatus) == [.accepted, .accepted])
        h.stop()

        let rebooted = StationHarness(store: h.store)
        defer { rebooted.stop() }
        try await rebooted.bootAccepted()
        let read = try await Self.getVariables(
            rebooted,
            [
                Self.get("SecurityCtrlr", "OrganizationName"),
                Self.get("OCPPCommCtrlr", "MessageAttempts", instance: "TransactionEvent"),
            ]
        )
        #expect(read.map(\.attributeValue) == ["E-Mart", "7"])
        #expect(await rebooted.station.deviceModel.messageAttemptsTransactionEvent == 7)
    }

    // MARK: GetBaseReport (B07)

    @Test func TC_B_12_CS_getBaseReportConfigurationInventory() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        let pages = try await Self.baseReport(h, .configurationInventory, requestId: 12)
        let data = pages.flatMap { $0.reportData ?? [] }
        #expect(!data.isEmpty)
        #expect(data.allSatisfy { item in item.variableAttribute.contains { $0.mutability != .readOnly } })
        #expect(data.contains { $0.component.name == "OCPPCommCtrlr" && $0.variable.name == "HeartbeatInterval" })
        #expect(!data.contains { $0.variable.name == "SecurityProfile" })
        #expect(pages.allSatisfy { $0.requestId == 12 })
    }

    @Test func TC_B_13_CS_getBaseReportFullInventory() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        let pages = try await Self.baseReport(h, .fullInventory, requestId: 13)
        // The full inventory does not fit one page of ItemsPerMessage(GetReport) = 50.
        #expect(pages.count >= 2)
        #expect(pages.map(\.seqNo) == Array(0..<pages.count))
        #expect(pages.dropLast().allSatisfy { $0.tbc == true })
        #expect(pages.last?.tbc != true)
        #expect(pages.allSatisfy { $0.requestId == 13 && ($0.reportData?.count ?? 0) <= 50 })
        #expect(Set(pages.map(\.generatedAt)).count == 1)
        let data = pages.flatMap { $0.reportData ?? [] }
        #expect(data.contains { $0.variable.name == "SecurityProfile" })
        #expect(data.allSatisfy { $0.variableCharacteristics != nil && !$0.variableAttribute.isEmpty })
    }

    @Test func getBaseReportSummaryInventoryIsNotSupported() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        let answer = try await h.csms.call(GetBaseReportRequest(requestId: 1, reportBase: .summaryInventory))
        #expect(try Self.decode(answer, as: GetBaseReportResponse.self).status == .notSupported)
        await h.csms.expectSilence()
    }

    @Test func getBaseReportWhilePendingIsSent() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.boot(.pending, interval: 300)
        #expect(await h.until { $0.registrationStatus == .pending })
        let pages = try await Self.baseReport(h, .configurationInventory, requestId: 2)
        #expect(!pages.isEmpty)
    }

    @Test func TC_B_53_CS_everyRequiredVariableInFullInventory() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        let data = try await Self.baseReport(h, .fullInventory, requestId: 53).flatMap { $0.reportData ?? [] }
        struct Name: Hashable {
            var component: String
            var evse: Int?
            var connector: Int?
            var variable: String
            var instance: String?
        }
        let reported = Set(
            data.map {
                Name(
                    component: $0.component.name,
                    evse: $0.component.evse?.id,
                    connector: $0.component.evse?.connectorId,
                    variable: $0.variable.name,
                    instance: $0.variable.instance
                )
            }
        )
        var required = DeviceModel.requiredVariables.map {
            Name(component: $0.component, variable: $0.variable, instance: $0.instance)
        }
        for evse in 1...2 {
            required += DeviceModel.requiredEVSEVariables.map { Name(component: "EVSE", evse: evse, variable: $0) }
            required += DeviceModel.requiredConnectorVariables.map {
                Name(component: "Connector", evse: evse, connector: 1, variable: $0)
            }
        }
        for name in required {
            #expect(reported.contains(name), "missing \(name)")
        }
    }

    // MARK: DataTransfer (P01) and CustomData

    @Test func TC_P_01_CS_dataTransferUnknownVendorAndMessage() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        let unknownVendor = try await h.csms.call(DataTransferRequest(messageId: "x", vendorId: "org.example.other"))
        #expect(try Self.decode(unknownVendor, as: DataTransferResponse.self).status == .unknownVendorId)
        let unknownMessage = try await h.csms.call(DataTransferRequest(messageId: "nope", vendorId: "charger-agent"))
        #expect(try Self.decode(unknownMessage, as: DataTransferResponse.self).status == .unknownMessageId)
    }

    @Test func TC_P_03_CS_customDataInARequestIsAccepted() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        var extra = JSONObject()
        extra.append("note", .string("anything"))
        let custom = CustomDataType(vendorId: "org.example.csms", extra: extra)
        let request = GetVariablesRequest(
            customData: custom,
            getVariableData: [
                GetVariableDataType(
                    customData: custom,
                    component: ComponentType(customData: custom, name: "OCPPCommCtrlr"),
                    variable: VariableType(customData: custom, name: "OfflineThreshold")
                )
            ]
        )
        let answer = try await h.csms.call(request)
        let results = try Self.decode(answer, as: GetVariablesResponse.self).getVariableResult
        #expect(results.map(\.attributeStatus) == [.accepted])
    }
}
