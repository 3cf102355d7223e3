// GENERATED FILE — do not edit.
// Made by Scripts/generate-ocpp.py from the OCA OCPP 2.0.1 JSON schemas (PyPI ocpp==2.1.0, ocpp/v201/schemas).
// Regenerate: python3 Scripts/generate-ocpp.py

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// AC_ Charging_ Parameters
/// EV AC charging parameters.
public struct ACChargingParametersType: OCPPPayload {
    public var customData: CustomDataType?
    /// Amount of energy requested (in Wh). This includes energy required for preconditioning.
    public var energyAmount: Int
    /// Minimum current (amps) supported by the electric vehicle (per phase).
    public var evMinCurrent: Int
    /// Maximum current (amps) supported by the electric vehicle (per phase). Includes cable capacity.
    public var evMaxCurrent: Int
    /// Maximum voltage supported by the electric vehicle
    public var evMaxVoltage: Int

    public init(customData: CustomDataType? = nil, energyAmount: Int, evMinCurrent: Int, evMaxCurrent: Int, evMaxVoltage: Int) {
        self.customData = customData
        self.energyAmount = energyAmount
        self.evMinCurrent = evMinCurrent
        self.evMaxCurrent = evMaxCurrent
        self.evMaxVoltage = evMaxVoltage
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.energyAmount = try reader.required("energyAmount", Int.self)
        self.evMinCurrent = try reader.required("evMinCurrent", Int.self)
        self.evMaxCurrent = try reader.required("evMaxCurrent", Int.self)
        self.evMaxVoltage = try reader.required("evMaxVoltage", Int.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "energyAmount", "evMinCurrent", "evMaxCurrent", "evMaxVoltage"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(5)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("energyAmount", self.energyAmount.ocppJSON)
        object.append("evMinCurrent", self.evMinCurrent.ocppJSON)
        object.append("evMaxCurrent", self.evMaxCurrent.ocppJSON)
        object.append("evMaxVoltage", self.evMaxVoltage.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// APN
/// Collection of configuration data needed to make a data-connection over a cellular network.
/// NOTE: When asking a GSM modem to dial in, it is possible to specify which mobile operator should be used. This can be done with the mobile country code (MCC) in combination with a mobile network code (MNC). Example: If your preferred network is Vodafone Netherlands, the MCC=204 and the MNC=04 which means the key PreferredNetwork = 20404 Some modems allows to specify a preferred network, which means, if this network is not available, a different network is used. If you specify UseOnlyPreferredNetwork and this network is not available, the modem will not dial in.
public struct APNType: OCPPPayload {
    public var customData: CustomDataType?
    /// The Access Point Name as an URL.
    public var apn: String
    /// APN username.
    public var apnUserName: String?
    /// APN Password.
    public var apnPassword: String?
    /// SIM card pin code.
    public var simPin: Int?
    /// Preferred network, written as MCC and MNC concatenated. See note.
    public var preferredNetwork: String?
    /// Default: false. Use only the preferred Network, do
    /// not dial in when not available. See Note.
    public var useOnlyPreferredNetwork: Bool?
    public var apnAuthentication: APNAuthenticationEnumType

    public init(customData: CustomDataType? = nil, apn: String, apnUserName: String? = nil, apnPassword: String? = nil, simPin: Int? = nil, preferredNetwork: String? = nil, useOnlyPreferredNetwork: Bool? = nil, apnAuthentication: APNAuthenticationEnumType) {
        self.customData = customData
        self.apn = apn
        self.apnUserName = apnUserName
        self.apnPassword = apnPassword
        self.simPin = simPin
        self.preferredNetwork = preferredNetwork
        self.useOnlyPreferredNetwork = useOnlyPreferredNetwork
        self.apnAuthentication = apnAuthentication
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.apn = try reader.required("apn", String.self, maxLength: 512)
        self.apnUserName = try reader.optional("apnUserName", String.self, maxLength: 20)
        self.apnPassword = try reader.optional("apnPassword", String.self, maxLength: 20)
        self.simPin = try reader.optional("simPin", Int.self)
        self.preferredNetwork = try reader.optional("preferredNetwork", String.self, maxLength: 6)
        self.useOnlyPreferredNetwork = try reader.optional("useOnlyPreferredNetwork", Bool.self)
        self.apnAuthentication = try reader.required("apnAuthentication", APNAuthenticationEnumType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "apn", "apnUserName", "apnPassword", "simPin", "preferredNetwork", "useOnlyPreferredNetwork", "apnAuthentication"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(8)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("apn", self.apn.ocppJSON)
        if let apnUserName { object.append("apnUserName", apnUserName.ocppJSON) }
        if let apnPassword { object.append("apnPassword", apnPassword.ocppJSON) }
        if let simPin { object.append("simPin", simPin.ocppJSON) }
        if let preferredNetwork { object.append("preferredNetwork", preferredNetwork.ocppJSON) }
        if let useOnlyPreferredNetwork { object.append("useOnlyPreferredNetwork", useOnlyPreferredNetwork.ocppJSON) }
        object.append("apnAuthentication", self.apnAuthentication.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// Contains a case insensitive identifier to use for the authorization and the type of authorization to support multiple forms of identifiers.
public struct AdditionalInfoType: OCPPPayload {
    public var customData: CustomDataType?
    /// This field specifies the additional IdToken.
    public var additionalIdToken: String
    /// This defines the type of the additionalIdToken. This is a custom type, so the implementation needs to be agreed upon by all involved parties.
    public var type: String

    public init(customData: CustomDataType? = nil, additionalIdToken: String, type: String) {
        self.customData = customData
        self.additionalIdToken = additionalIdToken
        self.type = type
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.additionalIdToken = try reader.required("additionalIdToken", String.self, maxLength: 36)
        self.type = try reader.required("type", String.self, maxLength: 50)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "additionalIdToken", "type"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("additionalIdToken", self.additionalIdToken.ocppJSON)
        object.append("type", self.type.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// Contains the identifier to use for authorization.
public struct AuthorizationData: OCPPPayload {
    public var customData: CustomDataType?
    public var idToken: IdTokenType
    public var idTokenInfo: IdTokenInfoType?

    public init(customData: CustomDataType? = nil, idToken: IdTokenType, idTokenInfo: IdTokenInfoType? = nil) {
        self.customData = customData
        self.idToken = idToken
        self.idTokenInfo = idTokenInfo
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.idToken = try reader.required("idToken", IdTokenType.self)
        self.idTokenInfo = try reader.optional("idTokenInfo", IdTokenInfoType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "idToken", "idTokenInfo"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("idToken", self.idToken.ocppJSON)
        if let idTokenInfo { object.append("idTokenInfo", idTokenInfo.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

public struct CertificateHashDataChainType: OCPPPayload {
    public var customData: CustomDataType?
    public var certificateHashData: CertificateHashDataType
    public var certificateType: GetCertificateIdUseEnumType
    public var childCertificateHashData: [CertificateHashDataType]?

    public init(customData: CustomDataType? = nil, certificateHashData: CertificateHashDataType, certificateType: GetCertificateIdUseEnumType, childCertificateHashData: [CertificateHashDataType]? = nil) {
        self.customData = customData
        self.certificateHashData = certificateHashData
        self.certificateType = certificateType
        self.childCertificateHashData = childCertificateHashData
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.certificateHashData = try reader.required("certificateHashData", CertificateHashDataType.self)
        self.certificateType = try reader.required("certificateType", GetCertificateIdUseEnumType.self)
        self.childCertificateHashData = try reader.optionalArray("childCertificateHashData", CertificateHashDataType.self, minItems: 1, maxItems: 4)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "certificateHashData", "certificateType", "childCertificateHashData"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(4)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("certificateHashData", self.certificateHashData.ocppJSON)
        object.append("certificateType", self.certificateType.ocppJSON)
        if let childCertificateHashData { object.append("childCertificateHashData", .array(childCertificateHashData.map(\.ocppJSON))) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

public struct CertificateHashDataType: OCPPPayload {
    public var customData: CustomDataType?
    public var hashAlgorithm: HashAlgorithmEnumType
    /// Hashed value of the Issuer DN (Distinguished Name).
    public var issuerNameHash: String
    /// Hashed value of the issuers public key
    public var issuerKeyHash: String
    /// The serial number of the certificate.
    public var serialNumber: String

    public init(customData: CustomDataType? = nil, hashAlgorithm: HashAlgorithmEnumType, issuerNameHash: String, issuerKeyHash: String, serialNumber: String) {
        self.customData = customData
        self.hashAlgorithm = hashAlgorithm
        self.issuerNameHash = issuerNameHash
        self.issuerKeyHash = issuerKeyHash
        self.serialNumber = serialNumber
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.hashAlgorithm = try reader.required("hashAlgorithm", HashAlgorithmEnumType.self)
        self.issuerNameHash = try reader.required("issuerNameHash", String.self, maxLength: 128)
        self.issuerKeyHash = try reader.required("issuerKeyHash", String.self, maxLength: 128)
        self.serialNumber = try reader.required("serialNumber", String.self, maxLength: 40)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "hashAlgorithm", "issuerNameHash", "issuerKeyHash", "serialNumber"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(5)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("hashAlgorithm", self.hashAlgorithm.ocppJSON)
        object.append("issuerNameHash", self.issuerNameHash.ocppJSON)
        object.append("issuerKeyHash", self.issuerKeyHash.ocppJSON)
        object.append("serialNumber", self.serialNumber.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// Charging_ Limit
public struct ChargingLimitType: OCPPPayload {
    public var customData: CustomDataType?
    public var chargingLimitSource: ChargingLimitSourceEnumType
    /// Indicates whether the charging limit is critical for the grid.
    public var isGridCritical: Bool?

    public init(customData: CustomDataType? = nil, chargingLimitSource: ChargingLimitSourceEnumType, isGridCritical: Bool? = nil) {
        self.customData = customData
        self.chargingLimitSource = chargingLimitSource
        self.isGridCritical = isGridCritical
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.chargingLimitSource = try reader.required("chargingLimitSource", ChargingLimitSourceEnumType.self)
        self.isGridCritical = try reader.optional("isGridCritical", Bool.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "chargingLimitSource", "isGridCritical"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("chargingLimitSource", self.chargingLimitSource.ocppJSON)
        if let isGridCritical { object.append("isGridCritical", isGridCritical.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// Charging_ Needs
public struct ChargingNeedsType: OCPPPayload {
    public var customData: CustomDataType?
    public var acChargingParameters: ACChargingParametersType?
    public var dcChargingParameters: DCChargingParametersType?
    public var requestedEnergyTransfer: EnergyTransferModeEnumType
    /// Estimated departure time of the EV.
    public var departureTime: Date?

    public init(customData: CustomDataType? = nil, acChargingParameters: ACChargingParametersType? = nil, dcChargingParameters: DCChargingParametersType? = nil, requestedEnergyTransfer: EnergyTransferModeEnumType, departureTime: Date? = nil) {
        self.customData = customData
        self.acChargingParameters = acChargingParameters
        self.dcChargingParameters = dcChargingParameters
        self.requestedEnergyTransfer = requestedEnergyTransfer
        self.departureTime = departureTime
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.acChargingParameters = try reader.optional("acChargingParameters", ACChargingParametersType.self)
        self.dcChargingParameters = try reader.optional("dcChargingParameters", DCChargingParametersType.self)
        self.requestedEnergyTransfer = try reader.required("requestedEnergyTransfer", EnergyTransferModeEnumType.self)
        self.departureTime = try reader.optional("departureTime", Date.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "acChargingParameters", "dcChargingParameters", "requestedEnergyTransfer", "departureTime"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(5)
        if let customData { object.append("customData", customData.ocppJSON) }
        if let acChargingParameters { object.append("acChargingParameters", acChargingParameters.ocppJSON) }
        if let dcChargingParameters { object.append("dcChargingParameters", dcChargingParameters.ocppJSON) }
        object.append("requestedEnergyTransfer", self.requestedEnergyTransfer.ocppJSON)
        if let departureTime { object.append("departureTime", departureTime.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// Charging_ Profile
/// A ChargingProfile consists of ChargingSchedule, describing the amount of power or current that can be delivered per time interval.
public struct ChargingProfileCriterionType: OCPPPayload {
    public var customData: CustomDataType?
    public var chargingProfilePurpose: ChargingProfilePurposeEnumType?
    /// Value determining level in hierarchy stack of profiles. Higher values have precedence over lower values. Lowest level is 0.
    public var stackLevel: Int?
    /// List of all the chargingProfileIds requested. Any ChargingProfile that matches one of these profiles will be reported. If omitted, the Charging Station SHALL not filter on chargingProfileId. This field SHALL NOT contain more ids than set in &lt;&lt;configkey-charging-profile-entries,ChargingProfileEntries.maxLimit&gt;&gt;
    public var chargingProfileId: [Int]?
    /// For which charging limit sources, charging profiles SHALL be reported. If omitted, the Charging Station SHALL not filter on chargingLimitSource.
    public var chargingLimitSource: [ChargingLimitSourceEnumType]?

    public init(customData: CustomDataType? = nil, chargingProfilePurpose: ChargingProfilePurposeEnumType? = nil, stackLevel: Int? = nil, chargingProfileId: [Int]? = nil, chargingLimitSource: [ChargingLimitSourceEnumType]? = nil) {
        self.customData = customData
        self.chargingProfilePurpose = chargingProfilePurpose
        self.stackLevel = stackLevel
        self.chargingProfileId = chargingProfileId
        self.chargingLimitSource = chargingLimitSource
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.chargingProfilePurpose = try reader.optional("chargingProfilePurpose", ChargingProfilePurposeEnumType.self)
        self.stackLevel = try reader.optional("stackLevel", Int.self)
        self.chargingProfileId = try reader.optionalArray("chargingProfileId", Int.self, minItems: 1, maxItems: nil)
        self.chargingLimitSource = try reader.optionalArray("chargingLimitSource", ChargingLimitSourceEnumType.self, minItems: 1, maxItems: 4)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "chargingProfilePurpose", "stackLevel", "chargingProfileId", "chargingLimitSource"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(5)
        if let customData { object.append("customData", customData.ocppJSON) }
        if let chargingProfilePurpose { object.append("chargingProfilePurpose", chargingProfilePurpose.ocppJSON) }
        if let stackLevel { object.append("stackLevel", stackLevel.ocppJSON) }
        if let chargingProfileId { object.append("chargingProfileId", .array(chargingProfileId.map(\.ocppJSON))) }
        if let chargingLimitSource { object.append("chargingLimitSource", .array(chargingLimitSource.map(\.ocppJSON))) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// Charging_ Profile
/// A ChargingProfile consists of ChargingSchedule, describing the amount of power or current that can be delivered per time interval.
public struct ChargingProfileType: OCPPPayload {
    public var customData: CustomDataType?
    /// Id of ChargingProfile.
    public var id: Int
    /// Value determining level in hierarchy stack of profiles. Higher values have precedence over lower values. Lowest level is 0.
    public var stackLevel: Int
    public var chargingProfilePurpose: ChargingProfilePurposeEnumType
    public var chargingProfileKind: ChargingProfileKindEnumType
    public var recurrencyKind: RecurrencyKindEnumType?
    /// Point in time at which the profile starts to be valid. If absent, the profile is valid as soon as it is received by the Charging Station.
    public var validFrom: Date?
    /// Point in time at which the profile stops to be valid. If absent, the profile is valid until it is replaced by another profile.
    public var validTo: Date?
    public var chargingSchedule: [ChargingScheduleType]
    /// SHALL only be included if ChargingProfilePurpose is set to TxProfile. The transactionId is used to match the profile to a specific transaction.
    public var transactionId: String?

    public init(customData: CustomDataType? = nil, id: Int, stackLevel: Int, chargingProfilePurpose: ChargingProfilePurposeEnumType, chargingProfileKind: ChargingProfileKindEnumType, recurrencyKind: RecurrencyKindEnumType? = nil, validFrom: Date? = nil, validTo: Date? = nil, chargingSchedule: [ChargingScheduleType], transactionId: String? = nil) {
        self.customData = customData
        self.id = id
        self.stackLevel = stackLevel
        self.chargingProfilePurpose = chargingProfilePurpose
        self.chargingProfileKind = chargingProfileKind
        self.recurrencyKind = recurrencyKind
        self.validFrom = validFrom
        self.validTo = validTo
        self.chargingSchedule = chargingSchedule
        self.transactionId = transactionId
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.id = try reader.required("id", Int.self)
        self.stackLevel = try reader.required("stackLevel", Int.self)
        self.chargingProfilePurpose = try reader.required("chargingProfilePurpose", ChargingProfilePurposeEnumType.self)
        self.chargingProfileKind = try reader.required("chargingProfileKind", ChargingProfileKindEnumType.self)
        self.recurrencyKind = try reader.optional("recurrencyKind", RecurrencyKindEnumType.self)
        self.validFrom = try reader.optional("validFrom", Date.self)
        self.validTo = try reader.optional("validTo", Date.self)
        self.chargingSchedule = try reader.requiredArray("chargingSchedule", ChargingScheduleType.self, minItems: 1, maxItems: 3)
        self.transactionId = try reader.optional("transactionId", String.self, maxLength: 36)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "id", "stackLevel", "chargingProfilePurpose", "chargingProfileKind", "recurrencyKind", "validFrom", "validTo", "chargingSchedule", "transactionId"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(10)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("id", self.id.ocppJSON)
        object.append("stackLevel", self.stackLevel.ocppJSON)
        object.append("chargingProfilePurpose", self.chargingProfilePurpose.ocppJSON)
        object.append("chargingProfileKind", self.chargingProfileKind.ocppJSON)
        if let recurrencyKind { object.append("recurrencyKind", recurrencyKind.ocppJSON) }
        if let validFrom { object.append("validFrom", validFrom.ocppJSON) }
        if let validTo { object.append("validTo", validTo.ocppJSON) }
        object.append("chargingSchedule", .array(self.chargingSchedule.map(\.ocppJSON)))
        if let transactionId { object.append("transactionId", transactionId.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// Charging_ Schedule_ Period
/// Charging schedule period structure defines a time period in a charging schedule.
public struct ChargingSchedulePeriodType: OCPPPayload {
    public var customData: CustomDataType?
    /// Start of the period, in seconds from the start of schedule. The value of StartPeriod also defines the stop time of the previous period.
    public var startPeriod: Int
    /// Charging rate limit during the schedule period, in the applicable chargingRateUnit, for example in Amperes (A) or Watts (W). Accepts at most one digit fraction (e.g. 8.1).
    public var limit: Double
    /// The number of phases that can be used for charging. If a number of phases is needed, numberPhases=3 will be assumed unless another number is given.
    public var numberPhases: Int?
    /// Values: 1..3, Used if numberPhases=1 and if the EVSE is capable of switching the phase connected to the EV, i.e. ACPhaseSwitchingSupported is defined and true. It’s not allowed unless both conditions above are true. If both conditions are true, and phaseToUse is omitted, the Charging Station / EVSE will make the selection on its own.
    public var phaseToUse: Int?

    public init(customData: CustomDataType? = nil, startPeriod: Int, limit: Double, numberPhases: Int? = nil, phaseToUse: Int? = nil) {
        self.customData = customData
        self.startPeriod = startPeriod
        self.limit = limit
        self.numberPhases = numberPhases
        self.phaseToUse = phaseToUse
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.startPeriod = try reader.required("startPeriod", Int.self)
        self.limit = try reader.required("limit", Double.self)
        self.numberPhases = try reader.optional("numberPhases", Int.self)
        self.phaseToUse = try reader.optional("phaseToUse", Int.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "startPeriod", "limit", "numberPhases", "phaseToUse"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(5)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("startPeriod", self.startPeriod.ocppJSON)
        object.append("limit", self.limit.ocppJSON)
        if let numberPhases { object.append("numberPhases", numberPhases.ocppJSON) }
        if let phaseToUse { object.append("phaseToUse", phaseToUse.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// Charging_ Schedule
/// Charging schedule structure defines a list of charging periods, as used in: GetCompositeSchedule.conf and ChargingProfile.
public struct ChargingScheduleType: OCPPPayload {
    public var customData: CustomDataType?
    /// Identifies the ChargingSchedule.
    public var id: Int
    /// Starting point of an absolute schedule. If absent the schedule will be relative to start of charging.
    public var startSchedule: Date?
    /// Duration of the charging schedule in seconds. If the duration is left empty, the last period will continue indefinitely or until end of the transaction if chargingProfilePurpose = TxProfile.
    public var duration: Int?
    public var chargingRateUnit: ChargingRateUnitEnumType
    public var chargingSchedulePeriod: [ChargingSchedulePeriodType]
    /// Minimum charging rate supported by the EV. The unit of measure is defined by the chargingRateUnit. This parameter is intended to be used by a local smart charging algorithm to optimize the power allocation for in the case a charging process is inefficient at lower charging rates. Accepts at most one digit fraction (e.g. 8.1)
    public var minChargingRate: Double?
    public var salesTariff: SalesTariffType?

    public init(customData: CustomDataType? = nil, id: Int, startSchedule: Date? = nil, duration: Int? = nil, chargingRateUnit: ChargingRateUnitEnumType, chargingSchedulePeriod: [ChargingSchedulePeriodType], minChargingRate: Double? = nil, salesTariff: SalesTariffType? = nil) {
        self.customData = customData
        self.id = id
        self.startSchedule = startSchedule
        self.duration = duration
        self.chargingRateUnit = chargingRateUnit
        self.chargingSchedulePeriod = chargingSchedulePeriod
        self.minChargingRate = minChargingRate
        self.salesTariff = salesTariff
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.id = try reader.required("id", Int.self)
        self.startSchedule = try reader.optional("startSchedule", Date.self)
        self.duration = try reader.optional("duration", Int.self)
        self.chargingRateUnit = try reader.required("chargingRateUnit", ChargingRateUnitEnumType.self)
        self.chargingSchedulePeriod = try reader.requiredArray("chargingSchedulePeriod", ChargingSchedulePeriodType.self, minItems: 1, maxItems: 1024)
        self.minChargingRate = try reader.optional("minChargingRate", Double.self)
        self.salesTariff = try reader.optional("salesTariff", SalesTariffType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "id", "startSchedule", "duration", "chargingRateUnit", "chargingSchedulePeriod", "minChargingRate", "salesTariff"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(8)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("id", self.id.ocppJSON)
        if let startSchedule { object.append("startSchedule", startSchedule.ocppJSON) }
        if let duration { object.append("duration", duration.ocppJSON) }
        object.append("chargingRateUnit", self.chargingRateUnit.ocppJSON)
        object.append("chargingSchedulePeriod", .array(self.chargingSchedulePeriod.map(\.ocppJSON)))
        if let minChargingRate { object.append("minChargingRate", minChargingRate.ocppJSON) }
        if let salesTariff { object.append("salesTariff", salesTariff.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// Charge_ Point
/// The physical system where an Electrical Vehicle (EV) can be charged.
public struct ChargingStationType: OCPPPayload {
    public var customData: CustomDataType?
    /// Vendor-specific device identifier.
    public var serialNumber: String?
    /// Defines the model of the device.
    public var model: String
    public var modem: ModemType?
    /// Identifies the vendor (not necessarily in a unique manner).
    public var vendorName: String
    /// This contains the firmware version of the Charging Station.
    public var firmwareVersion: String?

    public init(customData: CustomDataType? = nil, serialNumber: String? = nil, model: String, modem: ModemType? = nil, vendorName: String, firmwareVersion: String? = nil) {
        self.customData = customData
        self.serialNumber = serialNumber
        self.model = model
        self.modem = modem
        self.vendorName = vendorName
        self.firmwareVersion = firmwareVersion
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.serialNumber = try reader.optional("serialNumber", String.self, maxLength: 25)
        self.model = try reader.required("model", String.self, maxLength: 20)
        self.modem = try reader.optional("modem", ModemType.self)
        self.vendorName = try reader.required("vendorName", String.self, maxLength: 50)
        self.firmwareVersion = try reader.optional("firmwareVersion", String.self, maxLength: 50)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "serialNumber", "model", "modem", "vendorName", "firmwareVersion"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(6)
        if let customData { object.append("customData", customData.ocppJSON) }
        if let serialNumber { object.append("serialNumber", serialNumber.ocppJSON) }
        object.append("model", self.model.ocppJSON)
        if let modem { object.append("modem", modem.ocppJSON) }
        object.append("vendorName", self.vendorName.ocppJSON)
        if let firmwareVersion { object.append("firmwareVersion", firmwareVersion.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// Charging_ Profile
/// A ChargingProfile consists of a ChargingSchedule, describing the amount of power or current that can be delivered per time interval.
public struct ClearChargingProfileType: OCPPPayload {
    public var customData: CustomDataType?
    /// Specifies the id of the EVSE for which to clear charging profiles. An evseId of zero (0) specifies the charging profile for the overall Charging Station. Absence of this parameter means the clearing applies to all charging profiles that match the other criteria in the request.
    public var evseId: Int?
    public var chargingProfilePurpose: ChargingProfilePurposeEnumType?
    /// Specifies the stackLevel for which charging profiles will be cleared, if they meet the other criteria in the request.
    public var stackLevel: Int?

    public init(customData: CustomDataType? = nil, evseId: Int? = nil, chargingProfilePurpose: ChargingProfilePurposeEnumType? = nil, stackLevel: Int? = nil) {
        self.customData = customData
        self.evseId = evseId
        self.chargingProfilePurpose = chargingProfilePurpose
        self.stackLevel = stackLevel
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.evseId = try reader.optional("evseId", Int.self)
        self.chargingProfilePurpose = try reader.optional("chargingProfilePurpose", ChargingProfilePurposeEnumType.self)
        self.stackLevel = try reader.optional("stackLevel", Int.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "evseId", "chargingProfilePurpose", "stackLevel"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(4)
        if let customData { object.append("customData", customData.ocppJSON) }
        if let evseId { object.append("evseId", evseId.ocppJSON) }
        if let chargingProfilePurpose { object.append("chargingProfilePurpose", chargingProfilePurpose.ocppJSON) }
        if let stackLevel { object.append("stackLevel", stackLevel.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

public struct ClearMonitoringResultType: OCPPPayload {
    public var customData: CustomDataType?
    public var status: ClearMonitoringStatusEnumType
    /// Id of the monitor of which a clear was requested.
    public var id: Int
    public var statusInfo: StatusInfoType?

    public init(customData: CustomDataType? = nil, status: ClearMonitoringStatusEnumType, id: Int, statusInfo: StatusInfoType? = nil) {
        self.customData = customData
        self.status = status
        self.id = id
        self.statusInfo = statusInfo
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.status = try reader.required("status", ClearMonitoringStatusEnumType.self)
        self.id = try reader.required("id", Int.self)
        self.statusInfo = try reader.optional("statusInfo", StatusInfoType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "status", "id", "statusInfo"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(4)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("status", self.status.ocppJSON)
        object.append("id", self.id.ocppJSON)
        if let statusInfo { object.append("statusInfo", statusInfo.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// A physical or logical component
public struct ComponentType: OCPPPayload {
    public var customData: CustomDataType?
    public var evse: EVSEType?
    /// Name of the component. Name should be taken from the list of standardized component names whenever possible. Case Insensitive. strongly advised to use Camel Case.
    public var name: String
    /// Name of instance in case the component exists as multiple instances. Case Insensitive. strongly advised to use Camel Case.
    public var instance: String?

    public init(customData: CustomDataType? = nil, evse: EVSEType? = nil, name: String, instance: String? = nil) {
        self.customData = customData
        self.evse = evse
        self.name = name
        self.instance = instance
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.evse = try reader.optional("evse", EVSEType.self)
        self.name = try reader.required("name", String.self, maxLength: 50)
        self.instance = try reader.optional("instance", String.self, maxLength: 50)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "evse", "name", "instance"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(4)
        if let customData { object.append("customData", customData.ocppJSON) }
        if let evse { object.append("evse", evse.ocppJSON) }
        object.append("name", self.name.ocppJSON)
        if let instance { object.append("instance", instance.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// Class to report components, variables and variable attributes and characteristics.
public struct ComponentVariableType: OCPPPayload {
    public var customData: CustomDataType?
    public var component: ComponentType
    public var variable: VariableType?

    public init(customData: CustomDataType? = nil, component: ComponentType, variable: VariableType? = nil) {
        self.customData = customData
        self.component = component
        self.variable = variable
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.component = try reader.required("component", ComponentType.self)
        self.variable = try reader.optional("variable", VariableType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "component", "variable"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("component", self.component.ocppJSON)
        if let variable { object.append("variable", variable.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// Composite_ Schedule
public struct CompositeScheduleType: OCPPPayload {
    public var customData: CustomDataType?
    public var chargingSchedulePeriod: [ChargingSchedulePeriodType]
    /// The ID of the EVSE for which the
    /// schedule is requested. When evseid=0, the
    /// Charging Station calculated the expected
    /// consumption for the grid connection.
    public var evseId: Int
    /// Duration of the schedule in seconds.
    public var duration: Int
    /// Date and time at which the schedule becomes active. All time measurements within the schedule are relative to this timestamp.
    public var scheduleStart: Date
    public var chargingRateUnit: ChargingRateUnitEnumType

    public init(customData: CustomDataType? = nil, chargingSchedulePeriod: [ChargingSchedulePeriodType], evseId: Int, duration: Int, scheduleStart: Date, chargingRateUnit: ChargingRateUnitEnumType) {
        self.customData = customData
        self.chargingSchedulePeriod = chargingSchedulePeriod
        self.evseId = evseId
        self.duration = duration
        self.scheduleStart = scheduleStart
        self.chargingRateUnit = chargingRateUnit
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.chargingSchedulePeriod = try reader.requiredArray("chargingSchedulePeriod", ChargingSchedulePeriodType.self, minItems: 1, maxItems: nil)
        self.evseId = try reader.required("evseId", Int.self)
        self.duration = try reader.required("duration", Int.self)
        self.scheduleStart = try reader.required("scheduleStart", Date.self)
        self.chargingRateUnit = try reader.required("chargingRateUnit", ChargingRateUnitEnumType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "chargingSchedulePeriod", "evseId", "duration", "scheduleStart", "chargingRateUnit"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(6)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("chargingSchedulePeriod", .array(self.chargingSchedulePeriod.map(\.ocppJSON)))
        object.append("evseId", self.evseId.ocppJSON)
        object.append("duration", self.duration.ocppJSON)
        object.append("scheduleStart", self.scheduleStart.ocppJSON)
        object.append("chargingRateUnit", self.chargingRateUnit.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// Consumption_ Cost
public struct ConsumptionCostType: OCPPPayload {
    public var customData: CustomDataType?
    /// The lowest level of consumption that defines the starting point of this consumption block. The block interval extends to the start of the next interval.
    public var startValue: Double
    public var cost: [CostType]

    public init(customData: CustomDataType? = nil, startValue: Double, cost: [CostType]) {
        self.customData = customData
        self.startValue = startValue
        self.cost = cost
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.startValue = try reader.required("startValue", Double.self)
        self.cost = try reader.requiredArray("cost", CostType.self, minItems: 1, maxItems: 3)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "startValue", "cost"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("startValue", self.startValue.ocppJSON)
        object.append("cost", .array(self.cost.map(\.ocppJSON)))
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// Cost
public struct CostType: OCPPPayload {
    public var customData: CustomDataType?
    public var costKind: CostKindEnumType
    /// The estimated or actual cost per kWh
    public var amount: Int
    /// Values: -3..3, The amountMultiplier defines the exponent to base 10 (dec). The final value is determined by: amount * 10 ^ amountMultiplier
    public var amountMultiplier: Int?

    public init(customData: CustomDataType? = nil, costKind: CostKindEnumType, amount: Int, amountMultiplier: Int? = nil) {
        self.customData = customData
        self.costKind = costKind
        self.amount = amount
        self.amountMultiplier = amountMultiplier
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.costKind = try reader.required("costKind", CostKindEnumType.self)
        self.amount = try reader.required("amount", Int.self)
        self.amountMultiplier = try reader.optional("amountMultiplier", Int.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "costKind", "amount", "amountMultiplier"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(4)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("costKind", self.costKind.ocppJSON)
        object.append("amount", self.amount.ocppJSON)
        if let amountMultiplier { object.append("amountMultiplier", amountMultiplier.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// Vendor-specific data that may be attached to any OCPP 2.0.1 class.
///
/// The only class without `additionalProperties: false`: besides `vendorId` it may carry any members,
/// which are kept in `extra` so they survive a decode/encode round trip.
public struct CustomDataType: OCPPPayload {
    public var vendorId: String
    /// Every member other than `vendorId`, in wire order.
    public var extra: JSONObject

    public init(vendorId: String, extra: JSONObject = JSONObject()) {
        self.vendorId = vendorId
        self.extra = extra
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.vendorId = try reader.required("vendorId", String.self, maxLength: 255)
        var extra = JSONObject()
        for member in reader.object.members where member.key != "vendorId" { extra.append(member.key, member.value) }
        self.extra = extra
    }

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(1 + extra.count)
        object.append("vendorId", vendorId.ocppJSON)
        for member in extra.members where member.key != "vendorId" { object.append(member.key, member.value) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// DC_ Charging_ Parameters
/// EV DC charging parameters
public struct DCChargingParametersType: OCPPPayload {
    public var customData: CustomDataType?
    /// Maximum current (amps) supported by the electric vehicle. Includes cable capacity.
    public var evMaxCurrent: Int
    /// Maximum voltage supported by the electric vehicle
    public var evMaxVoltage: Int
    /// Amount of energy requested (in Wh). This inludes energy required for preconditioning.
    public var energyAmount: Int?
    /// Maximum power (in W) supported by the electric vehicle. Required for DC charging.
    public var evMaxPower: Int?
    /// Energy available in the battery (in percent of the battery capacity)
    public var stateOfCharge: Int?
    /// Capacity of the electric vehicle battery (in Wh)
    public var evEnergyCapacity: Int?
    /// Percentage of SoC at which the EV considers the battery fully charged. (possible values: 0 - 100)
    public var fullSoC: Int?
    /// Percentage of SoC at which the EV considers a fast charging process to end. (possible values: 0 - 100)
    public var bulkSoC: Int?

    public init(customData: CustomDataType? = nil, evMaxCurrent: Int, evMaxVoltage: Int, energyAmount: Int? = nil, evMaxPower: Int? = nil, stateOfCharge: Int? = nil, evEnergyCapacity: Int? = nil, fullSoC: Int? = nil, bulkSoC: Int? = nil) {
        self.customData = customData
        self.evMaxCurrent = evMaxCurrent
        self.evMaxVoltage = evMaxVoltage
        self.energyAmount = energyAmount
        self.evMaxPower = evMaxPower
        self.stateOfCharge = stateOfCharge
        self.evEnergyCapacity = evEnergyCapacity
        self.fullSoC = fullSoC
        self.bulkSoC = bulkSoC
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.evMaxCurrent = try reader.required("evMaxCurrent", Int.self)
        self.evMaxVoltage = try reader.required("evMaxVoltage", Int.self)
        self.energyAmount = try reader.optional("energyAmount", Int.self)
        self.evMaxPower = try reader.optional("evMaxPower", Int.self)
        self.stateOfCharge = try reader.optional("stateOfCharge", Int.self, minimum: 0, maximum: 100)
        self.evEnergyCapacity = try reader.optional("evEnergyCapacity", Int.self)
        self.fullSoC = try reader.optional("fullSoC", Int.self, minimum: 0, maximum: 100)
        self.bulkSoC = try reader.optional("bulkSoC", Int.self, minimum: 0, maximum: 100)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "evMaxCurrent", "evMaxVoltage", "energyAmount", "evMaxPower", "stateOfCharge", "evEnergyCapacity", "fullSoC", "bulkSoC"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(9)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("evMaxCurrent", self.evMaxCurrent.ocppJSON)
        object.append("evMaxVoltage", self.evMaxVoltage.ocppJSON)
        if let energyAmount { object.append("energyAmount", energyAmount.ocppJSON) }
        if let evMaxPower { object.append("evMaxPower", evMaxPower.ocppJSON) }
        if let stateOfCharge { object.append("stateOfCharge", stateOfCharge.ocppJSON) }
        if let evEnergyCapacity { object.append("evEnergyCapacity", evEnergyCapacity.ocppJSON) }
        if let fullSoC { object.append("fullSoC", fullSoC.ocppJSON) }
        if let bulkSoC { object.append("bulkSoC", bulkSoC.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// EVSE
/// Electric Vehicle Supply Equipment
public struct EVSEType: OCPPPayload {
    public var customData: CustomDataType?
    /// EVSE Identifier. This contains a number (&gt; 0) designating an EVSE of the Charging Station.
    public var id: Int
    /// An id to designate a specific connector (on an EVSE) by connector index number.
    public var connectorId: Int?

    public init(customData: CustomDataType? = nil, id: Int, connectorId: Int? = nil) {
        self.customData = customData
        self.id = id
        self.connectorId = connectorId
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.id = try reader.required("id", Int.self)
        self.connectorId = try reader.optional("connectorId", Int.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "id", "connectorId"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("id", self.id.ocppJSON)
        if let connectorId { object.append("connectorId", connectorId.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// Class to report an event notification for a component-variable.
public struct EventDataType: OCPPPayload {
    public var customData: CustomDataType?
    /// Identifies the event. This field can be referred to as a cause by other events.
    public var eventId: Int
    /// Timestamp of the moment the report was generated.
    public var timestamp: Date
    public var trigger: EventTriggerEnumType
    /// Refers to the Id of an event that is considered to be the cause for this event.
    public var cause: Int?
    /// Actual value (_attributeType_ Actual) of the variable.
    /// The Configuration Variable &lt;&lt;configkey-reporting-value-size,ReportingValueSize&gt;&gt; can be used to limit GetVariableResult.attributeValue, VariableAttribute.value and EventData.actualValue. The max size of these values will always remain equal.
    public var actualValue: String
    /// Technical (error) code as reported by component.
    public var techCode: String?
    /// Technical detail information as reported by component.
    public var techInfo: String?
    /// _Cleared_ is set to true to report the clearing of a monitored situation, i.e. a 'return to normal'.
    public var cleared: Bool?
    /// If an event notification is linked to a specific transaction, this field can be used to specify its transactionId.
    public var transactionId: String?
    public var component: ComponentType
    /// Identifies the VariableMonitoring which triggered the event.
    public var variableMonitoringId: Int?
    public var eventNotificationType: EventNotificationEnumType
    public var variable: VariableType

    public init(customData: CustomDataType? = nil, eventId: Int, timestamp: Date, trigger: EventTriggerEnumType, cause: Int? = nil, actualValue: String, techCode: String? = nil, techInfo: String? = nil, cleared: Bool? = nil, transactionId: String? = nil, component: ComponentType, variableMonitoringId: Int? = nil, eventNotificationType: EventNotificationEnumType, variable: VariableType) {
        self.customData = customData
        self.eventId = eventId
        self.timestamp = timestamp
        self.trigger = trigger
        self.cause = cause
        self.actualValue = actualValue
        self.techCode = techCode
        self.techInfo = techInfo
        self.cleared = cleared
        self.transactionId = transactionId
        self.component = component
        self.variableMonitoringId = variableMonitoringId
        self.eventNotificationType = eventNotificationType
        self.variable = variable
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.eventId = try reader.required("eventId", Int.self)
        self.timestamp = try reader.required("timestamp", Date.self)
        self.trigger = try reader.required("trigger", EventTriggerEnumType.self)
        self.cause = try reader.optional("cause", Int.self)
        self.actualValue = try reader.required("actualValue", String.self, maxLength: 2500)
        self.techCode = try reader.optional("techCode", String.self, maxLength: 50)
        self.techInfo = try reader.optional("techInfo", String.self, maxLength: 500)
        self.cleared = try reader.optional("cleared", Bool.self)
        self.transactionId = try reader.optional("transactionId", String.self, maxLength: 36)
        self.component = try reader.required("component", ComponentType.self)
        self.variableMonitoringId = try reader.optional("variableMonitoringId", Int.self)
        self.eventNotificationType = try reader.required("eventNotificationType", EventNotificationEnumType.self)
        self.variable = try reader.required("variable", VariableType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "eventId", "timestamp", "trigger", "cause", "actualValue", "techCode", "techInfo", "cleared", "transactionId", "component", "variableMonitoringId", "eventNotificationType", "variable"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(14)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("eventId", self.eventId.ocppJSON)
        object.append("timestamp", self.timestamp.ocppJSON)
        object.append("trigger", self.trigger.ocppJSON)
        if let cause { object.append("cause", cause.ocppJSON) }
        object.append("actualValue", self.actualValue.ocppJSON)
        if let techCode { object.append("techCode", techCode.ocppJSON) }
        if let techInfo { object.append("techInfo", techInfo.ocppJSON) }
        if let cleared { object.append("cleared", cleared.ocppJSON) }
        if let transactionId { object.append("transactionId", transactionId.ocppJSON) }
        object.append("component", self.component.ocppJSON)
        if let variableMonitoringId { object.append("variableMonitoringId", variableMonitoringId.ocppJSON) }
        object.append("eventNotificationType", self.eventNotificationType.ocppJSON)
        object.append("variable", self.variable.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// Firmware
/// Represents a copy of the firmware that can be loaded/updated on the Charging Station.
public struct FirmwareType: OCPPPayload {
    public var customData: CustomDataType?
    /// URI defining the origin of the firmware.
    public var location: String
    /// Date and time at which the firmware shall be retrieved.
    public var retrieveDateTime: Date
    /// Date and time at which the firmware shall be installed.
    public var installDateTime: Date?
    /// Certificate with which the firmware was signed.
    /// PEM encoded X.509 certificate.
    public var signingCertificate: String?
    /// Base64 encoded firmware signature.
    public var signature: String?

    public init(customData: CustomDataType? = nil, location: String, retrieveDateTime: Date, installDateTime: Date? = nil, signingCertificate: String? = nil, signature: String? = nil) {
        self.customData = customData
        self.location = location
        self.retrieveDateTime = retrieveDateTime
        self.installDateTime = installDateTime
        self.signingCertificate = signingCertificate
        self.signature = signature
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.location = try reader.required("location", String.self, maxLength: 512)
        self.retrieveDateTime = try reader.required("retrieveDateTime", Date.self)
        self.installDateTime = try reader.optional("installDateTime", Date.self)
        self.signingCertificate = try reader.optional("signingCertificate", String.self, maxLength: 5500)
        self.signature = try reader.optional("signature", String.self, maxLength: 800)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "location", "retrieveDateTime", "installDateTime", "signingCertificate", "signature"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(6)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("location", self.location.ocppJSON)
        object.append("retrieveDateTime", self.retrieveDateTime.ocppJSON)
        if let installDateTime { object.append("installDateTime", installDateTime.ocppJSON) }
        if let signingCertificate { object.append("signingCertificate", signingCertificate.ocppJSON) }
        if let signature { object.append("signature", signature.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// Class to hold parameters for GetVariables request.
public struct GetVariableDataType: OCPPPayload {
    public var customData: CustomDataType?
    public var attributeType: AttributeEnumType?
    public var component: ComponentType
    public var variable: VariableType

    public init(customData: CustomDataType? = nil, attributeType: AttributeEnumType? = nil, component: ComponentType, variable: VariableType) {
        self.customData = customData
        self.attributeType = attributeType
        self.component = component
        self.variable = variable
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.attributeType = try reader.optional("attributeType", AttributeEnumType.self)
        self.component = try reader.required("component", ComponentType.self)
        self.variable = try reader.required("variable", VariableType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "attributeType", "component", "variable"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(4)
        if let customData { object.append("customData", customData.ocppJSON) }
        if let attributeType { object.append("attributeType", attributeType.ocppJSON) }
        object.append("component", self.component.ocppJSON)
        object.append("variable", self.variable.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// Class to hold results of GetVariables request.
public struct GetVariableResultType: OCPPPayload {
    public var customData: CustomDataType?
    public var attributeStatusInfo: StatusInfoType?
    public var attributeStatus: GetVariableStatusEnumType
    public var attributeType: AttributeEnumType?
    /// Value of requested attribute type of component-variable. This field can only be empty when the given status is NOT accepted.
    /// The Configuration Variable &lt;&lt;configkey-reporting-value-size,ReportingValueSize&gt;&gt; can be used to limit GetVariableResult.attributeValue, VariableAttribute.value and EventData.actualValue. The max size of these values will always remain equal.
    public var attributeValue: String?
    public var component: ComponentType
    public var variable: VariableType

    public init(customData: CustomDataType? = nil, attributeStatusInfo: StatusInfoType? = nil, attributeStatus: GetVariableStatusEnumType, attributeType: AttributeEnumType? = nil, attributeValue: String? = nil, component: ComponentType, variable: VariableType) {
        self.customData = customData
        self.attributeStatusInfo = attributeStatusInfo
        self.attributeStatus = attributeStatus
        self.attributeType = attributeType
        self.attributeValue = attributeValue
        self.component = component
        self.variable = variable
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.attributeStatusInfo = try reader.optional("attributeStatusInfo", StatusInfoType.self)
        self.attributeStatus = try reader.required("attributeStatus", GetVariableStatusEnumType.self)
        self.attributeType = try reader.optional("attributeType", AttributeEnumType.self)
        self.attributeValue = try reader.optional("attributeValue", String.self, maxLength: 2500)
        self.component = try reader.required("component", ComponentType.self)
        self.variable = try reader.required("variable", VariableType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "attributeStatusInfo", "attributeStatus", "attributeType", "attributeValue", "component", "variable"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(7)
        if let customData { object.append("customData", customData.ocppJSON) }
        if let attributeStatusInfo { object.append("attributeStatusInfo", attributeStatusInfo.ocppJSON) }
        object.append("attributeStatus", self.attributeStatus.ocppJSON)
        if let attributeType { object.append("attributeType", attributeType.ocppJSON) }
        if let attributeValue { object.append("attributeValue", attributeValue.ocppJSON) }
        object.append("component", self.component.ocppJSON)
        object.append("variable", self.variable.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// ID_ Token
/// Contains status information about an identifier.
/// It is advised to not stop charging for a token that expires during charging, as ExpiryDate is only used for caching purposes. If ExpiryDate is not given, the status has no end date.
public struct IdTokenInfoType: OCPPPayload {
    public var customData: CustomDataType?
    public var status: AuthorizationStatusEnumType
    /// Date and Time after which the token must be considered invalid.
    public var cacheExpiryDateTime: Date?
    /// Priority from a business point of view. Default priority is 0, The range is from -9 to 9. Higher values indicate a higher priority. The chargingPriority in &lt;&lt;transactioneventresponse,TransactionEventResponse&gt;&gt; overrules this one.
    public var chargingPriority: Int?
    /// Preferred user interface language of identifier user. Contains a language code as defined in &lt;&lt;ref-RFC5646,[RFC5646]&gt;&gt;.
    public var language1: String?
    /// Only used when the IdToken is only valid for one or more specific EVSEs, not for the entire Charging Station.
    public var evseId: [Int]?
    public var groupIdToken: IdTokenType?
    /// Second preferred user interface language of identifier user. Don’t use when language1 is omitted, has to be different from language1. Contains a language code as defined in &lt;&lt;ref-RFC5646,[RFC5646]&gt;&gt;.
    public var language2: String?
    public var personalMessage: MessageContentType?

    public init(customData: CustomDataType? = nil, status: AuthorizationStatusEnumType, cacheExpiryDateTime: Date? = nil, chargingPriority: Int? = nil, language1: String? = nil, evseId: [Int]? = nil, groupIdToken: IdTokenType? = nil, language2: String? = nil, personalMessage: MessageContentType? = nil) {
        self.customData = customData
        self.status = status
        self.cacheExpiryDateTime = cacheExpiryDateTime
        self.chargingPriority = chargingPriority
        self.language1 = language1
        self.evseId = evseId
        self.groupIdToken = groupIdToken
        self.language2 = language2
        self.personalMessage = personalMessage
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.status = try reader.required("status", AuthorizationStatusEnumType.self)
        self.cacheExpiryDateTime = try reader.optional("cacheExpiryDateTime", Date.self)
        self.chargingPriority = try reader.optional("chargingPriority", Int.self)
        self.language1 = try reader.optional("language1", String.self, maxLength: 8)
        self.evseId = try reader.optionalArray("evseId", Int.self, minItems: 1, maxItems: nil)
        self.groupIdToken = try reader.optional("groupIdToken", IdTokenType.self)
        self.language2 = try reader.optional("language2", String.self, maxLength: 8)
        self.personalMessage = try reader.optional("personalMessage", MessageContentType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "status", "cacheExpiryDateTime", "chargingPriority", "language1", "evseId", "groupIdToken", "language2", "personalMessage"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(9)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("status", self.status.ocppJSON)
        if let cacheExpiryDateTime { object.append("cacheExpiryDateTime", cacheExpiryDateTime.ocppJSON) }
        if let chargingPriority { object.append("chargingPriority", chargingPriority.ocppJSON) }
        if let language1 { object.append("language1", language1.ocppJSON) }
        if let evseId { object.append("evseId", .array(evseId.map(\.ocppJSON))) }
        if let groupIdToken { object.append("groupIdToken", groupIdToken.ocppJSON) }
        if let language2 { object.append("language2", language2.ocppJSON) }
        if let personalMessage { object.append("personalMessage", personalMessage.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// Contains a case insensitive identifier to use for the authorization and the type of authorization to support multiple forms of identifiers.
public struct IdTokenType: OCPPPayload {
    public var customData: CustomDataType?
    public var additionalInfo: [AdditionalInfoType]?
    /// IdToken is case insensitive. Might hold the hidden id of an RFID tag, but can for example also contain a UUID.
    public var idToken: String
    public var type: IdTokenEnumType

    public init(customData: CustomDataType? = nil, additionalInfo: [AdditionalInfoType]? = nil, idToken: String, type: IdTokenEnumType) {
        self.customData = customData
        self.additionalInfo = additionalInfo
        self.idToken = idToken
        self.type = type
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.additionalInfo = try reader.optionalArray("additionalInfo", AdditionalInfoType.self, minItems: 1, maxItems: nil)
        self.idToken = try reader.required("idToken", String.self, maxLength: 36)
        self.type = try reader.required("type", IdTokenEnumType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "additionalInfo", "idToken", "type"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(4)
        if let customData { object.append("customData", customData.ocppJSON) }
        if let additionalInfo { object.append("additionalInfo", .array(additionalInfo.map(\.ocppJSON))) }
        object.append("idToken", self.idToken.ocppJSON)
        object.append("type", self.type.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// Log
/// Generic class for the configuration of logging entries.
public struct LogParametersType: OCPPPayload {
    public var customData: CustomDataType?
    /// The URL of the location at the remote system where the log should be stored.
    public var remoteLocation: String
    /// This contains the date and time of the oldest logging information to include in the diagnostics.
    public var oldestTimestamp: Date?
    /// This contains the date and time of the latest logging information to include in the diagnostics.
    public var latestTimestamp: Date?

    public init(customData: CustomDataType? = nil, remoteLocation: String, oldestTimestamp: Date? = nil, latestTimestamp: Date? = nil) {
        self.customData = customData
        self.remoteLocation = remoteLocation
        self.oldestTimestamp = oldestTimestamp
        self.latestTimestamp = latestTimestamp
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.remoteLocation = try reader.required("remoteLocation", String.self, maxLength: 512)
        self.oldestTimestamp = try reader.optional("oldestTimestamp", Date.self)
        self.latestTimestamp = try reader.optional("latestTimestamp", Date.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "remoteLocation", "oldestTimestamp", "latestTimestamp"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(4)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("remoteLocation", self.remoteLocation.ocppJSON)
        if let oldestTimestamp { object.append("oldestTimestamp", oldestTimestamp.ocppJSON) }
        if let latestTimestamp { object.append("latestTimestamp", latestTimestamp.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// Message_ Content
/// Contains message details, for a message to be displayed on a Charging Station.
public struct MessageContentType: OCPPPayload {
    public var customData: CustomDataType?
    public var format: MessageFormatEnumType
    /// Message language identifier. Contains a language code as defined in &lt;&lt;ref-RFC5646,[RFC5646]&gt;&gt;.
    public var language: String?
    /// Message contents.
    public var content: String

    public init(customData: CustomDataType? = nil, format: MessageFormatEnumType, language: String? = nil, content: String) {
        self.customData = customData
        self.format = format
        self.language = language
        self.content = content
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.format = try reader.required("format", MessageFormatEnumType.self)
        self.language = try reader.optional("language", String.self, maxLength: 8)
        self.content = try reader.required("content", String.self, maxLength: 512)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "format", "language", "content"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(4)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("format", self.format.ocppJSON)
        if let language { object.append("language", language.ocppJSON) }
        object.append("content", self.content.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// Message_ Info
/// Contains message details, for a message to be displayed on a Charging Station.
public struct MessageInfoType: OCPPPayload {
    public var customData: CustomDataType?
    public var display: ComponentType?
    /// Master resource identifier, unique within an exchange context. It is defined within the OCPP context as a positive Integer value (greater or equal to zero).
    public var id: Int
    public var priority: MessagePriorityEnumType
    public var state: MessageStateEnumType?
    /// From what date-time should this message be shown. If omitted: directly.
    public var startDateTime: Date?
    /// Until what date-time should this message be shown, after this date/time this message SHALL be removed.
    public var endDateTime: Date?
    /// During which transaction shall this message be shown.
    /// Message SHALL be removed by the Charging Station after transaction has
    /// ended.
    public var transactionId: String?
    public var message: MessageContentType

    public init(customData: CustomDataType? = nil, display: ComponentType? = nil, id: Int, priority: MessagePriorityEnumType, state: MessageStateEnumType? = nil, startDateTime: Date? = nil, endDateTime: Date? = nil, transactionId: String? = nil, message: MessageContentType) {
        self.customData = customData
        self.display = display
        self.id = id
        self.priority = priority
        self.state = state
        self.startDateTime = startDateTime
        self.endDateTime = endDateTime
        self.transactionId = transactionId
        self.message = message
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.display = try reader.optional("display", ComponentType.self)
        self.id = try reader.required("id", Int.self)
        self.priority = try reader.required("priority", MessagePriorityEnumType.self)
        self.state = try reader.optional("state", MessageStateEnumType.self)
        self.startDateTime = try reader.optional("startDateTime", Date.self)
        self.endDateTime = try reader.optional("endDateTime", Date.self)
        self.transactionId = try reader.optional("transactionId", String.self, maxLength: 36)
        self.message = try reader.required("message", MessageContentType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "display", "id", "priority", "state", "startDateTime", "endDateTime", "transactionId", "message"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(9)
        if let customData { object.append("customData", customData.ocppJSON) }
        if let display { object.append("display", display.ocppJSON) }
        object.append("id", self.id.ocppJSON)
        object.append("priority", self.priority.ocppJSON)
        if let state { object.append("state", state.ocppJSON) }
        if let startDateTime { object.append("startDateTime", startDateTime.ocppJSON) }
        if let endDateTime { object.append("endDateTime", endDateTime.ocppJSON) }
        if let transactionId { object.append("transactionId", transactionId.ocppJSON) }
        object.append("message", self.message.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// Meter_ Value
/// Collection of one or more sampled values in MeterValuesRequest and TransactionEvent. All sampled values in a MeterValue are sampled at the same point in time.
public struct MeterValueType: OCPPPayload {
    public var customData: CustomDataType?
    public var sampledValue: [SampledValueType]
    /// Timestamp for measured value(s).
    public var timestamp: Date

    public init(customData: CustomDataType? = nil, sampledValue: [SampledValueType], timestamp: Date) {
        self.customData = customData
        self.sampledValue = sampledValue
        self.timestamp = timestamp
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.sampledValue = try reader.requiredArray("sampledValue", SampledValueType.self, minItems: 1, maxItems: nil)
        self.timestamp = try reader.required("timestamp", Date.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "sampledValue", "timestamp"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("sampledValue", .array(self.sampledValue.map(\.ocppJSON)))
        object.append("timestamp", self.timestamp.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// Wireless_ Communication_ Module
/// Defines parameters required for initiating and maintaining wireless communication with other devices.
public struct ModemType: OCPPPayload {
    public var customData: CustomDataType?
    /// This contains the ICCID of the modem’s SIM card.
    public var iccid: String?
    /// This contains the IMSI of the modem’s SIM card.
    public var imsi: String?

    public init(customData: CustomDataType? = nil, iccid: String? = nil, imsi: String? = nil) {
        self.customData = customData
        self.iccid = iccid
        self.imsi = imsi
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.iccid = try reader.optional("iccid", String.self, maxLength: 20)
        self.imsi = try reader.optional("imsi", String.self, maxLength: 20)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "iccid", "imsi"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        if let iccid { object.append("iccid", iccid.ocppJSON) }
        if let imsi { object.append("imsi", imsi.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// Class to hold parameters of SetVariableMonitoring request.
public struct MonitoringDataType: OCPPPayload {
    public var customData: CustomDataType?
    public var component: ComponentType
    public var variable: VariableType
    public var variableMonitoring: [VariableMonitoringType]

    public init(customData: CustomDataType? = nil, component: ComponentType, variable: VariableType, variableMonitoring: [VariableMonitoringType]) {
        self.customData = customData
        self.component = component
        self.variable = variable
        self.variableMonitoring = variableMonitoring
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.component = try reader.required("component", ComponentType.self)
        self.variable = try reader.required("variable", VariableType.self)
        self.variableMonitoring = try reader.requiredArray("variableMonitoring", VariableMonitoringType.self, minItems: 1, maxItems: nil)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "component", "variable", "variableMonitoring"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(4)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("component", self.component.ocppJSON)
        object.append("variable", self.variable.ocppJSON)
        object.append("variableMonitoring", .array(self.variableMonitoring.map(\.ocppJSON)))
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// Communication_ Function
/// The NetworkConnectionProfile defines the functional and technical parameters of a communication link.
public struct NetworkConnectionProfileType: OCPPPayload {
    public var customData: CustomDataType?
    public var apn: APNType?
    public var ocppVersion: OCPPVersionEnumType
    public var ocppTransport: OCPPTransportEnumType
    /// URL of the CSMS(s) that this Charging Station  communicates with.
    public var ocppCsmsUrl: String
    /// Duration in seconds before a message send by the Charging Station via this network connection times-out.
    /// The best setting depends on the underlying network and response times of the CSMS.
    /// If you are looking for a some guideline: use 30 seconds as a starting point.
    public var messageTimeout: Int
    /// This field specifies the security profile used when connecting to the CSMS with this NetworkConnectionProfile.
    public var securityProfile: Int
    public var ocppInterface: OCPPInterfaceEnumType
    public var vpn: VPNType?

    public init(customData: CustomDataType? = nil, apn: APNType? = nil, ocppVersion: OCPPVersionEnumType, ocppTransport: OCPPTransportEnumType, ocppCsmsUrl: String, messageTimeout: Int, securityProfile: Int, ocppInterface: OCPPInterfaceEnumType, vpn: VPNType? = nil) {
        self.customData = customData
        self.apn = apn
        self.ocppVersion = ocppVersion
        self.ocppTransport = ocppTransport
        self.ocppCsmsUrl = ocppCsmsUrl
        self.messageTimeout = messageTimeout
        self.securityProfile = securityProfile
        self.ocppInterface = ocppInterface
        self.vpn = vpn
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.apn = try reader.optional("apn", APNType.self)
        self.ocppVersion = try reader.required("ocppVersion", OCPPVersionEnumType.self)
        self.ocppTransport = try reader.required("ocppTransport", OCPPTransportEnumType.self)
        self.ocppCsmsUrl = try reader.required("ocppCsmsUrl", String.self, maxLength: 512)
        self.messageTimeout = try reader.required("messageTimeout", Int.self)
        self.securityProfile = try reader.required("securityProfile", Int.self)
        self.ocppInterface = try reader.required("ocppInterface", OCPPInterfaceEnumType.self)
        self.vpn = try reader.optional("vpn", VPNType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "apn", "ocppVersion", "ocppTransport", "ocppCsmsUrl", "messageTimeout", "securityProfile", "ocppInterface", "vpn"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(9)
        if let customData { object.append("customData", customData.ocppJSON) }
        if let apn { object.append("apn", apn.ocppJSON) }
        object.append("ocppVersion", self.ocppVersion.ocppJSON)
        object.append("ocppTransport", self.ocppTransport.ocppJSON)
        object.append("ocppCsmsUrl", self.ocppCsmsUrl.ocppJSON)
        object.append("messageTimeout", self.messageTimeout.ocppJSON)
        object.append("securityProfile", self.securityProfile.ocppJSON)
        object.append("ocppInterface", self.ocppInterface.ocppJSON)
        if let vpn { object.append("vpn", vpn.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

public struct OCSPRequestDataType: OCPPPayload {
    public var customData: CustomDataType?
    public var hashAlgorithm: HashAlgorithmEnumType
    /// Hashed value of the Issuer DN (Distinguished Name).
    public var issuerNameHash: String
    /// Hashed value of the issuers public key
    public var issuerKeyHash: String
    /// The serial number of the certificate.
    public var serialNumber: String
    /// This contains the responder URL (Case insensitive).
    public var responderURL: String

    public init(customData: CustomDataType? = nil, hashAlgorithm: HashAlgorithmEnumType, issuerNameHash: String, issuerKeyHash: String, serialNumber: String, responderURL: String) {
        self.customData = customData
        self.hashAlgorithm = hashAlgorithm
        self.issuerNameHash = issuerNameHash
        self.issuerKeyHash = issuerKeyHash
        self.serialNumber = serialNumber
        self.responderURL = responderURL
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.hashAlgorithm = try reader.required("hashAlgorithm", HashAlgorithmEnumType.self)
        self.issuerNameHash = try reader.required("issuerNameHash", String.self, maxLength: 128)
        self.issuerKeyHash = try reader.required("issuerKeyHash", String.self, maxLength: 128)
        self.serialNumber = try reader.required("serialNumber", String.self, maxLength: 40)
        self.responderURL = try reader.required("responderURL", String.self, maxLength: 512)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "hashAlgorithm", "issuerNameHash", "issuerKeyHash", "serialNumber", "responderURL"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(6)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("hashAlgorithm", self.hashAlgorithm.ocppJSON)
        object.append("issuerNameHash", self.issuerNameHash.ocppJSON)
        object.append("issuerKeyHash", self.issuerKeyHash.ocppJSON)
        object.append("serialNumber", self.serialNumber.ocppJSON)
        object.append("responderURL", self.responderURL.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// Relative_ Timer_ Interval
public struct RelativeTimeIntervalType: OCPPPayload {
    public var customData: CustomDataType?
    /// Start of the interval, in seconds from NOW.
    public var start: Int
    /// Duration of the interval, in seconds.
    public var duration: Int?

    public init(customData: CustomDataType? = nil, start: Int, duration: Int? = nil) {
        self.customData = customData
        self.start = start
        self.duration = duration
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.start = try reader.required("start", Int.self)
        self.duration = try reader.optional("duration", Int.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "start", "duration"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("start", self.start.ocppJSON)
        if let duration { object.append("duration", duration.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// Class to report components, variables and variable attributes and characteristics.
public struct ReportDataType: OCPPPayload {
    public var customData: CustomDataType?
    public var component: ComponentType
    public var variable: VariableType
    public var variableAttribute: [VariableAttributeType]
    public var variableCharacteristics: VariableCharacteristicsType?

    public init(customData: CustomDataType? = nil, component: ComponentType, variable: VariableType, variableAttribute: [VariableAttributeType], variableCharacteristics: VariableCharacteristicsType? = nil) {
        self.customData = customData
        self.component = component
        self.variable = variable
        self.variableAttribute = variableAttribute
        self.variableCharacteristics = variableCharacteristics
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.component = try reader.required("component", ComponentType.self)
        self.variable = try reader.required("variable", VariableType.self)
        self.variableAttribute = try reader.requiredArray("variableAttribute", VariableAttributeType.self, minItems: 1, maxItems: 4)
        self.variableCharacteristics = try reader.optional("variableCharacteristics", VariableCharacteristicsType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "component", "variable", "variableAttribute", "variableCharacteristics"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(5)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("component", self.component.ocppJSON)
        object.append("variable", self.variable.ocppJSON)
        object.append("variableAttribute", .array(self.variableAttribute.map(\.ocppJSON)))
        if let variableCharacteristics { object.append("variableCharacteristics", variableCharacteristics.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// Sales_ Tariff_ Entry
public struct SalesTariffEntryType: OCPPPayload {
    public var customData: CustomDataType?
    public var relativeTimeInterval: RelativeTimeIntervalType
    /// Defines the price level of this SalesTariffEntry (referring to NumEPriceLevels). Small values for the EPriceLevel represent a cheaper TariffEntry. Large values for the EPriceLevel represent a more expensive TariffEntry.
    public var ePriceLevel: Int?
    public var consumptionCost: [ConsumptionCostType]?

    public init(customData: CustomDataType? = nil, relativeTimeInterval: RelativeTimeIntervalType, ePriceLevel: Int? = nil, consumptionCost: [ConsumptionCostType]? = nil) {
        self.customData = customData
        self.relativeTimeInterval = relativeTimeInterval
        self.ePriceLevel = ePriceLevel
        self.consumptionCost = consumptionCost
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.relativeTimeInterval = try reader.required("relativeTimeInterval", RelativeTimeIntervalType.self)
        self.ePriceLevel = try reader.optional("ePriceLevel", Int.self, minimum: 0, maximum: nil)
        self.consumptionCost = try reader.optionalArray("consumptionCost", ConsumptionCostType.self, minItems: 1, maxItems: 3)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "relativeTimeInterval", "ePriceLevel", "consumptionCost"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(4)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("relativeTimeInterval", self.relativeTimeInterval.ocppJSON)
        if let ePriceLevel { object.append("ePriceLevel", ePriceLevel.ocppJSON) }
        if let consumptionCost { object.append("consumptionCost", .array(consumptionCost.map(\.ocppJSON))) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// Sales_ Tariff
/// NOTE: This dataType is based on dataTypes from &lt;&lt;ref-ISOIEC15118-2,ISO 15118-2&gt;&gt;.
public struct SalesTariffType: OCPPPayload {
    public var customData: CustomDataType?
    /// SalesTariff identifier used to identify one sales tariff. An SAID remains a unique identifier for one schedule throughout a charging session.
    public var id: Int
    /// A human readable title/short description of the sales tariff e.g. for HMI display purposes.
    public var salesTariffDescription: String?
    /// Defines the overall number of distinct price levels used across all provided SalesTariff elements.
    public var numEPriceLevels: Int?
    public var salesTariffEntry: [SalesTariffEntryType]

    public init(customData: CustomDataType? = nil, id: Int, salesTariffDescription: String? = nil, numEPriceLevels: Int? = nil, salesTariffEntry: [SalesTariffEntryType]) {
        self.customData = customData
        self.id = id
        self.salesTariffDescription = salesTariffDescription
        self.numEPriceLevels = numEPriceLevels
        self.salesTariffEntry = salesTariffEntry
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.id = try reader.required("id", Int.self)
        self.salesTariffDescription = try reader.optional("salesTariffDescription", String.self, maxLength: 32)
        self.numEPriceLevels = try reader.optional("numEPriceLevels", Int.self)
        self.salesTariffEntry = try reader.requiredArray("salesTariffEntry", SalesTariffEntryType.self, minItems: 1, maxItems: 1024)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "id", "salesTariffDescription", "numEPriceLevels", "salesTariffEntry"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(5)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("id", self.id.ocppJSON)
        if let salesTariffDescription { object.append("salesTariffDescription", salesTariffDescription.ocppJSON) }
        if let numEPriceLevels { object.append("numEPriceLevels", numEPriceLevels.ocppJSON) }
        object.append("salesTariffEntry", .array(self.salesTariffEntry.map(\.ocppJSON)))
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// Sampled_ Value
/// Single sampled value in MeterValues. Each value can be accompanied by optional fields.
/// To save on mobile data usage, default values of all of the optional fields are such that. The value without any additional fields will be interpreted, as a register reading of active import energy in Wh (Watt-hour) units.
public struct SampledValueType: OCPPPayload {
    public var customData: CustomDataType?
    /// Indicates the measured value.
    public var value: Double
    public var context: ReadingContextEnumType?
    public var measurand: MeasurandEnumType?
    public var phase: PhaseEnumType?
    public var location: LocationEnumType?
    public var signedMeterValue: SignedMeterValueType?
    public var unitOfMeasure: UnitOfMeasureType?

    public init(customData: CustomDataType? = nil, value: Double, context: ReadingContextEnumType? = nil, measurand: MeasurandEnumType? = nil, phase: PhaseEnumType? = nil, location: LocationEnumType? = nil, signedMeterValue: SignedMeterValueType? = nil, unitOfMeasure: UnitOfMeasureType? = nil) {
        self.customData = customData
        self.value = value
        self.context = context
        self.measurand = measurand
        self.phase = phase
        self.location = location
        self.signedMeterValue = signedMeterValue
        self.unitOfMeasure = unitOfMeasure
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.value = try reader.required("value", Double.self)
        self.context = try reader.optional("context", ReadingContextEnumType.self)
        self.measurand = try reader.optional("measurand", MeasurandEnumType.self)
        self.phase = try reader.optional("phase", PhaseEnumType.self)
        self.location = try reader.optional("location", LocationEnumType.self)
        self.signedMeterValue = try reader.optional("signedMeterValue", SignedMeterValueType.self)
        self.unitOfMeasure = try reader.optional("unitOfMeasure", UnitOfMeasureType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "value", "context", "measurand", "phase", "location", "signedMeterValue", "unitOfMeasure"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(8)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("value", self.value.ocppJSON)
        if let context { object.append("context", context.ocppJSON) }
        if let measurand { object.append("measurand", measurand.ocppJSON) }
        if let phase { object.append("phase", phase.ocppJSON) }
        if let location { object.append("location", location.ocppJSON) }
        if let signedMeterValue { object.append("signedMeterValue", signedMeterValue.ocppJSON) }
        if let unitOfMeasure { object.append("unitOfMeasure", unitOfMeasure.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// Class to hold parameters of SetVariableMonitoring request.
public struct SetMonitoringDataType: OCPPPayload {
    public var customData: CustomDataType?
    /// An id SHALL only be given to replace an existing monitor. The Charging Station handles the generation of id's for new monitors.
    public var id: Int?
    /// Monitor only active when a transaction is ongoing on a component relevant to this transaction. Default = false.
    public var transaction: Bool?
    /// Value for threshold or delta monitoring.
    /// For Periodic or PeriodicClockAligned this is the interval in seconds.
    public var value: Double
    public var type: MonitorEnumType
    /// The severity that will be assigned to an event that is triggered by this monitor. The severity range is 0-9, with 0 as the highest and 9 as the lowest severity level.
    /// The severity levels have the following meaning: +
    /// *0-Danger* +
    /// Indicates lives are potentially in danger. Urgent attention is needed and action should be taken immediately. +
    /// *1-Hardware Failure* +
    /// Indicates that the Charging Station is unable to continue regular operations due to Hardware issues. Action is required. +
    /// *2-System Failure* +
    /// Indicates that the Charging Station is unable to continue regular operations due to software or minor hardware issues. Action is required. +
    /// *3-Critical* +
    /// Indicates a critical error. Action is required. +
    /// *4-Error* +
    /// Indicates a non-urgent error. Action is required. +
    /// *5-Alert* +
    /// Indicates an alert event. Default severity for any type of monitoring event.  +
    /// *6-Warning* +
    /// Indicates a warning event. Action may be required. +
    /// *7-Notice* +
    /// Indicates an unusual event. No immediate action is required. +
    /// *8-Informational* +
    /// Indicates a regular operational event. May be used for reporting, measuring throughput, etc. No action is required. +
    /// *9-Debug* +
    /// Indicates information useful to developers for debugging, not useful during operations.
    public var severity: Int
    public var component: ComponentType
    public var variable: VariableType

    public init(customData: CustomDataType? = nil, id: Int? = nil, transaction: Bool? = nil, value: Double, type: MonitorEnumType, severity: Int, component: ComponentType, variable: VariableType) {
        self.customData = customData
        self.id = id
        self.transaction = transaction
        self.value = value
        self.type = type
        self.severity = severity
        self.component = component
        self.variable = variable
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.id = try reader.optional("id", Int.self)
        self.transaction = try reader.optional("transaction", Bool.self)
        self.value = try reader.required("value", Double.self)
        self.type = try reader.required("type", MonitorEnumType.self)
        self.severity = try reader.required("severity", Int.self)
        self.component = try reader.required("component", ComponentType.self)
        self.variable = try reader.required("variable", VariableType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "id", "transaction", "value", "type", "severity", "component", "variable"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(8)
        if let customData { object.append("customData", customData.ocppJSON) }
        if let id { object.append("id", id.ocppJSON) }
        if let transaction { object.append("transaction", transaction.ocppJSON) }
        object.append("value", self.value.ocppJSON)
        object.append("type", self.type.ocppJSON)
        object.append("severity", self.severity.ocppJSON)
        object.append("component", self.component.ocppJSON)
        object.append("variable", self.variable.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// Class to hold result of SetVariableMonitoring request.
public struct SetMonitoringResultType: OCPPPayload {
    public var customData: CustomDataType?
    /// Id given to the VariableMonitor by the Charging Station. The Id is only returned when status is accepted. Installed VariableMonitors should have unique id's but the id's of removed Installed monitors should have unique id's but the id's of removed monitors MAY be reused.
    public var id: Int?
    public var statusInfo: StatusInfoType?
    public var status: SetMonitoringStatusEnumType
    public var type: MonitorEnumType
    public var component: ComponentType
    public var variable: VariableType
    /// The severity that will be assigned to an event that is triggered by this monitor. The severity range is 0-9, with 0 as the highest and 9 as the lowest severity level.
    /// The severity levels have the following meaning: +
    /// *0-Danger* +
    /// Indicates lives are potentially in danger. Urgent attention is needed and action should be taken immediately. +
    /// *1-Hardware Failure* +
    /// Indicates that the Charging Station is unable to continue regular operations due to Hardware issues. Action is required. +
    /// *2-System Failure* +
    /// Indicates that the Charging Station is unable to continue regular operations due to software or minor hardware issues. Action is required. +
    /// *3-Critical* +
    /// Indicates a critical error. Action is required. +
    /// *4-Error* +
    /// Indicates a non-urgent error. Action is required. +
    /// *5-Alert* +
    /// Indicates an alert event. Default severity for any type of monitoring event.  +
    /// *6-Warning* +
    /// Indicates a warning event. Action may be required. +
    /// *7-Notice* +
    /// Indicates an unusual event. No immediate action is required. +
    /// *8-Informational* +
    /// Indicates a regular operational event. May be used for reporting, measuring throughput, etc. No action is required. +
    /// *9-Debug* +
    /// Indicates information useful to developers for debugging, not useful during operations.
    public var severity: Int

    public init(customData: CustomDataType? = nil, id: Int? = nil, statusInfo: StatusInfoType? = nil, status: SetMonitoringStatusEnumType, type: MonitorEnumType, component: ComponentType, variable: VariableType, severity: Int) {
        self.customData = customData
        self.id = id
        self.statusInfo = statusInfo
        self.status = status
        self.type = type
        self.component = component
        self.variable = variable
        self.severity = severity
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.id = try reader.optional("id", Int.self)
        self.statusInfo = try reader.optional("statusInfo", StatusInfoType.self)
        self.status = try reader.required("status", SetMonitoringStatusEnumType.self)
        self.type = try reader.required("type", MonitorEnumType.self)
        self.component = try reader.required("component", ComponentType.self)
        self.variable = try reader.required("variable", VariableType.self)
        self.severity = try reader.required("severity", Int.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "id", "statusInfo", "status", "type", "component", "variable", "severity"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(8)
        if let customData { object.append("customData", customData.ocppJSON) }
        if let id { object.append("id", id.ocppJSON) }
        if let statusInfo { object.append("statusInfo", statusInfo.ocppJSON) }
        object.append("status", self.status.ocppJSON)
        object.append("type", self.type.ocppJSON)
        object.append("component", self.component.ocppJSON)
        object.append("variable", self.variable.ocppJSON)
        object.append("severity", self.severity.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

public struct SetVariableDataType: OCPPPayload {
    public var customData: CustomDataType?
    public var attributeType: AttributeEnumType?
    /// Value to be assigned to attribute of variable.
    /// The Configuration Variable &lt;&lt;configkey-configuration-value-size,ConfigurationValueSize&gt;&gt; can be used to limit SetVariableData.attributeValue and VariableCharacteristics.valueList. The max size of these values will always remain equal.
    public var attributeValue: String
    public var component: ComponentType
    public var variable: VariableType

    public init(customData: CustomDataType? = nil, attributeType: AttributeEnumType? = nil, attributeValue: String, component: ComponentType, variable: VariableType) {
        self.customData = customData
        self.attributeType = attributeType
        self.attributeValue = attributeValue
        self.component = component
        self.variable = variable
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.attributeType = try reader.optional("attributeType", AttributeEnumType.self)
        self.attributeValue = try reader.required("attributeValue", String.self, maxLength: 1000)
        self.component = try reader.required("component", ComponentType.self)
        self.variable = try reader.required("variable", VariableType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "attributeType", "attributeValue", "component", "variable"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(5)
        if let customData { object.append("customData", customData.ocppJSON) }
        if let attributeType { object.append("attributeType", attributeType.ocppJSON) }
        object.append("attributeValue", self.attributeValue.ocppJSON)
        object.append("component", self.component.ocppJSON)
        object.append("variable", self.variable.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

public struct SetVariableResultType: OCPPPayload {
    public var customData: CustomDataType?
    public var attributeType: AttributeEnumType?
    public var attributeStatus: SetVariableStatusEnumType
    public var attributeStatusInfo: StatusInfoType?
    public var component: ComponentType
    public var variable: VariableType

    public init(customData: CustomDataType? = nil, attributeType: AttributeEnumType? = nil, attributeStatus: SetVariableStatusEnumType, attributeStatusInfo: StatusInfoType? = nil, component: ComponentType, variable: VariableType) {
        self.customData = customData
        self.attributeType = attributeType
        self.attributeStatus = attributeStatus
        self.attributeStatusInfo = attributeStatusInfo
        self.component = component
        self.variable = variable
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.attributeType = try reader.optional("attributeType", AttributeEnumType.self)
        self.attributeStatus = try reader.required("attributeStatus", SetVariableStatusEnumType.self)
        self.attributeStatusInfo = try reader.optional("attributeStatusInfo", StatusInfoType.self)
        self.component = try reader.required("component", ComponentType.self)
        self.variable = try reader.required("variable", VariableType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "attributeType", "attributeStatus", "attributeStatusInfo", "component", "variable"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(6)
        if let customData { object.append("customData", customData.ocppJSON) }
        if let attributeType { object.append("attributeType", attributeType.ocppJSON) }
        object.append("attributeStatus", self.attributeStatus.ocppJSON)
        if let attributeStatusInfo { object.append("attributeStatusInfo", attributeStatusInfo.ocppJSON) }
        object.append("component", self.component.ocppJSON)
        object.append("variable", self.variable.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// Represent a signed version of the meter value.
public struct SignedMeterValueType: OCPPPayload {
    public var customData: CustomDataType?
    /// Base64 encoded, contains the signed data which might contain more then just the meter value. It can contain information like timestamps, reference to a customer etc.
    public var signedMeterData: String
    /// Method used to create the digital signature.
    public var signingMethod: String
    /// Method used to encode the meter values before applying the digital signature algorithm.
    public var encodingMethod: String
    /// Base64 encoded, sending depends on configuration variable _PublicKeyWithSignedMeterValue_.
    public var publicKey: String

    public init(customData: CustomDataType? = nil, signedMeterData: String, signingMethod: String, encodingMethod: String, publicKey: String) {
        self.customData = customData
        self.signedMeterData = signedMeterData
        self.signingMethod = signingMethod
        self.encodingMethod = encodingMethod
        self.publicKey = publicKey
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.signedMeterData = try reader.required("signedMeterData", String.self, maxLength: 2500)
        self.signingMethod = try reader.required("signingMethod", String.self, maxLength: 50)
        self.encodingMethod = try reader.required("encodingMethod", String.self, maxLength: 50)
        self.publicKey = try reader.required("publicKey", String.self, maxLength: 2500)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "signedMeterData", "signingMethod", "encodingMethod", "publicKey"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(5)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("signedMeterData", self.signedMeterData.ocppJSON)
        object.append("signingMethod", self.signingMethod.ocppJSON)
        object.append("encodingMethod", self.encodingMethod.ocppJSON)
        object.append("publicKey", self.publicKey.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// Element providing more information about the status.
public struct StatusInfoType: OCPPPayload {
    public var customData: CustomDataType?
    /// A predefined code for the reason why the status is returned in this response. The string is case-insensitive.
    public var reasonCode: String
    /// Additional text to provide detailed information.
    public var additionalInfo: String?

    public init(customData: CustomDataType? = nil, reasonCode: String, additionalInfo: String? = nil) {
        self.customData = customData
        self.reasonCode = reasonCode
        self.additionalInfo = additionalInfo
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.reasonCode = try reader.required("reasonCode", String.self, maxLength: 20)
        self.additionalInfo = try reader.optional("additionalInfo", String.self, maxLength: 512)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "reasonCode", "additionalInfo"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("reasonCode", self.reasonCode.ocppJSON)
        if let additionalInfo { object.append("additionalInfo", additionalInfo.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// Transaction
public struct TransactionType: OCPPPayload {
    public var customData: CustomDataType?
    /// This contains the Id of the transaction.
    public var transactionId: String
    public var chargingState: ChargingStateEnumType?
    /// Contains the total time that energy flowed from EVSE to EV during the transaction (in seconds). Note that timeSpentCharging is smaller or equal to the duration of the transaction.
    public var timeSpentCharging: Int?
    public var stoppedReason: ReasonEnumType?
    /// The ID given to remote start request (&lt;&lt;requeststarttransactionrequest, RequestStartTransactionRequest&gt;&gt;. This enables to CSMS to match the started transaction to the given start request.
    public var remoteStartId: Int?

    public init(customData: CustomDataType? = nil, transactionId: String, chargingState: ChargingStateEnumType? = nil, timeSpentCharging: Int? = nil, stoppedReason: ReasonEnumType? = nil, remoteStartId: Int? = nil) {
        self.customData = customData
        self.transactionId = transactionId
        self.chargingState = chargingState
        self.timeSpentCharging = timeSpentCharging
        self.stoppedReason = stoppedReason
        self.remoteStartId = remoteStartId
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.transactionId = try reader.required("transactionId", String.self, maxLength: 36)
        self.chargingState = try reader.optional("chargingState", ChargingStateEnumType.self)
        self.timeSpentCharging = try reader.optional("timeSpentCharging", Int.self)
        self.stoppedReason = try reader.optional("stoppedReason", ReasonEnumType.self)
        self.remoteStartId = try reader.optional("remoteStartId", Int.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "transactionId", "chargingState", "timeSpentCharging", "stoppedReason", "remoteStartId"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(6)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("transactionId", self.transactionId.ocppJSON)
        if let chargingState { object.append("chargingState", chargingState.ocppJSON) }
        if let timeSpentCharging { object.append("timeSpentCharging", timeSpentCharging.ocppJSON) }
        if let stoppedReason { object.append("stoppedReason", stoppedReason.ocppJSON) }
        if let remoteStartId { object.append("remoteStartId", remoteStartId.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// Represents a UnitOfMeasure with a multiplier
public struct UnitOfMeasureType: OCPPPayload {
    public var customData: CustomDataType?
    /// Unit of the value. Default = "Wh" if the (default) measurand is an "Energy" type.
    /// This field SHALL use a value from the list Standardized Units of Measurements in Part 2 Appendices.
    /// If an applicable unit is available in that list, otherwise a "custom" unit might be used.
    public var unit: String?
    /// Multiplier, this value represents the exponent to base 10. I.e. multiplier 3 means 10 raised to the 3rd power. Default is 0.
    public var multiplier: Int?

    public init(customData: CustomDataType? = nil, unit: String? = nil, multiplier: Int? = nil) {
        self.customData = customData
        self.unit = unit
        self.multiplier = multiplier
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.unit = try reader.optional("unit", String.self, maxLength: 20)
        self.multiplier = try reader.optional("multiplier", Int.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "unit", "multiplier"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        if let unit { object.append("unit", unit.ocppJSON) }
        if let multiplier { object.append("multiplier", multiplier.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// VPN
/// VPN Configuration settings
public struct VPNType: OCPPPayload {
    public var customData: CustomDataType?
    /// VPN Server Address
    public var server: String
    /// VPN User
    public var user: String
    /// VPN group.
    public var group: String?
    /// VPN Password.
    public var password: String
    /// VPN shared secret.
    public var key: String
    public var type: VPNEnumType

    public init(customData: CustomDataType? = nil, server: String, user: String, group: String? = nil, password: String, key: String, type: VPNEnumType) {
        self.customData = customData
        self.server = server
        self.user = user
        self.group = group
        self.password = password
        self.key = key
        self.type = type
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.server = try reader.required("server", String.self, maxLength: 512)
        self.user = try reader.required("user", String.self, maxLength: 20)
        self.group = try reader.optional("group", String.self, maxLength: 20)
        self.password = try reader.required("password", String.self, maxLength: 20)
        self.key = try reader.required("key", String.self, maxLength: 255)
        self.type = try reader.required("type", VPNEnumType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "server", "user", "group", "password", "key", "type"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(7)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("server", self.server.ocppJSON)
        object.append("user", self.user.ocppJSON)
        if let group { object.append("group", group.ocppJSON) }
        object.append("password", self.password.ocppJSON)
        object.append("key", self.key.ocppJSON)
        object.append("type", self.type.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// Attribute data of a variable.
public struct VariableAttributeType: OCPPPayload {
    public var customData: CustomDataType?
    public var type: AttributeEnumType?
    /// Value of the attribute. May only be omitted when mutability is set to 'WriteOnly'.
    /// The Configuration Variable &lt;&lt;configkey-reporting-value-size,ReportingValueSize&gt;&gt; can be used to limit GetVariableResult.attributeValue, VariableAttribute.value and EventData.actualValue. The max size of these values will always remain equal.
    public var value: String?
    public var mutability: MutabilityEnumType?
    /// If true, value will be persistent across system reboots or power down. Default when omitted is false.
    public var persistent: Bool?
    /// If true, value that will never be changed by the Charging Station at runtime. Default when omitted is false.
    public var constant: Bool?

    public init(customData: CustomDataType? = nil, type: AttributeEnumType? = nil, value: String? = nil, mutability: MutabilityEnumType? = nil, persistent: Bool? = nil, constant: Bool? = nil) {
        self.customData = customData
        self.type = type
        self.value = value
        self.mutability = mutability
        self.persistent = persistent
        self.constant = constant
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.type = try reader.optional("type", AttributeEnumType.self)
        self.value = try reader.optional("value", String.self, maxLength: 2500)
        self.mutability = try reader.optional("mutability", MutabilityEnumType.self)
        self.persistent = try reader.optional("persistent", Bool.self)
        self.constant = try reader.optional("constant", Bool.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "type", "value", "mutability", "persistent", "constant"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(6)
        if let customData { object.append("customData", customData.ocppJSON) }
        if let type { object.append("type", type.ocppJSON) }
        if let value { object.append("value", value.ocppJSON) }
        if let mutability { object.append("mutability", mutability.ocppJSON) }
        if let persistent { object.append("persistent", persistent.ocppJSON) }
        if let constant { object.append("constant", constant.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// Fixed read-only parameters of a variable.
public struct VariableCharacteristicsType: OCPPPayload {
    public var customData: CustomDataType?
    /// Unit of the variable. When the transmitted value has a unit, this field SHALL be included.
    public var unit: String?
    public var dataType: DataEnumType
    /// Minimum possible value of this variable.
    public var minLimit: Double?
    /// Maximum possible value of this variable. When the datatype of this Variable is String, OptionList, SequenceList or MemberList, this field defines the maximum length of the (CSV) string.
    public var maxLimit: Double?
    /// Allowed values when variable is Option/Member/SequenceList.
    /// * OptionList: The (Actual) Variable value must be a single value from the reported (CSV) enumeration list.
    /// * MemberList: The (Actual) Variable value  may be an (unordered) (sub-)set of the reported (CSV) valid values list.
    /// * SequenceList: The (Actual) Variable value  may be an ordered (priority, etc)  (sub-)set of the reported (CSV) valid values.
    /// This is a comma separated list.
    /// The Configuration Variable &lt;&lt;configkey-configuration-value-size,ConfigurationValueSize&gt;&gt; can be used to limit SetVariableData.attributeValue and VariableCharacteristics.valueList. The max size of these values will always remain equal.
    public var valuesList: String?
    /// Flag indicating if this variable supports monitoring.
    public var supportsMonitoring: Bool

    public init(customData: CustomDataType? = nil, unit: String? = nil, dataType: DataEnumType, minLimit: Double? = nil, maxLimit: Double? = nil, valuesList: String? = nil, supportsMonitoring: Bool) {
        self.customData = customData
        self.unit = unit
        self.dataType = dataType
        self.minLimit = minLimit
        self.maxLimit = maxLimit
        self.valuesList = valuesList
        self.supportsMonitoring = supportsMonitoring
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.unit = try reader.optional("unit", String.self, maxLength: 16)
        self.dataType = try reader.required("dataType", DataEnumType.self)
        self.minLimit = try reader.optional("minLimit", Double.self)
        self.maxLimit = try reader.optional("maxLimit", Double.self)
        self.valuesList = try reader.optional("valuesList", String.self, maxLength: 1000)
        self.supportsMonitoring = try reader.required("supportsMonitoring", Bool.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "unit", "dataType", "minLimit", "maxLimit", "valuesList", "supportsMonitoring"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(7)
        if let customData { object.append("customData", customData.ocppJSON) }
        if let unit { object.append("unit", unit.ocppJSON) }
        object.append("dataType", self.dataType.ocppJSON)
        if let minLimit { object.append("minLimit", minLimit.ocppJSON) }
        if let maxLimit { object.append("maxLimit", maxLimit.ocppJSON) }
        if let valuesList { object.append("valuesList", valuesList.ocppJSON) }
        object.append("supportsMonitoring", self.supportsMonitoring.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// A monitoring setting for a variable.
public struct VariableMonitoringType: OCPPPayload {
    public var customData: CustomDataType?
    /// Identifies the monitor.
    public var id: Int
    /// Monitor only active when a transaction is ongoing on a component relevant to this transaction.
    public var transaction: Bool
    /// Value for threshold or delta monitoring.
    /// For Periodic or PeriodicClockAligned this is the interval in seconds.
    public var value: Double
    public var type: MonitorEnumType
    /// The severity that will be assigned to an event that is triggered by this monitor. The severity range is 0-9, with 0 as the highest and 9 as the lowest severity level.
    /// The severity levels have the following meaning: +
    /// *0-Danger* +
    /// Indicates lives are potentially in danger. Urgent attention is needed and action should be taken immediately. +
    /// *1-Hardware Failure* +
    /// Indicates that the Charging Station is unable to continue regular operations due to Hardware issues. Action is required. +
    /// *2-System Failure* +
    /// Indicates that the Charging Station is unable to continue regular operations due to software or minor hardware issues. Action is required. +
    /// *3-Critical* +
    /// Indicates a critical error. Action is required. +
    /// *4-Error* +
    /// Indicates a non-urgent error. Action is required. +
    /// *5-Alert* +
    /// Indicates an alert event. Default severity for any type of monitoring event.  +
    /// *6-Warning* +
    /// Indicates a warning event. Action may be required. +
    /// *7-Notice* +
    /// Indicates an unusual event. No immediate action is required. +
    /// *8-Informational* +
    /// Indicates a regular operational event. May be used for reporting, measuring throughput, etc. No action is required. +
    /// *9-Debug* +
    /// Indicates information useful to developers for debugging, not useful during operations.
    public var severity: Int

    public init(customData: CustomDataType? = nil, id: Int, transaction: Bool, value: Double, type: MonitorEnumType, severity: Int) {
        self.customData = customData
        self.id = id
        self.transaction = transaction
        self.value = value
        self.type = type
        self.severity = severity
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.id = try reader.required("id", Int.self)
        self.transaction = try reader.required("transaction", Bool.self)
        self.value = try reader.required("value", Double.self)
        self.type = try reader.required("type", MonitorEnumType.self)
        self.severity = try reader.required("severity", Int.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "id", "transaction", "value", "type", "severity"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(6)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("id", self.id.ocppJSON)
        object.append("transaction", self.transaction.ocppJSON)
        object.append("value", self.value.ocppJSON)
        object.append("type", self.type.ocppJSON)
        object.append("severity", self.severity.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// Reference key to a component-variable.
public struct VariableType: OCPPPayload {
    public var customData: CustomDataType?
    /// Name of the variable. Name should be taken from the list of standardized variable names whenever possible. Case Insensitive. strongly advised to use Camel Case.
    public var name: String
    /// Name of instance in case the variable exists as multiple instances. Case Insensitive. strongly advised to use Camel Case.
    public var instance: String?

    public init(customData: CustomDataType? = nil, name: String, instance: String? = nil) {
        self.customData = customData
        self.name = name
        self.instance = instance
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.name = try reader.required("name", String.self, maxLength: 50)
        self.instance = try reader.optional("instance", String.self, maxLength: 50)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "name", "instance"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("name", self.name.ocppJSON)
        if let instance { object.append("instance", instance.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}
