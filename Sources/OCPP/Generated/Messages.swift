// GENERATED FILE — do not edit.
// Made by Scripts/generate-ocpp.py from the OCA OCPP 2.0.1 JSON schemas (PyPI ocpp==2.1.0, ocpp/v201/schemas).
// Regenerate: python3 Scripts/generate-ocpp.py

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The Authorize request payload (OCPP 2.0.1 `AuthorizeRequest.json`).
public struct AuthorizeRequest: OCPPPayload {
    public var customData: CustomDataType?
    public var idToken: IdTokenType
    /// The X.509 certificated presented by EV and encoded in PEM format.
    public var certificate: String?
    public var iso15118CertificateHashData: [OCSPRequestDataType]?

    public init(customData: CustomDataType? = nil, idToken: IdTokenType, certificate: String? = nil, iso15118CertificateHashData: [OCSPRequestDataType]? = nil) {
        self.customData = customData
        self.idToken = idToken
        self.certificate = certificate
        self.iso15118CertificateHashData = iso15118CertificateHashData
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.idToken = try reader.required("idToken", IdTokenType.self)
        self.certificate = try reader.optional("certificate", String.self, maxLength: 5500)
        self.iso15118CertificateHashData = try reader.optionalArray("iso15118CertificateHashData", OCSPRequestDataType.self, minItems: 1, maxItems: 4)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "idToken", "certificate", "iso15118CertificateHashData"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(4)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("idToken", self.idToken.ocppJSON)
        if let certificate { object.append("certificate", certificate.ocppJSON) }
        if let iso15118CertificateHashData { object.append("iso15118CertificateHashData", .array(iso15118CertificateHashData.map(\.ocppJSON))) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The Authorize response payload (OCPP 2.0.1 `AuthorizeResponse.json`).
public struct AuthorizeResponse: OCPPPayload {
    public var customData: CustomDataType?
    public var idTokenInfo: IdTokenInfoType
    public var certificateStatus: AuthorizeCertificateStatusEnumType?

    public init(customData: CustomDataType? = nil, idTokenInfo: IdTokenInfoType, certificateStatus: AuthorizeCertificateStatusEnumType? = nil) {
        self.customData = customData
        self.idTokenInfo = idTokenInfo
        self.certificateStatus = certificateStatus
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.idTokenInfo = try reader.required("idTokenInfo", IdTokenInfoType.self)
        self.certificateStatus = try reader.optional("certificateStatus", AuthorizeCertificateStatusEnumType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "idTokenInfo", "certificateStatus"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("idTokenInfo", self.idTokenInfo.ocppJSON)
        if let certificateStatus { object.append("certificateStatus", certificateStatus.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension AuthorizeRequest: OCPPRequest {
    public typealias Response = AuthorizeResponse
    public static var action: OCPPAction { .authorize }
}

/// The BootNotification request payload (OCPP 2.0.1 `BootNotificationRequest.json`).
public struct BootNotificationRequest: OCPPPayload {
    public var customData: CustomDataType?
    public var chargingStation: ChargingStationType
    public var reason: BootReasonEnumType

    public init(customData: CustomDataType? = nil, chargingStation: ChargingStationType, reason: BootReasonEnumType) {
        self.customData = customData
        self.chargingStation = chargingStation
        self.reason = reason
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.chargingStation = try reader.required("chargingStation", ChargingStationType.self)
        self.reason = try reader.required("reason", BootReasonEnumType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "chargingStation", "reason"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("chargingStation", self.chargingStation.ocppJSON)
        object.append("reason", self.reason.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The BootNotification response payload (OCPP 2.0.1 `BootNotificationResponse.json`).
public struct BootNotificationResponse: OCPPPayload {
    public var customData: CustomDataType?
    /// This contains the CSMS’s current time.
    public var currentTime: Date
    /// When &lt;&lt;cmn_registrationstatusenumtype,Status&gt;&gt; is Accepted, this contains the heartbeat interval in seconds. If the CSMS returns something other than Accepted, the value of the interval field indicates the minimum wait time before sending a next BootNotification request.
    public var interval: Int
    public var status: RegistrationStatusEnumType
    public var statusInfo: StatusInfoType?

    public init(customData: CustomDataType? = nil, currentTime: Date, interval: Int, status: RegistrationStatusEnumType, statusInfo: StatusInfoType? = nil) {
        self.customData = customData
        self.currentTime = currentTime
        self.interval = interval
        self.status = status
        self.statusInfo = statusInfo
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.currentTime = try reader.required("currentTime", Date.self)
        self.interval = try reader.required("interval", Int.self)
        self.status = try reader.required("status", RegistrationStatusEnumType.self)
        self.statusInfo = try reader.optional("statusInfo", StatusInfoType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "currentTime", "interval", "status", "statusInfo"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(5)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("currentTime", self.currentTime.ocppJSON)
        object.append("interval", self.interval.ocppJSON)
        object.append("status", self.status.ocppJSON)
        if let statusInfo { object.append("statusInfo", statusInfo.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension BootNotificationRequest: OCPPRequest {
    public typealias Response = BootNotificationResponse
    public static var action: OCPPAction { .bootNotification }
}

/// The CancelReservation request payload (OCPP 2.0.1 `CancelReservationRequest.json`).
public struct CancelReservationRequest: OCPPPayload {
    public var customData: CustomDataType?
    /// Id of the reservation to cancel.
    public var reservationId: Int

    public init(customData: CustomDataType? = nil, reservationId: Int) {
        self.customData = customData
        self.reservationId = reservationId
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.reservationId = try reader.required("reservationId", Int.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "reservationId"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(2)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("reservationId", self.reservationId.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The CancelReservation response payload (OCPP 2.0.1 `CancelReservationResponse.json`).
public struct CancelReservationResponse: OCPPPayload {
    public var customData: CustomDataType?
    public var status: CancelReservationStatusEnumType
    public var statusInfo: StatusInfoType?

    public init(customData: CustomDataType? = nil, status: CancelReservationStatusEnumType, statusInfo: StatusInfoType? = nil) {
        self.customData = customData
        self.status = status
        self.statusInfo = statusInfo
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.status = try reader.required("status", CancelReservationStatusEnumType.self)
        self.statusInfo = try reader.optional("statusInfo", StatusInfoType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "status", "statusInfo"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("status", self.status.ocppJSON)
        if let statusInfo { object.append("statusInfo", statusInfo.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension CancelReservationRequest: OCPPRequest {
    public typealias Response = CancelReservationResponse
    public static var action: OCPPAction { .cancelReservation }
}

/// The CertificateSigned request payload (OCPP 2.0.1 `CertificateSignedRequest.json`).
public struct CertificateSignedRequest: OCPPPayload {
    public var customData: CustomDataType?
    /// The signed PEM encoded X.509 certificate. This can also contain the necessary sub CA certificates. In that case, the order of the bundle should follow the certificate chain, starting from the leaf certificate.
    /// The Configuration Variable &lt;&lt;configkey-max-certificate-chain-size,MaxCertificateChainSize&gt;&gt; can be used to limit the maximum size of this field.
    public var certificateChain: String
    public var certificateType: CertificateSigningUseEnumType?

    public init(customData: CustomDataType? = nil, certificateChain: String, certificateType: CertificateSigningUseEnumType? = nil) {
        self.customData = customData
        self.certificateChain = certificateChain
        self.certificateType = certificateType
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.certificateChain = try reader.required("certificateChain", String.self, maxLength: 10000)
        self.certificateType = try reader.optional("certificateType", CertificateSigningUseEnumType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "certificateChain", "certificateType"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("certificateChain", self.certificateChain.ocppJSON)
        if let certificateType { object.append("certificateType", certificateType.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The CertificateSigned response payload (OCPP 2.0.1 `CertificateSignedResponse.json`).
public struct CertificateSignedResponse: OCPPPayload {
    public var customData: CustomDataType?
    public var status: CertificateSignedStatusEnumType
    public var statusInfo: StatusInfoType?

    public init(customData: CustomDataType? = nil, status: CertificateSignedStatusEnumType, statusInfo: StatusInfoType? = nil) {
        self.customData = customData
        self.status = status
        self.statusInfo = statusInfo
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.status = try reader.required("status", CertificateSignedStatusEnumType.self)
        self.statusInfo = try reader.optional("statusInfo", StatusInfoType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "status", "statusInfo"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("status", self.status.ocppJSON)
        if let statusInfo { object.append("statusInfo", statusInfo.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension CertificateSignedRequest: OCPPRequest {
    public typealias Response = CertificateSignedResponse
    public static var action: OCPPAction { .certificateSigned }
}

/// The ChangeAvailability request payload (OCPP 2.0.1 `ChangeAvailabilityRequest.json`).
public struct ChangeAvailabilityRequest: OCPPPayload {
    public var customData: CustomDataType?
    public var evse: EVSEType?
    public var operationalStatus: OperationalStatusEnumType

    public init(customData: CustomDataType? = nil, evse: EVSEType? = nil, operationalStatus: OperationalStatusEnumType) {
        self.customData = customData
        self.evse = evse
        self.operationalStatus = operationalStatus
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.evse = try reader.optional("evse", EVSEType.self)
        self.operationalStatus = try reader.required("operationalStatus", OperationalStatusEnumType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "evse", "operationalStatus"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        if let evse { object.append("evse", evse.ocppJSON) }
        object.append("operationalStatus", self.operationalStatus.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The ChangeAvailability response payload (OCPP 2.0.1 `ChangeAvailabilityResponse.json`).
public struct ChangeAvailabilityResponse: OCPPPayload {
    public var customData: CustomDataType?
    public var status: ChangeAvailabilityStatusEnumType
    public var statusInfo: StatusInfoType?

    public init(customData: CustomDataType? = nil, status: ChangeAvailabilityStatusEnumType, statusInfo: StatusInfoType? = nil) {
        self.customData = customData
        self.status = status
        self.statusInfo = statusInfo
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.status = try reader.required("status", ChangeAvailabilityStatusEnumType.self)
        self.statusInfo = try reader.optional("statusInfo", StatusInfoType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "status", "statusInfo"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("status", self.status.ocppJSON)
        if let statusInfo { object.append("statusInfo", statusInfo.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension ChangeAvailabilityRequest: OCPPRequest {
    public typealias Response = ChangeAvailabilityResponse
    public static var action: OCPPAction { .changeAvailability }
}

/// The ClearCache request payload (OCPP 2.0.1 `ClearCacheRequest.json`).
public struct ClearCacheRequest: OCPPPayload {
    public var customData: CustomDataType?

    public init(customData: CustomDataType? = nil) {
        self.customData = customData
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(1)
        if let customData { object.append("customData", customData.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The ClearCache response payload (OCPP 2.0.1 `ClearCacheResponse.json`).
public struct ClearCacheResponse: OCPPPayload {
    public var customData: CustomDataType?
    public var status: ClearCacheStatusEnumType
    public var statusInfo: StatusInfoType?

    public init(customData: CustomDataType? = nil, status: ClearCacheStatusEnumType, statusInfo: StatusInfoType? = nil) {
        self.customData = customData
        self.status = status
        self.statusInfo = statusInfo
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.status = try reader.required("status", ClearCacheStatusEnumType.self)
        self.statusInfo = try reader.optional("statusInfo", StatusInfoType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "status", "statusInfo"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("status", self.status.ocppJSON)
        if let statusInfo { object.append("statusInfo", statusInfo.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension ClearCacheRequest: OCPPRequest {
    public typealias Response = ClearCacheResponse
    public static var action: OCPPAction { .clearCache }
}

/// The ClearChargingProfile request payload (OCPP 2.0.1 `ClearChargingProfileRequest.json`).
public struct ClearChargingProfileRequest: OCPPPayload {
    public var customData: CustomDataType?
    /// The Id of the charging profile to clear.
    public var chargingProfileId: Int?
    public var chargingProfileCriteria: ClearChargingProfileType?

    public init(customData: CustomDataType? = nil, chargingProfileId: Int? = nil, chargingProfileCriteria: ClearChargingProfileType? = nil) {
        self.customData = customData
        self.chargingProfileId = chargingProfileId
        self.chargingProfileCriteria = chargingProfileCriteria
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.chargingProfileId = try reader.optional("chargingProfileId", Int.self)
        self.chargingProfileCriteria = try reader.optional("chargingProfileCriteria", ClearChargingProfileType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "chargingProfileId", "chargingProfileCriteria"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        if let chargingProfileId { object.append("chargingProfileId", chargingProfileId.ocppJSON) }
        if let chargingProfileCriteria { object.append("chargingProfileCriteria", chargingProfileCriteria.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The ClearChargingProfile response payload (OCPP 2.0.1 `ClearChargingProfileResponse.json`).
public struct ClearChargingProfileResponse: OCPPPayload {
    public var customData: CustomDataType?
    public var status: ClearChargingProfileStatusEnumType
    public var statusInfo: StatusInfoType?

    public init(customData: CustomDataType? = nil, status: ClearChargingProfileStatusEnumType, statusInfo: StatusInfoType? = nil) {
        self.customData = customData
        self.status = status
        self.statusInfo = statusInfo
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.status = try reader.required("status", ClearChargingProfileStatusEnumType.self)
        self.statusInfo = try reader.optional("statusInfo", StatusInfoType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "status", "statusInfo"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("status", self.status.ocppJSON)
        if let statusInfo { object.append("statusInfo", statusInfo.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension ClearChargingProfileRequest: OCPPRequest {
    public typealias Response = ClearChargingProfileResponse
    public static var action: OCPPAction { .clearChargingProfile }
}

/// The ClearDisplayMessage request payload (OCPP 2.0.1 `ClearDisplayMessageRequest.json`).
public struct ClearDisplayMessageRequest: OCPPPayload {
    public var customData: CustomDataType?
    /// Id of the message that SHALL be removed from the Charging Station.
    public var id: Int

    public init(customData: CustomDataType? = nil, id: Int) {
        self.customData = customData
        self.id = id
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.id = try reader.required("id", Int.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "id"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(2)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("id", self.id.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The ClearDisplayMessage response payload (OCPP 2.0.1 `ClearDisplayMessageResponse.json`).
public struct ClearDisplayMessageResponse: OCPPPayload {
    public var customData: CustomDataType?
    public var status: ClearMessageStatusEnumType
    public var statusInfo: StatusInfoType?

    public init(customData: CustomDataType? = nil, status: ClearMessageStatusEnumType, statusInfo: StatusInfoType? = nil) {
        self.customData = customData
        self.status = status
        self.statusInfo = statusInfo
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.status = try reader.required("status", ClearMessageStatusEnumType.self)
        self.statusInfo = try reader.optional("statusInfo", StatusInfoType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "status", "statusInfo"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("status", self.status.ocppJSON)
        if let statusInfo { object.append("statusInfo", statusInfo.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension ClearDisplayMessageRequest: OCPPRequest {
    public typealias Response = ClearDisplayMessageResponse
    public static var action: OCPPAction { .clearDisplayMessage }
}

/// The ClearVariableMonitoring request payload (OCPP 2.0.1 `ClearVariableMonitoringRequest.json`).
public struct ClearVariableMonitoringRequest: OCPPPayload {
    public var customData: CustomDataType?
    /// List of the monitors to be cleared, identified by there Id.
    public var id: [Int]

    public init(customData: CustomDataType? = nil, id: [Int]) {
        self.customData = customData
        self.id = id
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.id = try reader.requiredArray("id", Int.self, minItems: 1, maxItems: nil)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "id"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(2)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("id", .array(self.id.map(\.ocppJSON)))
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The ClearVariableMonitoring response payload (OCPP 2.0.1 `ClearVariableMonitoringResponse.json`).
public struct ClearVariableMonitoringResponse: OCPPPayload {
    public var customData: CustomDataType?
    public var clearMonitoringResult: [ClearMonitoringResultType]

    public init(customData: CustomDataType? = nil, clearMonitoringResult: [ClearMonitoringResultType]) {
        self.customData = customData
        self.clearMonitoringResult = clearMonitoringResult
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.clearMonitoringResult = try reader.requiredArray("clearMonitoringResult", ClearMonitoringResultType.self, minItems: 1, maxItems: nil)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "clearMonitoringResult"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(2)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("clearMonitoringResult", .array(self.clearMonitoringResult.map(\.ocppJSON)))
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension ClearVariableMonitoringRequest: OCPPRequest {
    public typealias Response = ClearVariableMonitoringResponse
    public static var action: OCPPAction { .clearVariableMonitoring }
}

/// The ClearedChargingLimit request payload (OCPP 2.0.1 `ClearedChargingLimitRequest.json`).
public struct ClearedChargingLimitRequest: OCPPPayload {
    public var customData: CustomDataType?
    public var chargingLimitSource: ChargingLimitSourceEnumType
    /// EVSE Identifier.
    public var evseId: Int?

    public init(customData: CustomDataType? = nil, chargingLimitSource: ChargingLimitSourceEnumType, evseId: Int? = nil) {
        self.customData = customData
        self.chargingLimitSource = chargingLimitSource
        self.evseId = evseId
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.chargingLimitSource = try reader.required("chargingLimitSource", ChargingLimitSourceEnumType.self)
        self.evseId = try reader.optional("evseId", Int.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "chargingLimitSource", "evseId"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("chargingLimitSource", self.chargingLimitSource.ocppJSON)
        if let evseId { object.append("evseId", evseId.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The ClearedChargingLimit response payload (OCPP 2.0.1 `ClearedChargingLimitResponse.json`).
public struct ClearedChargingLimitResponse: OCPPPayload {
    public var customData: CustomDataType?

    public init(customData: CustomDataType? = nil) {
        self.customData = customData
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(1)
        if let customData { object.append("customData", customData.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension ClearedChargingLimitRequest: OCPPRequest {
    public typealias Response = ClearedChargingLimitResponse
    public static var action: OCPPAction { .clearedChargingLimit }
}

/// The CostUpdated request payload (OCPP 2.0.1 `CostUpdatedRequest.json`).
public struct CostUpdatedRequest: OCPPPayload {
    public var customData: CustomDataType?
    /// Current total cost, based on the information known by the CSMS, of the transaction including taxes. In the currency configured with the configuration Variable: [&lt;&lt;configkey-currency, Currency&gt;&gt;]
    public var totalCost: Double
    /// Transaction Id of the transaction the current cost are asked for.
    public var transactionId: String

    public init(customData: CustomDataType? = nil, totalCost: Double, transactionId: String) {
        self.customData = customData
        self.totalCost = totalCost
        self.transactionId = transactionId
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.totalCost = try reader.required("totalCost", Double.self)
        self.transactionId = try reader.required("transactionId", String.self, maxLength: 36)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "totalCost", "transactionId"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("totalCost", self.totalCost.ocppJSON)
        object.append("transactionId", self.transactionId.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The CostUpdated response payload (OCPP 2.0.1 `CostUpdatedResponse.json`).
public struct CostUpdatedResponse: OCPPPayload {
    public var customData: CustomDataType?

    public init(customData: CustomDataType? = nil) {
        self.customData = customData
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(1)
        if let customData { object.append("customData", customData.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension CostUpdatedRequest: OCPPRequest {
    public typealias Response = CostUpdatedResponse
    public static var action: OCPPAction { .costUpdated }
}

/// The CustomerInformation request payload (OCPP 2.0.1 `CustomerInformationRequest.json`).
public struct CustomerInformationRequest: OCPPPayload {
    public var customData: CustomDataType?
    public var customerCertificate: CertificateHashDataType?
    public var idToken: IdTokenType?
    /// The Id of the request.
    public var requestId: Int
    /// Flag indicating whether the Charging Station should return NotifyCustomerInformationRequest messages containing information about the customer referred to.
    public var report: Bool
    /// Flag indicating whether the Charging Station should clear all information about the customer referred to.
    public var clear: Bool
    /// A (e.g. vendor specific) identifier of the customer this request refers to. This field contains a custom identifier other than IdToken and Certificate.
    /// One of the possible identifiers (customerIdentifier, customerIdToken or customerCertificate) should be in the request message.
    public var customerIdentifier: String?

    public init(customData: CustomDataType? = nil, customerCertificate: CertificateHashDataType? = nil, idToken: IdTokenType? = nil, requestId: Int, report: Bool, clear: Bool, customerIdentifier: String? = nil) {
        self.customData = customData
        self.customerCertificate = customerCertificate
        self.idToken = idToken
        self.requestId = requestId
        self.report = report
        self.clear = clear
        self.customerIdentifier = customerIdentifier
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.customerCertificate = try reader.optional("customerCertificate", CertificateHashDataType.self)
        self.idToken = try reader.optional("idToken", IdTokenType.self)
        self.requestId = try reader.required("requestId", Int.self)
        self.report = try reader.required("report", Bool.self)
        self.clear = try reader.required("clear", Bool.self)
        self.customerIdentifier = try reader.optional("customerIdentifier", String.self, maxLength: 64)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "customerCertificate", "idToken", "requestId", "report", "clear", "customerIdentifier"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(7)
        if let customData { object.append("customData", customData.ocppJSON) }
        if let customerCertificate { object.append("customerCertificate", customerCertificate.ocppJSON) }
        if let idToken { object.append("idToken", idToken.ocppJSON) }
        object.append("requestId", self.requestId.ocppJSON)
        object.append("report", self.report.ocppJSON)
        object.append("clear", self.clear.ocppJSON)
        if let customerIdentifier { object.append("customerIdentifier", customerIdentifier.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The CustomerInformation response payload (OCPP 2.0.1 `CustomerInformationResponse.json`).
public struct CustomerInformationResponse: OCPPPayload {
    public var customData: CustomDataType?
    public var status: CustomerInformationStatusEnumType
    public var statusInfo: StatusInfoType?

    public init(customData: CustomDataType? = nil, status: CustomerInformationStatusEnumType, statusInfo: StatusInfoType? = nil) {
        self.customData = customData
        self.status = status
        self.statusInfo = statusInfo
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.status = try reader.required("status", CustomerInformationStatusEnumType.self)
        self.statusInfo = try reader.optional("statusInfo", StatusInfoType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "status", "statusInfo"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("status", self.status.ocppJSON)
        if let statusInfo { object.append("statusInfo", statusInfo.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension CustomerInformationRequest: OCPPRequest {
    public typealias Response = CustomerInformationResponse
    public static var action: OCPPAction { .customerInformation }
}

/// The DataTransfer request payload (OCPP 2.0.1 `DataTransferRequest.json`).
public struct DataTransferRequest: OCPPPayload {
    public var customData: CustomDataType?
    /// May be used to indicate a specific message or implementation.
    public var messageId: String?
    /// Data without specified length or format. This needs to be decided by both parties (Open to implementation).
    public var data: JSONValue?
    /// This identifies the Vendor specific implementation
    public var vendorId: String

    public init(customData: CustomDataType? = nil, messageId: String? = nil, data: JSONValue? = nil, vendorId: String) {
        self.customData = customData
        self.messageId = messageId
        self.data = data
        self.vendorId = vendorId
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.messageId = try reader.optional("messageId", String.self, maxLength: 50)
        self.data = try reader.optional("data", JSONValue.self)
        self.vendorId = try reader.required("vendorId", String.self, maxLength: 255)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "messageId", "data", "vendorId"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(4)
        if let customData { object.append("customData", customData.ocppJSON) }
        if let messageId { object.append("messageId", messageId.ocppJSON) }
        if let data { object.append("data", data.ocppJSON) }
        object.append("vendorId", self.vendorId.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The DataTransfer response payload (OCPP 2.0.1 `DataTransferResponse.json`).
public struct DataTransferResponse: OCPPPayload {
    public var customData: CustomDataType?
    public var status: DataTransferStatusEnumType
    public var statusInfo: StatusInfoType?
    /// Data without specified length or format, in response to request.
    public var data: JSONValue?

    public init(customData: CustomDataType? = nil, status: DataTransferStatusEnumType, statusInfo: StatusInfoType? = nil, data: JSONValue? = nil) {
        self.customData = customData
        self.status = status
        self.statusInfo = statusInfo
        self.data = data
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.status = try reader.required("status", DataTransferStatusEnumType.self)
        self.statusInfo = try reader.optional("statusInfo", StatusInfoType.self)
        self.data = try reader.optional("data", JSONValue.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "status", "statusInfo", "data"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(4)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("status", self.status.ocppJSON)
        if let statusInfo { object.append("statusInfo", statusInfo.ocppJSON) }
        if let data { object.append("data", data.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension DataTransferRequest: OCPPRequest {
    public typealias Response = DataTransferResponse
    public static var action: OCPPAction { .dataTransfer }
}

/// The DeleteCertificate request payload (OCPP 2.0.1 `DeleteCertificateRequest.json`).
public struct DeleteCertificateRequest: OCPPPayload {
    public var customData: CustomDataType?
    public var certificateHashData: CertificateHashDataType

    public init(customData: CustomDataType? = nil, certificateHashData: CertificateHashDataType) {
        self.customData = customData
        self.certificateHashData = certificateHashData
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.certificateHashData = try reader.required("certificateHashData", CertificateHashDataType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "certificateHashData"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(2)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("certificateHashData", self.certificateHashData.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The DeleteCertificate response payload (OCPP 2.0.1 `DeleteCertificateResponse.json`).
public struct DeleteCertificateResponse: OCPPPayload {
    public var customData: CustomDataType?
    public var status: DeleteCertificateStatusEnumType
    public var statusInfo: StatusInfoType?

    public init(customData: CustomDataType? = nil, status: DeleteCertificateStatusEnumType, statusInfo: StatusInfoType? = nil) {
        self.customData = customData
        self.status = status
        self.statusInfo = statusInfo
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.status = try reader.required("status", DeleteCertificateStatusEnumType.self)
        self.statusInfo = try reader.optional("statusInfo", StatusInfoType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "status", "statusInfo"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("status", self.status.ocppJSON)
        if let statusInfo { object.append("statusInfo", statusInfo.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension DeleteCertificateRequest: OCPPRequest {
    public typealias Response = DeleteCertificateResponse
    public static var action: OCPPAction { .deleteCertificate }
}

/// The FirmwareStatusNotification request payload (OCPP 2.0.1 `FirmwareStatusNotificationRequest.json`).
public struct FirmwareStatusNotificationRequest: OCPPPayload {
    public var customData: CustomDataType?
    public var status: FirmwareStatusEnumType
    /// The request id that was provided in the
    /// UpdateFirmwareRequest that started this firmware update.
    /// This field is mandatory, unless the message was triggered by a TriggerMessageRequest AND there is no firmware update ongoing.
    public var requestId: Int?

    public init(customData: CustomDataType? = nil, status: FirmwareStatusEnumType, requestId: Int? = nil) {
        self.customData = customData
        self.status = status
        self.requestId = requestId
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.status = try reader.required("status", FirmwareStatusEnumType.self)
        self.requestId = try reader.optional("requestId", Int.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "status", "requestId"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("status", self.status.ocppJSON)
        if let requestId { object.append("requestId", requestId.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The FirmwareStatusNotification response payload (OCPP 2.0.1 `FirmwareStatusNotificationResponse.json`).
public struct FirmwareStatusNotificationResponse: OCPPPayload {
    public var customData: CustomDataType?

    public init(customData: CustomDataType? = nil) {
        self.customData = customData
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(1)
        if let customData { object.append("customData", customData.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension FirmwareStatusNotificationRequest: OCPPRequest {
    public typealias Response = FirmwareStatusNotificationResponse
    public static var action: OCPPAction { .firmwareStatusNotification }
}

/// The Get15118EVCertificate request payload (OCPP 2.0.1 `Get15118EVCertificateRequest.json`).
public struct Get15118EVCertificateRequest: OCPPPayload {
    public var customData: CustomDataType?
    /// Schema version currently used for the 15118 session between EV and Charging Station. Needed for parsing of the EXI stream by the CSMS.
    public var iso15118SchemaVersion: String
    public var action: CertificateActionEnumType
    /// Raw CertificateInstallationReq request from EV, Base64 encoded.
    public var exiRequest: String

    public init(customData: CustomDataType? = nil, iso15118SchemaVersion: String, action: CertificateActionEnumType, exiRequest: String) {
        self.customData = customData
        self.iso15118SchemaVersion = iso15118SchemaVersion
        self.action = action
        self.exiRequest = exiRequest
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.iso15118SchemaVersion = try reader.required("iso15118SchemaVersion", String.self, maxLength: 50)
        self.action = try reader.required("action", CertificateActionEnumType.self)
        self.exiRequest = try reader.required("exiRequest", String.self, maxLength: 5600)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "iso15118SchemaVersion", "action", "exiRequest"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(4)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("iso15118SchemaVersion", self.iso15118SchemaVersion.ocppJSON)
        object.append("action", self.action.ocppJSON)
        object.append("exiRequest", self.exiRequest.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The Get15118EVCertificate response payload (OCPP 2.0.1 `Get15118EVCertificateResponse.json`).
public struct Get15118EVCertificateResponse: OCPPPayload {
    public var customData: CustomDataType?
    public var status: Iso15118EVCertificateStatusEnumType
    public var statusInfo: StatusInfoType?
    /// Raw CertificateInstallationRes response for the EV, Base64 encoded.
    public var exiResponse: String

    public init(customData: CustomDataType? = nil, status: Iso15118EVCertificateStatusEnumType, statusInfo: StatusInfoType? = nil, exiResponse: String) {
        self.customData = customData
        self.status = status
        self.statusInfo = statusInfo
        self.exiResponse = exiResponse
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.status = try reader.required("status", Iso15118EVCertificateStatusEnumType.self)
        self.statusInfo = try reader.optional("statusInfo", StatusInfoType.self)
        self.exiResponse = try reader.required("exiResponse", String.self, maxLength: 7500)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "status", "statusInfo", "exiResponse"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(4)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("status", self.status.ocppJSON)
        if let statusInfo { object.append("statusInfo", statusInfo.ocppJSON) }
        object.append("exiResponse", self.exiResponse.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension Get15118EVCertificateRequest: OCPPRequest {
    public typealias Response = Get15118EVCertificateResponse
    public static var action: OCPPAction { .get15118EVCertificate }
}

/// The GetBaseReport request payload (OCPP 2.0.1 `GetBaseReportRequest.json`).
public struct GetBaseReportRequest: OCPPPayload {
    public var customData: CustomDataType?
    /// The Id of the request.
    public var requestId: Int
    public var reportBase: ReportBaseEnumType

    public init(customData: CustomDataType? = nil, requestId: Int, reportBase: ReportBaseEnumType) {
        self.customData = customData
        self.requestId = requestId
        self.reportBase = reportBase
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.requestId = try reader.required("requestId", Int.self)
        self.reportBase = try reader.required("reportBase", ReportBaseEnumType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "requestId", "reportBase"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("requestId", self.requestId.ocppJSON)
        object.append("reportBase", self.reportBase.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The GetBaseReport response payload (OCPP 2.0.1 `GetBaseReportResponse.json`).
public struct GetBaseReportResponse: OCPPPayload {
    public var customData: CustomDataType?
    public var status: GenericDeviceModelStatusEnumType
    public var statusInfo: StatusInfoType?

    public init(customData: CustomDataType? = nil, status: GenericDeviceModelStatusEnumType, statusInfo: StatusInfoType? = nil) {
        self.customData = customData
        self.status = status
        self.statusInfo = statusInfo
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.status = try reader.required("status", GenericDeviceModelStatusEnumType.self)
        self.statusInfo = try reader.optional("statusInfo", StatusInfoType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "status", "statusInfo"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("status", self.status.ocppJSON)
        if let statusInfo { object.append("statusInfo", statusInfo.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension GetBaseReportRequest: OCPPRequest {
    public typealias Response = GetBaseReportResponse
    public static var action: OCPPAction { .getBaseReport }
}

/// The GetCertificateStatus request payload (OCPP 2.0.1 `GetCertificateStatusRequest.json`).
public struct GetCertificateStatusRequest: OCPPPayload {
    public var customData: CustomDataType?
    public var ocspRequestData: OCSPRequestDataType

    public init(customData: CustomDataType? = nil, ocspRequestData: OCSPRequestDataType) {
        self.customData = customData
        self.ocspRequestData = ocspRequestData
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.ocspRequestData = try reader.required("ocspRequestData", OCSPRequestDataType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "ocspRequestData"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(2)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("ocspRequestData", self.ocspRequestData.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The GetCertificateStatus response payload (OCPP 2.0.1 `GetCertificateStatusResponse.json`).
public struct GetCertificateStatusResponse: OCPPPayload {
    public var customData: CustomDataType?
    public var status: GetCertificateStatusEnumType
    public var statusInfo: StatusInfoType?
    /// OCSPResponse class as defined in &lt;&lt;ref-ocpp_security_24, IETF RFC 6960&gt;&gt;. DER encoded (as defined in &lt;&lt;ref-ocpp_security_24, IETF RFC 6960&gt;&gt;), and then base64 encoded. MAY only be omitted when status is not Accepted.
    public var ocspResult: String?

    public init(customData: CustomDataType? = nil, status: GetCertificateStatusEnumType, statusInfo: StatusInfoType? = nil, ocspResult: String? = nil) {
        self.customData = customData
        self.status = status
        self.statusInfo = statusInfo
        self.ocspResult = ocspResult
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.status = try reader.required("status", GetCertificateStatusEnumType.self)
        self.statusInfo = try reader.optional("statusInfo", StatusInfoType.self)
        self.ocspResult = try reader.optional("ocspResult", String.self, maxLength: 5500)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "status", "statusInfo", "ocspResult"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(4)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("status", self.status.ocppJSON)
        if let statusInfo { object.append("statusInfo", statusInfo.ocppJSON) }
        if let ocspResult { object.append("ocspResult", ocspResult.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension GetCertificateStatusRequest: OCPPRequest {
    public typealias Response = GetCertificateStatusResponse
    public static var action: OCPPAction { .getCertificateStatus }
}

/// The GetChargingProfiles request payload (OCPP 2.0.1 `GetChargingProfilesRequest.json`).
public struct GetChargingProfilesRequest: OCPPPayload {
    public var customData: CustomDataType?
    /// Reference identification that is to be used by the Charging Station in the &lt;&lt;reportchargingprofilesrequest, ReportChargingProfilesRequest&gt;&gt; when provided.
    public var requestId: Int
    /// For which EVSE installed charging profiles SHALL be reported. If 0, only charging profiles installed on the Charging Station itself (the grid connection) SHALL be reported. If omitted, all installed charging profiles SHALL be reported.
    public var evseId: Int?
    public var chargingProfile: ChargingProfileCriterionType

    public init(customData: CustomDataType? = nil, requestId: Int, evseId: Int? = nil, chargingProfile: ChargingProfileCriterionType) {
        self.customData = customData
        self.requestId = requestId
        self.evseId = evseId
        self.chargingProfile = chargingProfile
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.requestId = try reader.required("requestId", Int.self)
        self.evseId = try reader.optional("evseId", Int.self)
        self.chargingProfile = try reader.required("chargingProfile", ChargingProfileCriterionType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "requestId", "evseId", "chargingProfile"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(4)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("requestId", self.requestId.ocppJSON)
        if let evseId { object.append("evseId", evseId.ocppJSON) }
        object.append("chargingProfile", self.chargingProfile.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The GetChargingProfiles response payload (OCPP 2.0.1 `GetChargingProfilesResponse.json`).
public struct GetChargingProfilesResponse: OCPPPayload {
    public var customData: CustomDataType?
    public var status: GetChargingProfileStatusEnumType
    public var statusInfo: StatusInfoType?

    public init(customData: CustomDataType? = nil, status: GetChargingProfileStatusEnumType, statusInfo: StatusInfoType? = nil) {
        self.customData = customData
        self.status = status
        self.statusInfo = statusInfo
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.status = try reader.required("status", GetChargingProfileStatusEnumType.self)
        self.statusInfo = try reader.optional("statusInfo", StatusInfoType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "status", "statusInfo"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("status", self.status.ocppJSON)
        if let statusInfo { object.append("statusInfo", statusInfo.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension GetChargingProfilesRequest: OCPPRequest {
    public typealias Response = GetChargingProfilesResponse
    public static var action: OCPPAction { .getChargingProfiles }
}

/// The GetCompositeSchedule request payload (OCPP 2.0.1 `GetCompositeScheduleRequest.json`).
public struct GetCompositeScheduleRequest: OCPPPayload {
    public var customData: CustomDataType?
    /// Length of the requested schedule in seconds.
    public var duration: Int
    public var chargingRateUnit: ChargingRateUnitEnumType?
    /// The ID of the EVSE for which the schedule is requested. When evseid=0, the Charging Station will calculate the expected consumption for the grid connection.
    public var evseId: Int

    public init(customData: CustomDataType? = nil, duration: Int, chargingRateUnit: ChargingRateUnitEnumType? = nil, evseId: Int) {
        self.customData = customData
        self.duration = duration
        self.chargingRateUnit = chargingRateUnit
        self.evseId = evseId
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.duration = try reader.required("duration", Int.self)
        self.chargingRateUnit = try reader.optional("chargingRateUnit", ChargingRateUnitEnumType.self)
        self.evseId = try reader.required("evseId", Int.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "duration", "chargingRateUnit", "evseId"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(4)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("duration", self.duration.ocppJSON)
        if let chargingRateUnit { object.append("chargingRateUnit", chargingRateUnit.ocppJSON) }
        object.append("evseId", self.evseId.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The GetCompositeSchedule response payload (OCPP 2.0.1 `GetCompositeScheduleResponse.json`).
public struct GetCompositeScheduleResponse: OCPPPayload {
    public var customData: CustomDataType?
    public var status: GenericStatusEnumType
    public var statusInfo: StatusInfoType?
    public var schedule: CompositeScheduleType?

    public init(customData: CustomDataType? = nil, status: GenericStatusEnumType, statusInfo: StatusInfoType? = nil, schedule: CompositeScheduleType? = nil) {
        self.customData = customData
        self.status = status
        self.statusInfo = statusInfo
        self.schedule = schedule
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.status = try reader.required("status", GenericStatusEnumType.self)
        self.statusInfo = try reader.optional("statusInfo", StatusInfoType.self)
        self.schedule = try reader.optional("schedule", CompositeScheduleType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "status", "statusInfo", "schedule"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(4)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("status", self.status.ocppJSON)
        if let statusInfo { object.append("statusInfo", statusInfo.ocppJSON) }
        if let schedule { object.append("schedule", schedule.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension GetCompositeScheduleRequest: OCPPRequest {
    public typealias Response = GetCompositeScheduleResponse
    public static var action: OCPPAction { .getCompositeSchedule }
}

/// The GetDisplayMessages request payload (OCPP 2.0.1 `GetDisplayMessagesRequest.json`).
public struct GetDisplayMessagesRequest: OCPPPayload {
    public var customData: CustomDataType?
    /// If provided the Charging Station shall return Display Messages of the given ids. This field SHALL NOT contain more ids than set in &lt;&lt;configkey-number-of-display-messages,NumberOfDisplayMessages.maxLimit&gt;&gt;
    public var id: [Int]?
    /// The Id of this request.
    public var requestId: Int
    public var priority: MessagePriorityEnumType?
    public var state: MessageStateEnumType?

    public init(customData: CustomDataType? = nil, id: [Int]? = nil, requestId: Int, priority: MessagePriorityEnumType? = nil, state: MessageStateEnumType? = nil) {
        self.customData = customData
        self.id = id
        self.requestId = requestId
        self.priority = priority
        self.state = state
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.id = try reader.optionalArray("id", Int.self, minItems: 1, maxItems: nil)
        self.requestId = try reader.required("requestId", Int.self)
        self.priority = try reader.optional("priority", MessagePriorityEnumType.self)
        self.state = try reader.optional("state", MessageStateEnumType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "id", "requestId", "priority", "state"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(5)
        if let customData { object.append("customData", customData.ocppJSON) }
        if let id { object.append("id", .array(id.map(\.ocppJSON))) }
        object.append("requestId", self.requestId.ocppJSON)
        if let priority { object.append("priority", priority.ocppJSON) }
        if let state { object.append("state", state.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The GetDisplayMessages response payload (OCPP 2.0.1 `GetDisplayMessagesResponse.json`).
public struct GetDisplayMessagesResponse: OCPPPayload {
    public var customData: CustomDataType?
    public var status: GetDisplayMessagesStatusEnumType
    public var statusInfo: StatusInfoType?

    public init(customData: CustomDataType? = nil, status: GetDisplayMessagesStatusEnumType, statusInfo: StatusInfoType? = nil) {
        self.customData = customData
        self.status = status
        self.statusInfo = statusInfo
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.status = try reader.required("status", GetDisplayMessagesStatusEnumType.self)
        self.statusInfo = try reader.optional("statusInfo", StatusInfoType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "status", "statusInfo"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("status", self.status.ocppJSON)
        if let statusInfo { object.append("statusInfo", statusInfo.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension GetDisplayMessagesRequest: OCPPRequest {
    public typealias Response = GetDisplayMessagesResponse
    public static var action: OCPPAction { .getDisplayMessages }
}

/// The GetInstalledCertificateIds request payload (OCPP 2.0.1 `GetInstalledCertificateIdsRequest.json`).
public struct GetInstalledCertificateIdsRequest: OCPPPayload {
    public var customData: CustomDataType?
    /// Indicates the type of certificates requested. When omitted, all certificate types are requested.
    public var certificateType: [GetCertificateIdUseEnumType]?

    public init(customData: CustomDataType? = nil, certificateType: [GetCertificateIdUseEnumType]? = nil) {
        self.customData = customData
        self.certificateType = certificateType
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.certificateType = try reader.optionalArray("certificateType", GetCertificateIdUseEnumType.self, minItems: 1, maxItems: nil)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "certificateType"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(2)
        if let customData { object.append("customData", customData.ocppJSON) }
        if let certificateType { object.append("certificateType", .array(certificateType.map(\.ocppJSON))) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The GetInstalledCertificateIds response payload (OCPP 2.0.1 `GetInstalledCertificateIdsResponse.json`).
public struct GetInstalledCertificateIdsResponse: OCPPPayload {
    public var customData: CustomDataType?
    public var status: GetInstalledCertificateStatusEnumType
    public var statusInfo: StatusInfoType?
    public var certificateHashDataChain: [CertificateHashDataChainType]?

    public init(customData: CustomDataType? = nil, status: GetInstalledCertificateStatusEnumType, statusInfo: StatusInfoType? = nil, certificateHashDataChain: [CertificateHashDataChainType]? = nil) {
        self.customData = customData
        self.status = status
        self.statusInfo = statusInfo
        self.certificateHashDataChain = certificateHashDataChain
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.status = try reader.required("status", GetInstalledCertificateStatusEnumType.self)
        self.statusInfo = try reader.optional("statusInfo", StatusInfoType.self)
        self.certificateHashDataChain = try reader.optionalArray("certificateHashDataChain", CertificateHashDataChainType.self, minItems: 1, maxItems: nil)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "status", "statusInfo", "certificateHashDataChain"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(4)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("status", self.status.ocppJSON)
        if let statusInfo { object.append("statusInfo", statusInfo.ocppJSON) }
        if let certificateHashDataChain { object.append("certificateHashDataChain", .array(certificateHashDataChain.map(\.ocppJSON))) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension GetInstalledCertificateIdsRequest: OCPPRequest {
    public typealias Response = GetInstalledCertificateIdsResponse
    public static var action: OCPPAction { .getInstalledCertificateIds }
}

/// The GetLocalListVersion request payload (OCPP 2.0.1 `GetLocalListVersionRequest.json`).
public struct GetLocalListVersionRequest: OCPPPayload {
    public var customData: CustomDataType?

    public init(customData: CustomDataType? = nil) {
        self.customData = customData
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(1)
        if let customData { object.append("customData", customData.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The GetLocalListVersion response payload (OCPP 2.0.1 `GetLocalListVersionResponse.json`).
public struct GetLocalListVersionResponse: OCPPPayload {
    public var customData: CustomDataType?
    /// This contains the current version number of the local authorization list in the Charging Station.
    public var versionNumber: Int

    public init(customData: CustomDataType? = nil, versionNumber: Int) {
        self.customData = customData
        self.versionNumber = versionNumber
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.versionNumber = try reader.required("versionNumber", Int.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "versionNumber"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(2)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("versionNumber", self.versionNumber.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension GetLocalListVersionRequest: OCPPRequest {
    public typealias Response = GetLocalListVersionResponse
    public static var action: OCPPAction { .getLocalListVersion }
}

/// The GetLog request payload (OCPP 2.0.1 `GetLogRequest.json`).
public struct GetLogRequest: OCPPPayload {
    public var customData: CustomDataType?
    public var log: LogParametersType
    public var logType: LogEnumType
    /// The Id of this request
    public var requestId: Int
    /// This specifies how many times the Charging Station must try to upload the log before giving up. If this field is not present, it is left to Charging Station to decide how many times it wants to retry.
    public var retries: Int?
    /// The interval in seconds after which a retry may be attempted. If this field is not present, it is left to Charging Station to decide how long to wait between attempts.
    public var retryInterval: Int?

    public init(customData: CustomDataType? = nil, log: LogParametersType, logType: LogEnumType, requestId: Int, retries: Int? = nil, retryInterval: Int? = nil) {
        self.customData = customData
        self.log = log
        self.logType = logType
        self.requestId = requestId
        self.retries = retries
        self.retryInterval = retryInterval
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.log = try reader.required("log", LogParametersType.self)
        self.logType = try reader.required("logType", LogEnumType.self)
        self.requestId = try reader.required("requestId", Int.self)
        self.retries = try reader.optional("retries", Int.self)
        self.retryInterval = try reader.optional("retryInterval", Int.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "log", "logType", "requestId", "retries", "retryInterval"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(6)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("log", self.log.ocppJSON)
        object.append("logType", self.logType.ocppJSON)
        object.append("requestId", self.requestId.ocppJSON)
        if let retries { object.append("retries", retries.ocppJSON) }
        if let retryInterval { object.append("retryInterval", retryInterval.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The GetLog response payload (OCPP 2.0.1 `GetLogResponse.json`).
public struct GetLogResponse: OCPPPayload {
    public var customData: CustomDataType?
    public var status: LogStatusEnumType
    public var statusInfo: StatusInfoType?
    /// This contains the name of the log file that will be uploaded. This field is not present when no logging information is available.
    public var filename: String?

    public init(customData: CustomDataType? = nil, status: LogStatusEnumType, statusInfo: StatusInfoType? = nil, filename: String? = nil) {
        self.customData = customData
        self.status = status
        self.statusInfo = statusInfo
        self.filename = filename
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.status = try reader.required("status", LogStatusEnumType.self)
        self.statusInfo = try reader.optional("statusInfo", StatusInfoType.self)
        self.filename = try reader.optional("filename", String.self, maxLength: 255)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "status", "statusInfo", "filename"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(4)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("status", self.status.ocppJSON)
        if let statusInfo { object.append("statusInfo", statusInfo.ocppJSON) }
        if let filename { object.append("filename", filename.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension GetLogRequest: OCPPRequest {
    public typealias Response = GetLogResponse
    public static var action: OCPPAction { .getLog }
}

/// The GetMonitoringReport request payload (OCPP 2.0.1 `GetMonitoringReportRequest.json`).
public struct GetMonitoringReportRequest: OCPPPayload {
    public var customData: CustomDataType?
    public var componentVariable: [ComponentVariableType]?
    /// The Id of the request.
    public var requestId: Int
    /// This field contains criteria for components for which a monitoring report is requested
    public var monitoringCriteria: [MonitoringCriterionEnumType]?

    public init(customData: CustomDataType? = nil, componentVariable: [ComponentVariableType]? = nil, requestId: Int, monitoringCriteria: [MonitoringCriterionEnumType]? = nil) {
        self.customData = customData
        self.componentVariable = componentVariable
        self.requestId = requestId
        self.monitoringCriteria = monitoringCriteria
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.componentVariable = try reader.optionalArray("componentVariable", ComponentVariableType.self, minItems: 1, maxItems: nil)
        self.requestId = try reader.required("requestId", Int.self)
        self.monitoringCriteria = try reader.optionalArray("monitoringCriteria", MonitoringCriterionEnumType.self, minItems: 1, maxItems: 3)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "componentVariable", "requestId", "monitoringCriteria"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(4)
        if let customData { object.append("customData", customData.ocppJSON) }
        if let componentVariable { object.append("componentVariable", .array(componentVariable.map(\.ocppJSON))) }
        object.append("requestId", self.requestId.ocppJSON)
        if let monitoringCriteria { object.append("monitoringCriteria", .array(monitoringCriteria.map(\.ocppJSON))) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The GetMonitoringReport response payload (OCPP 2.0.1 `GetMonitoringReportResponse.json`).
public struct GetMonitoringReportResponse: OCPPPayload {
    public var customData: CustomDataType?
    public var status: GenericDeviceModelStatusEnumType
    public var statusInfo: StatusInfoType?

    public init(customData: CustomDataType? = nil, status: GenericDeviceModelStatusEnumType, statusInfo: StatusInfoType? = nil) {
        self.customData = customData
        self.status = status
        self.statusInfo = statusInfo
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.status = try reader.required("status", GenericDeviceModelStatusEnumType.self)
        self.statusInfo = try reader.optional("statusInfo", StatusInfoType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "status", "statusInfo"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("status", self.status.ocppJSON)
        if let statusInfo { object.append("statusInfo", statusInfo.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension GetMonitoringReportRequest: OCPPRequest {
    public typealias Response = GetMonitoringReportResponse
    public static var action: OCPPAction { .getMonitoringReport }
}

/// The GetReport request payload (OCPP 2.0.1 `GetReportRequest.json`).
public struct GetReportRequest: OCPPPayload {
    public var customData: CustomDataType?
    public var componentVariable: [ComponentVariableType]?
    /// The Id of the request.
    public var requestId: Int
    /// This field contains criteria for components for which a report is requested
    public var componentCriteria: [ComponentCriterionEnumType]?

    public init(customData: CustomDataType? = nil, componentVariable: [ComponentVariableType]? = nil, requestId: Int, componentCriteria: [ComponentCriterionEnumType]? = nil) {
        self.customData = customData
        self.componentVariable = componentVariable
        self.requestId = requestId
        self.componentCriteria = componentCriteria
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.componentVariable = try reader.optionalArray("componentVariable", ComponentVariableType.self, minItems: 1, maxItems: nil)
        self.requestId = try reader.required("requestId", Int.self)
        self.componentCriteria = try reader.optionalArray("componentCriteria", ComponentCriterionEnumType.self, minItems: 1, maxItems: 4)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "componentVariable", "requestId", "componentCriteria"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(4)
        if let customData { object.append("customData", customData.ocppJSON) }
        if let componentVariable { object.append("componentVariable", .array(componentVariable.map(\.ocppJSON))) }
        object.append("requestId", self.requestId.ocppJSON)
        if let componentCriteria { object.append("componentCriteria", .array(componentCriteria.map(\.ocppJSON))) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The GetReport response payload (OCPP 2.0.1 `GetReportResponse.json`).
public struct GetReportResponse: OCPPPayload {
    public var customData: CustomDataType?
    public var status: GenericDeviceModelStatusEnumType
    public var statusInfo: StatusInfoType?

    public init(customData: CustomDataType? = nil, status: GenericDeviceModelStatusEnumType, statusInfo: StatusInfoType? = nil) {
        self.customData = customData
        self.status = status
        self.statusInfo = statusInfo
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.status = try reader.required("status", GenericDeviceModelStatusEnumType.self)
        self.statusInfo = try reader.optional("statusInfo", StatusInfoType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "status", "statusInfo"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("status", self.status.ocppJSON)
        if let statusInfo { object.append("statusInfo", statusInfo.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension GetReportRequest: OCPPRequest {
    public typealias Response = GetReportResponse
    public static var action: OCPPAction { .getReport }
}

/// The GetTransactionStatus request payload (OCPP 2.0.1 `GetTransactionStatusRequest.json`).
public struct GetTransactionStatusRequest: OCPPPayload {
    public var customData: CustomDataType?
    /// The Id of the transaction for which the status is requested.
    public var transactionId: String?

    public init(customData: CustomDataType? = nil, transactionId: String? = nil) {
        self.customData = customData
        self.transactionId = transactionId
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.transactionId = try reader.optional("transactionId", String.self, maxLength: 36)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "transactionId"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(2)
        if let customData { object.append("customData", customData.ocppJSON) }
        if let transactionId { object.append("transactionId", transactionId.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The GetTransactionStatus response payload (OCPP 2.0.1 `GetTransactionStatusResponse.json`).
public struct GetTransactionStatusResponse: OCPPPayload {
    public var customData: CustomDataType?
    /// Whether the transaction is still ongoing.
    public var ongoingIndicator: Bool?
    /// Whether there are still message to be delivered.
    public var messagesInQueue: Bool

    public init(customData: CustomDataType? = nil, ongoingIndicator: Bool? = nil, messagesInQueue: Bool) {
        self.customData = customData
        self.ongoingIndicator = ongoingIndicator
        self.messagesInQueue = messagesInQueue
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.ongoingIndicator = try reader.optional("ongoingIndicator", Bool.self)
        self.messagesInQueue = try reader.required("messagesInQueue", Bool.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "ongoingIndicator", "messagesInQueue"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        if let ongoingIndicator { object.append("ongoingIndicator", ongoingIndicator.ocppJSON) }
        object.append("messagesInQueue", self.messagesInQueue.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension GetTransactionStatusRequest: OCPPRequest {
    public typealias Response = GetTransactionStatusResponse
    public static var action: OCPPAction { .getTransactionStatus }
}

/// The GetVariables request payload (OCPP 2.0.1 `GetVariablesRequest.json`).
public struct GetVariablesRequest: OCPPPayload {
    public var customData: CustomDataType?
    public var getVariableData: [GetVariableDataType]

    public init(customData: CustomDataType? = nil, getVariableData: [GetVariableDataType]) {
        self.customData = customData
        self.getVariableData = getVariableData
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.getVariableData = try reader.requiredArray("getVariableData", GetVariableDataType.self, minItems: 1, maxItems: nil)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "getVariableData"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(2)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("getVariableData", .array(self.getVariableData.map(\.ocppJSON)))
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The GetVariables response payload (OCPP 2.0.1 `GetVariablesResponse.json`).
public struct GetVariablesResponse: OCPPPayload {
    public var customData: CustomDataType?
    public var getVariableResult: [GetVariableResultType]

    public init(customData: CustomDataType? = nil, getVariableResult: [GetVariableResultType]) {
        self.customData = customData
        self.getVariableResult = getVariableResult
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.getVariableResult = try reader.requiredArray("getVariableResult", GetVariableResultType.self, minItems: 1, maxItems: nil)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "getVariableResult"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(2)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("getVariableResult", .array(self.getVariableResult.map(\.ocppJSON)))
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension GetVariablesRequest: OCPPRequest {
    public typealias Response = GetVariablesResponse
    public static var action: OCPPAction { .getVariables }
}

/// The Heartbeat request payload (OCPP 2.0.1 `HeartbeatRequest.json`).
public struct HeartbeatRequest: OCPPPayload {
    public var customData: CustomDataType?

    public init(customData: CustomDataType? = nil) {
        self.customData = customData
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(1)
        if let customData { object.append("customData", customData.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The Heartbeat response payload (OCPP 2.0.1 `HeartbeatResponse.json`).
public struct HeartbeatResponse: OCPPPayload {
    public var customData: CustomDataType?
    /// Contains the current time of the CSMS.
    public var currentTime: Date

    public init(customData: CustomDataType? = nil, currentTime: Date) {
        self.customData = customData
        self.currentTime = currentTime
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.currentTime = try reader.required("currentTime", Date.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "currentTime"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(2)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("currentTime", self.currentTime.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension HeartbeatRequest: OCPPRequest {
    public typealias Response = HeartbeatResponse
    public static var action: OCPPAction { .heartbeat }
}

/// The InstallCertificate request payload (OCPP 2.0.1 `InstallCertificateRequest.json`).
public struct InstallCertificateRequest: OCPPPayload {
    public var customData: CustomDataType?
    public var certificateType: InstallCertificateUseEnumType
    /// A PEM encoded X.509 certificate.
    public var certificate: String

    public init(customData: CustomDataType? = nil, certificateType: InstallCertificateUseEnumType, certificate: String) {
        self.customData = customData
        self.certificateType = certificateType
        self.certificate = certificate
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.certificateType = try reader.required("certificateType", InstallCertificateUseEnumType.self)
        self.certificate = try reader.required("certificate", String.self, maxLength: 5500)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "certificateType", "certificate"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("certificateType", self.certificateType.ocppJSON)
        object.append("certificate", self.certificate.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The InstallCertificate response payload (OCPP 2.0.1 `InstallCertificateResponse.json`).
public struct InstallCertificateResponse: OCPPPayload {
    public var customData: CustomDataType?
    public var status: InstallCertificateStatusEnumType
    public var statusInfo: StatusInfoType?

    public init(customData: CustomDataType? = nil, status: InstallCertificateStatusEnumType, statusInfo: StatusInfoType? = nil) {
        self.customData = customData
        self.status = status
        self.statusInfo = statusInfo
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.status = try reader.required("status", InstallCertificateStatusEnumType.self)
        self.statusInfo = try reader.optional("statusInfo", StatusInfoType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "status", "statusInfo"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("status", self.status.ocppJSON)
        if let statusInfo { object.append("statusInfo", statusInfo.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension InstallCertificateRequest: OCPPRequest {
    public typealias Response = InstallCertificateResponse
    public static var action: OCPPAction { .installCertificate }
}

/// The LogStatusNotification request payload (OCPP 2.0.1 `LogStatusNotificationRequest.json`).
public struct LogStatusNotificationRequest: OCPPPayload {
    public var customData: CustomDataType?
    public var status: UploadLogStatusEnumType
    /// The request id that was provided in GetLogRequest that started this log upload. This field is mandatory,
    /// unless the message was triggered by a TriggerMessageRequest AND there is no log upload ongoing.
    public var requestId: Int?

    public init(customData: CustomDataType? = nil, status: UploadLogStatusEnumType, requestId: Int? = nil) {
        self.customData = customData
        self.status = status
        self.requestId = requestId
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.status = try reader.required("status", UploadLogStatusEnumType.self)
        self.requestId = try reader.optional("requestId", Int.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "status", "requestId"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("status", self.status.ocppJSON)
        if let requestId { object.append("requestId", requestId.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The LogStatusNotification response payload (OCPP 2.0.1 `LogStatusNotificationResponse.json`).
public struct LogStatusNotificationResponse: OCPPPayload {
    public var customData: CustomDataType?

    public init(customData: CustomDataType? = nil) {
        self.customData = customData
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(1)
        if let customData { object.append("customData", customData.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension LogStatusNotificationRequest: OCPPRequest {
    public typealias Response = LogStatusNotificationResponse
    public static var action: OCPPAction { .logStatusNotification }
}

/// The MeterValues request payload (OCPP 2.0.1 `MeterValuesRequest.json`).
public struct MeterValuesRequest: OCPPPayload {
    public var customData: CustomDataType?
    /// This contains a number (&gt;0) designating an EVSE of the Charging Station. ‘0’ (zero) is used to designate the main power meter.
    public var evseId: Int
    public var meterValue: [MeterValueType]

    public init(customData: CustomDataType? = nil, evseId: Int, meterValue: [MeterValueType]) {
        self.customData = customData
        self.evseId = evseId
        self.meterValue = meterValue
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.evseId = try reader.required("evseId", Int.self)
        self.meterValue = try reader.requiredArray("meterValue", MeterValueType.self, minItems: 1, maxItems: nil)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "evseId", "meterValue"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("evseId", self.evseId.ocppJSON)
        object.append("meterValue", .array(self.meterValue.map(\.ocppJSON)))
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The MeterValues response payload (OCPP 2.0.1 `MeterValuesResponse.json`).
public struct MeterValuesResponse: OCPPPayload {
    public var customData: CustomDataType?

    public init(customData: CustomDataType? = nil) {
        self.customData = customData
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(1)
        if let customData { object.append("customData", customData.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension MeterValuesRequest: OCPPRequest {
    public typealias Response = MeterValuesResponse
    public static var action: OCPPAction { .meterValues }
}

/// The NotifyChargingLimit request payload (OCPP 2.0.1 `NotifyChargingLimitRequest.json`).
public struct NotifyChargingLimitRequest: OCPPPayload {
    public var customData: CustomDataType?
    public var chargingSchedule: [ChargingScheduleType]?
    /// The charging schedule contained in this notification applies to an EVSE. evseId must be &gt; 0.
    public var evseId: Int?
    public var chargingLimit: ChargingLimitType

    public init(customData: CustomDataType? = nil, chargingSchedule: [ChargingScheduleType]? = nil, evseId: Int? = nil, chargingLimit: ChargingLimitType) {
        self.customData = customData
        self.chargingSchedule = chargingSchedule
        self.evseId = evseId
        self.chargingLimit = chargingLimit
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.chargingSchedule = try reader.optionalArray("chargingSchedule", ChargingScheduleType.self, minItems: 1, maxItems: nil)
        self.evseId = try reader.optional("evseId", Int.self)
        self.chargingLimit = try reader.required("chargingLimit", ChargingLimitType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "chargingSchedule", "evseId", "chargingLimit"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(4)
        if let customData { object.append("customData", customData.ocppJSON) }
        if let chargingSchedule { object.append("chargingSchedule", .array(chargingSchedule.map(\.ocppJSON))) }
        if let evseId { object.append("evseId", evseId.ocppJSON) }
        object.append("chargingLimit", self.chargingLimit.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The NotifyChargingLimit response payload (OCPP 2.0.1 `NotifyChargingLimitResponse.json`).
public struct NotifyChargingLimitResponse: OCPPPayload {
    public var customData: CustomDataType?

    public init(customData: CustomDataType? = nil) {
        self.customData = customData
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(1)
        if let customData { object.append("customData", customData.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension NotifyChargingLimitRequest: OCPPRequest {
    public typealias Response = NotifyChargingLimitResponse
    public static var action: OCPPAction { .notifyChargingLimit }
}

/// The NotifyCustomerInformation request payload (OCPP 2.0.1 `NotifyCustomerInformationRequest.json`).
public struct NotifyCustomerInformationRequest: OCPPPayload {
    public var customData: CustomDataType?
    /// (Part of) the requested data. No format specified in which the data is returned. Should be human readable.
    public var data: String
    /// “to be continued” indicator. Indicates whether another part of the monitoringData follows in an upcoming notifyMonitoringReportRequest message. Default value when omitted is false.
    public var tbc: Bool?
    /// Sequence number of this message. First message starts at 0.
    public var seqNo: Int
    /// Timestamp of the moment this message was generated at the Charging Station.
    public var generatedAt: Date
    /// The Id of the request.
    public var requestId: Int

    public init(customData: CustomDataType? = nil, data: String, tbc: Bool? = nil, seqNo: Int, generatedAt: Date, requestId: Int) {
        self.customData = customData
        self.data = data
        self.tbc = tbc
        self.seqNo = seqNo
        self.generatedAt = generatedAt
        self.requestId = requestId
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.data = try reader.required("data", String.self, maxLength: 512)
        self.tbc = try reader.optional("tbc", Bool.self)
        self.seqNo = try reader.required("seqNo", Int.self)
        self.generatedAt = try reader.required("generatedAt", Date.self)
        self.requestId = try reader.required("requestId", Int.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "data", "tbc", "seqNo", "generatedAt", "requestId"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(6)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("data", self.data.ocppJSON)
        if let tbc { object.append("tbc", tbc.ocppJSON) }
        object.append("seqNo", self.seqNo.ocppJSON)
        object.append("generatedAt", self.generatedAt.ocppJSON)
        object.append("requestId", self.requestId.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The NotifyCustomerInformation response payload (OCPP 2.0.1 `NotifyCustomerInformationResponse.json`).
public struct NotifyCustomerInformationResponse: OCPPPayload {
    public var customData: CustomDataType?

    public init(customData: CustomDataType? = nil) {
        self.customData = customData
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(1)
        if let customData { object.append("customData", customData.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension NotifyCustomerInformationRequest: OCPPRequest {
    public typealias Response = NotifyCustomerInformationResponse
    public static var action: OCPPAction { .notifyCustomerInformation }
}

/// The NotifyDisplayMessages request payload (OCPP 2.0.1 `NotifyDisplayMessagesRequest.json`).
public struct NotifyDisplayMessagesRequest: OCPPPayload {
    public var customData: CustomDataType?
    public var messageInfo: [MessageInfoType]?
    /// The id of the &lt;&lt;getdisplaymessagesrequest,GetDisplayMessagesRequest&gt;&gt; that requested this message.
    public var requestId: Int
    /// "to be continued" indicator. Indicates whether another part of the report follows in an upcoming NotifyDisplayMessagesRequest message. Default value when omitted is false.
    public var tbc: Bool?

    public init(customData: CustomDataType? = nil, messageInfo: [MessageInfoType]? = nil, requestId: Int, tbc: Bool? = nil) {
        self.customData = customData
        self.messageInfo = messageInfo
        self.requestId = requestId
        self.tbc = tbc
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.messageInfo = try reader.optionalArray("messageInfo", MessageInfoType.self, minItems: 1, maxItems: nil)
        self.requestId = try reader.required("requestId", Int.self)
        self.tbc = try reader.optional("tbc", Bool.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "messageInfo", "requestId", "tbc"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(4)
        if let customData { object.append("customData", customData.ocppJSON) }
        if let messageInfo { object.append("messageInfo", .array(messageInfo.map(\.ocppJSON))) }
        object.append("requestId", self.requestId.ocppJSON)
        if let tbc { object.append("tbc", tbc.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The NotifyDisplayMessages response payload (OCPP 2.0.1 `NotifyDisplayMessagesResponse.json`).
public struct NotifyDisplayMessagesResponse: OCPPPayload {
    public var customData: CustomDataType?

    public init(customData: CustomDataType? = nil) {
        self.customData = customData
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(1)
        if let customData { object.append("customData", customData.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension NotifyDisplayMessagesRequest: OCPPRequest {
    public typealias Response = NotifyDisplayMessagesResponse
    public static var action: OCPPAction { .notifyDisplayMessages }
}

/// The NotifyEVChargingNeeds request payload (OCPP 2.0.1 `NotifyEVChargingNeedsRequest.json`).
public struct NotifyEVChargingNeedsRequest: OCPPPayload {
    public var customData: CustomDataType?
    /// Contains the maximum schedule tuples the car supports per schedule.
    public var maxScheduleTuples: Int?
    public var chargingNeeds: ChargingNeedsType
    /// Defines the EVSE and connector to which the EV is connected. EvseId may not be 0.
    public var evseId: Int

    public init(customData: CustomDataType? = nil, maxScheduleTuples: Int? = nil, chargingNeeds: ChargingNeedsType, evseId: Int) {
        self.customData = customData
        self.maxScheduleTuples = maxScheduleTuples
        self.chargingNeeds = chargingNeeds
        self.evseId = evseId
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.maxScheduleTuples = try reader.optional("maxScheduleTuples", Int.self)
        self.chargingNeeds = try reader.required("chargingNeeds", ChargingNeedsType.self)
        self.evseId = try reader.required("evseId", Int.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "maxScheduleTuples", "chargingNeeds", "evseId"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(4)
        if let customData { object.append("customData", customData.ocppJSON) }
        if let maxScheduleTuples { object.append("maxScheduleTuples", maxScheduleTuples.ocppJSON) }
        object.append("chargingNeeds", self.chargingNeeds.ocppJSON)
        object.append("evseId", self.evseId.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The NotifyEVChargingNeeds response payload (OCPP 2.0.1 `NotifyEVChargingNeedsResponse.json`).
public struct NotifyEVChargingNeedsResponse: OCPPPayload {
    public var customData: CustomDataType?
    public var status: NotifyEVChargingNeedsStatusEnumType
    public var statusInfo: StatusInfoType?

    public init(customData: CustomDataType? = nil, status: NotifyEVChargingNeedsStatusEnumType, statusInfo: StatusInfoType? = nil) {
        self.customData = customData
        self.status = status
        self.statusInfo = statusInfo
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.status = try reader.required("status", NotifyEVChargingNeedsStatusEnumType.self)
        self.statusInfo = try reader.optional("statusInfo", StatusInfoType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "status", "statusInfo"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("status", self.status.ocppJSON)
        if let statusInfo { object.append("statusInfo", statusInfo.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension NotifyEVChargingNeedsRequest: OCPPRequest {
    public typealias Response = NotifyEVChargingNeedsResponse
    public static var action: OCPPAction { .notifyEVChargingNeeds }
}

/// The NotifyEVChargingSchedule request payload (OCPP 2.0.1 `NotifyEVChargingScheduleRequest.json`).
public struct NotifyEVChargingScheduleRequest: OCPPPayload {
    public var customData: CustomDataType?
    /// Periods contained in the charging profile are relative to this point in time.
    public var timeBase: Date
    public var chargingSchedule: ChargingScheduleType
    /// The charging schedule contained in this notification applies to an EVSE. EvseId must be &gt; 0.
    public var evseId: Int

    public init(customData: CustomDataType? = nil, timeBase: Date, chargingSchedule: ChargingScheduleType, evseId: Int) {
        self.customData = customData
        self.timeBase = timeBase
        self.chargingSchedule = chargingSchedule
        self.evseId = evseId
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.timeBase = try reader.required("timeBase", Date.self)
        self.chargingSchedule = try reader.required("chargingSchedule", ChargingScheduleType.self)
        self.evseId = try reader.required("evseId", Int.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "timeBase", "chargingSchedule", "evseId"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(4)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("timeBase", self.timeBase.ocppJSON)
        object.append("chargingSchedule", self.chargingSchedule.ocppJSON)
        object.append("evseId", self.evseId.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The NotifyEVChargingSchedule response payload (OCPP 2.0.1 `NotifyEVChargingScheduleResponse.json`).
public struct NotifyEVChargingScheduleResponse: OCPPPayload {
    public var customData: CustomDataType?
    public var status: GenericStatusEnumType
    public var statusInfo: StatusInfoType?

    public init(customData: CustomDataType? = nil, status: GenericStatusEnumType, statusInfo: StatusInfoType? = nil) {
        self.customData = customData
        self.status = status
        self.statusInfo = statusInfo
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.status = try reader.required("status", GenericStatusEnumType.self)
        self.statusInfo = try reader.optional("statusInfo", StatusInfoType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "status", "statusInfo"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("status", self.status.ocppJSON)
        if let statusInfo { object.append("statusInfo", statusInfo.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension NotifyEVChargingScheduleRequest: OCPPRequest {
    public typealias Response = NotifyEVChargingScheduleResponse
    public static var action: OCPPAction { .notifyEVChargingSchedule }
}

/// The NotifyEvent request payload (OCPP 2.0.1 `NotifyEventRequest.json`).
public struct NotifyEventRequest: OCPPPayload {
    public var customData: CustomDataType?
    /// Timestamp of the moment this message was generated at the Charging Station.
    public var generatedAt: Date
    /// “to be continued” indicator. Indicates whether another part of the report follows in an upcoming notifyEventRequest message. Default value when omitted is false.
    public var tbc: Bool?
    /// Sequence number of this message. First message starts at 0.
    public var seqNo: Int
    public var eventData: [EventDataType]

    public init(customData: CustomDataType? = nil, generatedAt: Date, tbc: Bool? = nil, seqNo: Int, eventData: [EventDataType]) {
        self.customData = customData
        self.generatedAt = generatedAt
        self.tbc = tbc
        self.seqNo = seqNo
        self.eventData = eventData
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.generatedAt = try reader.required("generatedAt", Date.self)
        self.tbc = try reader.optional("tbc", Bool.self)
        self.seqNo = try reader.required("seqNo", Int.self)
        self.eventData = try reader.requiredArray("eventData", EventDataType.self, minItems: 1, maxItems: nil)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "generatedAt", "tbc", "seqNo", "eventData"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(5)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("generatedAt", self.generatedAt.ocppJSON)
        if let tbc { object.append("tbc", tbc.ocppJSON) }
        object.append("seqNo", self.seqNo.ocppJSON)
        object.append("eventData", .array(self.eventData.map(\.ocppJSON)))
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The NotifyEvent response payload (OCPP 2.0.1 `NotifyEventResponse.json`).
public struct NotifyEventResponse: OCPPPayload {
    public var customData: CustomDataType?

    public init(customData: CustomDataType? = nil) {
        self.customData = customData
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(1)
        if let customData { object.append("customData", customData.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension NotifyEventRequest: OCPPRequest {
    public typealias Response = NotifyEventResponse
    public static var action: OCPPAction { .notifyEvent }
}

/// The NotifyMonitoringReport request payload (OCPP 2.0.1 `NotifyMonitoringReportRequest.json`).
public struct NotifyMonitoringReportRequest: OCPPPayload {
    public var customData: CustomDataType?
    public var monitor: [MonitoringDataType]?
    /// The id of the GetMonitoringRequest that requested this report.
    public var requestId: Int
    /// “to be continued” indicator. Indicates whether another part of the monitoringData follows in an upcoming notifyMonitoringReportRequest message. Default value when omitted is false.
    public var tbc: Bool?
    /// Sequence number of this message. First message starts at 0.
    public var seqNo: Int
    /// Timestamp of the moment this message was generated at the Charging Station.
    public var generatedAt: Date

    public init(customData: CustomDataType? = nil, monitor: [MonitoringDataType]? = nil, requestId: Int, tbc: Bool? = nil, seqNo: Int, generatedAt: Date) {
        self.customData = customData
        self.monitor = monitor
        self.requestId = requestId
        self.tbc = tbc
        self.seqNo = seqNo
        self.generatedAt = generatedAt
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.monitor = try reader.optionalArray("monitor", MonitoringDataType.self, minItems: 1, maxItems: nil)
        self.requestId = try reader.required("requestId", Int.self)
        self.tbc = try reader.optional("tbc", Bool.self)
        self.seqNo = try reader.required("seqNo", Int.self)
        self.generatedAt = try reader.required("generatedAt", Date.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "monitor", "requestId", "tbc", "seqNo", "generatedAt"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(6)
        if let customData { object.append("customData", customData.ocppJSON) }
        if let monitor { object.append("monitor", .array(monitor.map(\.ocppJSON))) }
        object.append("requestId", self.requestId.ocppJSON)
        if let tbc { object.append("tbc", tbc.ocppJSON) }
        object.append("seqNo", self.seqNo.ocppJSON)
        object.append("generatedAt", self.generatedAt.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The NotifyMonitoringReport response payload (OCPP 2.0.1 `NotifyMonitoringReportResponse.json`).
public struct NotifyMonitoringReportResponse: OCPPPayload {
    public var customData: CustomDataType?

    public init(customData: CustomDataType? = nil) {
        self.customData = customData
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(1)
        if let customData { object.append("customData", customData.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension NotifyMonitoringReportRequest: OCPPRequest {
    public typealias Response = NotifyMonitoringReportResponse
    public static var action: OCPPAction { .notifyMonitoringReport }
}

/// The NotifyReport request payload (OCPP 2.0.1 `NotifyReportRequest.json`).
public struct NotifyReportRequest: OCPPPayload {
    public var customData: CustomDataType?
    /// The id of the GetReportRequest  or GetBaseReportRequest that requested this report
    public var requestId: Int
    /// Timestamp of the moment this message was generated at the Charging Station.
    public var generatedAt: Date
    public var reportData: [ReportDataType]?
    /// “to be continued” indicator. Indicates whether another part of the report follows in an upcoming notifyReportRequest message. Default value when omitted is false.
    public var tbc: Bool?
    /// Sequence number of this message. First message starts at 0.
    public var seqNo: Int

    public init(customData: CustomDataType? = nil, requestId: Int, generatedAt: Date, reportData: [ReportDataType]? = nil, tbc: Bool? = nil, seqNo: Int) {
        self.customData = customData
        self.requestId = requestId
        self.generatedAt = generatedAt
        self.reportData = reportData
        self.tbc = tbc
        self.seqNo = seqNo
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.requestId = try reader.required("requestId", Int.self)
        self.generatedAt = try reader.required("generatedAt", Date.self)
        self.reportData = try reader.optionalArray("reportData", ReportDataType.self, minItems: 1, maxItems: nil)
        self.tbc = try reader.optional("tbc", Bool.self)
        self.seqNo = try reader.required("seqNo", Int.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "requestId", "generatedAt", "reportData", "tbc", "seqNo"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(6)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("requestId", self.requestId.ocppJSON)
        object.append("generatedAt", self.generatedAt.ocppJSON)
        if let reportData { object.append("reportData", .array(reportData.map(\.ocppJSON))) }
        if let tbc { object.append("tbc", tbc.ocppJSON) }
        object.append("seqNo", self.seqNo.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The NotifyReport response payload (OCPP 2.0.1 `NotifyReportResponse.json`).
public struct NotifyReportResponse: OCPPPayload {
    public var customData: CustomDataType?

    public init(customData: CustomDataType? = nil) {
        self.customData = customData
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(1)
        if let customData { object.append("customData", customData.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension NotifyReportRequest: OCPPRequest {
    public typealias Response = NotifyReportResponse
    public static var action: OCPPAction { .notifyReport }
}

/// The PublishFirmware request payload (OCPP 2.0.1 `PublishFirmwareRequest.json`).
public struct PublishFirmwareRequest: OCPPPayload {
    public var customData: CustomDataType?
    /// This contains a string containing a URI pointing to a
    /// location from which to retrieve the firmware.
    public var location: String
    /// This specifies how many times Charging Station must try
    /// present, it is left to Charging Station to decide how many times it wants to retry.
    public var retries: Int?
    /// The MD5 checksum over the entire firmware file as a hexadecimal string of length 32.
    public var checksum: String
    /// The Id of the request.
    public var requestId: Int
    /// The interval in seconds
    /// after which a retry may be
    /// present, it is left to Charging
    /// Station to decide how long to wait
    /// between attempts.
    public var retryInterval: Int?

    public init(customData: CustomDataType? = nil, location: String, retries: Int? = nil, checksum: String, requestId: Int, retryInterval: Int? = nil) {
        self.customData = customData
        self.location = location
        self.retries = retries
        self.checksum = checksum
        self.requestId = requestId
        self.retryInterval = retryInterval
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.location = try reader.required("location", String.self, maxLength: 512)
        self.retries = try reader.optional("retries", Int.self)
        self.checksum = try reader.required("checksum", String.self, maxLength: 32)
        self.requestId = try reader.required("requestId", Int.self)
        self.retryInterval = try reader.optional("retryInterval", Int.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "location", "retries", "checksum", "requestId", "retryInterval"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(6)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("location", self.location.ocppJSON)
        if let retries { object.append("retries", retries.ocppJSON) }
        object.append("checksum", self.checksum.ocppJSON)
        object.append("requestId", self.requestId.ocppJSON)
        if let retryInterval { object.append("retryInterval", retryInterval.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The PublishFirmware response payload (OCPP 2.0.1 `PublishFirmwareResponse.json`).
public struct PublishFirmwareResponse: OCPPPayload {
    public var customData: CustomDataType?
    public var status: GenericStatusEnumType
    public var statusInfo: StatusInfoType?

    public init(customData: CustomDataType? = nil, status: GenericStatusEnumType, statusInfo: StatusInfoType? = nil) {
        self.customData = customData
        self.status = status
        self.statusInfo = statusInfo
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.status = try reader.required("status", GenericStatusEnumType.self)
        self.statusInfo = try reader.optional("statusInfo", StatusInfoType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "status", "statusInfo"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("status", self.status.ocppJSON)
        if let statusInfo { object.append("statusInfo", statusInfo.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension PublishFirmwareRequest: OCPPRequest {
    public typealias Response = PublishFirmwareResponse
    public static var action: OCPPAction { .publishFirmware }
}

/// The PublishFirmwareStatusNotification request payload (OCPP 2.0.1 `PublishFirmwareStatusNotificationRequest.json`).
public struct PublishFirmwareStatusNotificationRequest: OCPPPayload {
    public var customData: CustomDataType?
    public var status: PublishFirmwareStatusEnumType
    /// Required if status is Published. Can be multiple URI’s, if the Local Controller supports e.g. HTTP, HTTPS, and FTP.
    public var location: [String]?
    /// The request id that was
    /// provided in the
    /// PublishFirmwareRequest which
    /// triggered this action.
    public var requestId: Int?

    public init(customData: CustomDataType? = nil, status: PublishFirmwareStatusEnumType, location: [String]? = nil, requestId: Int? = nil) {
        self.customData = customData
        self.status = status
        self.location = location
        self.requestId = requestId
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.status = try reader.required("status", PublishFirmwareStatusEnumType.self)
        self.location = try reader.optionalArray("location", String.self, minItems: 1, maxItems: nil, maxLength: 512)
        self.requestId = try reader.optional("requestId", Int.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "status", "location", "requestId"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(4)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("status", self.status.ocppJSON)
        if let location { object.append("location", .array(location.map(\.ocppJSON))) }
        if let requestId { object.append("requestId", requestId.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The PublishFirmwareStatusNotification response payload (OCPP 2.0.1 `PublishFirmwareStatusNotificationResponse.json`).
public struct PublishFirmwareStatusNotificationResponse: OCPPPayload {
    public var customData: CustomDataType?

    public init(customData: CustomDataType? = nil) {
        self.customData = customData
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(1)
        if let customData { object.append("customData", customData.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension PublishFirmwareStatusNotificationRequest: OCPPRequest {
    public typealias Response = PublishFirmwareStatusNotificationResponse
    public static var action: OCPPAction { .publishFirmwareStatusNotification }
}

/// The ReportChargingProfiles request payload (OCPP 2.0.1 `ReportChargingProfilesRequest.json`).
public struct ReportChargingProfilesRequest: OCPPPayload {
    public var customData: CustomDataType?
    /// Id used to match the &lt;&lt;getchargingprofilesrequest, GetChargingProfilesRequest&gt;&gt; message with the resulting ReportChargingProfilesRequest messages. When the CSMS provided a requestId in the &lt;&lt;getchargingprofilesrequest, GetChargingProfilesRequest&gt;&gt;, this field SHALL contain the same value.
    public var requestId: Int
    public var chargingLimitSource: ChargingLimitSourceEnumType
    public var chargingProfile: [ChargingProfileType]
    /// To Be Continued. Default value when omitted: false. false indicates that there are no further messages as part of this report.
    public var tbc: Bool?
    /// The evse to which the charging profile applies. If evseId = 0, the message contains an overall limit for the Charging Station.
    public var evseId: Int

    public init(customData: CustomDataType? = nil, requestId: Int, chargingLimitSource: ChargingLimitSourceEnumType, chargingProfile: [ChargingProfileType], tbc: Bool? = nil, evseId: Int) {
        self.customData = customData
        self.requestId = requestId
        self.chargingLimitSource = chargingLimitSource
        self.chargingProfile = chargingProfile
        self.tbc = tbc
        self.evseId = evseId
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.requestId = try reader.required("requestId", Int.self)
        self.chargingLimitSource = try reader.required("chargingLimitSource", ChargingLimitSourceEnumType.self)
        self.chargingProfile = try reader.requiredArray("chargingProfile", ChargingProfileType.self, minItems: 1, maxItems: nil)
        self.tbc = try reader.optional("tbc", Bool.self)
        self.evseId = try reader.required("evseId", Int.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "requestId", "chargingLimitSource", "chargingProfile", "tbc", "evseId"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(6)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("requestId", self.requestId.ocppJSON)
        object.append("chargingLimitSource", self.chargingLimitSource.ocppJSON)
        object.append("chargingProfile", .array(self.chargingProfile.map(\.ocppJSON)))
        if let tbc { object.append("tbc", tbc.ocppJSON) }
        object.append("evseId", self.evseId.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The ReportChargingProfiles response payload (OCPP 2.0.1 `ReportChargingProfilesResponse.json`).
public struct ReportChargingProfilesResponse: OCPPPayload {
    public var customData: CustomDataType?

    public init(customData: CustomDataType? = nil) {
        self.customData = customData
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(1)
        if let customData { object.append("customData", customData.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension ReportChargingProfilesRequest: OCPPRequest {
    public typealias Response = ReportChargingProfilesResponse
    public static var action: OCPPAction { .reportChargingProfiles }
}

/// The RequestStartTransaction request payload (OCPP 2.0.1 `RequestStartTransactionRequest.json`).
public struct RequestStartTransactionRequest: OCPPPayload {
    public var customData: CustomDataType?
    /// Number of the EVSE on which to start the transaction. EvseId SHALL be &gt; 0
    public var evseId: Int?
    public var groupIdToken: IdTokenType?
    public var idToken: IdTokenType
    /// Id given by the server to this start request. The Charging Station might return this in the &lt;&lt;transactioneventrequest, TransactionEventRequest&gt;&gt;, letting the server know which transaction was started for this request. Use to start a transaction.
    public var remoteStartId: Int
    public var chargingProfile: ChargingProfileType?

    public init(customData: CustomDataType? = nil, evseId: Int? = nil, groupIdToken: IdTokenType? = nil, idToken: IdTokenType, remoteStartId: Int, chargingProfile: ChargingProfileType? = nil) {
        self.customData = customData
        self.evseId = evseId
        self.groupIdToken = groupIdToken
        self.idToken = idToken
        self.remoteStartId = remoteStartId
        self.chargingProfile = chargingProfile
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.evseId = try reader.optional("evseId", Int.self)
        self.groupIdToken = try reader.optional("groupIdToken", IdTokenType.self)
        self.idToken = try reader.required("idToken", IdTokenType.self)
        self.remoteStartId = try reader.required("remoteStartId", Int.self)
        self.chargingProfile = try reader.optional("chargingProfile", ChargingProfileType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "evseId", "groupIdToken", "idToken", "remoteStartId", "chargingProfile"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(6)
        if let customData { object.append("customData", customData.ocppJSON) }
        if let evseId { object.append("evseId", evseId.ocppJSON) }
        if let groupIdToken { object.append("groupIdToken", groupIdToken.ocppJSON) }
        object.append("idToken", self.idToken.ocppJSON)
        object.append("remoteStartId", self.remoteStartId.ocppJSON)
        if let chargingProfile { object.append("chargingProfile", chargingProfile.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The RequestStartTransaction response payload (OCPP 2.0.1 `RequestStartTransactionResponse.json`).
public struct RequestStartTransactionResponse: OCPPPayload {
    public var customData: CustomDataType?
    public var status: RequestStartStopStatusEnumType
    public var statusInfo: StatusInfoType?
    /// When the transaction was already started by the Charging Station before the RequestStartTransactionRequest was received, for example: cable plugged in first. This contains the transactionId of the already started transaction.
    public var transactionId: String?

    public init(customData: CustomDataType? = nil, status: RequestStartStopStatusEnumType, statusInfo: StatusInfoType? = nil, transactionId: String? = nil) {
        self.customData = customData
        self.status = status
        self.statusInfo = statusInfo
        self.transactionId = transactionId
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.status = try reader.required("status", RequestStartStopStatusEnumType.self)
        self.statusInfo = try reader.optional("statusInfo", StatusInfoType.self)
        self.transactionId = try reader.optional("transactionId", String.self, maxLength: 36)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "status", "statusInfo", "transactionId"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(4)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("status", self.status.ocppJSON)
        if let statusInfo { object.append("statusInfo", statusInfo.ocppJSON) }
        if let transactionId { object.append("transactionId", transactionId.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension RequestStartTransactionRequest: OCPPRequest {
    public typealias Response = RequestStartTransactionResponse
    public static var action: OCPPAction { .requestStartTransaction }
}

/// The RequestStopTransaction request payload (OCPP 2.0.1 `RequestStopTransactionRequest.json`).
public struct RequestStopTransactionRequest: OCPPPayload {
    public var customData: CustomDataType?
    /// The identifier of the transaction which the Charging Station is requested to stop.
    public var transactionId: String

    public init(customData: CustomDataType? = nil, transactionId: String) {
        self.customData = customData
        self.transactionId = transactionId
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.transactionId = try reader.required("transactionId", String.self, maxLength: 36)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "transactionId"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(2)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("transactionId", self.transactionId.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The RequestStopTransaction response payload (OCPP 2.0.1 `RequestStopTransactionResponse.json`).
public struct RequestStopTransactionResponse: OCPPPayload {
    public var customData: CustomDataType?
    public var status: RequestStartStopStatusEnumType
    public var statusInfo: StatusInfoType?

    public init(customData: CustomDataType? = nil, status: RequestStartStopStatusEnumType, statusInfo: StatusInfoType? = nil) {
        self.customData = customData
        self.status = status
        self.statusInfo = statusInfo
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.status = try reader.required("status", RequestStartStopStatusEnumType.self)
        self.statusInfo = try reader.optional("statusInfo", StatusInfoType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "status", "statusInfo"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("status", self.status.ocppJSON)
        if let statusInfo { object.append("statusInfo", statusInfo.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension RequestStopTransactionRequest: OCPPRequest {
    public typealias Response = RequestStopTransactionResponse
    public static var action: OCPPAction { .requestStopTransaction }
}

/// The ReservationStatusUpdate request payload (OCPP 2.0.1 `ReservationStatusUpdateRequest.json`).
public struct ReservationStatusUpdateRequest: OCPPPayload {
    public var customData: CustomDataType?
    /// The ID of the reservation.
    public var reservationId: Int
    public var reservationUpdateStatus: ReservationUpdateStatusEnumType

    public init(customData: CustomDataType? = nil, reservationId: Int, reservationUpdateStatus: ReservationUpdateStatusEnumType) {
        self.customData = customData
        self.reservationId = reservationId
        self.reservationUpdateStatus = reservationUpdateStatus
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.reservationId = try reader.required("reservationId", Int.self)
        self.reservationUpdateStatus = try reader.required("reservationUpdateStatus", ReservationUpdateStatusEnumType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "reservationId", "reservationUpdateStatus"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("reservationId", self.reservationId.ocppJSON)
        object.append("reservationUpdateStatus", self.reservationUpdateStatus.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The ReservationStatusUpdate response payload (OCPP 2.0.1 `ReservationStatusUpdateResponse.json`).
public struct ReservationStatusUpdateResponse: OCPPPayload {
    public var customData: CustomDataType?

    public init(customData: CustomDataType? = nil) {
        self.customData = customData
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(1)
        if let customData { object.append("customData", customData.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension ReservationStatusUpdateRequest: OCPPRequest {
    public typealias Response = ReservationStatusUpdateResponse
    public static var action: OCPPAction { .reservationStatusUpdate }
}

/// The ReserveNow request payload (OCPP 2.0.1 `ReserveNowRequest.json`).
public struct ReserveNowRequest: OCPPPayload {
    public var customData: CustomDataType?
    /// Id of reservation.
    public var id: Int
    /// Date and time at which the reservation expires.
    public var expiryDateTime: Date
    public var connectorType: ConnectorEnumType?
    public var idToken: IdTokenType
    /// This contains ID of the evse to be reserved.
    public var evseId: Int?
    public var groupIdToken: IdTokenType?

    public init(customData: CustomDataType? = nil, id: Int, expiryDateTime: Date, connectorType: ConnectorEnumType? = nil, idToken: IdTokenType, evseId: Int? = nil, groupIdToken: IdTokenType? = nil) {
        self.customData = customData
        self.id = id
        self.expiryDateTime = expiryDateTime
        self.connectorType = connectorType
        self.idToken = idToken
        self.evseId = evseId
        self.groupIdToken = groupIdToken
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.id = try reader.required("id", Int.self)
        self.expiryDateTime = try reader.required("expiryDateTime", Date.self)
        self.connectorType = try reader.optional("connectorType", ConnectorEnumType.self)
        self.idToken = try reader.required("idToken", IdTokenType.self)
        self.evseId = try reader.optional("evseId", Int.self)
        self.groupIdToken = try reader.optional("groupIdToken", IdTokenType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "id", "expiryDateTime", "connectorType", "idToken", "evseId", "groupIdToken"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(7)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("id", self.id.ocppJSON)
        object.append("expiryDateTime", self.expiryDateTime.ocppJSON)
        if let connectorType { object.append("connectorType", connectorType.ocppJSON) }
        object.append("idToken", self.idToken.ocppJSON)
        if let evseId { object.append("evseId", evseId.ocppJSON) }
        if let groupIdToken { object.append("groupIdToken", groupIdToken.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The ReserveNow response payload (OCPP 2.0.1 `ReserveNowResponse.json`).
public struct ReserveNowResponse: OCPPPayload {
    public var customData: CustomDataType?
    public var status: ReserveNowStatusEnumType
    public var statusInfo: StatusInfoType?

    public init(customData: CustomDataType? = nil, status: ReserveNowStatusEnumType, statusInfo: StatusInfoType? = nil) {
        self.customData = customData
        self.status = status
        self.statusInfo = statusInfo
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.status = try reader.required("status", ReserveNowStatusEnumType.self)
        self.statusInfo = try reader.optional("statusInfo", StatusInfoType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "status", "statusInfo"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("status", self.status.ocppJSON)
        if let statusInfo { object.append("statusInfo", statusInfo.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension ReserveNowRequest: OCPPRequest {
    public typealias Response = ReserveNowResponse
    public static var action: OCPPAction { .reserveNow }
}

/// The Reset request payload (OCPP 2.0.1 `ResetRequest.json`).
public struct ResetRequest: OCPPPayload {
    public var customData: CustomDataType?
    public var type: ResetEnumType
    /// This contains the ID of a specific EVSE that needs to be reset, instead of the entire Charging Station.
    public var evseId: Int?

    public init(customData: CustomDataType? = nil, type: ResetEnumType, evseId: Int? = nil) {
        self.customData = customData
        self.type = type
        self.evseId = evseId
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.type = try reader.required("type", ResetEnumType.self)
        self.evseId = try reader.optional("evseId", Int.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "type", "evseId"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("type", self.type.ocppJSON)
        if let evseId { object.append("evseId", evseId.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The Reset response payload (OCPP 2.0.1 `ResetResponse.json`).
public struct ResetResponse: OCPPPayload {
    public var customData: CustomDataType?
    public var status: ResetStatusEnumType
    public var statusInfo: StatusInfoType?

    public init(customData: CustomDataType? = nil, status: ResetStatusEnumType, statusInfo: StatusInfoType? = nil) {
        self.customData = customData
        self.status = status
        self.statusInfo = statusInfo
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.status = try reader.required("status", ResetStatusEnumType.self)
        self.statusInfo = try reader.optional("statusInfo", StatusInfoType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "status", "statusInfo"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("status", self.status.ocppJSON)
        if let statusInfo { object.append("statusInfo", statusInfo.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension ResetRequest: OCPPRequest {
    public typealias Response = ResetResponse
    public static var action: OCPPAction { .reset }
}

/// The SecurityEventNotification request payload (OCPP 2.0.1 `SecurityEventNotificationRequest.json`).
public struct SecurityEventNotificationRequest: OCPPPayload {
    public var customData: CustomDataType?
    /// Type of the security event. This value should be taken from the Security events list.
    public var type: String
    /// Date and time at which the event occurred.
    public var timestamp: Date
    /// Additional information about the occurred security event.
    public var techInfo: String?

    public init(customData: CustomDataType? = nil, type: String, timestamp: Date, techInfo: String? = nil) {
        self.customData = customData
        self.type = type
        self.timestamp = timestamp
        self.techInfo = techInfo
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.type = try reader.required("type", String.self, maxLength: 50)
        self.timestamp = try reader.required("timestamp", Date.self)
        self.techInfo = try reader.optional("techInfo", String.self, maxLength: 255)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "type", "timestamp", "techInfo"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(4)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("type", self.type.ocppJSON)
        object.append("timestamp", self.timestamp.ocppJSON)
        if let techInfo { object.append("techInfo", techInfo.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The SecurityEventNotification response payload (OCPP 2.0.1 `SecurityEventNotificationResponse.json`).
public struct SecurityEventNotificationResponse: OCPPPayload {
    public var customData: CustomDataType?

    public init(customData: CustomDataType? = nil) {
        self.customData = customData
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(1)
        if let customData { object.append("customData", customData.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension SecurityEventNotificationRequest: OCPPRequest {
    public typealias Response = SecurityEventNotificationResponse
    public static var action: OCPPAction { .securityEventNotification }
}

/// The SendLocalList request payload (OCPP 2.0.1 `SendLocalListRequest.json`).
public struct SendLocalListRequest: OCPPPayload {
    public var customData: CustomDataType?
    public var localAuthorizationList: [AuthorizationData]?
    /// In case of a full update this is the version number of the full list. In case of a differential update it is the version number of the list after the update has been applied.
    public var versionNumber: Int
    public var updateType: UpdateEnumType

    public init(customData: CustomDataType? = nil, localAuthorizationList: [AuthorizationData]? = nil, versionNumber: Int, updateType: UpdateEnumType) {
        self.customData = customData
        self.localAuthorizationList = localAuthorizationList
        self.versionNumber = versionNumber
        self.updateType = updateType
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.localAuthorizationList = try reader.optionalArray("localAuthorizationList", AuthorizationData.self, minItems: 1, maxItems: nil)
        self.versionNumber = try reader.required("versionNumber", Int.self)
        self.updateType = try reader.required("updateType", UpdateEnumType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "localAuthorizationList", "versionNumber", "updateType"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(4)
        if let customData { object.append("customData", customData.ocppJSON) }
        if let localAuthorizationList { object.append("localAuthorizationList", .array(localAuthorizationList.map(\.ocppJSON))) }
        object.append("versionNumber", self.versionNumber.ocppJSON)
        object.append("updateType", self.updateType.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The SendLocalList response payload (OCPP 2.0.1 `SendLocalListResponse.json`).
public struct SendLocalListResponse: OCPPPayload {
    public var customData: CustomDataType?
    public var status: SendLocalListStatusEnumType
    public var statusInfo: StatusInfoType?

    public init(customData: CustomDataType? = nil, status: SendLocalListStatusEnumType, statusInfo: StatusInfoType? = nil) {
        self.customData = customData
        self.status = status
        self.statusInfo = statusInfo
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.status = try reader.required("status", SendLocalListStatusEnumType.self)
        self.statusInfo = try reader.optional("statusInfo", StatusInfoType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "status", "statusInfo"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("status", self.status.ocppJSON)
        if let statusInfo { object.append("statusInfo", statusInfo.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension SendLocalListRequest: OCPPRequest {
    public typealias Response = SendLocalListResponse
    public static var action: OCPPAction { .sendLocalList }
}

/// The SetChargingProfile request payload (OCPP 2.0.1 `SetChargingProfileRequest.json`).
public struct SetChargingProfileRequest: OCPPPayload {
    public var customData: CustomDataType?
    /// For TxDefaultProfile an evseId=0 applies the profile to each individual evse. For ChargingStationMaxProfile and ChargingStationExternalConstraints an evseId=0 contains an overal limit for the whole Charging Station.
    public var evseId: Int
    public var chargingProfile: ChargingProfileType

    public init(customData: CustomDataType? = nil, evseId: Int, chargingProfile: ChargingProfileType) {
        self.customData = customData
        self.evseId = evseId
        self.chargingProfile = chargingProfile
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.evseId = try reader.required("evseId", Int.self)
        self.chargingProfile = try reader.required("chargingProfile", ChargingProfileType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "evseId", "chargingProfile"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("evseId", self.evseId.ocppJSON)
        object.append("chargingProfile", self.chargingProfile.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The SetChargingProfile response payload (OCPP 2.0.1 `SetChargingProfileResponse.json`).
public struct SetChargingProfileResponse: OCPPPayload {
    public var customData: CustomDataType?
    public var status: ChargingProfileStatusEnumType
    public var statusInfo: StatusInfoType?

    public init(customData: CustomDataType? = nil, status: ChargingProfileStatusEnumType, statusInfo: StatusInfoType? = nil) {
        self.customData = customData
        self.status = status
        self.statusInfo = statusInfo
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.status = try reader.required("status", ChargingProfileStatusEnumType.self)
        self.statusInfo = try reader.optional("statusInfo", StatusInfoType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "status", "statusInfo"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("status", self.status.ocppJSON)
        if let statusInfo { object.append("statusInfo", statusInfo.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension SetChargingProfileRequest: OCPPRequest {
    public typealias Response = SetChargingProfileResponse
    public static var action: OCPPAction { .setChargingProfile }
}

/// The SetDisplayMessage request payload (OCPP 2.0.1 `SetDisplayMessageRequest.json`).
public struct SetDisplayMessageRequest: OCPPPayload {
    public var customData: CustomDataType?
    public var message: MessageInfoType

    public init(customData: CustomDataType? = nil, message: MessageInfoType) {
        self.customData = customData
        self.message = message
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.message = try reader.required("message", MessageInfoType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "message"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(2)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("message", self.message.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The SetDisplayMessage response payload (OCPP 2.0.1 `SetDisplayMessageResponse.json`).
public struct SetDisplayMessageResponse: OCPPPayload {
    public var customData: CustomDataType?
    public var status: DisplayMessageStatusEnumType
    public var statusInfo: StatusInfoType?

    public init(customData: CustomDataType? = nil, status: DisplayMessageStatusEnumType, statusInfo: StatusInfoType? = nil) {
        self.customData = customData
        self.status = status
        self.statusInfo = statusInfo
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.status = try reader.required("status", DisplayMessageStatusEnumType.self)
        self.statusInfo = try reader.optional("statusInfo", StatusInfoType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "status", "statusInfo"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("status", self.status.ocppJSON)
        if let statusInfo { object.append("statusInfo", statusInfo.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension SetDisplayMessageRequest: OCPPRequest {
    public typealias Response = SetDisplayMessageResponse
    public static var action: OCPPAction { .setDisplayMessage }
}

/// The SetMonitoringBase request payload (OCPP 2.0.1 `SetMonitoringBaseRequest.json`).
public struct SetMonitoringBaseRequest: OCPPPayload {
    public var customData: CustomDataType?
    public var monitoringBase: MonitoringBaseEnumType

    public init(customData: CustomDataType? = nil, monitoringBase: MonitoringBaseEnumType) {
        self.customData = customData
        self.monitoringBase = monitoringBase
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.monitoringBase = try reader.required("monitoringBase", MonitoringBaseEnumType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "monitoringBase"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(2)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("monitoringBase", self.monitoringBase.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The SetMonitoringBase response payload (OCPP 2.0.1 `SetMonitoringBaseResponse.json`).
public struct SetMonitoringBaseResponse: OCPPPayload {
    public var customData: CustomDataType?
    public var status: GenericDeviceModelStatusEnumType
    public var statusInfo: StatusInfoType?

    public init(customData: CustomDataType? = nil, status: GenericDeviceModelStatusEnumType, statusInfo: StatusInfoType? = nil) {
        self.customData = customData
        self.status = status
        self.statusInfo = statusInfo
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.status = try reader.required("status", GenericDeviceModelStatusEnumType.self)
        self.statusInfo = try reader.optional("statusInfo", StatusInfoType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "status", "statusInfo"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("status", self.status.ocppJSON)
        if let statusInfo { object.append("statusInfo", statusInfo.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension SetMonitoringBaseRequest: OCPPRequest {
    public typealias Response = SetMonitoringBaseResponse
    public static var action: OCPPAction { .setMonitoringBase }
}

/// The SetMonitoringLevel request payload (OCPP 2.0.1 `SetMonitoringLevelRequest.json`).
public struct SetMonitoringLevelRequest: OCPPPayload {
    public var customData: CustomDataType?
    /// The Charging Station SHALL only report events with a severity number lower than or equal to this severity.
    /// The severity range is 0-9, with 0 as the highest and 9 as the lowest severity level.
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

    public init(customData: CustomDataType? = nil, severity: Int) {
        self.customData = customData
        self.severity = severity
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.severity = try reader.required("severity", Int.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "severity"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(2)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("severity", self.severity.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The SetMonitoringLevel response payload (OCPP 2.0.1 `SetMonitoringLevelResponse.json`).
public struct SetMonitoringLevelResponse: OCPPPayload {
    public var customData: CustomDataType?
    public var status: GenericStatusEnumType
    public var statusInfo: StatusInfoType?

    public init(customData: CustomDataType? = nil, status: GenericStatusEnumType, statusInfo: StatusInfoType? = nil) {
        self.customData = customData
        self.status = status
        self.statusInfo = statusInfo
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.status = try reader.required("status", GenericStatusEnumType.self)
        self.statusInfo = try reader.optional("statusInfo", StatusInfoType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "status", "statusInfo"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("status", self.status.ocppJSON)
        if let statusInfo { object.append("statusInfo", statusInfo.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension SetMonitoringLevelRequest: OCPPRequest {
    public typealias Response = SetMonitoringLevelResponse
    public static var action: OCPPAction { .setMonitoringLevel }
}

/// The SetNetworkProfile request payload (OCPP 2.0.1 `SetNetworkProfileRequest.json`).
public struct SetNetworkProfileRequest: OCPPPayload {
    public var customData: CustomDataType?
    /// Slot in which the configuration should be stored.
    public var configurationSlot: Int
    public var connectionData: NetworkConnectionProfileType

    public init(customData: CustomDataType? = nil, configurationSlot: Int, connectionData: NetworkConnectionProfileType) {
        self.customData = customData
        self.configurationSlot = configurationSlot
        self.connectionData = connectionData
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.configurationSlot = try reader.required("configurationSlot", Int.self)
        self.connectionData = try reader.required("connectionData", NetworkConnectionProfileType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "configurationSlot", "connectionData"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("configurationSlot", self.configurationSlot.ocppJSON)
        object.append("connectionData", self.connectionData.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The SetNetworkProfile response payload (OCPP 2.0.1 `SetNetworkProfileResponse.json`).
public struct SetNetworkProfileResponse: OCPPPayload {
    public var customData: CustomDataType?
    public var status: SetNetworkProfileStatusEnumType
    public var statusInfo: StatusInfoType?

    public init(customData: CustomDataType? = nil, status: SetNetworkProfileStatusEnumType, statusInfo: StatusInfoType? = nil) {
        self.customData = customData
        self.status = status
        self.statusInfo = statusInfo
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.status = try reader.required("status", SetNetworkProfileStatusEnumType.self)
        self.statusInfo = try reader.optional("statusInfo", StatusInfoType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "status", "statusInfo"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("status", self.status.ocppJSON)
        if let statusInfo { object.append("statusInfo", statusInfo.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension SetNetworkProfileRequest: OCPPRequest {
    public typealias Response = SetNetworkProfileResponse
    public static var action: OCPPAction { .setNetworkProfile }
}

/// The SetVariableMonitoring request payload (OCPP 2.0.1 `SetVariableMonitoringRequest.json`).
public struct SetVariableMonitoringRequest: OCPPPayload {
    public var customData: CustomDataType?
    public var setMonitoringData: [SetMonitoringDataType]

    public init(customData: CustomDataType? = nil, setMonitoringData: [SetMonitoringDataType]) {
        self.customData = customData
        self.setMonitoringData = setMonitoringData
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.setMonitoringData = try reader.requiredArray("setMonitoringData", SetMonitoringDataType.self, minItems: 1, maxItems: nil)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "setMonitoringData"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(2)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("setMonitoringData", .array(self.setMonitoringData.map(\.ocppJSON)))
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The SetVariableMonitoring response payload (OCPP 2.0.1 `SetVariableMonitoringResponse.json`).
public struct SetVariableMonitoringResponse: OCPPPayload {
    public var customData: CustomDataType?
    public var setMonitoringResult: [SetMonitoringResultType]

    public init(customData: CustomDataType? = nil, setMonitoringResult: [SetMonitoringResultType]) {
        self.customData = customData
        self.setMonitoringResult = setMonitoringResult
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.setMonitoringResult = try reader.requiredArray("setMonitoringResult", SetMonitoringResultType.self, minItems: 1, maxItems: nil)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "setMonitoringResult"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(2)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("setMonitoringResult", .array(self.setMonitoringResult.map(\.ocppJSON)))
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension SetVariableMonitoringRequest: OCPPRequest {
    public typealias Response = SetVariableMonitoringResponse
    public static var action: OCPPAction { .setVariableMonitoring }
}

/// The SetVariables request payload (OCPP 2.0.1 `SetVariablesRequest.json`).
public struct SetVariablesRequest: OCPPPayload {
    public var customData: CustomDataType?
    public var setVariableData: [SetVariableDataType]

    public init(customData: CustomDataType? = nil, setVariableData: [SetVariableDataType]) {
        self.customData = customData
        self.setVariableData = setVariableData
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.setVariableData = try reader.requiredArray("setVariableData", SetVariableDataType.self, minItems: 1, maxItems: nil)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "setVariableData"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(2)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("setVariableData", .array(self.setVariableData.map(\.ocppJSON)))
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The SetVariables response payload (OCPP 2.0.1 `SetVariablesResponse.json`).
public struct SetVariablesResponse: OCPPPayload {
    public var customData: CustomDataType?
    public var setVariableResult: [SetVariableResultType]

    public init(customData: CustomDataType? = nil, setVariableResult: [SetVariableResultType]) {
        self.customData = customData
        self.setVariableResult = setVariableResult
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.setVariableResult = try reader.requiredArray("setVariableResult", SetVariableResultType.self, minItems: 1, maxItems: nil)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "setVariableResult"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(2)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("setVariableResult", .array(self.setVariableResult.map(\.ocppJSON)))
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension SetVariablesRequest: OCPPRequest {
    public typealias Response = SetVariablesResponse
    public static var action: OCPPAction { .setVariables }
}

/// The SignCertificate request payload (OCPP 2.0.1 `SignCertificateRequest.json`).
public struct SignCertificateRequest: OCPPPayload {
    public var customData: CustomDataType?
    /// The Charging Station SHALL send the public key in form of a Certificate Signing Request (CSR) as described in RFC 2986 [22] and then PEM encoded, using the &lt;&lt;signcertificaterequest,SignCertificateRequest&gt;&gt; message.
    public var csr: String
    public var certificateType: CertificateSigningUseEnumType?

    public init(customData: CustomDataType? = nil, csr: String, certificateType: CertificateSigningUseEnumType? = nil) {
        self.customData = customData
        self.csr = csr
        self.certificateType = certificateType
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.csr = try reader.required("csr", String.self, maxLength: 5500)
        self.certificateType = try reader.optional("certificateType", CertificateSigningUseEnumType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "csr", "certificateType"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("csr", self.csr.ocppJSON)
        if let certificateType { object.append("certificateType", certificateType.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The SignCertificate response payload (OCPP 2.0.1 `SignCertificateResponse.json`).
public struct SignCertificateResponse: OCPPPayload {
    public var customData: CustomDataType?
    public var status: GenericStatusEnumType
    public var statusInfo: StatusInfoType?

    public init(customData: CustomDataType? = nil, status: GenericStatusEnumType, statusInfo: StatusInfoType? = nil) {
        self.customData = customData
        self.status = status
        self.statusInfo = statusInfo
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.status = try reader.required("status", GenericStatusEnumType.self)
        self.statusInfo = try reader.optional("statusInfo", StatusInfoType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "status", "statusInfo"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("status", self.status.ocppJSON)
        if let statusInfo { object.append("statusInfo", statusInfo.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension SignCertificateRequest: OCPPRequest {
    public typealias Response = SignCertificateResponse
    public static var action: OCPPAction { .signCertificate }
}

/// The StatusNotification request payload (OCPP 2.0.1 `StatusNotificationRequest.json`).
public struct StatusNotificationRequest: OCPPPayload {
    public var customData: CustomDataType?
    /// The time for which the status is reported. If absent time of receipt of the message will be assumed.
    public var timestamp: Date
    public var connectorStatus: ConnectorStatusEnumType
    /// The id of the EVSE to which the connector belongs for which the the status is reported.
    public var evseId: Int
    /// The id of the connector within the EVSE for which the status is reported.
    public var connectorId: Int

    public init(customData: CustomDataType? = nil, timestamp: Date, connectorStatus: ConnectorStatusEnumType, evseId: Int, connectorId: Int) {
        self.customData = customData
        self.timestamp = timestamp
        self.connectorStatus = connectorStatus
        self.evseId = evseId
        self.connectorId = connectorId
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.timestamp = try reader.required("timestamp", Date.self)
        self.connectorStatus = try reader.required("connectorStatus", ConnectorStatusEnumType.self)
        self.evseId = try reader.required("evseId", Int.self)
        self.connectorId = try reader.required("connectorId", Int.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "timestamp", "connectorStatus", "evseId", "connectorId"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(5)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("timestamp", self.timestamp.ocppJSON)
        object.append("connectorStatus", self.connectorStatus.ocppJSON)
        object.append("evseId", self.evseId.ocppJSON)
        object.append("connectorId", self.connectorId.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The StatusNotification response payload (OCPP 2.0.1 `StatusNotificationResponse.json`).
public struct StatusNotificationResponse: OCPPPayload {
    public var customData: CustomDataType?

    public init(customData: CustomDataType? = nil) {
        self.customData = customData
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(1)
        if let customData { object.append("customData", customData.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension StatusNotificationRequest: OCPPRequest {
    public typealias Response = StatusNotificationResponse
    public static var action: OCPPAction { .statusNotification }
}

/// The TransactionEvent request payload (OCPP 2.0.1 `TransactionEventRequest.json`).
public struct TransactionEventRequest: OCPPPayload {
    public var customData: CustomDataType?
    public var eventType: TransactionEventEnumType
    public var meterValue: [MeterValueType]?
    /// The date and time at which this transaction event occurred.
    public var timestamp: Date
    public var triggerReason: TriggerReasonEnumType
    /// Incremental sequence number, helps with determining if all messages of a transaction have been received.
    public var seqNo: Int
    /// Indication that this transaction event happened when the Charging Station was offline. Default = false, meaning: the event occurred when the Charging Station was online.
    public var offline: Bool?
    /// If the Charging Station is able to report the number of phases used, then it SHALL provide it. When omitted the CSMS may be able to determine the number of phases used via device management.
    public var numberOfPhasesUsed: Int?
    /// The maximum current of the connected cable in Ampere (A).
    public var cableMaxCurrent: Int?
    /// This contains the Id of the reservation that terminates as a result of this transaction.
    public var reservationId: Int?
    public var transactionInfo: TransactionType
    public var evse: EVSEType?
    public var idToken: IdTokenType?

    public init(customData: CustomDataType? = nil, eventType: TransactionEventEnumType, meterValue: [MeterValueType]? = nil, timestamp: Date, triggerReason: TriggerReasonEnumType, seqNo: Int, offline: Bool? = nil, numberOfPhasesUsed: Int? = nil, cableMaxCurrent: Int? = nil, reservationId: Int? = nil, transactionInfo: TransactionType, evse: EVSEType? = nil, idToken: IdTokenType? = nil) {
        self.customData = customData
        self.eventType = eventType
        self.meterValue = meterValue
        self.timestamp = timestamp
        self.triggerReason = triggerReason
        self.seqNo = seqNo
        self.offline = offline
        self.numberOfPhasesUsed = numberOfPhasesUsed
        self.cableMaxCurrent = cableMaxCurrent
        self.reservationId = reservationId
        self.transactionInfo = transactionInfo
        self.evse = evse
        self.idToken = idToken
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.eventType = try reader.required("eventType", TransactionEventEnumType.self)
        self.meterValue = try reader.optionalArray("meterValue", MeterValueType.self, minItems: 1, maxItems: nil)
        self.timestamp = try reader.required("timestamp", Date.self)
        self.triggerReason = try reader.required("triggerReason", TriggerReasonEnumType.self)
        self.seqNo = try reader.required("seqNo", Int.self)
        self.offline = try reader.optional("offline", Bool.self)
        self.numberOfPhasesUsed = try reader.optional("numberOfPhasesUsed", Int.self)
        self.cableMaxCurrent = try reader.optional("cableMaxCurrent", Int.self)
        self.reservationId = try reader.optional("reservationId", Int.self)
        self.transactionInfo = try reader.required("transactionInfo", TransactionType.self)
        self.evse = try reader.optional("evse", EVSEType.self)
        self.idToken = try reader.optional("idToken", IdTokenType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "eventType", "meterValue", "timestamp", "triggerReason", "seqNo", "offline", "numberOfPhasesUsed", "cableMaxCurrent", "reservationId", "transactionInfo", "evse", "idToken"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(13)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("eventType", self.eventType.ocppJSON)
        if let meterValue { object.append("meterValue", .array(meterValue.map(\.ocppJSON))) }
        object.append("timestamp", self.timestamp.ocppJSON)
        object.append("triggerReason", self.triggerReason.ocppJSON)
        object.append("seqNo", self.seqNo.ocppJSON)
        if let offline { object.append("offline", offline.ocppJSON) }
        if let numberOfPhasesUsed { object.append("numberOfPhasesUsed", numberOfPhasesUsed.ocppJSON) }
        if let cableMaxCurrent { object.append("cableMaxCurrent", cableMaxCurrent.ocppJSON) }
        if let reservationId { object.append("reservationId", reservationId.ocppJSON) }
        object.append("transactionInfo", self.transactionInfo.ocppJSON)
        if let evse { object.append("evse", evse.ocppJSON) }
        if let idToken { object.append("idToken", idToken.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The TransactionEvent response payload (OCPP 2.0.1 `TransactionEventResponse.json`).
public struct TransactionEventResponse: OCPPPayload {
    public var customData: CustomDataType?
    /// SHALL only be sent when charging has ended. Final total cost of this transaction, including taxes. In the currency configured with the Configuration Variable: &lt;&lt;configkey-currency,`Currency`&gt;&gt;. When omitted, the transaction was NOT free. To indicate a free transaction, the CSMS SHALL send 0.00.
    public var totalCost: Double?
    /// Priority from a business point of view. Default priority is 0, The range is from -9 to 9. Higher values indicate a higher priority. The chargingPriority in &lt;&lt;transactioneventresponse,TransactionEventResponse&gt;&gt; is temporarily, so it may not be set in the &lt;&lt;cmn_idtokeninfotype,IdTokenInfoType&gt;&gt; afterwards. Also the chargingPriority in &lt;&lt;transactioneventresponse,TransactionEventResponse&gt;&gt; overrules the one in &lt;&lt;cmn_idtokeninfotype,IdTokenInfoType&gt;&gt;.
    public var chargingPriority: Int?
    public var idTokenInfo: IdTokenInfoType?
    public var updatedPersonalMessage: MessageContentType?

    public init(customData: CustomDataType? = nil, totalCost: Double? = nil, chargingPriority: Int? = nil, idTokenInfo: IdTokenInfoType? = nil, updatedPersonalMessage: MessageContentType? = nil) {
        self.customData = customData
        self.totalCost = totalCost
        self.chargingPriority = chargingPriority
        self.idTokenInfo = idTokenInfo
        self.updatedPersonalMessage = updatedPersonalMessage
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.totalCost = try reader.optional("totalCost", Double.self)
        self.chargingPriority = try reader.optional("chargingPriority", Int.self)
        self.idTokenInfo = try reader.optional("idTokenInfo", IdTokenInfoType.self)
        self.updatedPersonalMessage = try reader.optional("updatedPersonalMessage", MessageContentType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "totalCost", "chargingPriority", "idTokenInfo", "updatedPersonalMessage"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(5)
        if let customData { object.append("customData", customData.ocppJSON) }
        if let totalCost { object.append("totalCost", totalCost.ocppJSON) }
        if let chargingPriority { object.append("chargingPriority", chargingPriority.ocppJSON) }
        if let idTokenInfo { object.append("idTokenInfo", idTokenInfo.ocppJSON) }
        if let updatedPersonalMessage { object.append("updatedPersonalMessage", updatedPersonalMessage.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension TransactionEventRequest: OCPPRequest {
    public typealias Response = TransactionEventResponse
    public static var action: OCPPAction { .transactionEvent }
}

/// The TriggerMessage request payload (OCPP 2.0.1 `TriggerMessageRequest.json`).
public struct TriggerMessageRequest: OCPPPayload {
    public var customData: CustomDataType?
    public var evse: EVSEType?
    public var requestedMessage: MessageTriggerEnumType

    public init(customData: CustomDataType? = nil, evse: EVSEType? = nil, requestedMessage: MessageTriggerEnumType) {
        self.customData = customData
        self.evse = evse
        self.requestedMessage = requestedMessage
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.evse = try reader.optional("evse", EVSEType.self)
        self.requestedMessage = try reader.required("requestedMessage", MessageTriggerEnumType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "evse", "requestedMessage"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        if let evse { object.append("evse", evse.ocppJSON) }
        object.append("requestedMessage", self.requestedMessage.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The TriggerMessage response payload (OCPP 2.0.1 `TriggerMessageResponse.json`).
public struct TriggerMessageResponse: OCPPPayload {
    public var customData: CustomDataType?
    public var status: TriggerMessageStatusEnumType
    public var statusInfo: StatusInfoType?

    public init(customData: CustomDataType? = nil, status: TriggerMessageStatusEnumType, statusInfo: StatusInfoType? = nil) {
        self.customData = customData
        self.status = status
        self.statusInfo = statusInfo
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.status = try reader.required("status", TriggerMessageStatusEnumType.self)
        self.statusInfo = try reader.optional("statusInfo", StatusInfoType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "status", "statusInfo"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("status", self.status.ocppJSON)
        if let statusInfo { object.append("statusInfo", statusInfo.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension TriggerMessageRequest: OCPPRequest {
    public typealias Response = TriggerMessageResponse
    public static var action: OCPPAction { .triggerMessage }
}

/// The UnlockConnector request payload (OCPP 2.0.1 `UnlockConnectorRequest.json`).
public struct UnlockConnectorRequest: OCPPPayload {
    public var customData: CustomDataType?
    /// This contains the identifier of the EVSE for which a connector needs to be unlocked.
    public var evseId: Int
    /// This contains the identifier of the connector that needs to be unlocked.
    public var connectorId: Int

    public init(customData: CustomDataType? = nil, evseId: Int, connectorId: Int) {
        self.customData = customData
        self.evseId = evseId
        self.connectorId = connectorId
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.evseId = try reader.required("evseId", Int.self)
        self.connectorId = try reader.required("connectorId", Int.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "evseId", "connectorId"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("evseId", self.evseId.ocppJSON)
        object.append("connectorId", self.connectorId.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The UnlockConnector response payload (OCPP 2.0.1 `UnlockConnectorResponse.json`).
public struct UnlockConnectorResponse: OCPPPayload {
    public var customData: CustomDataType?
    public var status: UnlockStatusEnumType
    public var statusInfo: StatusInfoType?

    public init(customData: CustomDataType? = nil, status: UnlockStatusEnumType, statusInfo: StatusInfoType? = nil) {
        self.customData = customData
        self.status = status
        self.statusInfo = statusInfo
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.status = try reader.required("status", UnlockStatusEnumType.self)
        self.statusInfo = try reader.optional("statusInfo", StatusInfoType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "status", "statusInfo"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("status", self.status.ocppJSON)
        if let statusInfo { object.append("statusInfo", statusInfo.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension UnlockConnectorRequest: OCPPRequest {
    public typealias Response = UnlockConnectorResponse
    public static var action: OCPPAction { .unlockConnector }
}

/// The UnpublishFirmware request payload (OCPP 2.0.1 `UnpublishFirmwareRequest.json`).
public struct UnpublishFirmwareRequest: OCPPPayload {
    public var customData: CustomDataType?
    /// The MD5 checksum over the entire firmware file as a hexadecimal string of length 32.
    public var checksum: String

    public init(customData: CustomDataType? = nil, checksum: String) {
        self.customData = customData
        self.checksum = checksum
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.checksum = try reader.required("checksum", String.self, maxLength: 32)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "checksum"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(2)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("checksum", self.checksum.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The UnpublishFirmware response payload (OCPP 2.0.1 `UnpublishFirmwareResponse.json`).
public struct UnpublishFirmwareResponse: OCPPPayload {
    public var customData: CustomDataType?
    public var status: UnpublishFirmwareStatusEnumType

    public init(customData: CustomDataType? = nil, status: UnpublishFirmwareStatusEnumType) {
        self.customData = customData
        self.status = status
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.status = try reader.required("status", UnpublishFirmwareStatusEnumType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "status"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(2)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("status", self.status.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension UnpublishFirmwareRequest: OCPPRequest {
    public typealias Response = UnpublishFirmwareResponse
    public static var action: OCPPAction { .unpublishFirmware }
}

/// The UpdateFirmware request payload (OCPP 2.0.1 `UpdateFirmwareRequest.json`).
public struct UpdateFirmwareRequest: OCPPPayload {
    public var customData: CustomDataType?
    /// This specifies how many times Charging Station must try to download the firmware before giving up. If this field is not present, it is left to Charging Station to decide how many times it wants to retry.
    public var retries: Int?
    /// The interval in seconds after which a retry may be attempted. If this field is not present, it is left to Charging Station to decide how long to wait between attempts.
    public var retryInterval: Int?
    /// The Id of this request
    public var requestId: Int
    public var firmware: FirmwareType

    public init(customData: CustomDataType? = nil, retries: Int? = nil, retryInterval: Int? = nil, requestId: Int, firmware: FirmwareType) {
        self.customData = customData
        self.retries = retries
        self.retryInterval = retryInterval
        self.requestId = requestId
        self.firmware = firmware
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.retries = try reader.optional("retries", Int.self)
        self.retryInterval = try reader.optional("retryInterval", Int.self)
        self.requestId = try reader.required("requestId", Int.self)
        self.firmware = try reader.required("firmware", FirmwareType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "retries", "retryInterval", "requestId", "firmware"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(5)
        if let customData { object.append("customData", customData.ocppJSON) }
        if let retries { object.append("retries", retries.ocppJSON) }
        if let retryInterval { object.append("retryInterval", retryInterval.ocppJSON) }
        object.append("requestId", self.requestId.ocppJSON)
        object.append("firmware", self.firmware.ocppJSON)
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

/// The UpdateFirmware response payload (OCPP 2.0.1 `UpdateFirmwareResponse.json`).
public struct UpdateFirmwareResponse: OCPPPayload {
    public var customData: CustomDataType?
    public var status: UpdateFirmwareStatusEnumType
    public var statusInfo: StatusInfoType?

    public init(customData: CustomDataType? = nil, status: UpdateFirmwareStatusEnumType, statusInfo: StatusInfoType? = nil) {
        self.customData = customData
        self.status = status
        self.statusInfo = statusInfo
    }

    public init(json: JSONValue) throws(OCPPValidationError) {
        var reader = try OCPPObjectReader(json)
        self.customData = try reader.optional("customData", CustomDataType.self)
        self.status = try reader.required("status", UpdateFirmwareStatusEnumType.self)
        self.statusInfo = try reader.optional("statusInfo", StatusInfoType.self)
        try reader.finish(known: Self.jsonKeys)
    }

    static let jsonKeys: [String] = ["customData", "status", "statusInfo"]

    public func jsonValue() -> JSONValue {
        var object = JSONObject()
        object.reserveCapacity(3)
        if let customData { object.append("customData", customData.ocppJSON) }
        object.append("status", self.status.ocppJSON)
        if let statusInfo { object.append("statusInfo", statusInfo.ocppJSON) }
        return .object(object)
    }

    public init(from decoder: any Decoder) throws { try self.init(json: JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try jsonValue().encode(to: encoder) }
}

extension UpdateFirmwareRequest: OCPPRequest {
    public typealias Response = UpdateFirmwareResponse
    public static var action: OCPPAction { .updateFirmware }
}
