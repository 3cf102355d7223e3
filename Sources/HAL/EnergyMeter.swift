#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An energy meter measuring what one EVSE delivers (for example a Modbus meter in the charger).
///
/// The registers are the meter's own: the station reports them as they are and computes a
/// transaction's energy as the difference between two readings, so a meter that was swapped or reset
/// is visible to the CSMS rather than hidden by the station.
public protocol EnergyMeter: Sendable {
    /// Reads every value the meter offers, in one consistent snapshot.
    func read() async throws(MeterError) -> MeterReading
}

/// One value per phase; a single-phase meter has only `l1`.
public struct PhaseValues: Sendable, Hashable, CustomStringConvertible {
    public var l1: Double?
    public var l2: Double?
    public var l3: Double?

    public init(l1: Double? = nil, l2: Double? = nil, l3: Double? = nil) {
        self.l1 = l1
        self.l2 = l2
        self.l3 = l3
    }

    /// The values present, in phase order L1, L2, L3.
    public var present: [Double] { [l1, l2, l3].compactMap { $0 } }

    public var description: String {
        zip(["L1", "L2", "L3"], [l1, l2, l3]).compactMap { name, value in value.map { "\(name)=\($0)" } }
            .joined(separator: " ")
    }
}

/// A snapshot of a meter's registers.
public struct MeterReading: Sendable, Hashable {
    /// Energy imported (delivered to the EV) in Wh; a register that never decreases.
    public var energyImport: Double
    /// Energy exported (fed back from the EV) in Wh; a register that never decreases.
    public var energyExport: Double
    /// Total active power in W, signed: positive while importing (charging), negative while exporting.
    public var activePower: Double
    /// Phase-to-neutral voltage in V.
    public var voltage: PhaseValues
    /// Current in A per phase, unsigned.
    public var current: PhaseValues
    /// Grid frequency in Hz, when the meter reports it.
    public var frequency: Double?
    /// When the reading was taken, on the wall clock.
    public var timestamp: Date

    public init(
        energyImport: Double,
        energyExport: Double = 0,
        activePower: Double,
        voltage: PhaseValues = PhaseValues(),
        current: PhaseValues = PhaseValues(),
        frequency: Double? = nil,
        timestamp: Date
    ) {
        self.energyImport = energyImport
        self.energyExport = energyExport
        self.activePower = activePower
        self.voltage = voltage
        self.current = current
        self.frequency = frequency
        self.timestamp = timestamp
    }
}

/// Why a meter could not be read.
public enum MeterError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The meter did not answer within the bus's response timeout.
    case timeout
    /// The meter answered, but the answer is unusable (bad CRC, wrong length, an exception code).
    case invalidData(reason: String)
    /// The meter answered a well-formed value that cannot be real (an energy register running backwards or
    /// negative, power beyond what the EVSE can draw): never billed (`MeterPlausibility`).
    case implausible(reason: String)
    /// The bus or link to the meter failed (serial port gone, TCP connection refused).
    case communicationFailure(reason: String)
    /// No meter is configured for this EVSE, or its configuration is incomplete.
    case notConfigured

    public var description: String {
        switch self {
        case .timeout: "meter did not answer in time"
        case .invalidData(let reason): "meter sent invalid data: \(reason)"
        case .implausible(let reason): "meter reading is implausible: \(reason)"
        case .communicationFailure(let reason): "meter communication failed: \(reason)"
        case .notConfigured: "no meter configured"
        }
    }
}
