/// A point in a charging session at which a transaction may start or stop (OCPP 2.0.1 E01, TxCtrlr
/// `TxStartPoint` / `TxStopPoint`).
public enum TransactionPoint: String, Sendable, Hashable, CaseIterable {
    case parkingBayOccupancy = "ParkingBayOccupancy"
    case evConnected = "EVConnected"
    case authorized = "Authorized"
    case dataSigned = "DataSigned"
    case powerPathClosed = "PowerPathClosed"
    case energyTransfer = "EnergyTransfer"

    /// Parses a device-model list such as `"EVConnected,Authorized"`; nil when a member is unknown.
    public static func parseList(_ text: String) -> Set<TransactionPoint>? {
        var points: Set<TransactionPoint> = []
        for member in text.split(separator: ",") {
            let name = member.trimmingCharacters(in: " ")
            guard let point = TransactionPoint(rawValue: name) else { return nil }
            points.insert(point)
        }
        return points
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        var slice = self[...]
        while slice.first == set { slice = slice.dropFirst() }
        while slice.last == set { slice = slice.dropLast() }
        return String(slice)
    }
}
