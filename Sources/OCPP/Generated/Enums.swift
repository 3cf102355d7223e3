// GENERATED FILE — do not edit.
// Made by Scripts/generate-ocpp.py from the OCA OCPP 2.0.1 JSON schemas (PyPI ocpp==2.1.0, ocpp/v201/schemas).
// Regenerate: python3 Scripts/generate-ocpp.py

/// Authentication method.
public enum APNAuthenticationEnumType: String, OCPPEnum {
    case chap = "CHAP"
    case none = "NONE"
    case pap = "PAP"
    case auto = "AUTO"
}

/// Attribute type for which value is requested. When absent, default Actual is assumed.
public enum AttributeEnumType: String, OCPPEnum {
    case actual = "Actual"
    case target = "Target"
    case minSet = "MinSet"
    case maxSet = "MaxSet"
}

/// Current status of the ID Token.
public enum AuthorizationStatusEnumType: String, OCPPEnum {
    case accepted = "Accepted"
    case blocked = "Blocked"
    case concurrentTx = "ConcurrentTx"
    case expired = "Expired"
    case invalid = "Invalid"
    case noCredit = "NoCredit"
    case notAllowedTypeEVSE = "NotAllowedTypeEVSE"
    case notAtThisLocation = "NotAtThisLocation"
    case notAtThisTime = "NotAtThisTime"
    case unknown = "Unknown"
}

/// Certificate status information.
/// - if all certificates are valid: return 'Accepted'.
/// - if one of the certificates was revoked, return 'CertificateRevoked'.
public enum AuthorizeCertificateStatusEnumType: String, OCPPEnum {
    case accepted = "Accepted"
    case signatureError = "SignatureError"
    case certificateExpired = "CertificateExpired"
    case certificateRevoked = "CertificateRevoked"
    case noCertificateAvailable = "NoCertificateAvailable"
    case certChainError = "CertChainError"
    case contractCancelled = "ContractCancelled"
}

/// This contains the reason for sending this message to the CSMS.
public enum BootReasonEnumType: String, OCPPEnum {
    case applicationReset = "ApplicationReset"
    case firmwareUpdate = "FirmwareUpdate"
    case localReset = "LocalReset"
    case powerUp = "PowerUp"
    case remoteReset = "RemoteReset"
    case scheduledReset = "ScheduledReset"
    case triggered = "Triggered"
    case unknown = "Unknown"
    case watchdog = "Watchdog"
}

/// This indicates the success or failure of the canceling of a reservation by CSMS.
public enum CancelReservationStatusEnumType: String, OCPPEnum {
    case accepted = "Accepted"
    case rejected = "Rejected"
}

/// Defines whether certificate needs to be installed or updated.
public enum CertificateActionEnumType: String, OCPPEnum {
    case install = "Install"
    case update = "Update"
}

/// Returns whether certificate signing has been accepted, otherwise rejected.
public enum CertificateSignedStatusEnumType: String, OCPPEnum {
    case accepted = "Accepted"
    case rejected = "Rejected"
}

/// Indicates the type of the signed certificate that is returned. When omitted the certificate is used for both the 15118 connection (if implemented) and the Charging Station to CSMS connection. This field is required when a typeOfCertificate was included in the &lt;&lt;signcertificaterequest,SignCertificateRequest&gt;&gt; that requested this certificate to be signed AND both the 15118 connection and the Charging Station connection are implemented.
public enum CertificateSigningUseEnumType: String, OCPPEnum {
    case chargingStationCertificate = "ChargingStationCertificate"
    case v2gCertificate = "V2GCertificate"
}

/// This indicates whether the Charging Station is able to perform the availability change.
public enum ChangeAvailabilityStatusEnumType: String, OCPPEnum {
    case accepted = "Accepted"
    case rejected = "Rejected"
    case scheduled = "Scheduled"
}

/// Represents the source of the charging limit.
public enum ChargingLimitSourceEnumType: String, OCPPEnum {
    case ems = "EMS"
    case other = "Other"
    case so = "SO"
    case cso = "CSO"
}

/// Indicates the kind of schedule.
public enum ChargingProfileKindEnumType: String, OCPPEnum {
    case absolute = "Absolute"
    case recurring = "Recurring"
    case relative = "Relative"
}

