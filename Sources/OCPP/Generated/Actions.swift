// GENERATED FILE — do not edit.
// Made by Scripts/generate-ocpp.py from the OCA OCPP 2.0.1 JSON schemas (PyPI ocpp==2.1.0, ocpp/v201/schemas).
// Regenerate: python3 Scripts/generate-ocpp.py

/// The 64 actions of OCPP 2.0.1, named as on the wire.
public enum OCPPAction: String, CaseIterable, Sendable, Codable {
    case authorize = "Authorize"
    case bootNotification = "BootNotification"
    case cancelReservation = "CancelReservation"
    case certificateSigned = "CertificateSigned"
    case changeAvailability = "ChangeAvailability"
    case clearCache = "ClearCache"
    case clearChargingProfile = "ClearChargingProfile"
    case clearDisplayMessage = "ClearDisplayMessage"
    case clearVariableMonitoring = "ClearVariableMonitoring"
    case clearedChargingLimit = "ClearedChargingLimit"
    case costUpdated = "CostUpdated"
    case customerInformation = "CustomerInformation"
    case dataTransfer = "DataTransfer"
    case deleteCertificate = "DeleteCertificate"
    case firmwareStatusNotification = "FirmwareStatusNotification"
    case get15118EVCertificate = "Get15118EVCertificate"
    case getBaseReport = "GetBaseReport"
    case getCertificateStatus = "GetCertificateStatus"
    case getChargingProfiles = "GetChargingProfiles"
    case getCompositeSchedule = "GetCompositeSchedule"
    case getDisplayMessages = "GetDisplayMessages"
    case getInstalledCertificateIds = "GetInstalledCertificateIds"
    case getLocalListVersion = "GetLocalListVersion"
    case getLog = "GetLog"
    case getMonitoringReport = "GetMonitoringReport"
    case getReport = "GetReport"
    case getTransactionStatus = "GetTransactionStatus"
    case getVariables = "GetVariables"
    case heartbeat = "Heartbeat"
    case installCertificate = "InstallCertificate"
    case logStatusNotification = "LogStatusNotification"
    case meterValues = "MeterValues"
    case notifyChargingLimit = "NotifyChargingLimit"
    case notifyCustomerInformation = "NotifyCustomerInformation"
    case notifyDisplayMessages = "NotifyDisplayMessages"
    case notifyEVChargingNeeds = "NotifyEVChargingNeeds"
    case notifyEVChargingSchedule = "NotifyEVChargingSchedule"
    case notifyEvent = "NotifyEvent"
    case notifyMonitoringReport = "NotifyMonitoringReport"
    case notifyReport = "NotifyReport"
    case publishFirmware = "PublishFirmware"
    case publishFirmwareStatusNotification = "PublishFirmwareStatusNotification"
    case reportChargingProfiles = "ReportChargingProfiles"
    case requestStartTransaction = "RequestStartTransaction"
    case requestStopTransaction = "RequestStopTransaction"
    case reservationStatusUpdate = "ReservationStatusUpdate"
    case reserveNow = "ReserveNow"
    case reset = "Reset"
    case securityEventNotification = "SecurityEventNotification"
    case sendLocalList = "SendLocalList"
    case setChargingProfile = "SetChargingProfile"
    case setDisplayMessage = "SetDisplayMessage"
    case setMonitoringBase = "SetMonitoringBase"
    case setMonitoringLevel = "SetMonitoringLevel"
    case setNetworkProfile = "SetNetworkProfile"
    case setVariableMonitoring = "SetVariableMonitoring"
    case setVariables = "SetVariables"
    case signCertificate = "SignCertificate"
    case statusNotification = "StatusNotification"
    case transactionEvent = "TransactionEvent"
    case triggerMessage = "TriggerMessage"
    case unlockConnector = "UnlockConnector"
    case unpublishFirmware = "UnpublishFirmware"
    case updateFirmware = "UpdateFirmware"

