import OCPP

/// What the station says about itself in BootNotification (OCPP 2.0.1 ChargingStationType).
public struct StationIdentity: Sendable, Equatable {
    /// The OCPP identity: the last path segment of the CSMS URL and the Basic auth user name.
    public var stationId: String
    public var vendorName: String
    public var model: String
    public var serialNumber: String?
    public var firmwareVersion: String?
    /// The OCPP security profile of the link in use (1-3), reported as SecurityCtrlr.SecurityProfile; a new
    /// network profile may not be lower (B09).
    public var securityProfile: Int

    public init(
        stationId: String,
        vendorName: String,
        model: String,
        serialNumber: String? = nil,
        firmwareVersion: String? = nil,
        securityProfile: Int = 1
    ) {
        self.stationId = stationId
        self.vendorName = vendorName
        self.model = model
        self.serialNumber = serialNumber
        self.firmwareVersion = firmwareVersion
        self.securityProfile = securityProfile
    }

    var chargingStation: ChargingStationType {
        ChargingStationType(
            serialNumber: serialNumber,
            model: model,
            vendorName: vendorName,
            firmwareVersion: firmwareVersion
        )
    }
}
