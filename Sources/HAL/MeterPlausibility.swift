/// The checks a meter reading must pass before it may be billed: energy registers never run backwards or
/// below zero, and the power stays within what the EVSE can draw. A reading that fails is
/// `MeterError.implausible` with the reason, never a value the station uses.
///
/// Keeps the last accepted registers; a failed reading leaves them as they were, so the next good reading
/// is compared with the last good one.
public struct MeterPlausibility: Sendable, Hashable {
    /// The largest plausible |active power| in W (the EVSE's rating plus a margin); nil: no check.
    public var maxPowerW: Double?
    public private(set) var lastImportWh: Double?
    public private(set) var lastExportWh: Double?

    public init(maxPowerW: Double? = nil) {
        self.maxPowerW = maxPowerW
    }

    /// Checks `reading` and, when it passes, remembers its registers.
    public mutating func accept(_ reading: MeterReading) throws(MeterError) {
        if let last = lastImportWh, reading.energyImport < last {
            throw .implausible(reason: "energy import went backwards from \(last) Wh to \(reading.energyImport) Wh")
        }
        if let last = lastExportWh, reading.energyExport < last {
            throw .implausible(reason: "energy export went backwards from \(last) Wh to \(reading.energyExport) Wh")
        }
        if reading.energyImport < 0 || reading.energyExport < 0 {
            throw .implausible(
                reason: "negative energy register (\(reading.energyImport) Wh / \(reading.energyExport) Wh)"
            )
        }
        if let maxPowerW, abs(reading.activePower) > maxPowerW {
            throw .implausible(reason: "power \(reading.activePower) W is beyond the rating of \(maxPowerW) W")
        }
        lastImportWh = reading.energyImport
        lastExportWh = reading.energyExport
    }
}
