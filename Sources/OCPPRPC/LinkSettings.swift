/// The link parameters a CSMS tunes through the device model (Part 2 Appendix, OCPPCommCtrlr): how often
/// the station pings the CSMS (`WebSocketPingInterval`) and how it backs off between reconnection
/// attempts (`RetryBackOffWaitMinimum`, `RetryBackOffRandomRange`, `RetryBackOffRepeatTimes`, Part 4 §5.3).
///
/// They belong to the transport, which the station only reaches through its `RPCSession`; this value
/// is what travels that way (`RPCSession.apply(_:)`), so the station stays free of WebSocket types.
public struct LinkSettings: Sendable, Hashable, CustomStringConvertible {
    /// Time between client pings; `.zero` sends none (the CSMS may still ping).
    public var pingInterval: Duration
    /// The fixed part of the first reconnection delay.
    public var retryBackOffWaitMinimum: Duration
    /// The upper bound of the random part added to every reconnection delay.
    public var retryBackOffRandomRange: Duration
    /// How many times the fixed part doubles after consecutive failures.
    public var retryBackOffRepeatTimes: Int

    public init(
        pingInterval: Duration,
        retryBackOffWaitMinimum: Duration,
        retryBackOffRandomRange: Duration,
        retryBackOffRepeatTimes: Int
    ) {
        self.pingInterval = pingInterval
        self.retryBackOffWaitMinimum = retryBackOffWaitMinimum
        self.retryBackOffRandomRange = retryBackOffRandomRange
        self.retryBackOffRepeatTimes = retryBackOffRepeatTimes
    }

    public var description: String {
        "ping every \(pingInterval), back-off \(retryBackOffWaitMinimum) + up to \(retryBackOffRandomRange), "
            + "doubling \(retryBackOffRepeatTimes) times"
    }
}

extension MessageTransport {
    /// A transport without tunable link parameters (an in-memory pair used by a peer) has none in force.
    public var linkSettings: LinkSettings? { nil }

    /// A transport without tunable link parameters ignores new ones.
    public func apply(_ settings: LinkSettings) {}
}

extension RPCSession {
    /// The link parameters the transport uses now; nil when it has none (an in-memory link).
    public var linkSettings: LinkSettings? { transport.linkSettings }

    /// Hands new link parameters to the transport: the ping interval applies from the next ping, the
    /// back-off from the next reconnection.
    public func apply(_ settings: LinkSettings) {
        transport.apply(settings)
    }
}