    /// The payload type of this action's CALL.
    public var requestType: any OCPPPayload.Type {
        switch self {
        case .authorize: AuthorizeRequest.self
        case .bootNotification: BootNotificationRequest.self
        case .cancelReservation: CancelReservationRequest.self
        case .certificateSigned: CertificateSignedRequest.self
        case .changeAvailability: ChangeAvailabilityRequest.self
        case .clearCache: ClearCacheRequest.self
        case .clearChargingProfile: ClearChargingProfileRequest.self
        case .clearDisplayMessage: ClearDisplayMessageRequest.self
        case .clearVariableMonitoring: ClearVariableMonitoringRequest.self
        case .clearedChargingLimit: ClearedChargingLimitRequest.self
        case .costUpdated: CostUpdatedRequest.self
        case .customerInformation: CustomerInformationRequest.self
        case .dataTransfer: DataTransferRequest.self
        case .deleteCertificate: DeleteCertificateRequest.self
        case .firmwareStatusNotification: FirmwareStatusNotificationRequest.self
        case .get15118EVCertificate: Get15118EVCertificateRequest.self
        case .getBaseReport: GetBaseReportRequest.self
        case .getCertificateStatus: GetCertificateStatusRequest.self
        case .getChargingProfiles: GetChargingProfilesRequest.self
        case .getCompositeSchedule: GetCompositeScheduleRequest.self
        case .getDisplayMessages: GetDisplayMessagesRequest.self
        case .getInstalledCertificateIds: GetInstalledCertificateIdsRequest.self
        case .getLocalListVersion: GetLocalListVersionRequest.self
        case .getLog: GetLogRequest.self
        case .getMonitoringReport: GetMonitoringReportRequest.self
        case .getReport: GetReportRequest.self
        case .getTransactionStatus: GetTransactionStatusRequest.self
        case .getVariables: GetVariablesRequest.self
        case .heartbeat: HeartbeatRequest.self
        case .installCertificate: InstallCertificateRequest.self
        case .logStatusNotification: LogStatusNotificationRequest.self
        case .meterValues: MeterValuesRequest.self
        case .notifyChargingLimit: NotifyChargingLimitRequest.self
        case .notifyCustomerInformation: NotifyCustomerInformationRequest.self
        case .notifyDisplayMessages: NotifyDisplayMessagesRequest.self
        case .notifyEVChargingNeeds: NotifyEVChargingNeedsRequest.self
        case .notifyEVChargingSchedule: NotifyEVChargingScheduleRequest.self
        case .notifyEvent: NotifyEventRequest.self
        case .notifyMonitoringReport: NotifyMonitoringReportRequest.self
        case .notifyReport: NotifyReportRequest.self
        case .publishFirmware: PublishFirmwareRequest.self
        case .publishFirmwareStatusNotification: PublishFirmwareStatusNotificationRequest.self
        case .reportChargingProfiles: ReportChargingProfilesRequest.self
        case .requestStartTransaction: RequestStartTransactionRequest.self
        case .requestStopTransaction: RequestStopTransactionRequest.self
        case .reservationStatusUpdate: ReservationStatusUpdateRequest.self
        case .reserveNow: ReserveNowRequest.self
        case .reset: ResetRequest.self
        case .securityEventNotification: SecurityEventNotificationRequest.self
        case .sendLocalList: SendLocalListRequest.self
        case .setChargingProfile: SetChargingProfileRequest.self
        case .setDisplayMessage: SetDisplayMessageRequest.self
        case .setMonitoringBase: SetMonitoringBaseRequest.self
        case .setMonitoringLevel: SetMonitoringLevelRequest.self
        case .setNetworkProfile: SetNetworkProfileRequest.self
        case .setVariableMonitoring: SetVariableMonitoringRequest.self
        case .setVariables: SetVariablesRequest.self
        case .signCertificate: SignCertificateRequest.self
        case .statusNotification: StatusNotificationRequest.self
        case .transactionEvent: TransactionEventRequest.self
        case .triggerMessage: TriggerMessageRequest.self
        case .unlockConnector: UnlockConnectorRequest.self
        case .unpublishFirmware: UnpublishFirmwareRequest.self
        case .updateFirmware: UpdateFirmwareRequest.self
        }
    }

