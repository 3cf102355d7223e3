import OCPP

/// What the station says about itself in BootNotification (OCPP 2.0.1 ChargingStationType), and what
/// its device model reports about the hardware it cannot ask (connector type, ratings).
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
    /// The connector type and ratings of each EVSE by id, as the board file (or the fleet file) states them.
    /// An EVSE not listed is described as `EVSEDescription.standardAC`.
    public var evses: [Int: EVSEDescription]
    /// The board file names CSMS trust roots of its own (csms.trustRoots): they count as installed
    /// CSMSRootCertificates for an upgrade to security profile 2 or 3 (A05.FR.02).
    public var boardCSMSRoots: Bool
    /// The board file names the station's client certificate (csms.clientCertificate): it counts as an
    /// installed ChargingStationCertificate for an upgrade to security profile 3 (A05.FR.03).
    public var boardStationCertificate: Bool

    public init(
        stationId: String,
        vendorName: String,
        model: String,
        serialNumber: String? = nil,
        firmwareVersion: String? = nil,
        securityProfile: Int = 1,
        evses: [Int: EVSEDescription] = [:],
        boardCSMSRoots: Bool = false,
        boardStationCertificate: Bool = false
    ) {
        self.stationId = stationId
        self.vendorName = vendorName
        self.model = model
        self.serialNumber = serialNumber
        self.firmwareVersion = firmwareVersion
        self.securityProfile = securityProfile
        self.evses = evses
        self.boardCSMSRoots = boardCSMSRoots
        self.boardStationCertificate = boardStationCertificate
    }

    /// How EVSE `evseId` is described in the device model.
    public func description(ofEVSE evseId: Int) -> EVSEDescription {
        evses[evseId] ?? .standardAC
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

/// What an EVSE (with its one connector) is, for the device model's EVSE and Connector components
/// (Part 2 Appendix: ConnectorType, SupplyPhases, Power's maxLimit and MaxSet).
///
/// The station cannot measure these; a CSMS plans and bills with them, so a 200 kW DC charger must not
/// say "22 kW, Type 2". They come from the board file.
public struct EVSEDescription: Sendable, Hashable {
    public var connectorType: ConnectorEnumType
    /// The AC phases the EVSE supplies (1 or 3); a DC EVSE reports SupplyPhases 0 whatever the grid side has.
    public var phases: Int
    /// The most current the EVSE offers, in A (per phase for AC).
    public var maxCurrent: Double
    /// The most power the EVSE delivers, in W.
    public var maxPower: Double

    public init(connectorType: ConnectorEnumType, phases: Int, maxCurrent: Double, maxPower: Double) {
        self.connectorType = connectorType
        self.phases = phases
        self.maxCurrent = maxCurrent
        self.maxPower = maxPower
    }

    /// The description of an EVSE nothing was said about: a 22 kW three-phase Type 2 socket (32 A), what
    /// the catalogue reported before boards could say otherwise.
    public static let standardAC = EVSEDescription(connectorType: .cType2, phases: 3, maxCurrent: 32, maxPower: 22_000)

    /// The connector types that deliver direct current (the charger converts): CCS Combo 1 and 2 and
    /// CHAdeMO (JEVS G105).
    public static let dcConnectorTypes: Set<ConnectorEnumType> = [.cCCS1, .cCCS2, .cG105]

    public var isDC: Bool { Self.dcConnectorTypes.contains(connectorType) }

    /// A DC EVSE's nominal DC voltage, V: its rated power over its rated (DC) current; nil for AC. Charging
    /// schedules in A convert to the power setpoint with it.
    public var dcVoltage: Double? { isDC && maxCurrent > 0 ? maxPower / maxCurrent : nil }

    /// SupplyPhases as Part 2 counts it: the AC phases, 0 for DC.
    public var supplyPhases: Int { isDC ? 0 : phases }
}
