import HAL
import OCPP
import StationStore

/// Everything the station holds about one EVSE, in one place: the transaction rules and the session they
/// run, the meter, the queue of hardware commands and what the contactor is trusted to be doing.
///
/// One value per EVSE instead of a dictionary per concern, so an EVSE's facts cannot drift apart (an
/// EVSE known to one collection and missing from another) and a new block adds a field here rather than
/// another parallel collection on the actor. Availability (operational state, connector status, faults)
/// stays in `AvailabilityModel`, whose rules span the station, its EVSEs and connectors together.
struct EVSEState: Sendable {
    /// When this EVSE's transaction starts and stops, and who authorized it (Transactions).
    var transaction = EVSETransactionMachine()
    /// The transaction running here, as stored.
    var running: TransactionRecord?
    /// Reserved by a RequestStartTransaction between its answer and the session start (RemoteControl).
    var startingRemotely = false
    /// The last good meter reading (MeterValues).
    var lastReading: MeterReading?
    /// Values kept for the running transaction's Ended event (SampledDataCtrlr / AlignedDataCtrlr
    /// TxEndedInterval), oldest first.
    var txEndedSamples: [MeterValueType] = []
    /// The current offered to the EV (nil: none).
    var offeredCurrent: Double?
    /// What the composite schedule allows now, with the station's limit shared (SmartCharging, LoadSharing): A for
    /// AC, W for a DC EVSE (nil: not evaluated yet, no limit).
    var chargingLimit: Double?
    /// The power setpoint last commanded to a DC EVSE's converter, W (nil: none yet, or AC).
    var powerSetpoint: Double?
    /// The TxProfile of an accepted RequestStartTransaction, installed when its transaction runs (K05).
    var remoteStartProfile: (remoteStartId: Int, profile: ChargingProfileType)?
    /// The cable of the current plug-in, read from the board's PP when the vehicle connected (nil: unplugged,
    /// or not read yet).
    var cable: OfferedCurrent.Cable?
    /// The control-pilot state last reported by the board (nil: none reported yet), for `chargerctl status`.
    var pilot: ControlPilotState?
    /// The EVSE's hardware commands, carried out one at a time in order (nil until the first command).
    var commands: AsyncStream<ChargingStation.HardwareCommand>.Continuation?
    /// Ended events queued behind their contactor command for a final meter reading.
    var endsAwaitingFinalReading = 0
    /// What the station trusts its contactor to be doing.
    var contactor = ContactorHold()
}

/// The station's view of one contactor between commands (contactor supervision and its fault policy).
struct ContactorHold: Sendable, Equatable {
    /// It failed to open (or closed on its own): taken as closed and not commanded again until a
    /// technician clears it.
    var takenAsClosed = false
    /// Commands queued or being carried out: supervision leaves a moving contactor alone.
    var commandsInFlight = 0
    /// Counts every command queued or completed (and every move outside commands), so supervision can tell
    /// that one overlapped its feedback read.
    var generation: UInt64 = 0
    /// What supervision found wrong, until the feedback agrees again (logged once).
    var alarm: ContactorAlarm?
}
