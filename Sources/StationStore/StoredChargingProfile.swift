import OCPP

/// A charging profile installed by SetChargingProfile, kept as the CSMS sent it.
public struct StoredChargingProfile: Sendable, Equatable {
    /// The profile's `id`; installing a profile with the same id replaces the old one.
    public var id: Int
    /// 0 for the whole station.
    public var evseId: Int
    public var stackLevel: Int
    public var purpose: ChargingProfilePurposeEnumType
    /// The transaction a TxProfile belongs to.
    public var transactionId: String?
    /// The `ChargingProfileType` as JSON text.
    public var profile: String

    public init(
        id: Int,
        evseId: Int,
        stackLevel: Int,
        purpose: ChargingProfilePurposeEnumType,
        transactionId: String? = nil,
        profile: String
    ) {
        self.id = id
        self.evseId = evseId
        self.stackLevel = stackLevel
        self.purpose = purpose
        self.transactionId = transactionId
        self.profile = profile
    }
}
