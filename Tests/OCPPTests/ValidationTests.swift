import Foundation
import OCPP
import Testing

/// Schema constraints on decode map to the OCPP-J CALLERROR codes.
@Suite struct ValidationTests {
    static func error<T: OCPPPayload>(_: T.Type, _ text: String) -> OCPPValidationError? {
        do {
            _ = try T(jsonText: text)
            return nil
        } catch {
            return error
        }
    }

    @Test func wrongJSONTypeIsTypeConstraintViolation() {
        let e = Self.error(ChangeAvailabilityRequest.self, #"{"operationalStatus":"Inoperative","evse":{"id":"1"}}"#)
        #expect(e?.code == .typeConstraintViolation)
        #expect(e?.path == "evse.id")
        #expect(
            Self.error(SetChargingProfileRequest.self, #"{"evseId":1.5,"chargingProfile":{}}"#)?.code
                == .typeConstraintViolation
        )
        #expect(Self.error(HeartbeatResponse.self, #"{"currentTime":17}"#)?.code == .typeConstraintViolation)
        #expect(Self.error(HeartbeatRequest.self, "[]")?.code == .typeConstraintViolation)
    }

    @Test func missingRequiredFieldIsOccurrenceConstraintViolation() {
        let e = Self.error(AuthorizeRequest.self, #"{"idToken":{"idToken":"04A2B3"}}"#)
        #expect(e?.code == .occurrenceConstraintViolation)
        #expect(e?.path == "idToken.type")
    }

    @Test func arraySizeLimitsAreOccurrenceConstraintViolations() {
        let empty = Self.error(MeterValuesRequest.self, #"{"evseId":1,"meterValue":[]}"#)
        #expect(empty?.code == .occurrenceConstraintViolation)
        #expect(empty?.path == "meterValue")
        // GetVariablesRequest.getVariableData has minItems 1; IdTokenInfo.personalMessage (MessageContent) no max.
        let sampled = Self.error(
            MeterValuesRequest.self,
            #"{"evseId":1,"meterValue":[{"timestamp":"2025-11-25T07:39:04Z","sampledValue":[]}]}"#
        )
        #expect(sampled?.path == "meterValue[0].sampledValue")
    }

    @Test func badEnumValueIsPropertyConstraintViolation() {
        let e = Self.error(
            BootNotificationRequest.self,
            #"{"chargingStation":{"model":"m","vendorName":"v"},"reason":"Bored"}"#
        )
        #expect(e?.code == .propertyConstraintViolation)
        #expect(e?.path == "reason")
    }

    @Test func tooLongStringIsPropertyConstraintViolationCountingCodePoints() throws {
        // 100 UTF-8 bytes but 50 code points: allowed (vendorName has maxLength 50).
        let fifty = String(repeating: "é", count: 50)
        _ = try BootNotificationRequest(
            jsonText: #"{"chargingStation":{"model":"m","vendorName":"\#(fifty)"},"reason":"PowerUp"}"#
        )
        let e = Self.error(
            BootNotificationRequest.self,
            #"{"chargingStation":{"model":"m","vendorName":"\#(fifty)x"},"reason":"PowerUp"}"#
        )
        #expect(e?.code == .propertyConstraintViolation)
        #expect(e?.path == "chargingStation.vendorName")
    }

    @Test func numericBoundsArePropertyConstraintViolations() {
        let e = Self.error(
            NotifyEVChargingNeedsRequest.self,
            #"{"evseId":1,"chargingNeeds":{"requestedEnergyTransfer":"DC","dcChargingParameters":{"evMaxCurrent":1,"evMaxVoltage":1,"stateOfCharge":101}}}"#
        )
        #expect(e?.code == .propertyConstraintViolation)
        #expect(e?.path == "chargingNeeds.dcChargingParameters.stateOfCharge")
    }

    @Test func unknownPropertyIsFormatViolation() {
        let e = Self.error(HeartbeatRequest.self, #"{"beat":1}"#)
        #expect(e?.code == .formatViolation)
        #expect(e?.path == "beat")
        #expect(
            Self.error(IdTokenType.self, #"{"idToken":"a","type":"Central","colour":"red"}"#)?.code == .formatViolation
        )
    }

    @Test func badDateTimeIsFormatViolation() {
        #expect(Self.error(HeartbeatResponse.self, #"{"currentTime":"25/11/2025"}"#)?.code == .formatViolation)
    }

    @Test func customDataIsAcceptedEverywhereWithExtraMembers() throws {
        let text =
            #"{"customData":{"vendorId":"com.example","fw":{"build":7}},"currentTime":"2025-11-25T07:39:04+02:00"}"#
        let response = try HeartbeatResponse(jsonText: text)
        #expect(response.customData?.vendorId == "com.example")
        #expect(response.customData?.extra["fw"] == ["build": 7])
        #expect(
            response.jsonText()
                == #"{"customData":{"vendorId":"com.example","fw":{"build":7}},"currentTime":"2025-11-25T05:39:04Z"}"#
        )
        #expect(
            Self.error(HeartbeatResponse.self, #"{"customData":{},"currentTime":"2025-11-25T07:39:04Z"}"#)?.code
                == .occurrenceConstraintViolation
        )
    }

    @Test func validateBeforeSendCatchesWhatMemberwiseInitsAllow() {
        let tooLong = AuthorizeRequest(
            idToken: IdTokenType(idToken: String(repeating: "A", count: 37), type: .iso14443)
        )
        #expect(throws: OCPPValidationError.self) { try tooLong.validate() }
        let emptyList = MeterValuesRequest(evseId: 1, meterValue: [])
        #expect { try emptyList.validate() } throws: {
            ($0 as? OCPPValidationError)?.code == .occurrenceConstraintViolation
        }
        #expect(throws: Never.self) { try HeartbeatRequest().validate() }
    }

    @Test func decimalsKeepTheirValue() throws {
        let value = SampledValueType(value: 1234.567)
        #expect(value.jsonText() == #"{"value":1234.567}"#)
        #expect(try SampledValueType(jsonText: #"{"value":0.1}"#).value == 0.1)
        #expect(try SampledValueType(jsonText: #"{"value":230}"#).value == 230)
    }

    @Test func descriptionsFitInACallError() {
        let e = OCPPValidationError(code: .formatViolation, path: String(repeating: "p", count: 300), message: "m")
        #expect(e.description.count == 255)
    }

    @Test func actionsKnowTheirPayloadTypes() throws {
        #expect(OCPPAction(rawValue: "TransactionEvent")?.requestType == TransactionEventRequest.self)
        #expect(BootNotificationRequest.action == .bootNotification)
        #expect(throws: OCPPValidationError.self) { try OCPPAction.heartbeat.validateResponse([:]) }
        try OCPPAction.heartbeat.validateRequest([:])
    }
}
