/// What an operational status applies to: the whole station, one EVSE, or one connector of an EVSE.
public enum AvailabilityScope: Sendable, Hashable {
    case station
    /// EVSE ids start at 1.
    case evse(Int)
    /// Connector ids start at 1 within their EVSE.
    case connector(evseId: Int, connectorId: Int)

    /// The scope as the (evse, connector) pair both stores key it by: 0 stands for "all of them".
    var storageKey: (evseId: Int, connectorId: Int) {
        switch self {
        case .station: (0, 0)
        case .evse(let evseId): (evseId, 0)
        case .connector(let evseId, let connectorId): (evseId, connectorId)
        }
    }

    /// The scope a stored (evse, connector) pair stands for, or nil when the pair is not a valid key.
    init?(storageKey evseId: Int, _ connectorId: Int) {
        switch (evseId, connectorId) {
        case (0, 0): self = .station
        case (1..., 0): self = .evse(evseId)
        case (1..., 1...): self = .connector(evseId: evseId, connectorId: connectorId)
        default: return nil
        }
    }
}
