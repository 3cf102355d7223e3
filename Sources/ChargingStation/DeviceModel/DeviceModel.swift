/// The station's device model (OCPP 2.0.1 Part 2 §B, Part 1 §4): components, variables and their values.
///
/// Placeholder: filled in by the DeviceModel work (B05-B07).
struct DeviceModel: Sendable {
    init(evseIds: [Int]) {}
}

extension ChargingStation {
    /// Registers GetVariables, SetVariables, GetBaseReport, DataTransfer handlers.
    func registerDeviceModelHandlers() {}
}
