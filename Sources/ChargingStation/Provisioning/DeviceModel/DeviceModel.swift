import OCPP
import StationStore

/// The station's device model (OCPP 2.0.1 Part 2 §B, Part 1 §4): components, variables and their values.
///
/// A value type: it answers GetVariables, checks and applies SetVariables and produces the report data of
/// GetBaseReport, and returns what the station has to carry out (persisting a value, restarting a timer).
/// The station actor owns one and does the I/O. The catalogue of variables is in `DeviceModel+Catalogue.swift`,
/// the typed accessors the other blocks read are in `DeviceModel+Accessors.swift`.
struct DeviceModel: Sendable, Equatable {
    /// Names a component as the CSMS addresses it: name, instance and EVSE/connector.
    struct ComponentAddress: Sendable, Hashable {
        var name: String
        var instance: String?
        var evseId: Int?
        var connectorId: Int?

        init(_ name: String, instance: String? = nil, evseId: Int? = nil, connectorId: Int? = nil) {
            self.name = name
            self.instance = instance
            self.evseId = evseId
            self.connectorId = connectorId
        }

        init(_ component: ComponentType) {
            self.init(
                component.name,
                instance: component.instance,
                evseId: component.evse?.id,
                connectorId: component.evse?.connectorId
            )
        }

        var ocpp: ComponentType {
            ComponentType(
                evse: evseId.map { EVSEType(id: $0, connectorId: connectorId) },
                name: name,
                instance: instance
            )
        }
    }

    /// Names a variable within its component.
    struct VariableAddress: Sendable, Hashable {
        var name: String
        var instance: String?

        init(_ name: String, instance: String? = nil) {
            self.name = name
            self.instance = instance
        }

        init(_ variable: VariableType) {
            self.init(variable.name, instance: variable.instance)
        }

        var ocpp: VariableType { VariableType(name: name, instance: instance) }
    }

    /// One attribute (Actual, Target, MinSet or MaxSet) of a variable.
    struct Attribute: Sendable, Equatable {
        var value: String
        var mutability: MutabilityEnumType
        var persistent: Bool
        var constant: Bool

        init(_ value: String, _ mutability: MutabilityEnumType, persistent: Bool = true, constant: Bool = false) {
            self.value = value
            self.mutability = mutability
            self.persistent = persistent
            self.constant = constant
        }
    }

    /// What values a variable takes (Part 2 §2.52 VariableCharacteristicsType).
    struct Characteristics: Sendable, Equatable {
        var dataType: DataEnumType
        var unit: String?
        /// For strings the minimum and maximum length; for numbers the range.
        var minLimit: Double?
        var maxLimit: Double?
        /// The allowed members of an OptionList, MemberList or SequenceList.
        var valuesList: [String]?
        var supportsMonitoring: Bool

        init(
            _ dataType: DataEnumType,
            unit: String? = nil,
            minLimit: Double? = nil,
            maxLimit: Double? = nil,
            valuesList: [String]? = nil,
            supportsMonitoring: Bool = false
        ) {
            self.dataType = dataType
            self.unit = unit
            self.minLimit = minLimit
            self.maxLimit = maxLimit
            self.valuesList = valuesList
            self.supportsMonitoring = supportsMonitoring
        }

        var ocpp: VariableCharacteristicsType {
            VariableCharacteristicsType(
                unit: unit,
                dataType: dataType,
                minLimit: minLimit,
                maxLimit: maxLimit,
                valuesList: valuesList?.joined(separator: ","),
                supportsMonitoring: supportsMonitoring
            )
        }
    }

    /// One variable of one component with its attributes.
    struct Variable: Sendable, Equatable {
        var component: ComponentAddress
        var variable: VariableAddress
        var attributes: [AttributeEnumType: Attribute]
        var characteristics: Characteristics
        /// A new value takes effect only after a reboot: SetVariables answers RebootRequired.
        var rebootRequired: Bool

        init(
            _ component: ComponentAddress,
            _ variable: VariableAddress,
            _ characteristics: Characteristics,
            attributes: [AttributeEnumType: Attribute],
            rebootRequired: Bool = false
        ) {
            self.component = component
            self.variable = variable
            self.characteristics = characteristics
            self.attributes = attributes
            self.rebootRequired = rebootRequired
        }