/// Specifies to purpose of the charging profiles that will be cleared, if they meet the other criteria in the request.
public enum ChargingProfilePurposeEnumType: String, OCPPEnum {
    case chargingStationExternalConstraints = "ChargingStationExternalConstraints"
    case chargingStationMaxProfile = "ChargingStationMaxProfile"
    case txDefaultProfile = "TxDefaultProfile"
    case txProfile = "TxProfile"
}

/// Returns whether the Charging Station has been able to process the message successfully. This does not guarantee the schedule will be followed to the letter. There might be other constraints the Charging Station may need to take into account.
public enum ChargingProfileStatusEnumType: String, OCPPEnum {
    case accepted = "Accepted"
    case rejected = "Rejected"
}

/// The unit of measure Limit is expressed in.
public enum ChargingRateUnitEnumType: String, OCPPEnum {
    case w = "W"
    case a = "A"
}

/// Current charging state, is required when state
/// has changed.
public enum ChargingStateEnumType: String, OCPPEnum {
    case charging = "Charging"
    case evConnected = "EVConnected"
    case suspendedEV = "SuspendedEV"
    case suspendedEVSE = "SuspendedEVSE"
    case idle = "Idle"
}

/// Accepted if the Charging Station has executed the request, otherwise rejected.
public enum ClearCacheStatusEnumType: String, OCPPEnum {
    case accepted = "Accepted"
    case rejected = "Rejected"
}

/// Indicates if the Charging Station was able to execute the request.
public enum ClearChargingProfileStatusEnumType: String, OCPPEnum {
    case accepted = "Accepted"
    case unknown = "Unknown"
}

/// Returns whether the Charging Station has been able to remove the message.
public enum ClearMessageStatusEnumType: String, OCPPEnum {
    case accepted = "Accepted"
    case unknown = "Unknown"
}

/// Result of the clear request for this monitor, identified by its Id.
public enum ClearMonitoringStatusEnumType: String, OCPPEnum {
    case accepted = "Accepted"
    case rejected = "Rejected"
    case notFound = "NotFound"
}

public enum ComponentCriterionEnumType: String, OCPPEnum {
    case active = "Active"
    case available = "Available"
    case enabled = "Enabled"
    case problem = "Problem"
}

/// This field specifies the connector type.
public enum ConnectorEnumType: String, OCPPEnum {
    case cCCS1
    case cCCS2
    case cG105
    case cTesla
    case cType1
    case cType2
    case s3091P16A = "s309-1P-16A"
    case s3091P32A = "s309-1P-32A"
    case s3093P16A = "s309-3P-16A"
    case s3093P32A = "s309-3P-32A"
    case sBS1361
    case sCEE77 = "sCEE-7-7"
    case sType2
    case sType3
    case other1PhMax16A = "Other1PhMax16A"
    case other1PhOver16A = "Other1PhOver16A"
    case other3Ph = "Other3Ph"
    case pan = "Pan"
    case wInductive
    case wResonant
    case undetermined = "Undetermined"
    case unknown = "Unknown"
}

/// This contains the current status of the Connector.
public enum ConnectorStatusEnumType: String, OCPPEnum {
    case available = "Available"
    case occupied = "Occupied"
    case reserved = "Reserved"
    case unavailable = "Unavailable"
    case faulted = "Faulted"
}

/// The kind of cost referred to in the message element amount
public enum CostKindEnumType: String, OCPPEnum {
    case carbonDioxideEmission = "CarbonDioxideEmission"
    case relativePricePercentage = "RelativePricePercentage"
    case renewableGenerationPercentage = "RenewableGenerationPercentage"
}

/// Indicates whether the request was accepted.
public enum CustomerInformationStatusEnumType: String, OCPPEnum {
    case accepted = "Accepted"
    case rejected = "Rejected"
    case invalid = "Invalid"
}

/// Data type of this variable.
public enum DataEnumType: String, OCPPEnum {
    case string
    case decimal
    case integer
    case dateTime
    case boolean
    case optionList = "OptionList"
    case sequenceList = "SequenceList"
    case memberList = "MemberList"
}

/// This indicates the success or failure of the data transfer.
public enum DataTransferStatusEnumType: String, OCPPEnum {
    case accepted = "Accepted"
    case rejected = "Rejected"
    case unknownMessageId = "UnknownMessageId"
    case unknownVendorId = "UnknownVendorId"
}

