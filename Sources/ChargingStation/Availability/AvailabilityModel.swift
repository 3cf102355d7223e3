import OCPP

/// Operational state and connector status per station, EVSE and connector (OCPP 2.0.1 G01-G04).
///
/// Placeholder: filled in by the Availability work.
struct AvailabilityModel: Sendable {
    let evseIds: [Int]

    init(evseIds: [Int]) {
        self.evseIds = evseIds
    }
}

extension ChargingStation {
    /// Registers ChangeAvailability.
    func registerAvailabilityHandlers() {}

    /// Watches the hardware (plug, pilot, emergency stop) for the whole life of `run()`.
    func monitorHardware() async {}

    /// Called when registration reaches Accepted: report every connector's status (B01, G01).
    func availabilityResumed() async {
        for evseId in availability.evseIds {
            let request = StatusNotificationRequest(
                timestamp: now,
                connectorStatus: .available,
                evseId: evseId,
                connectorId: 1
            )
            _ = try? await session.call(request)
        }
    }
}
