import Foundation
import OCPP
import OCPPRPC
import StationStore
import Testing

@testable import ChargingStation

/// The provisioning decisions (B05-B07, B09) as plain functions: a device model value and a few facts in,
/// the answer and the actions out. No actor, store or link.
@Suite struct ProvisioningDecisionTests {
    static let now = Date(timeIntervalSince1970: 1_764_056_344)

    static func context(
        _ model: DeviceModel = DeviceModel(evseIds: [1, 2]),
        accepted: Bool = true,
        link: LinkSettings? = nil
    ) -> Provisioning.Context {
        Provisioning.Context(
            deviceModel: model,
            now: now,
            power: [1: 7_360.4, 2: 0],
            registrationAccepted: accepted,
            linkInForce: link
        )
    }

    static func get(
        _ component: String,
        evse: Int? = nil,
        _ variable: String,
        instance: String? = nil
    )
        -> GetVariableDataType
    {
        GetVariableDataType(
            component: ComponentType(evse: evse.map { EVSEType(id: $0) }, name: component),
            variable: VariableType(name: variable, instance: instance)
        )
    }

    static func set(
        _ component: String,
        _ variable: String,
        _ value: String,
        attribute: AttributeEnumType? = nil
    ) -> SetVariableDataType {
        SetVariableDataType(
            attributeType: attribute,
            attributeValue: value,
            component: ComponentType(name: component),
            variable: VariableType(name: variable)
        )
    }

    /// Both steps of SetVariables with a store that keeps every value but those `notStored` names.
    static func setVariables(
        _ items: [SetVariableDataType],
        in context: Provisioning.Context,
        notStored: Set<String> = []
    ) throws -> (SetVariablesResponse, [Provisioning.Action]) {
        let request = SetVariablesRequest(setVariableData: items)
        let outcomes = try Provisioning.checkSetVariables(request, in: context).map {
            checked -> Provisioning.SetVariableOutcome in
            switch checked {
            case .failure(let refusal): .refused(refusal)
            case .success(let change):
                notStored.contains(change.key.variable.name) ? .notStored(change) : .stored(change)
            }
        }
        return Provisioning.setVariables(request, outcomes: outcomes, in: context)
    }

    static let tunedLink = LinkSettings(
        pingInterval: .seconds(12),
        retryBackOffWaitMinimum: .milliseconds(200),
        retryBackOffRandomRange: .zero,
        retryBackOffRepeatTimes: 0
    )

    // MARK: GetVariables (B06)

    @Test func TC_B_06_CS_getVariablesReadsTheActualValue() throws {
        let response = try Provisioning.getVariables(
            GetVariablesRequest(getVariableData: [Self.get("OCPPCommCtrlr", "HeartbeatInterval")]),
            in: Self.context()
        )
        #expect(response.getVariableResult.map(\.attributeStatus) == [.accepted])
        #expect(response.getVariableResult.map(\.attributeValue) == ["300"])
    }

    @Test func TC_B_07_CS_getVariablesAnswersEachItemInOrderWithTheClockAndPowerCurrent() throws {
        let response = try Provisioning.getVariables(
            GetVariablesRequest(getVariableData: [
                Self.get("ClockCtrlr", "DateTime"),
                Self.get("EVSE", evse: 1, "Power"),
                Self.get("OCPPCommCtrlr", "OfflineThreshold"),
            ]),
            in: Self.context()
        )
        #expect(response.getVariableResult.map(\.variable.name) == ["DateTime", "Power", "OfflineThreshold"])
        #expect(response.getVariableResult.map(\.attributeValue) == [RFC3339.string(from: Self.now), "7360", "60"])
    }