/// Charging Station indicates if it can process the request.
public enum DeleteCertificateStatusEnumType: String, OCPPEnum {
    case accepted = "Accepted"
    case failed = "Failed"
    case notFound = "NotFound"
}

/// This indicates whether the Charging Station is able to display the message.
public enum DisplayMessageStatusEnumType: String, OCPPEnum {
    case accepted = "Accepted"
    case notSupportedMessageFormat = "NotSupportedMessageFormat"
    case rejected = "Rejected"
    case notSupportedPriority = "NotSupportedPriority"
    case notSupportedState = "NotSupportedState"
    case unknownTransaction = "UnknownTransaction"
}

/// Mode of energy transfer requested by the EV.
public enum EnergyTransferModeEnumType: String, OCPPEnum {
    case dc = "DC"
    case acSinglePhase = "AC_single_phase"
    case acTwoPhase = "AC_two_phase"
    case acThreePhase = "AC_three_phase"
}

/// Specifies the event notification type of the message.
public enum EventNotificationEnumType: String, OCPPEnum {
    case hardWiredNotification = "HardWiredNotification"
    case hardWiredMonitor = "HardWiredMonitor"
    case preconfiguredMonitor = "PreconfiguredMonitor"
    case customMonitor = "CustomMonitor"
}

/// Type of monitor that triggered this event, e.g. exceeding a threshold value.
public enum EventTriggerEnumType: String, OCPPEnum {
    case alerting = "Alerting"
    case delta = "Delta"
    case periodic = "Periodic"
}

/// This contains the progress status of the firmware installation.
public enum FirmwareStatusEnumType: String, OCPPEnum {
    case downloaded = "Downloaded"
    case downloadFailed = "DownloadFailed"
    case downloading = "Downloading"
    case downloadScheduled = "DownloadScheduled"
    case downloadPaused = "DownloadPaused"
    case idle = "Idle"
    case installationFailed = "InstallationFailed"
    case installing = "Installing"
    case installed = "Installed"
    case installRebooting = "InstallRebooting"
    case installScheduled = "InstallScheduled"
    case installVerificationFailed = "InstallVerificationFailed"
    case invalidSignature = "InvalidSignature"
    case signatureVerified = "SignatureVerified"
}

/// This field indicates whether the Charging Station was able to accept the request.
public enum GenericDeviceModelStatusEnumType: String, OCPPEnum {
    case accepted = "Accepted"
    case rejected = "Rejected"
    case notSupported = "NotSupported"
    case emptyResultSet = "EmptyResultSet"
}

/// Returns whether the CSMS has been able to process the message successfully. It does not imply any approval of the charging schedule.
public enum GenericStatusEnumType: String, OCPPEnum {
    case accepted = "Accepted"
    case rejected = "Rejected"
}

/// Indicates the type of the requested certificate(s).
public enum GetCertificateIdUseEnumType: String, OCPPEnum {
    case v2gRootCertificate = "V2GRootCertificate"
    case moRootCertificate = "MORootCertificate"
    case csmsRootCertificate = "CSMSRootCertificate"
    case v2gCertificateChain = "V2GCertificateChain"
    case manufacturerRootCertificate = "ManufacturerRootCertificate"
}

/// This indicates whether the charging station was able to retrieve the OCSP certificate status.
public enum GetCertificateStatusEnumType: String, OCPPEnum {
    case accepted = "Accepted"
    case failed = "Failed"
}

/// This indicates whether the Charging Station is able to process this request and will send &lt;&lt;reportchargingprofilesrequest, ReportChargingProfilesRequest&gt;&gt; messages.
public enum GetChargingProfileStatusEnumType: String, OCPPEnum {
    case accepted = "Accepted"
    case noProfiles = "NoProfiles"
}

/// Indicates if the Charging Station has Display Messages that match the request criteria in the &lt;&lt;getdisplaymessagesrequest,GetDisplayMessagesRequest&gt;&gt;
public enum GetDisplayMessagesStatusEnumType: String, OCPPEnum {
    case accepted = "Accepted"
    case unknown = "Unknown"
}

/// Charging Station indicates if it can process the request.
public enum GetInstalledCertificateStatusEnumType: String, OCPPEnum {
    case accepted = "Accepted"
    case notFound = "NotFound"
}

