import OCPP
import OCPPRPC

/// SetNetworkProfile (B09), the actor side: the decision is `Provisioning.setNetworkProfile`; the station
/// keeps what it accepted in the store, where the composition root reads it (B10).
extension ChargingStation {
    /// The store key of the profile in `slot`.
    static func networkProfileKey(_ slot: Int) -> String { "network-profile.\(slot)" }

    func registerNetworkProfileHandler() {
        serve(SetNetworkProfileRequest.self) { station, request, _ in
            await station.setNetworkProfile(request)
        }
    }

    func setNetworkProfile(_ request: SetNetworkProfileRequest) -> SetNetworkProfileResponse {
        let (response, actions) = Provisioning.setNetworkProfile(request, in: provisioningContext)
        guard perform(actions) else { return Provisioning.networkProfileNotStored }
        // No ReconfigurationOfSecurityParameters here: a stored profile changes nothing in use until
        // NetworkConfigurationPriority and a reset put it in use, and the link raises the event then (once,
        // `NetworkLinkPlanner.ended`), with the profile before and after.
        return response
    }

    /// Keeps a profile in its slot; false (logged) when the store cannot.
    func storeNetworkProfile(_ profile: NetworkConnectionProfileType, slot: Int) -> Bool {
        do {
            try store.setValue(profile.jsonText(), forKey: Self.networkProfileKey(slot))
            return true
        } catch {
            logger.error("could not store the network profile", metadata: ["error": "\(error)"])
            return false
        }
    }

    /// The profiles the CSMS stored, by slot (B09), for the composition root to connect with (B10).
    public func networkConnectionProfiles() -> [Int: NetworkConnectionProfileType] {
        var profiles: [Int: NetworkConnectionProfileType] = [:]
        for slot in Provisioning.networkProfileSlots {
            guard let text = try? store.value(forKey: Self.networkProfileKey(slot)),
                let profile = try? NetworkConnectionProfileType(jsonText: text)
            else { continue }
            profiles[slot] = profile
        }
        return profiles
    }
}
