import OCPP
import OCPPRPC

/// SetNetworkProfile (B09): the CSMS stores a connection profile in a slot of NetworkConfigurationPriority.
///
/// The station only checks and keeps profiles; switching the link to another profile (B10, after a reset)
/// is the composition root's job, which reads `networkConnectionProfiles()` when it builds the transport.
extension Provisioning {
    /// The slots a profile may be written to (the members of NetworkConfigurationPriority's valuesList).
    static let networkProfileSlots = 0...3

    /// B09: Accepted and kept in its slot, or Rejected with the reason (`networkProfileRefusal`).
    static func setNetworkProfile(
        _ request: SetNetworkProfileRequest,
        in context: Context
    ) -> (SetNetworkProfileResponse, [Action]) {
        let slot = request.configurationSlot
        if let why = networkProfileRefusal(request, in: context) {
            return (
                SetNetworkProfileResponse(status: .rejected, statusInfo: StatusInfoType(reasonCode: why)),
                [.networkProfileRejected(slot: slot, reasonCode: why)]
            )
        }
        return (
            SetNetworkProfileResponse(status: .accepted),
            [.storeNetworkProfile(slot: slot, request.connectionData)]
        )
    }

    /// B09: a profile the station could not keep is not Accepted but Failed.
    static let networkProfileNotStored = SetNetworkProfileResponse(status: .failed)

    /// Why a profile cannot be accepted (a reasonCode of at most 20 characters), or nil.
    static func networkProfileRefusal(_ request: SetNetworkProfileRequest, in context: Context) -> String? {
        let profile = request.connectionData
        let model = context.deviceModel
        guard networkProfileSlots.contains(request.configurationSlot) else { return "InvalidSlot" }
        // The slot the station is connected with now is the first of NetworkConfigurationPriority.
        let active = model.value("OCPPCommCtrlr", "NetworkConfigurationPriority")?
            .split(separator: ",").first.flatMap { Int($0) }
        if request.configurationSlot == active { return "ActiveSlot" }
        guard profile.ocppVersion == .ocpp20 else { return "UnsupportedVersion" }
        guard profile.ocppTransport == .json else { return "UnsupportedTransport" }
        // B09 (TC_A_22, TC_B_43): never a lower security profile than the one in use.
        guard (1...3).contains(profile.securityProfile) else { return "InvalidProfile" }
        guard profile.securityProfile >= model.securityProfile else { return "LowerSecurity" }
        guard CSMSURLScheme(url: profile.ocppCsmsUrl) == CSMSURLScheme(securityProfile: profile.securityProfile) else {
            return "SchemeMismatch"
        }
        return nil
    }
}