/// Result status of getting the variable.
public enum GetVariableStatusEnumType: String, OCPPEnum {
    case accepted = "Accepted"
    case rejected = "Rejected"
    case unknownComponent = "UnknownComponent"
    case unknownVariable = "UnknownVariable"
    case notSupportedAttributeType = "NotSupportedAttributeType"
}

/// Used algorithms for the hashes provided.
public enum HashAlgorithmEnumType: String, OCPPEnum {
    case sha256 = "SHA256"
    case sha384 = "SHA384"
    case sha512 = "SHA512"
}

/// Enumeration of possible idToken types.
public enum IdTokenEnumType: String, OCPPEnum {
    case central = "Central"
    case eMAID
    case iso14443 = "ISO14443"
    case iso15693 = "ISO15693"
    case keyCode = "KeyCode"
    case local = "Local"
    case macAddress = "MacAddress"
    case noAuthorization = "NoAuthorization"
}

/// Charging Station indicates if installation was successful.
public enum InstallCertificateStatusEnumType: String, OCPPEnum {
    case accepted = "Accepted"
    case rejected = "Rejected"
    case failed = "Failed"
}

/// Indicates the certificate type that is sent.
public enum InstallCertificateUseEnumType: String, OCPPEnum {
    case v2gRootCertificate = "V2GRootCertificate"
    case moRootCertificate = "MORootCertificate"
    case csmsRootCertificate = "CSMSRootCertificate"
    case manufacturerRootCertificate = "ManufacturerRootCertificate"
}

/// Indicates whether the message was processed properly.
public enum Iso15118EVCertificateStatusEnumType: String, OCPPEnum {
    case accepted = "Accepted"
    case failed = "Failed"
}

/// Indicates where the measured value has been sampled. Default =  "Outlet"
public enum LocationEnumType: String, OCPPEnum {
    case body = "Body"
    case cable = "Cable"
    case ev = "EV"
    case inlet = "Inlet"
    case outlet = "Outlet"
}

/// This contains the type of log file that the Charging Station
/// should send.
public enum LogEnumType: String, OCPPEnum {
    case diagnosticsLog = "DiagnosticsLog"
    case securityLog = "SecurityLog"
}

/// This field indicates whether the Charging Station was able to accept the request.
public enum LogStatusEnumType: String, OCPPEnum {
    case accepted = "Accepted"
    case rejected = "Rejected"
    case acceptedCanceled = "AcceptedCanceled"
}

/// Type of measurement. Default = "Energy.Active.Import.Register"
public enum MeasurandEnumType: String, OCPPEnum {
    case currentExport = "Current.Export"
    case currentImport = "Current.Import"
    case currentOffered = "Current.Offered"
    case energyActiveExportRegister = "Energy.Active.Export.Register"
    case energyActiveImportRegister = "Energy.Active.Import.Register"
    case energyReactiveExportRegister = "Energy.Reactive.Export.Register"
    case energyReactiveImportRegister = "Energy.Reactive.Import.Register"
    case energyActiveExportInterval = "Energy.Active.Export.Interval"
    case energyActiveImportInterval = "Energy.Active.Import.Interval"
    case energyActiveNet = "Energy.Active.Net"
    case energyReactiveExportInterval = "Energy.Reactive.Export.Interval"
    case energyReactiveImportInterval = "Energy.Reactive.Import.Interval"
    case energyReactiveNet = "Energy.Reactive.Net"
    case energyApparentNet = "Energy.Apparent.Net"
    case energyApparentImport = "Energy.Apparent.Import"
    case energyApparentExport = "Energy.Apparent.Export"
    case frequency = "Frequency"
    case powerActiveExport = "Power.Active.Export"
    case powerActiveImport = "Power.Active.Import"
    case powerFactor = "Power.Factor"
    case powerOffered = "Power.Offered"
    case powerReactiveExport = "Power.Reactive.Export"
    case powerReactiveImport = "Power.Reactive.Import"
    case soC = "SoC"
    case voltage = "Voltage"
}

/// Format of the message.
public enum MessageFormatEnumType: String, OCPPEnum {
    case ascii = "ASCII"
    case html = "HTML"
    case uri = "URI"
    case utf8 = "UTF8"
}

/// With what priority should this message be shown
public enum MessagePriorityEnumType: String, OCPPEnum {
    case alwaysFront = "AlwaysFront"
    case inFront = "InFront"
    case normalCycle = "NormalCycle"
}

