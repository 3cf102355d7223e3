import OCPP
import OCPPRPC

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// SetNetworkProfile (B09): the CSMS stores a connection profile in a slot of NetworkConfigurationPriority.
///
/// The station only checks and keeps profiles; switching the link to another profile (B10, after a reset)
/// is the composition root's job, which reads `networkConnectionProfiles()` when it builds the transport.
extension ChargingStation {
    /// The store key of the profile in `slot`.
    static func networkProfileKey(_ slot: Int) -> String { "network-profile.\(slot)" }

    /// The slots a profile may be written to (the members of NetworkConfigurationPriority's valuesList).
    static let networkProfileSlots = 0...3

    func registerNetworkProfileHandler() {
        serve(SetNetworkProfileRequest.self) { station, request, _ in
            await station.setNetworkProfile(request)
        }
    }

    func setNetworkProfile(_ request: SetNetworkProfileRequest) -> SetNetworkProfileResponse {
        if let why = networkProfileRefusal(request) {
            logger.notice(
                "SetNetworkProfile rejected",
                metadata: ["slot": "\(request.configurationSlot)", "why": "\(why)"]
            )
            return SetNetworkProfileResponse(status: .rejected, statusInfo: StatusInfoType(reasonCode: why))
        }
        do {
            try store.setValue(
                request.connectionData.jsonText(),
                forKey: Self.networkProfileKey(request.configurationSlot)
            )
        } catch {
            logger.error("could not store the network profile", metadata: ["error": "\(error)"])
            return SetNetworkProfileResponse(status: .failed)
        }
        return SetNetworkProfileResponse(status: .accepted)
    }

    /// Why a profile cannot be accepted (a reasonCode of at most 20 characters), or nil.
    func networkProfileRefusal(_ request: SetNetworkProfileRequest) -> String? {
        let profile = request.connectionData
        guard Self.networkProfileSlots.contains(request.configurationSlot) else { return "InvalidSlot" }
        let active = deviceModel.value("OCPPCommCtrlr", "NetworkConfigurationPriority")?
            .split(separator: ",").first.flatMap { Int($0) }
        if request.configurationSlot == active { return "ActiveSlot" }
        guard profile.ocppVersion == .ocpp20 else { return "UnsupportedVersion" }
        guard profile.ocppTransport == .json else { return "UnsupportedTransport" }
        // B09: never a lower security profile than the one in use.
        guard (1...3).contains(profile.securityProfile) else { return "InvalidProfile" }
        guard profile.securityProfile >= deviceModel.securityProfile else { return "LowerSecurity" }
        guard CSMSURLScheme(url: profile.ocppCsmsUrl) == CSMSURLScheme(securityProfile: profile.securityProfile) else {
            return "SchemeMismatch"
        }
        return nil
    }

    /// The profiles the CSMS stored, by slot (B09), for the composition root to connect with (B10).
    public func networkConnectionProfiles() -> [Int: NetworkConnectionProfileType] {
        var profiles: [Int: NetworkConnectionProfileType] = [:]
        for slot in Self.networkProfileSlots {
            guard let text = try? store.value(forKey: Self.networkProfileKey(slot)),
                let profile = try? NetworkConnectionProfileType(jsonText: text)
            else { continue }
            profiles[slot] = profile
        }
        return profiles
    }
}
