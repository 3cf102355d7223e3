import OCPP
import X509

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Upgrading the security profile through NetworkConfigurationPriority (A05), the checks before a new
/// priority list is accepted. Part 2 A05:
/// - A05.FR.02: a list naming a slot whose profile uses security profile 2 or 3, higher than the one in use,
///   while no valid CSMSRootCertificate is installed → SetVariables Rejected (TC_A_20_CS);
/// - A05.FR.03: the same for security profile 3 while no valid ChargingStationCertificate is installed
///   (TC_A_21_CS).
/// A slot without a stored profile is left to the device model's own check (the list's values).
enum SecurityProfileUpgrade {
    struct Context: Sendable, Equatable {
        /// The security profile the station uses now (SecurityCtrlr.SecurityProfile).
        var securityProfile: Int
        /// The security profile of each slot's stored connection profile (SetNetworkProfile, B09).
        var slotProfiles: [Int: Int]
        /// A CSMSRootCertificate that is valid now is installed (or the board names trust roots).
        var hasValidCSMSRoot: Bool
        /// A ChargingStationCertificate that is valid now is installed (the station's own pair).
        var hasValidStationCertificate: Bool
    }

    /// Why a NetworkConfigurationPriority `value` must be Rejected, or nil.
    static func refusal(priority value: String, in context: Context) -> DeviceModel.Refusal? {
        let slots = value.split(separator: ",").compactMap { Int(String($0.filter { !$0.isWhitespace })) }
        for slot in slots {
            guard let profile = context.slotProfiles[slot], profile > context.securityProfile else { continue }
            if profile >= 2, !context.hasValidCSMSRoot {
                return DeviceModel.Refusal(
                    .rejected,
                    "NoCSMSRootCert",
                    "slot \(slot) uses security profile \(profile) and no valid CSMSRootCertificate is installed"
                )
            }
            if profile == 3, !context.hasValidStationCertificate {
                return DeviceModel.Refusal(
                    .rejected,
                    "NoStationCert",
                    "slot \(slot) uses security profile 3 and no valid ChargingStationCertificate is installed"
                )
            }
        }
        return nil
    }
}

extension ChargingStation {
    /// A05.FR.02/03 for one SetVariables item: a new NetworkConfigurationPriority that would upgrade the
    /// security profile without the certificates it needs is Rejected.
    func securityProfileUpgradeRefusal(_ item: SetVariableDataType) -> DeviceModel.Refusal? {
        guard item.component.name == "OCPPCommCtrlr", item.variable.name == "NetworkConfigurationPriority",
            item.attributeType ?? .actual == .actual
        else { return nil }
        let installed = installedCertificates()
        func validNow(_ kind: String) -> Bool {
            installed.contains { entry in
                entry.kind == kind
                    && entry.chain.first.map { $0.notValidBefore <= now && now <= $0.notValidAfter }
                        == true
            }
        }
        let context = SecurityProfileUpgrade.Context(
            securityProfile: deviceModel.securityProfile,
            slotProfiles: networkConnectionProfiles().mapValues(\.securityProfile),
            hasValidCSMSRoot: identity.boardCSMSRoots || validNow("CSMSRootCertificate"),
            hasValidStationCertificate: identity.boardStationCertificate
                || validNow(CertificateManagement.stationKind)
        )
        return SecurityProfileUpgrade.refusal(priority: item.attributeValue, in: context)
    }
}