/// During what state should this message be shown. When omitted this message should be shown in any state of the Charging Station.
public enum MessageStateEnumType: String, OCPPEnum {
    case charging = "Charging"
    case faulted = "Faulted"
    case idle = "Idle"
    case unavailable = "Unavailable"
}

/// Type of message to be triggered.
public enum MessageTriggerEnumType: String, OCPPEnum {
    case bootNotification = "BootNotification"
    case logStatusNotification = "LogStatusNotification"
    case firmwareStatusNotification = "FirmwareStatusNotification"
    case heartbeat = "Heartbeat"
    case meterValues = "MeterValues"
    case signChargingStationCertificate = "SignChargingStationCertificate"
    case signV2GCertificate = "SignV2GCertificate"
    case statusNotification = "StatusNotification"
    case transactionEvent = "TransactionEvent"
    case signCombinedCertificate = "SignCombinedCertificate"
    case publishFirmwareStatusNotification = "PublishFirmwareStatusNotification"
}

/// The type of this monitor, e.g. a threshold, delta or periodic monitor.
public enum MonitorEnumType: String, OCPPEnum {
    case upperThreshold = "UpperThreshold"
    case lowerThreshold = "LowerThreshold"
    case delta = "Delta"
    case periodic = "Periodic"
    case periodicClockAligned = "PeriodicClockAligned"
}

/// Specify which monitoring base will be set
public enum MonitoringBaseEnumType: String, OCPPEnum {
    case all = "All"
    case factoryDefault = "FactoryDefault"
    case hardWiredOnly = "HardWiredOnly"
}

public enum MonitoringCriterionEnumType: String, OCPPEnum {
    case thresholdMonitoring = "ThresholdMonitoring"
    case deltaMonitoring = "DeltaMonitoring"
    case periodicMonitoring = "PeriodicMonitoring"
}

/// Defines the mutability of this attribute. Default is ReadWrite when omitted.
public enum MutabilityEnumType: String, OCPPEnum {
    case readOnly = "ReadOnly"
    case writeOnly = "WriteOnly"
    case readWrite = "ReadWrite"
}

/// Returns whether the CSMS has been able to process the message successfully. It does not imply that the evChargingNeeds can be met with the current charging profile.
public enum NotifyEVChargingNeedsStatusEnumType: String, OCPPEnum {
    case accepted = "Accepted"
    case rejected = "Rejected"
    case processing = "Processing"
}

/// Applicable Network Interface.
public enum OCPPInterfaceEnumType: String, OCPPEnum {
    case wired0 = "Wired0"
    case wired1 = "Wired1"
    case wired2 = "Wired2"
    case wired3 = "Wired3"
    case wireless0 = "Wireless0"
    case wireless1 = "Wireless1"
    case wireless2 = "Wireless2"
    case wireless3 = "Wireless3"
}

/// Defines the transport protocol (e.g. SOAP or JSON). Note: SOAP is not supported in OCPP 2.0, but is supported by other versions of OCPP.
public enum OCPPTransportEnumType: String, OCPPEnum {
    case json = "JSON"
    case soap = "SOAP"
}

/// Defines the OCPP version used for this communication function.
public enum OCPPVersionEnumType: String, OCPPEnum {
    case ocpp12 = "OCPP12"
    case ocpp15 = "OCPP15"
    case ocpp16 = "OCPP16"
    case ocpp20 = "OCPP20"
}

/// This contains the type of availability change that the Charging Station should perform.
public enum OperationalStatusEnumType: String, OCPPEnum {
    case inoperative = "Inoperative"
    case operative = "Operative"
}

/// Indicates how the measured value is to be interpreted. For instance between L1 and neutral (L1-N) Please note that not all values of phase are applicable to all Measurands. When phase is absent, the measured value is interpreted as an overall value.
public enum PhaseEnumType: String, OCPPEnum {
    case l1 = "L1"
    case l2 = "L2"
    case l3 = "L3"
    case n = "N"
    case l1N = "L1-N"
    case l2N = "L2-N"
    case l3N = "L3-N"
    case l1L2 = "L1-L2"
    case l2L3 = "L2-L3"
    case l3L1 = "L3-L1"
}

