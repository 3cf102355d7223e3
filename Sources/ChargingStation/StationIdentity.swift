import OCPP

/// What the station says about itself in BootNotification (OCPP 2.0.1 ChargingStationType).
public struct StationIdentity: Sendable, Equatable {
    /// The OCPP identity: the last path segment of the CSMS URL and the Basic auth user name.
    public var stationId: String
    public var vendorName: String
    public var model: String
    public var serialNumber: String?
    public var firmwareVersion: String?

    public init(
        stationId: String,
        vendorName: String,
        model: String,
        serialNumber: String? = nil,
        firmwareVersion: String? = nil
    ) {
        self.stationId = stationId
        self.vendorName = vendorName
        self.model = model
        self.serialNumber = serialNumber
        self.firmwareVersion = firmwareVersion
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