        /// True when the CSMS may write at least one attribute (the ConfigurationInventory criterion).
        var isConfigurable: Bool {
            attributes.values.contains { $0.mutability != .readOnly }
        }

        func reportData() -> ReportDataType {
            let order: [AttributeEnumType] = [.actual, .target, .minSet, .maxSet]
            return ReportDataType(
                component: component.ocpp,
                variable: variable.ocpp,
                variableAttribute: order.compactMap { type in
                    attributes[type].map { attribute in
                        VariableAttributeType(
                            type: type,
                            // A WriteOnly value (a password) is never reported (B06, B07).
                            value: attribute.mutability == .writeOnly ? nil : attribute.value,
                            mutability: attribute.mutability,
                            persistent: attribute.persistent,
                            constant: attribute.constant
                        )
                    }
                },
                variableCharacteristics: characteristics.ocpp
            )
        }
    }

    struct Key: Sendable, Hashable {
        var component: ComponentAddress
        var variable: VariableAddress
    }

    /// The maximum length of a string value this station accepts (and reports as ValueSize).
    static let maxValueLength = 1000

    /// Every variable, in catalogue order (the order reports list them in).
    private(set) var variables: [Variable] = []
    private var index: [Key: Int] = [:]
    private var components: Set<ComponentAddress> = []

    /// The standard catalogue for a station with these EVSEs (one connector each).
    init(evseIds: [Int]) {
        for variable in Self.catalogue(evseIds: evseIds) {
            add(variable)
        }
    }

    /// An empty model, or one made of exactly these variables (for tests).
    init(variables: [Variable]) {
        for variable in variables {
            add(variable)
        }
    }

    /// Adds a variable, replacing one with the same address.
    mutating func add(_ variable: Variable) {
        let key = Key(component: variable.component, variable: variable.variable)
        if let position = index[key] {
            variables[position] = variable
        } else {
            index[key] = variables.count
            variables.append(variable)
            components.insert(variable.component)
        }
    }

    func variable(_ component: ComponentAddress, _ variable: VariableAddress) -> Variable? {
        index[Key(component: component, variable: variable)].map { variables[$0] }
    }

    /// The Actual value of a variable, nil when there is none.
    func value(_ component: String, _ variable: String, instance: String? = nil) -> String? {
        self.variable(ComponentAddress(component), VariableAddress(variable, instance: instance))?
            .attributes[.actual]?.value
    }

    /// Sets a value without any check: for values the station itself knows (Identity, DateTime, the
    /// heartbeat interval the CSMS gave at boot). Returns false when the attribute does not exist.
    @discardableResult
    mutating func setInternally(
        _ component: ComponentAddress,
        _ variable: VariableAddress,
        attribute: AttributeEnumType = .actual,
        value: String
    ) -> Bool {
        guard let position = index[Key(component: component, variable: variable)],
            variables[position].attributes[attribute] != nil
        else { return false }
        variables[position].attributes[attribute]?.value = value
        return true
    }

    // MARK: GetVariables (B06)

    /// The answer to one GetVariableData item.
    func get(_ data: GetVariableDataType) -> GetVariableResultType {
        let attributeType = data.attributeType ?? .actual
        func result(_ status: GetVariableStatusEnumType, value: String? = nil) -> GetVariableResultType {
            GetVariableResultType(
                attributeStatus: status,
                attributeType: data.attributeType,
                attributeValue: value,
                component: data.component,
                variable: data.variable
            )
        }
        let component = ComponentAddress(data.component)
        guard components.contains(component) else { return result(.unknownComponent) }
        guard let variable = variable(component, VariableAddress(data.variable)) else {
            return result(.unknownVariable)
        }
        guard let attribute = variable.attributes[attributeType] else { return result(.notSupportedAttributeType) }
        guard attribute.mutability != .writeOnly else { return result(.rejected) }
        return result(.accepted, value: attribute.value)
    }

    // MARK: SetVariables (B05)

    /// A value that passed every check, ready to be persisted and applied.
    struct Change: Sendable, Equatable {
        var key: Key
        var attribute: AttributeEnumType
        var value: String
        var rebootRequired: Bool

