import OCPP
import StationStore

/// A charging profile the station holds, with the EVSE it was installed on (0: the whole station).
struct InstalledProfile: Sendable, Equatable {
    var evseId: Int
    var profile: ChargingProfileType

    var id: Int { profile.id }
    var purpose: ChargingProfilePurposeEnumType { profile.chargingProfilePurpose }
    var stackLevel: Int { profile.stackLevel }

    /// As the store keeps it: the profile as JSON text, with the columns a query needs.
    var stored: StoredChargingProfile {
        StoredChargingProfile(
            id: profile.id,
            evseId: evseId,
            stackLevel: profile.stackLevel,
            purpose: profile.chargingProfilePurpose,
            transactionId: profile.transactionId,
            profile: profile.jsonValue().serialized()
        )
    }

    init(evseId: Int, profile: ChargingProfileType) {
        self.evseId = evseId
        self.profile = profile
    }

    /// A stored profile read back; a row whose JSON no longer reads as a profile throws (the caller logs and
    /// skips it, so one bad row does not take the others with it).
    init(_ stored: StoredChargingProfile) throws {
        self.evseId = stored.evseId
        self.profile = try ChargingProfileType(json: JSONValue.parse(stored.profile))
    }
}