    @Test func TC_B_32_CS_TC_B_33_CS_TC_B_34_CS_unknownItemsAreAnsweredEachOnItsOwn() throws {
        let response = try Provisioning.getVariables(
            GetVariablesRequest(getVariableData: [
                Self.get("NoSuchCtrlr", "Enabled"),
                Self.get("OCPPCommCtrlr", "NoSuchVariable"),
                GetVariableDataType(
                    attributeType: .target,
                    component: ComponentType(name: "OCPPCommCtrlr"),
                    variable: VariableType(name: "HeartbeatInterval")
                ),
                Self.get("OCPPCommCtrlr", "HeartbeatInterval"),
            ]),
            in: Self.context()
        )
        #expect(
            response.getVariableResult.map(\.attributeStatus) == [
                .unknownComponent, .unknownVariable, .notSupportedAttributeType, .accepted,
            ]
        )
    }

    @Test func B06_moreItemsThanItemsPerMessageAreRefusedAsAWhole() {
        var model = DeviceModel(evseIds: [1])
        model.setInternally(.init("DeviceDataCtrlr"), .init("ItemsPerMessage", instance: "GetVariables"), value: "2")
        let three = GetVariablesRequest(getVariableData: Array(repeating: Self.get("ClockCtrlr", "DateTime"), count: 3))
        #expect(throws: RPCHandlerError.self) { try Provisioning.getVariables(three, in: Self.context(model)) }
        do throws(RPCHandlerError) {
            _ = try Provisioning.getVariables(three, in: Self.context(model))
        } catch {
            #expect(error.code == .occurrenceConstraintViolation)
        }
        let two = GetVariablesRequest(getVariableData: Array(three.getVariableData.prefix(2)))
        #expect((try? Provisioning.getVariables(two, in: Self.context(model)))?.getVariableResult.count == 2)
    }

    // MARK: SetVariables (B05)

    @Test func TC_B_09_CS_aStoredValueIsAppliedAndTheModelAdopted() throws {
        let context = Self.context()
        let (response, actions) = try Self.setVariables(
            [Self.set("OCPPCommCtrlr", "OfflineThreshold", "123")],
            in: context
        )
        #expect(response.setVariableResult.map(\.attributeStatus) == [.accepted])
        var expected = context.deviceModel
        expected.setInternally(.init("OCPPCommCtrlr"), .init("OfflineThreshold"), value: "123")
        #expect(actions == [.adoptDeviceModel(expected)])
    }

    @Test func TC_B_10_CS_eachItemStandsOnItsOwn() throws {
        let context = Self.context()
        let (response, actions) = try Self.setVariables(
            [
                Self.set("OCPPCommCtrlr", "OfflineThreshold", "abc"),
                Self.set("OCPPCommCtrlr", "OfflineThreshold", "90"),
                Self.set("TxCtrlr", "EVConnectionTimeOut", "45"),
            ],
            in: context
        )
        #expect(response.setVariableResult.map(\.attributeStatus) == [.rejected, .accepted, .accepted])
        var expected = context.deviceModel
        expected.setInternally(.init("OCPPCommCtrlr"), .init("OfflineThreshold"), value: "90")
        expected.setInternally(.init("TxCtrlr"), .init("EVConnectionTimeOut"), value: "45")
        #expect(actions == [.adoptDeviceModel(expected)])
    }

    @Test func TC_B_11_CS_anInvalidValueIsRejectedAndNothingChanges() throws {
        let (response, actions) = try Self.setVariables(
            [Self.set("OCPPCommCtrlr", "HeartbeatInterval", "-5")],
            in: Self.context()
        )
        #expect(response.setVariableResult.map(\.attributeStatus) == [.rejected])
        #expect(response.setVariableResult.first?.attributeStatusInfo?.reasonCode == "InvalidValue")
        #expect(actions.isEmpty)
    }

    @Test func TC_B_35_CS_TC_B_36_CS_TC_B_37_CS_unknownItemsAreRefusedWithTheirStatus() throws {
        let (response, actions) = try Self.setVariables(
            [
                Self.set("NoSuchCtrlr", "Enabled", "true"),
                Self.set("OCPPCommCtrlr", "NoSuchVariable", "1"),
                Self.set("OCPPCommCtrlr", "HeartbeatInterval", "60", attribute: .minSet),
            ],
            in: Self.context()
        )
        #expect(
            response.setVariableResult.map(\.attributeStatus) == [
                .unknownComponent, .unknownVariable, .notSupportedAttributeType,
            ]
        )
        #expect(
            response.setVariableResult.map(\.attributeStatusInfo?.reasonCode) == [
                "NotFound", "NotFound", "UnsupportedParam",
            ]
        )
        #expect(response.setVariableResult.last?.attributeType == .minSet)
        #expect(actions.isEmpty)
    }

    @Test func TC_B_39_CS_aReadOnlyVariableIsRejected() throws {
        let (response, actions) = try Self.setVariables(
            [Self.set("SecurityCtrlr", "SecurityProfile", "3")],
            in: Self.context()
        )
        #expect(response.setVariableResult.map(\.attributeStatus) == [.rejected])
        #expect(response.setVariableResult.first?.attributeStatusInfo?.reasonCode == "ReadOnly")
        #expect(actions.isEmpty)
    }

    @Test func B05_aValueTheStoreCouldNotKeepIsRejectedAndNotApplied() throws {
        let context = Self.context()
        let (response, actions) = try Self.setVariables(
            [Self.set("OCPPCommCtrlr", "OfflineThreshold", "123"), Self.set("TxCtrlr", "EVConnectionTimeOut", "45")],
            in: context,
            notStored: ["OfflineThreshold"]
        )
        #expect(response.setVariableResult.map(\.attributeStatus) == [.rejected, .accepted])
        #expect(response.setVariableResult.first?.attributeStatusInfo?.reasonCode == "InternalError")
        var expected = context.deviceModel
        expected.setInternally(.init("TxCtrlr"), .init("EVConnectionTimeOut"), value: "45")
        #expect(actions == [.adoptDeviceModel(expected)])
    }

    @Test func B05_aRebootRequiredValueKeepsTheValueInForceUntilTheNextStart() throws {
        let (response, actions) = try Self.setVariables(
            [Self.set("OCPPCommCtrlr", "NetworkConfigurationPriority", "1,0")],
            in: Self.context()
        )
        #expect(response.setVariableResult.map(\.attributeStatus) == [.rebootRequired])
        #expect(actions.isEmpty)
    }

    @Test func G02_aNewHeartbeatIntervalRestartsOnlyARunningHeartbeat() throws {
        let accepted = Self.context(accepted: true)
        let (_, running) = try Self.setVariables([Self.set("OCPPCommCtrlr", "HeartbeatInterval", "17")], in: accepted)
        var expected = accepted.deviceModel
        expected.setInternally(.init("OCPPCommCtrlr"), .init("HeartbeatInterval"), value: "17")
        #expect(
            running == [
                .adoptDeviceModel(expected),
                .timer(.schedule(.heartbeat, after: .seconds(17), repeating: .seconds(17))),
            ]
        )
        let (_, pending) = try Self.setVariables(
            [Self.set("OCPPCommCtrlr", "HeartbeatInterval", "17")],
            in: Self.context(accepted: false)
        )
        #expect(pending == [.adoptDeviceModel(expected)])
    }

    @Test func B05_aLinkVariableGoesToTheLinkAtOnceTheOthersStayAsTheLinkHasThem() throws {
        let (_, actions) = try Self.setVariables(
            [Self.set("OCPPCommCtrlr", "WebSocketPingInterval", "45")],
            in: Self.context(link: Self.tunedLink)
        )
        var expected = Self.tunedLink
        expected.pingInterval = .seconds(45)
        #expect(actions.last == .applyLinkSettings(expected, .setVariables))
        #expect(actions.count == 2)
    }

    @Test func B05_moreItemsThanItemsPerMessageAreRefusedAsAWhole() {
        var model = DeviceModel(evseIds: [1])
        model.setInternally(.init("DeviceDataCtrlr"), .init("ItemsPerMessage", instance: "SetVariables"), value: "1")
        let two = SetVariablesRequest(setVariableData: [
            Self.set("OCPPCommCtrlr", "OfflineThreshold", "1"), Self.set("OCPPCommCtrlr", "OfflineThreshold", "2"),
        ])
        do throws(RPCHandlerError) {
            _ = try Provisioning.checkSetVariables(two, in: Self.context(model))
            Issue.record("two items were checked with ItemsPerMessage 1")
        } catch {
            #expect(error.code == .occurrenceConstraintViolation)
        }
    }

    // MARK: GetBaseReport (B07)

    static func report(_ actions: [Provisioning.Action], requestId: Int) -> [NotifyReportRequest] {
        guard case .sendReport(requestId, let pages)? = actions.first, actions.count == 1 else { return [] }
        return pages
    }

    @Test func TC_B_12_CS_configurationInventoryHoldsTheWritableVariables() {
        let (response, actions) = Provisioning.getBaseReport(
            GetBaseReportRequest(requestId: 12, reportBase: .configurationInventory),
            in: Self.context()
        )
        #expect(response.status == .accepted)
        let data = Self.report(actions, requestId: 12).flatMap { $0.reportData ?? [] }
        #expect(data.contains { $0.variable.name == "HeartbeatInterval" })
        #expect(data.allSatisfy { item in item.variableAttribute.contains { $0.mutability != .readOnly } })
        #expect(!data.contains { $0.variable.name == "SecurityProfile" })
    }

    @Test func TC_B_13_CS_fullInventoryIsSentInPagesOfItemsPerMessage() {
        let context = Self.context()
        let (response, actions) = Provisioning.getBaseReport(
            GetBaseReportRequest(requestId: 13, reportBase: .fullInventory),
            in: context
        )
        #expect(response.status == .accepted)
        let pages = Self.report(actions, requestId: 13)
        let everything = Provisioning.current(context).reportData(.fullInventory) ?? []
        #expect(everything.count > 50)
        #expect(pages.count == (everything.count + 49) / 50)
        #expect(pages.flatMap { $0.reportData ?? [] } == everything)
        #expect(pages.map(\.seqNo) == Array(0..<pages.count))
        #expect(pages.map(\.tbc) == Array(repeating: true, count: pages.count - 1) + [false])
        #expect(pages.allSatisfy { $0.requestId == 13 && $0.generatedAt == Self.now })
    }

    @Test func B07_ItemsPerMessageGetReportIsThePageSize() {
        var model = DeviceModel(evseIds: [1])
        model.setInternally(.init("DeviceDataCtrlr"), .init("ItemsPerMessage", instance: "GetReport"), value: "7")
        let (_, actions) = Provisioning.getBaseReport(
            GetBaseReportRequest(requestId: 3, reportBase: .fullInventory),
            in: Self.context(model)
        )
        let pages = Self.report(actions, requestId: 3)
        #expect(pages.dropLast().allSatisfy { $0.reportData?.count == 7 })
        #expect((1...7).contains(pages.last?.reportData?.count ?? 0))
        let data = Array((model.reportData(.fullInventory) ?? []).prefix(3))
        let single = Provisioning.reportPages(requestId: 1, generatedAt: Self.now, data: data, itemsPerMessage: 0)
        #expect(single.map { $0.reportData?.count } == [1, 1, 1])
        #expect(single.map(\.tbc) == [true, true, false])
    }

    @Test func TC_B_15_CS_summaryInventoryIsNotSupported() {
        let (response, actions) = Provisioning.getBaseReport(
            GetBaseReportRequest(requestId: 15, reportBase: .summaryInventory),
            in: Self.context()
        )
        #expect(response.status == .notSupported)
        #expect(actions.isEmpty)
    }

    @Test func B07_nothingToReportIsAnEmptyResultSet() {
        let readOnly = DeviceModel.Variable(
            .init("ChargingStation"),
            .init("Model"),
            .init(.string),
            attributes: [.actual: .init("x", .readOnly)]
        )
        let (response, actions) = Provisioning.getBaseReport(
            GetBaseReportRequest(requestId: 4, reportBase: .configurationInventory),
            in: Self.context(DeviceModel(variables: [readOnly]))
        )
        #expect(response.status == .emptyResultSet)
        #expect(actions.isEmpty)
    }

    // MARK: SetNetworkProfile (B09)

    static func profile(
        url: String = "wss://csms.example/ocpp",
        securityProfile: Int = 2
    )
        -> NetworkConnectionProfileType
    {
        NetworkConnectionProfileType(
            ocppVersion: .ocpp20,
            ocppTransport: .json,
            ocppCsmsUrl: url,
            messageTimeout: 30,
            securityProfile: securityProfile,
            ocppInterface: .wired0
        )
    }

    static func securityProfile(_ profile: Int) -> Provisioning.Context {
        var model = DeviceModel(evseIds: [1])
        model.setInternally(.init("SecurityCtrlr"), .init("SecurityProfile"), value: String(profile))
        return Self.context(model)
    }

    @Test func B09_aValidProfileIsAcceptedAndStoredInItsSlot() {
        let (response, actions) = Provisioning.setNetworkProfile(
            SetNetworkProfileRequest(configurationSlot: 1, connectionData: Self.profile()),
            in: Self.securityProfile(2)
        )
        #expect(response == SetNetworkProfileResponse(status: .accepted))
        #expect(actions == [.storeNetworkProfile(slot: 1, Self.profile())])
        #expect(Provisioning.networkProfileNotStored.status == .failed)
    }

    @Test func TC_B_43_CS_TC_A_22_CS_aLowerSecurityProfileIsRejected() {
        let (response, actions) = Provisioning.setNetworkProfile(
            SetNetworkProfileRequest(configurationSlot: 1, connectionData: Self.profile(securityProfile: 1)),
            in: Self.securityProfile(2)
        )
        #expect(response.status == .rejected)
        #expect(response.statusInfo?.reasonCode == "LowerSecurity")
        #expect(actions == [.networkProfileRejected(slot: 1, reasonCode: "LowerSecurity")])
    }

    @Test(arguments: [
        (slot: 0, url: "wss://a.example/ocpp", security: 2, why: "ActiveSlot"),
        (slot: 9, url: "wss://a.example/ocpp", security: 2, why: "InvalidSlot"),
        (slot: 1, url: "ws://a.example/ocpp", security: 2, why: "SchemeMismatch"),
        (slot: 1, url: "wss://a.example/ocpp", security: 4, why: "InvalidProfile"),
    ])
    func B09_profilesThatCannotBeUsedAreRejectedWithTheReason(slot: Int, url: String, security: Int, why: String) {
        let (response, actions) = Provisioning.setNetworkProfile(
            SetNetworkProfileRequest(
                configurationSlot: slot,
                connectionData: Self.profile(url: url, securityProfile: security)
            ),
            in: Self.securityProfile(1)
        )
        #expect(response.status == .rejected)
        #expect(response.statusInfo?.reasonCode == why)
        #expect(actions == [.networkProfileRejected(slot: slot, reasonCode: why)])
    }

    // MARK: Loading and the boot interval

    static func start(stored: [VariableKey: String]?) -> Provisioning.Start {
        Provisioning.Start(
            stationId: "CS-0042",
            evseIds: [1, 2],
            evseDescriptions: [
                2: EVSEDescription(connectorType: .cCCS2, phases: 3, maxCurrent: 200, maxPower: 150_000)
            ],
            callTimeout: .seconds(20),
            stored: stored
        )
    }

    static func adopted(_ actions: [Provisioning.Action]) -> DeviceModel? {
        guard case .adoptDeviceModel(let model)? = actions.first else { return nil }
        return model
    }

    @Test func B05_valuesSetBeforeARestartAreLoadedAndTheLinkOnesApplied() throws {
        let stored: [VariableKey: String] = [
            VariableKey(component: "OCPPCommCtrlr", variable: "OfflineThreshold"): "99",
            VariableKey(component: "OCPPCommCtrlr", variable: "WebSocketPingInterval"): "45",
        ]
        let actions = Provisioning.load(Self.start(stored: stored), in: Self.context(link: Self.tunedLink))
        let model = try #require(Self.adopted(actions))
        #expect(model.value("OCPPCommCtrlr", "OfflineThreshold") == "99")
        #expect(model.value("SecurityCtrlr", "Identity") == "CS-0042")
        #expect(model.value("OCPPCommCtrlr", "MessageTimeout", instance: "Default") == "20")
        #expect(model.value("OCPPCommCtrlr", "RetryBackOffWaitMinimum") == "0")
        #expect(model.value("ClockCtrlr", "DateTime") == RFC3339.string(from: Self.now))
        let dc = model.variable(.init("Connector", evseId: 2, connectorId: 1), .init("ConnectorType"))
        #expect(dc?.attributes[.actual]?.value == "cCCS2")
        var expected = Self.tunedLink
        expected.pingInterval = .seconds(45)
        #expect(actions.dropFirst() == [.applyLinkSettings(expected, .setBeforeRestart)])
    }

    @Test func B05_aTunedLinkKeepsItsOwnSettingsWhenTheCSMSSetNone() throws {
        let actions = Provisioning.load(Self.start(stored: [:]), in: Self.context(link: Self.tunedLink))
        #expect(actions.count == 1)
        #expect(try #require(Self.adopted(actions)).value("OCPPCommCtrlr", "WebSocketPingInterval") == "12")
    }

    @Test func B05_anUnreadableStoreLeavesTheDefaultsAndABareLinkIsToldTheModels() throws {
        let actions = Provisioning.load(Self.start(stored: nil), in: Self.context())
        let model = try #require(Self.adopted(actions))
        #expect(model.value("OCPPCommCtrlr", "OfflineThreshold") == "60")
        #expect(actions.dropFirst() == [.applyLinkSettings(model.linkSettings, .deviceModel)])
    }

    @Test func B01_theBootIntervalBecomesHeartbeatInterval() throws {
        let actions = Provisioning.heartbeatIntervalAdopted(.seconds(90), in: Self.context())
        #expect(actions.count == 1)
        #expect(try #require(Self.adopted(actions)).heartbeatInterval == .seconds(90))
    }
}

/// A failed expectation on an action list shows the model's values, not every field of its storage.
extension DeviceModel: CustomStringConvertible {
    public var description: String {
        let values = variables.map { variable in
            let component = variable.component
            let name = [component.name, component.instance, component.evseId.map(String.init)].compactMap { $0 }
            let variableName = [variable.variable.name, variable.variable.instance].compactMap { $0 }
            return "\(name.joined(separator: "/")).\(variableName.joined(separator: "/"))="
                + (variable.attributes[.actual]?.value ?? "-")
        }
        return "DeviceModel(\(values.joined(separator: ", ")))"
    }
}