        /// Where the store keeps it.
        var storeKey: VariableKey {
            VariableKey(
                component: key.component.name,
                componentInstance: key.component.instance,
                evseId: key.component.evseId,
                connectorId: key.component.connectorId,
                variable: key.variable.name,
                variableInstance: key.variable.instance,
                attribute: attribute
            )
        }
    }

    /// Why a SetVariableData item is refused.
    struct Refusal: Error, Sendable, Equatable {
        var status: SetVariableStatusEnumType
        /// The StatusInfo reason code (Part 2 §2.48: a short, case-insensitive code).
        var reasonCode: String
        var additionalInfo: String?

        init(_ status: SetVariableStatusEnumType, _ reasonCode: String, _ additionalInfo: String? = nil) {
            self.status = status
            self.reasonCode = reasonCode
            self.additionalInfo = additionalInfo
        }
    }

    /// Checks one SetVariableData item without changing anything.
    func check(
        component: ComponentType,
        variable: VariableType,
        attribute: AttributeEnumType?,
        value: String
    ) -> Result<Change, Refusal> {
        let attributeType = attribute ?? .actual
        let componentAddress = ComponentAddress(component)
        guard components.contains(componentAddress) else {
            return .failure(Refusal(.unknownComponent, "NotFound"))
        }
        guard let found = self.variable(componentAddress, VariableAddress(variable)) else {
            return .failure(Refusal(.unknownVariable, "NotFound"))
        }
        guard let current = found.attributes[attributeType] else {
            return .failure(Refusal(.notSupportedAttributeType, "UnsupportedParam"))
        }
        guard current.mutability != .readOnly, !current.constant else {
            return .failure(Refusal(.rejected, "ReadOnly", "\(found.variable.name) is read-only"))
        }
        if let problem = Self.validate(value, against: found.characteristics) {
            return .failure(Refusal(.rejected, "InvalidValue", problem))
        }
        let key = Key(component: found.component, variable: found.variable)
        return .success(
            Change(key: key, attribute: attributeType, value: value, rebootRequired: found.rebootRequired)
        )
    }

    /// What the station must do after a change was applied.
    enum Effect: Sendable, Equatable {
        /// OCPPCommCtrlr.HeartbeatInterval changed: restart the heartbeat timer (B05, G02).
        case heartbeatIntervalChanged(Duration)
    }

    /// Applies a checked change. A reboot-required change is only persisted by the caller and becomes the
    /// value at the next start (`load(from:)`), so the model keeps reporting the value in force.
    mutating func apply(_ change: Change) -> [Effect] {
        guard !change.rebootRequired else { return [] }
        guard setInternally(change.key.component, change.key.variable, attribute: change.attribute, value: change.value)
        else { return [] }
        if change.key
            == Key(component: ComponentAddress("OCPPCommCtrlr"), variable: VariableAddress("HeartbeatInterval")),
            change.attribute == .actual, let seconds = Int(change.value)
        {
            return [.heartbeatIntervalChanged(.seconds(seconds))]
        }
        return []
    }

    // MARK: Persistence

    /// Applies the values the CSMS set earlier (kept in the store). A stored value that no longer fits the
    /// catalogue (unknown variable, read-only now, invalid) is ignored, so a firmware update cannot wedge
    /// the station with an old value.
    mutating func load(from stored: [VariableKey: String]) {
        for (key, value) in stored {
            let component = ComponentAddress(
                key.component,
                instance: key.componentInstance,
                evseId: key.evseId,
                connectorId: key.connectorId
            )
            let variable = VariableAddress(key.variable, instance: key.variableInstance)
            guard let found = self.variable(component, variable), let attribute = found.attributes[key.attribute],
                attribute.mutability != .readOnly, attribute.persistent,
                Self.validate(value, against: found.characteristics) == nil
            else { continue }
            setInternally(component, variable, attribute: key.attribute, value: value)
        }
    }

    // MARK: GetBaseReport (B07)

    /// The report data of a base report; nil when the station does not support that report base.
    func reportData(_ base: ReportBaseEnumType) -> [ReportDataType]? {
        switch base {
        case .fullInventory: variables.map { $0.reportData() }
        case .configurationInventory: variables.filter(\.isConfigurable).map { $0.reportData() }
        case .summaryInventory: nil
        }
    }
}
