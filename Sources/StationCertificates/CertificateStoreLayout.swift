/// Where the station keeps certificates and its own keys, under the board's state directory.
///
/// ```
/// <stateDirectory>/certificates/
///     CSMSRootCertificate/<sha256-of-DER>.pem          roots the next TLS connection trusts (M05)
///     ManufacturerRootCertificate/<sha256-of-DER>.pem  roots firmware signing certificates chain to (L01)
///     V2GRootCertificate/, MORootCertificate/, V2GCertificateChain/   kept and reported (M03) without ISO 15118
///     ChargingStationCertificate/
///         key.pem          private key made on the device (mode 0600; never logged, never bundled)
///         certificate.pem  the chain the CSMS signed (CertificateSigned, A02/A03)
///         pending-key.pem  the key of a CSR not answered yet
/// ```
public struct CertificateStoreLayout: Sendable, Equatable {
    /// `<stateDirectory>/certificates`.
    public let root: String

    public init(stateDirectory: String) {
        root = stateDirectory + "/certificates"
    }

    /// The folder of one certificate kind (the OCPP enumeration value, e.g. `CSMSRootCertificate`).
    public func folder(_ kind: String) -> String { root + "/" + kind }

    /// The station's own key and certificate chain.
    public var stationKey: String { folder("ChargingStationCertificate") + "/key.pem" }
    public var stationCertificate: String { folder("ChargingStationCertificate") + "/certificate.pem" }
    public var pendingStationKey: String { folder("ChargingStationCertificate") + "/pending-key.pem" }
}
