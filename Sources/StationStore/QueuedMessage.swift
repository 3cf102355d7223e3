#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A transaction-related CALL the station has to deliver, as handed to the store before it is sent.
public struct OutboundMessage: Sendable, Equatable {
    /// The OCPP action, e.g. `TransactionEvent`.
    public var action: String
    /// The OCPP-J message id the CALL will be sent with; unique among queued messages.
    public var messageId: String
    /// The request payload as JSON text.
    public var payload: String
    public var createdAt: Date
    /// Whether the event happened while the station was offline (TransactionEvent's `offline`).
    public var offline: Bool?

    public init(action: String, messageId: String, payload: String, createdAt: Date, offline: Bool? = nil) {
        self.action = action
        self.messageId = messageId
        self.payload = payload
        self.createdAt = createdAt
        self.offline = offline
    }
}

/// A message waiting in the store until the CSMS answers it.
public struct QueuedMessage: Sendable, Equatable {
    /// The store-assigned position in the queue: strictly increasing, never reused.
    public var sequence: Int64
    /// The transaction the message belongs to, if any.
    public var transactionId: String?
    public var action: String
    public var messageId: String
    public var payload: String
    /// How many times sending was attempted.
    public var attempts: Int
    public var createdAt: Date
    public var offline: Bool?

    public init(
        sequence: Int64,
        transactionId: String?,
        action: String,
        messageId: String,
        payload: String,
        attempts: Int,
        createdAt: Date,
        offline: Bool?
    ) {
        self.sequence = sequence
        self.transactionId = transactionId
        self.action = action
        self.messageId = messageId
        self.payload = payload
        self.attempts = attempts
        self.createdAt = createdAt
        self.offline = offline
    }
}
