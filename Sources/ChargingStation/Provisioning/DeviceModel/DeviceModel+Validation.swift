import OCPP

/// Checking a value the CSMS sets against the variable's characteristics (B05: SetVariables answers
/// Rejected with the reason when a value does not fit).
extension DeviceModel {
    /// Validates a value against its characteristics; nil when it is fine, else the reason.
    static func validate(_ value: String, against characteristics: Characteristics) -> String? {
        let minLimit = characteristics.minLimit
        let maxLimit = characteristics.maxLimit
        func inRange(_ number: Double) -> String? {
            if let minLimit, number < minLimit { return "below the minimum \(minLimit)" }
            if let maxLimit, number > maxLimit { return "above the maximum \(maxLimit)" }
            return nil
        }
        func members(allowEmpty: Bool) -> String? {
            if value.isEmpty { return allowEmpty ? nil : "empty list" }
            let items = value.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard Set(items).count == items.count else { return "duplicate members" }
            if let allowed = characteristics.valuesList, let unknown = items.first(where: { !allowed.contains($0) }) {
                return "\"\(unknown.prefix(50))\" is not one of the allowed values"
            }
            return nil
        }
        switch characteristics.dataType {
        case .integer:
            guard let number = Int(value) else { return "not an integer" }
            return inRange(Double(number))
        case .decimal:
            guard let number = Double(value), number.isFinite, !value.contains(where: \.isLetter) else {
                return "not a decimal"
            }
            return inRange(number)
        case .boolean:
            return value == "true" || value == "false" ? nil : "not a boolean (true or false)"
        case .dateTime:
            return RFC3339.date(from: value) == nil ? "not an RFC 3339 date-time" : nil
        case .optionList:
            guard let allowed = characteristics.valuesList else { return nil }
            return allowed.contains(value) ? nil : "not one of the allowed values"
        case .memberList:
            return members(allowEmpty: true)
        case .sequenceList:
            return members(allowEmpty: false)
        case .string:
            if value.count > Int(maxLimit ?? Double(maxValueLength)) { return "too long" }
            if let minLimit, Double(value.count) < minLimit { return "too short" }
            return nil
        }
    }
}
