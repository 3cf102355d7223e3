/// What happens on a message link, as seen by the RPC session.
public enum TransportEvent: Sendable, Equatable {
    /// The link is up. `subprotocol` is the one both sides agreed on (for OCPP 2.0.1: "ocpp2.0.1").
    case connected(subprotocol: String?)
    /// One complete text message (an OCPP-J frame) arrived.
    case message(String)
    /// The link went down; the transport may come back with another `.connected`.
    case disconnected(reason: String)
}

/// Errors a transport reports when asked to send.
public enum TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// There is no open link right now.
    case notConnected
    /// The link closed or failed while sending.
    case sendFailed(String)

    public var description: String {
        switch self {
        case .notConnected: "not connected"
        case .sendFailed(let why): "send failed: \(why)"
        }
    }
}

/// A message link carrying OCPP-J text frames: a WebSocket to a CSMS, or an in-memory pair in tests.
///
/// The RPC session is the single consumer of `events`; a transport that reconnects underneath keeps
/// one stream for its whole life and reports each connect and disconnect in it.
public protocol MessageTransport: Sendable {
    /// Link state changes and incoming frames, in arrival order. Finishes when the transport is shut down.
    var events: AsyncStream<TransportEvent> { get }
    /// Sends one text frame; throws `TransportError.notConnected` when the link is down.
    func send(_ text: String) async throws
    /// The link parameters in force (`LinkSettings.swift`); nil for a transport that has none.
    var linkSettings: LinkSettings? { get }
    /// Takes new link parameters while running; a transport without any ignores them.
    func apply(_ settings: LinkSettings)
}
