import Logging
import NIOCore
import NIOPosix
import NIOWebSocket

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The reconnect loop: before every attempt the planner gives the configuration (so each attempt loads
/// the TLS material and password in force then), after it the planner hears how it ended, classified.
extension OCPPWebSocketTransport {
    /// How one connection attempt ended.
    struct AttemptOutcome {
        /// Whether `.connected` was reported during the attempt.
        var wasConnected: Bool
        var reason: String
        var failure: OCPPConnectionFailure = .linkLost
    }

    /// Closes the link (if up) and starts the next attempt without waiting the back-off: for a station
    /// that changed what it connects with (a new Basic password, A01). The planner is asked again first.
    public func reconnectNow() {
        let link = state.withLock { s -> Link? in
            s.reconnectRequested = true
            return s.link
        }
        logger.info("reconnection requested by the station")
        reconnectSignal.fire()
        guard let link else { return }
        Task {
            await link.sendClose(.normalClosure, reason: "reconnecting")
            try? await link.channel.close()
        }
    }

    /// The handshake a configuration describes: TLS context (files read now), `Authorization` header
    /// (a secret: never logged), request path and limits.
    static func handshakeSettings(
        for configuration: OCPPConnectionConfiguration
    ) throws(OCPPConnectionConfigurationError) -> HandshakeSettings {
        let endpoint = try configuration.validate()
        let sslContext = try configuration.makeSSLContext()
        // RFC 7617: Basic credentials are base64("user-id:password").
        let authorization = configuration.securityProfile.basicAuthPassword.map { password in
            "Basic " + Data("\(configuration.stationId):\(password.revealed)".utf8).base64EncodedString()
        }
        return HandshakeSettings(
            endpoint: endpoint,
            requestPath: endpoint.requestPath(stationId: configuration.stationId),
            sslContext: sslContext,
            authorization: authorization,
            maxFrameSize: configuration.maxFrameSize,
            timeout: configuration.connectTimeout
        )
    }

    func connectionLoop() async {
        var consecutiveFailures = 0
        while !Task.isCancelled {
            let configuration = await planner.configurationForNextAttempt()
            var outcome: AttemptOutcome
            do throws(OCPPConnectionConfigurationError) {
                let handshake = try Self.handshakeSettings(for: configuration)
                logger.info(
                    "connecting",
                    metadata: [
                        "url": "\(handshake.endpoint)", "profile": "\(configuration.securityProfile.number)",
                    ]
                )
                outcome = await attempt(handshake, configuration)
            } catch {
                outcome = AttemptOutcome(
                    wasConnected: false,
                    reason: "configuration cannot be used: \(error)",
                    failure: .configuration
                )
            }
            if Task.isCancelled {
                if outcome.wasConnected { eventSink.yield(.disconnected(reason: "transport shut down")) }
                return
            }
            let requested = state.withLock { s -> Bool in
                defer { s.reconnectRequested = false }
                return s.reconnectRequested
            }
            if requested && outcome.wasConnected { outcome.reason = "reconnecting as the station asked" }
            // A link that was up resets the count: the first reconnection waits the minimum again.
            consecutiveFailures = outcome.wasConnected ? 1 : consecutiveFailures + 1
            logger.warning(
                outcome.wasConnected ? "disconnected" : "connection attempt failed",
                metadata: ["reason": "\(outcome.reason)", "class": "\(outcome.failure)"]
            )
            eventSink.yield(.disconnected(reason: outcome.reason))
            let advice = await planner.attemptEnded(
                OCPPConnectionAttempt(
                    configuration: configuration,
                    connected: outcome.wasConnected,
                    failure: outcome.failure,
                    reason: outcome.reason
                )
            )
            if requested || advice == .retryNow || state.withLock({ $0.reconnectRequested }) {
                logger.info("reconnecting at once")
                continue
            }
            // The back-off in force now: a value the CSMS set applies from the next reconnection.
            let delay = ReconnectBackOff(tuning.current.settings).delay(
                forFailure: consecutiveFailures,
                randomFraction: randomFraction()
            )
            logger.info(
                "reconnecting after back-off",
                metadata: ["delay": "\(delay)", "failures": "\(consecutiveFailures)"]
            )
            guard await backOff(delay) else { return }
        }
    }

    /// Waits `delay`, or less when `reconnectNow()` is called; false when cancelled.
    private func backOff(_ delay: Duration) async -> Bool {
        let generation = reconnectSignal.generation
        if state.withLock({ $0.reconnectRequested }) { return true }
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                do {
                    try await self.clock.sleep(for: delay)
                    return true
                } catch {
                    return false
                }
            }
            group.addTask {
                await self.reconnectSignal.wait(after: generation)
                return !Task.isCancelled
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first && !Task.isCancelled
        }
    }

    /// One attempt: TCP (+ TLS) + HTTP upgrade, then the link until it drops.
    private func attempt(
        _ handshake: HandshakeSettings,
        _ configuration: OCPPConnectionConfiguration
    ) async -> AttemptOutcome {
        let endpoint = handshake.endpoint
        let connectTimeout = configuration.connectTimeout
        let pending: PendingUpgrade
        do {
            pending = try await ClientBootstrap(group: group)
                .connectTimeout(TimeAmount(connectTimeout))
                .connect(host: endpoint.host, port: endpoint.port) { channel in
                    channel.eventLoop.makeCompletedFuture { try handshake.configurePipeline(channel) }
                }
        } catch {
            return AttemptOutcome(
                wasConnected: false,
                reason: "cannot connect to \(endpoint.hostHeader): \(error)",
                failure: OCPPConnectionFailure.classifyConnect(error)
            )
        }
        // shutdown() cancels this task; a handshake in flight is ended by closing its channel.
        guard !state.withLock({ $0.shutdownRequested }) else {
            pending.channel.close(promise: nil)
            return AttemptOutcome(wasConnected: false, reason: "transport shut down", failure: .shutdown)
        }
        let upgrade: UpgradeResult
        do {
            upgrade = try await withTaskCancellationHandler {
                try await pending.result.get()
            } onCancel: {
                pending.channel.close(promise: nil)
            }
        } catch {
            pending.channel.close(promise: nil)
            if pending.timer.timedOut {
                return AttemptOutcome(
                    wasConnected: false,
                    reason: "handshake timed out after \(connectTimeout)",
                    failure: .timedOut
                )
            }
            return AttemptOutcome(
                wasConnected: false,
                reason: HandshakeSettings.describe(error),
                failure: OCPPConnectionFailure.classifyHandshake(error)
            )
        }
        switch upgrade {
        case .refused(let http):
            let head = await HandshakeSettings.readResponseHead(http)
            return AttemptOutcome(
                wasConnected: false,
                reason: HandshakeSettings.refusalReason(head),
                failure: head?.status == .unauthorized
                    ? .passwordRefused : .upgradeRefused(status: head.map { Int($0.status.code) })
            )
        case .websocket(let webSocket, let subprotocol):
            guard subprotocol == OCPPConnectionConfiguration.subprotocol else {
                // RFC 6455 §4.1: a subprotocol the client did not ask for fails the connection; OCPP 2.0.1
                // Part 4 §3.2 likewise requires closing when the CSMS does not agree to `ocpp2.0.1`.
                await HandshakeSettings.close(
                    webSocket,
                    .protocolError,
                    reason: "subprotocol \(OCPPConnectionConfiguration.subprotocol) required"
                )
                return AttemptOutcome(
                    wasConnected: false,
                    reason: "CSMS did not agree to subprotocol \(OCPPConnectionConfiguration.subprotocol) "
                        + "(it answered \(subprotocol.map { "'\($0)'" } ?? "none"))",
                    failure: .subprotocolRefused
                )
            }
            return await runLink(webSocket, configuration)
        }
    }
}
