import OCPP
import StationCertificates

extension DeviceModel {
    /// The most roots and chains the store keeps (InstallCertificate beyond it is Rejected, M05).
    static let maximumCertificateEntries = 24

    /// Certificates (A02/A03, M): SecurityCtrlr's certificate variables (CertificateEntries, declared with the
    /// security variables, is set to what is installed now); CertSigningKeyType and CertRenewalMargin are
    /// this station's own: the key a CSR is made with, and how long before the end of the station certificate
    /// it asks for a new one (A03).
    static func addCertificateManagementVariables(_ catalogue: inout VariableCatalogue) {
        let security = ComponentAddress("SecurityCtrlr")
        catalogue.add(security, "AdditionalRootCertificateCheck", "false", .readOnly, catalogue.boolean, constant: true)
        catalogue.add(
            security,
            "CertSigningWaitMinimum",
            "60",
            .readWrite,
            Characteristics(.integer, unit: "s", minLimit: 1)
        )
        catalogue.add(security, "CertSigningRepeatTimes", "3", .readWrite, Characteristics(.integer, minLimit: 0))
        catalogue.add(
            security,
            "CertSigningKeyType",
            StationKeyType.ecdsaP256.rawValue,
            .readWrite,
            Characteristics(.optionList, valuesList: StationKeyType.allCases.map(\.rawValue))
        )
        catalogue.add(
            security,
            "CertRenewalMargin",
            String(30 * 24 * 3600),
            .readWrite,
            Characteristics(.integer, unit: "s", minLimit: 0)
        )
    }

    var certificateSigningSettings: CertificateSigning.Settings {
        func int(_ name: String, _ fallback: Int) -> Int {
            value("SecurityCtrlr", name).flatMap { Int($0) } ?? fallback
        }
        return CertificateSigning.Settings(
            waitMinimum: .seconds(max(1, int("CertSigningWaitMinimum", 60))),
            repeatTimes: max(0, int("CertSigningRepeatTimes", 3)),
            keyType: value("SecurityCtrlr", "CertSigningKeyType").flatMap(StationKeyType.init(rawValue:)) ?? .ecdsaP256,
            renewalMargin: .seconds(max(0, int("CertRenewalMargin", 30 * 24 * 3600)))
        )
    }
}
