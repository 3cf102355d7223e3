import OCPP

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What the station remembers of one OCPP transaction, so a restart can resume or end it.
///
/// Dates are kept to the millisecond by both stores, so a record reads back equal to what was written
/// whenever its dates are whole milliseconds.
public struct TransactionRecord: Sendable, Equatable {
    /// Whether the transaction still runs; an ended one stays until all its messages are delivered.
    public enum State: String, Sendable, Equatable, CaseIterable {
        case started
        case ended
    }

    /// The transaction id sent to the CSMS (UUID text).
    public var transactionId: String
    public var evseId: Int
    public var connectorId: Int
    public var state: State
    /// The `seqNo` the next TransactionEvent of this transaction will carry.
    public var nextSeqNo: Int
    public var startedAt: Date
    public var meterStartWh: Double?
    public var lastMeterWh: Double?
    public var idToken: IdTokenType?
    public var remoteStartId: Int?
    /// The last `ChargingStateEnumType` raw value reported.
    public var chargingState: String?
    /// The `ReasonEnumType` raw value the transaction stopped with.
    public var stoppedReason: String?
    public var totalCost: Double?
    public var endedAt: Date?

    public init(
        transactionId: String,
        evseId: Int,
        connectorId: Int,
        state: State = .started,
        nextSeqNo: Int = 0,
        startedAt: Date,
        meterStartWh: Double? = nil,
        lastMeterWh: Double? = nil,
        idToken: IdTokenType? = nil,
        remoteStartId: Int? = nil,
        chargingState: String? = nil,
        stoppedReason: String? = nil,
        totalCost: Double? = nil,
        endedAt: Date? = nil
    ) {
        self.transactionId = transactionId
        self.evseId = evseId
        self.connectorId = connectorId
        self.state = state
        self.nextSeqNo = nextSeqNo
        self.startedAt = startedAt
        self.meterStartWh = meterStartWh
        self.lastMeterWh = lastMeterWh
        self.idToken = idToken
        self.remoteStartId = remoteStartId
        self.chargingState = chargingState
        self.stoppedReason = stoppedReason
        self.totalCost = totalCost
        self.endedAt = endedAt
    }
}