/// This contains the progress status of the publishfirmware
/// installation.
public enum PublishFirmwareStatusEnumType: String, OCPPEnum {
    case idle = "Idle"
    case downloadScheduled = "DownloadScheduled"
    case downloading = "Downloading"
    case downloaded = "Downloaded"
    case published = "Published"
    case downloadFailed = "DownloadFailed"
    case downloadPaused = "DownloadPaused"
    case invalidChecksum = "InvalidChecksum"
    case checksumVerified = "ChecksumVerified"
    case publishFailed = "PublishFailed"
}

/// Type of detail value: start, end or sample. Default = "Sample.Periodic"
public enum ReadingContextEnumType: String, OCPPEnum {
    case interruptionBegin = "Interruption.Begin"
    case interruptionEnd = "Interruption.End"
    case other = "Other"
    case sampleClock = "Sample.Clock"
    case samplePeriodic = "Sample.Periodic"
    case transactionBegin = "Transaction.Begin"
    case transactionEnd = "Transaction.End"
    case trigger = "Trigger"
}

/// This contains the reason why the transaction was stopped. MAY only be omitted when Reason is "Local".
public enum ReasonEnumType: String, OCPPEnum {
    case deAuthorized = "DeAuthorized"
    case emergencyStop = "EmergencyStop"
    case energyLimitReached = "EnergyLimitReached"
    case evDisconnected = "EVDisconnected"
    case groundFault = "GroundFault"
    case immediateReset = "ImmediateReset"
    case local = "Local"
    case localOutOfCredit = "LocalOutOfCredit"
    case masterPass = "MasterPass"
    case other = "Other"
    case overcurrentFault = "OvercurrentFault"
    case powerLoss = "PowerLoss"
    case powerQuality = "PowerQuality"
    case reboot = "Reboot"
    case remote = "Remote"
    case socLimitReached = "SOCLimitReached"
    case stoppedByEV = "StoppedByEV"
    case timeLimitReached = "TimeLimitReached"
    case timeout = "Timeout"
}

/// Indicates the start point of a recurrence.
public enum RecurrencyKindEnumType: String, OCPPEnum {
    case daily = "Daily"
    case weekly = "Weekly"
}

/// This contains whether the Charging Station has been registered
/// within the CSMS.
public enum RegistrationStatusEnumType: String, OCPPEnum {
    case accepted = "Accepted"
    case pending = "Pending"
    case rejected = "Rejected"
}

/// This field specifies the report base.
public enum ReportBaseEnumType: String, OCPPEnum {
    case configurationInventory = "ConfigurationInventory"
    case fullInventory = "FullInventory"
    case summaryInventory = "SummaryInventory"
}

/// Status indicating whether the Charging Station accepts the request to start a transaction.
public enum RequestStartStopStatusEnumType: String, OCPPEnum {
    case accepted = "Accepted"
    case rejected = "Rejected"
}

/// The updated reservation status.
public enum ReservationUpdateStatusEnumType: String, OCPPEnum {
    case expired = "Expired"
    case removed = "Removed"
}

/// This indicates the success or failure of the reservation.
public enum ReserveNowStatusEnumType: String, OCPPEnum {
    case accepted = "Accepted"
    case faulted = "Faulted"
    case occupied = "Occupied"
    case rejected = "Rejected"
    case unavailable = "Unavailable"
}

/// This contains the type of reset that the Charging Station or EVSE should perform.
public enum ResetEnumType: String, OCPPEnum {
    case immediate = "Immediate"
    case onIdle = "OnIdle"
}

/// This indicates whether the Charging Station is able to perform the reset.
public enum ResetStatusEnumType: String, OCPPEnum {
    case accepted = "Accepted"
    case rejected = "Rejected"
    case scheduled = "Scheduled"
}

/// This indicates whether the Charging Station has successfully received and applied the update of the Local Authorization List.
public enum SendLocalListStatusEnumType: String, OCPPEnum {
    case accepted = "Accepted"
    case failed = "Failed"
    case versionMismatch = "VersionMismatch"
}

/// Status is OK if a value could be returned. Otherwise this will indicate the reason why a value could not be returned.
public enum SetMonitoringStatusEnumType: String, OCPPEnum {
    case accepted = "Accepted"
    case unknownComponent = "UnknownComponent"
    case unknownVariable = "UnknownVariable"
    case unsupportedMonitorType = "UnsupportedMonitorType"
    case rejected = "Rejected"
    case duplicate = "Duplicate"
}