    /// The payload type of this action's CALLRESULT.
    public var responseType: any OCPPPayload.Type {
        switch self {
        case .authorize: AuthorizeResponse.self
        case .bootNotification: BootNotificationResponse.self
        case .cancelReservation: CancelReservationResponse.self
        case .certificateSigned: CertificateSignedResponse.self
        case .changeAvailability: ChangeAvailabilityResponse.self
        case .clearCache: ClearCacheResponse.self
        case .clearChargingProfile: ClearChargingProfileResponse.self
        case .clearDisplayMessage: ClearDisplayMessageResponse.self
        case .clearVariableMonitoring: ClearVariableMonitoringResponse.self
        case .clearedChargingLimit: ClearedChargingLimitResponse.self
        case .costUpdated: CostUpdatedResponse.self
        case .customerInformation: CustomerInformationResponse.self
        case .dataTransfer: DataTransferResponse.self
        case .deleteCertificate: DeleteCertificateResponse.self
        case .firmwareStatusNotification: FirmwareStatusNotificationResponse.self
        case .get15118EVCertificate: Get15118EVCertificateResponse.self
        case .getBaseReport: GetBaseReportResponse.self
        case .getCertificateStatus: GetCertificateStatusResponse.self
        case .getChargingProfiles: GetChargingProfilesResponse.self
        case .getCompositeSchedule: GetCompositeScheduleResponse.self
        case .getDisplayMessages: GetDisplayMessagesResponse.self
        case .getInstalledCertificateIds: GetInstalledCertificateIdsResponse.self
        case .getLocalListVersion: GetLocalListVersionResponse.self
        case .getLog: GetLogResponse.self
        case .getMonitoringReport: GetMonitoringReportResponse.self
        case .getReport: GetReportResponse.self
        case .getTransactionStatus: GetTransactionStatusResponse.self
        case .getVariables: GetVariablesResponse.self
        case .heartbeat: HeartbeatResponse.self
        case .installCertificate: InstallCertificateResponse.self
        case .logStatusNotification: LogStatusNotificationResponse.self
        case .meterValues: MeterValuesResponse.self
        case .notifyChargingLimit: NotifyChargingLimitResponse.self
        case .notifyCustomerInformation: NotifyCustomerInformationResponse.self
        case .notifyDisplayMessages: NotifyDisplayMessagesResponse.self
        case .notifyEVChargingNeeds: NotifyEVChargingNeedsResponse.self
        case .notifyEVChargingSchedule: NotifyEVChargingScheduleResponse.self
        case .notifyEvent: NotifyEventResponse.self
        case .notifyMonitoringReport: NotifyMonitoringReportResponse.self
        case .notifyReport: NotifyReportResponse.self
        case .publishFirmware: PublishFirmwareResponse.self
        case .publishFirmwareStatusNotification: PublishFirmwareStatusNotificationResponse.self
        case .reportChargingProfiles: ReportChargingProfilesResponse.self
        case .requestStartTransaction: RequestStartTransactionResponse.self
        case .requestStopTransaction: RequestStopTransactionResponse.self
        case .reservationStatusUpdate: ReservationStatusUpdateResponse.self
        case .reserveNow: ReserveNowResponse.self
        case .reset: ResetResponse.self
        case .securityEventNotification: SecurityEventNotificationResponse.self
        case .sendLocalList: SendLocalListResponse.self
        case .setChargingProfile: SetChargingProfileResponse.self
        case .setDisplayMessage: SetDisplayMessageResponse.self
        case .setMonitoringBase: SetMonitoringBaseResponse.self
        case .setMonitoringLevel: SetMonitoringLevelResponse.self
        case .setNetworkProfile: SetNetworkProfileResponse.self
        case .setVariableMonitoring: SetVariableMonitoringResponse.self
        case .setVariables: SetVariablesResponse.self
        case .signCertificate: SignCertificateResponse.self
        case .statusNotification: StatusNotificationResponse.self
        case .transactionEvent: TransactionEventResponse.self
        case .triggerMessage: TriggerMessageResponse.self
        case .unlockConnector: UnlockConnectorResponse.self
        case .unpublishFirmware: UnpublishFirmwareResponse.self
        case .updateFirmware: UpdateFirmwareResponse.self
        }
    }
}
