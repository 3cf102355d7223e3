import OCPP

/// Names one attribute of one device-model variable, as SetVariables addresses it.
///
/// Absent optional parts are distinct from any present value: a variable without an instance and one
/// whose instance is the empty string are two keys.
public struct VariableKey: Sendable, Hashable {
    public var component: String
    public var componentInstance: String?
    public var evseId: Int?
    public var connectorId: Int?
    public var variable: String
    public var variableInstance: String?
    public var attribute: AttributeEnumType

    public init(
        component: String,
        componentInstance: String? = nil,
        evseId: Int? = nil,
        connectorId: Int? = nil,
        variable: String,
        variableInstance: String? = nil,
        attribute: AttributeEnumType = .actual
    ) {
        self.component = component
        self.componentInstance = componentInstance
        self.evseId = evseId
        self.connectorId = connectorId
        self.variable = variable
        self.variableInstance = variableInstance
        self.attribute = attribute
    }
}