/// Result of operation.
public enum SetNetworkProfileStatusEnumType: String, OCPPEnum {
    case accepted = "Accepted"
    case rejected = "Rejected"
    case failed = "Failed"
}

/// Result status of setting the variable.
public enum SetVariableStatusEnumType: String, OCPPEnum {
    case accepted = "Accepted"
    case rejected = "Rejected"
    case unknownComponent = "UnknownComponent"
    case unknownVariable = "UnknownVariable"
    case notSupportedAttributeType = "NotSupportedAttributeType"
    case rebootRequired = "RebootRequired"
}

/// This contains the type of this event.
/// The first TransactionEvent of a transaction SHALL contain: "Started" The last TransactionEvent of a transaction SHALL contain: "Ended" All others SHALL contain: "Updated"
public enum TransactionEventEnumType: String, OCPPEnum {
    case ended = "Ended"
    case started = "Started"
    case updated = "Updated"
}

/// Indicates whether the Charging Station will send the requested notification or not.
public enum TriggerMessageStatusEnumType: String, OCPPEnum {
    case accepted = "Accepted"
    case rejected = "Rejected"
    case notImplemented = "NotImplemented"
}

/// Reason the Charging Station sends this message to the CSMS
public enum TriggerReasonEnumType: String, OCPPEnum {
    case authorized = "Authorized"
    case cablePluggedIn = "CablePluggedIn"
    case chargingRateChanged = "ChargingRateChanged"
    case chargingStateChanged = "ChargingStateChanged"
    case deauthorized = "Deauthorized"
    case energyLimitReached = "EnergyLimitReached"
    case evCommunicationLost = "EVCommunicationLost"
    case evConnectTimeout = "EVConnectTimeout"
    case meterValueClock = "MeterValueClock"
    case meterValuePeriodic = "MeterValuePeriodic"
    case timeLimitReached = "TimeLimitReached"
    case trigger = "Trigger"
    case unlockCommand = "UnlockCommand"
    case stopAuthorized = "StopAuthorized"
    case evDeparted = "EVDeparted"
    case evDetected = "EVDetected"
    case remoteStop = "RemoteStop"
    case remoteStart = "RemoteStart"
    case abnormalCondition = "AbnormalCondition"
    case signedDataReceived = "SignedDataReceived"
    case resetCommand = "ResetCommand"
}

/// This indicates whether the Charging Station has unlocked the connector.
public enum UnlockStatusEnumType: String, OCPPEnum {
    case unlocked = "Unlocked"
    case unlockFailed = "UnlockFailed"
    case ongoingAuthorizedTransaction = "OngoingAuthorizedTransaction"
    case unknownConnector = "UnknownConnector"
}

/// Indicates whether the Local Controller succeeded in unpublishing the firmware.
public enum UnpublishFirmwareStatusEnumType: String, OCPPEnum {
    case downloadOngoing = "DownloadOngoing"
    case noFirmware = "NoFirmware"
    case unpublished = "Unpublished"
}

/// This contains the type of update (full or differential) of this request.
public enum UpdateEnumType: String, OCPPEnum {
    case differential = "Differential"
    case full = "Full"
}

/// This field indicates whether the Charging Station was able to accept the request.
public enum UpdateFirmwareStatusEnumType: String, OCPPEnum {
    case accepted = "Accepted"
    case rejected = "Rejected"
    case acceptedCanceled = "AcceptedCanceled"
    case invalidCertificate = "InvalidCertificate"
    case revokedCertificate = "RevokedCertificate"
}

/// This contains the status of the log upload.
public enum UploadLogStatusEnumType: String, OCPPEnum {
    case badMessage = "BadMessage"
    case idle = "Idle"
    case notSupportedOperation = "NotSupportedOperation"
    case permissionDenied = "PermissionDenied"
    case uploaded = "Uploaded"
    case uploadFailure = "UploadFailure"
    case uploading = "Uploading"
    case acceptedCanceled = "AcceptedCanceled"
}

/// Type of VPN
public enum VPNEnumType: String, OCPPEnum {
    case ikev2 = "IKEv2"
    case ipSec = "IPSec"
    case l2tp = "L2TP"
    case pptp = "PPTP"
}
