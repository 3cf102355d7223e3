import Foundation
import HAL
import HALSimulated
import OCPP
import OCPPRPC
import OCPPTestSupport
import StationStore
import Testing

@testable import ChargingStation

/// Transactions (E) and sampled meter values (J) against a scripted CSMS, on a manual clock.
@Suite struct TransactionTests {
    static let card = PresentedToken(id: "04A2B3C4", type: .iso14443)

    /// The CSMS side of a session: answers StatusNotification and Authorize as they come, collects every
    /// TransactionEvent, and lets the test decide how each TransactionEvent is answered.
    final class SessionCSMS: @unchecked Sendable {
        let h: StationHarness
        var events: [TransactionEventRequest] = []
        /// Every StatusNotification answered on the way, in order.
        var statuses: [StatusNotificationRequest] = []

        init(_ h: StationHarness) { self.h = h }

        /// The next TransactionEvent CALL, answering anything else on the way.
        func nextTransactionEvent(
            sourceLocation: SourceLocation = #_sourceLocation
        ) async throws -> (messageId: String, request: TransactionEventRequest) {
            while true {
                let frame = try await h.csms.nextFrame()
                guard case .call(let id, let action, let payload) = frame else {
                    Issue.record("unexpected frame \(frame.encoded())", sourceLocation: sourceLocation)
                    continue
                }
                switch action {
                case OCPPAction.transactionEvent.rawValue:
                    let request = try TransactionEventRequest(json: payload)
                    events.append(request)
                    return (id, request)
                case OCPPAction.statusNotification.rawValue:
                    statuses.append(try StatusNotificationRequest(json: payload))
                    try await h.csms.reply(to: id, with: StatusNotificationResponse())
                case OCPPAction.authorize.rawValue:
                    try await h.csms.reply(
                        to: id,
                        with: AuthorizeResponse(idTokenInfo: IdTokenInfoType(status: .accepted))
                    )
                case OCPPAction.heartbeat.rawValue:
                    try await h.csms.reply(to: id, with: HeartbeatResponse(currentTime: StationHarness.csmsTime))
                case OCPPAction.meterValues.rawValue:
                    // Clock-aligned values of EVSEs without a transaction (AlignedDataCtrlr.Interval).
                    try await h.csms.reply(to: id, with: MeterValuesResponse())
                default:
                    Issue.record("unexpected CALL \(action)", sourceLocation: sourceLocation)
                }
            }
        }

        /// Receives and accepts TransactionEvents until one matches `done`.
        @discardableResult
        func acceptEvents(until done: (TransactionEventRequest) -> Bool) async throws -> TransactionEventRequest {
            while true {
                let (id, request) = try await nextTransactionEvent()
                try await h.csms.reply(to: id, with: TransactionEventResponse())
                if done(request) { return request }
            }
        }
    }

    /// Sets TxCtrlr.TxStartPoint (and TxStopPoint) through SetVariables, as the OCTT tool does before a case.
    /// `txUpdatedInterval` 0 turns periodic sampled values off (SampledDataCtrlr.TxUpdatedInterval),
    /// `alignedInterval` 0 clock-aligned ones (AlignedDataCtrlr.Interval).
    static func configure(
        _ h: StationHarness,
        start: String,
        stop: String = "EVConnected,Authorized",
        txUpdatedInterval: Int? = nil,
        alignedInterval: Int? = nil
    ) async throws {
        var data = [
            SetVariableDataType(
                attributeValue: start,
                component: ComponentType(name: "TxCtrlr"),
                variable: VariableType(name: "TxStartPoint")
            ),
            SetVariableDataType(
                attributeValue: stop,
                component: ComponentType(name: "TxCtrlr"),
                variable: VariableType(name: "TxStopPoint")
            ),
        ]
        if let txUpdatedInterval {
            data.append(
                SetVariableDataType(
                    attributeValue: String(txUpdatedInterval),
                    component: ComponentType(name: "SampledDataCtrlr"),
                    variable: VariableType(name: "TxUpdatedInterval")
                )
            )
        }
        if let alignedInterval {
            data.append(
                SetVariableDataType(
                    attributeValue: String(alignedInterval),
                    component: ComponentType(name: "AlignedDataCtrlr"),
                    variable: VariableType(name: "Interval")
                )
            )
        }
        let request = SetVariablesRequest(setVariableData: data)
        let answer = try await h.csms.call(request)
        guard case .callResult(_, let payload) = answer else {
            Issue.record("SetVariables failed: \(answer.encoded())")
            return
        }
        let response = try SetVariablesResponse(json: payload)
        #expect(response.setVariableResult.allSatisfy { $0.attributeStatus == .accepted })
    }

    /// Moves the manual clock in 1 s steps so the meter poll (1 s) and timers run as they would.
    /// Boots `h` Accepted, starts transactions on the cable alone (TxStartPoint EVConnected) with periodic and
    /// clock-aligned values off, and plugs an EV into EVSE 1: the start of most queue and retry cases.
    static func pluggedIn(_ h: StationHarness) async throws -> SessionCSMS {
        _ = try await h.bootAccepted()
        try await configure(h, start: "EVConnected", txUpdatedInterval: 0, alignedInterval: 0)
        let csms = SessionCSMS(h)
        h.simulation[evse: 1].ev.plugIn()
        return csms
    }

    static func advance(_ h: StationHarness, seconds: Int) async {
        await h.advance(seconds: seconds)
    }

    @Test func TC_E_03_CS_cablePluginFirst() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await h.bootAccepted()
        try await Self.configure(h, start: "EVConnected")
        let csms = SessionCSMS(h)
        h.simulation[evse: 1].ev.plugIn()
        let (startId, started) = try await csms.nextTransactionEvent()
        #expect(started.eventType == .started)
        #expect(started.triggerReason == .cablePluggedIn)
        #expect(started.seqNo == 0)
        #expect(started.evse == EVSEType(id: 1, connectorId: 1))
        #expect(started.idToken == nil)
        #expect(started.offline == nil)
        #expect(started.meterValue?.first?.sampledValue.first?.context == .transactionBegin)
        try await h.csms.reply(to: startId, with: TransactionEventResponse())

        h.simulation.tokenReader.present(Self.card)
        let authorized = try await csms.acceptEvents { $0.idToken != nil }
        #expect(authorized.triggerReason == .authorized)
        #expect(authorized.idToken?.idToken == Self.card.id)
        #expect(authorized.evse == nil, "evse goes only in the first event")

        // Current offered → the EV asks for energy → contactor closes → energy flows.
        let charging = try await chargingEvent(csms, h)
        #expect(charging.transactionInfo.chargingState == .charging)
        #expect(h.simulation[evse: 1].ev.power > 0)

        h.simulation[evse: 1].ev.unplug()
        let ended = try await csms.acceptEvents { $0.eventType == .ended }
        #expect(ended.transactionInfo.stoppedReason == .evDisconnected)
        #expect(ended.meterValue?.first?.sampledValue.first?.context == .transactionEnd)
        Self.expectOneContiguousTransaction(csms.events)
        #expect(csms.events.filter { $0.idToken != nil }.count == 1, "idToken once")
    }

    /// Boots `h`, sets the start/stop points (periodic and clock-aligned values off), plugs in EVSE 1,
    /// presents the card and waits until energy flows; returns the CSMS side with the events so far.
    static func chargingSession(
        _ h: StationHarness,
        start: String,
        stop: String = "EVConnected,Authorized"
    ) async throws -> SessionCSMS {
        _ = try await h.bootAccepted()
        try await configure(h, start: start, stop: stop, txUpdatedInterval: 0, alignedInterval: 0)
        let csms = SessionCSMS(h)
        h.simulation[evse: 1].ev.plugIn()
        h.simulation.tokenReader.present(card)
        _ = try await TransactionTests().chargingEvent(csms, h)
        return csms
    }

    /// Accepts events while time passes until one reports Charging.
    func chargingEvent(_ csms: SessionCSMS, _ h: StationHarness) async throws -> TransactionEventRequest {
        let ticker = Task {
            for _ in 0..<30 { await Self.advance(h, seconds: 1) }
        }
        defer { ticker.cancel() }
        return try await csms.acceptEvents { $0.transactionInfo.chargingState == .charging }
    }

    @Test func TC_E_04_CS_authorizationFirst() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await h.bootAccepted()
        try await Self.configure(h, start: "Authorized")
        let csms = SessionCSMS(h)
        h.simulation.tokenReader.present(Self.card)
        let (id, started) = try await csms.nextTransactionEvent()
        #expect(started.eventType == .started)
        #expect(started.triggerReason == .authorized)
        #expect(started.idToken?.idToken == Self.card.id)
        try await h.csms.reply(to: id, with: TransactionEventResponse())
        h.simulation[evse: 1].ev.plugIn()
        let plugged = try await csms.acceptEvents { $0.triggerReason == .cablePluggedIn }
        #expect(plugged.eventType == .updated)
        _ = try await chargingEvent(csms, h)
        h.simulation[evse: 1].ev.unplug()
        let ended = try await csms.acceptEvents { $0.eventType == .ended }
        #expect(ended.transactionInfo.stoppedReason == .evDisconnected)
        Self.expectOneContiguousTransaction(csms.events)
    }

    @Test func TC_E_05_CS_authorizationFirstCablePluginTimeout() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await h.bootAccepted()
        try await Self.configure(h, start: "Authorized")
        let csms = SessionCSMS(h)
        h.simulation.tokenReader.present(Self.card)
        let (id, _) = try await csms.nextTransactionEvent()
        try await h.csms.reply(to: id, with: TransactionEventResponse())
        #expect(await h.until { (try? $0.store.queuedMessageCount()) == 0 })
        #expect(await h.scheduled(.evConnectionTimeout(evseId: 1)) == .seconds(120))
        h.clock.advance(by: .seconds(120))
        let ended = try await csms.acceptEvents { $0.eventType == .ended }
        #expect(ended.triggerReason == .evConnectTimeout)
        #expect(ended.transactionInfo.stoppedReason == .timeout)
    }

    /// E06(S3): TxStopPoint Authorized; the driver authorizes but never plugs in, so the authorization
    /// times out (EVConnectionTimeOut) and deauthorizes the transaction.
    @Test func TC_E_39_CS_deauthorizedByTimeout() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await h.bootAccepted()
        try await Self.configure(h, start: "Authorized", stop: "Authorized", txUpdatedInterval: 0, alignedInterval: 0)
        let csms = SessionCSMS(h)
        h.simulation.tokenReader.present(Self.card)
        let started = try await csms.acceptEvents { $0.eventType == .started }
        #expect(started.triggerReason == .authorized)
        // Let the station take in the answer before time jumps (else its call would time out first).
        #expect(await h.until { (try? $0.store.queuedMessageCount()) == 0 })
        #expect(await h.scheduled(.evConnectionTimeout(evseId: 1)) == .seconds(120))
        h.clock.advance(by: .seconds(120))
        let ended = try await csms.acceptEvents { $0.eventType == .ended }
        #expect(ended.triggerReason == .evConnectTimeout)
        #expect(ended.transactionInfo.stoppedReason == .timeout)
        Self.expectOneContiguousTransaction(csms.events)
    }

    @Test func TC_E_15_CS_stopAuthorizedLocal() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await h.bootAccepted()
        let csms = SessionCSMS(h)
        h.simulation[evse: 1].ev.plugIn()
        h.simulation.tokenReader.present(Self.card)
        _ = try await chargingEvent(csms, h)
        h.simulation.tokenReader.present(Self.card)
        let ended = try await csms.acceptEvents { $0.eventType == .ended }
        #expect(ended.triggerReason == .stopAuthorized)
        // Local is the default stoppedReason and may be left out.
        #expect(ended.transactionInfo.stoppedReason == nil || ended.transactionInfo.stoppedReason == .local)
        #expect(
            await h.until("the contactor of EVSE 1 open and idle") {
                $0.evseStates[1]?.transaction.facts.powerPathClosed == false
                    && $0.evseStates[1]?.contactor.commandsInFlight == 0
            }
        )
        #expect(h.simulation[evse: 1].ev.power == 0, "power path opened")
        Self.expectOneContiguousTransaction(csms.events)
    }

    @Test func TC_E_40_CS_connectionLossDuringTransaction() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await h.bootAccepted()
        let csms = SessionCSMS(h)
        h.simulation[evse: 1].ev.plugIn()
        h.simulation.tokenReader.present(Self.card)
        _ = try await chargingEvent(csms, h)

        h.link.disconnect(reason: "test")
        #expect(await h.until { $0.isOnline == false })
        h.simulation[evse: 1].ev.unplug()
        // The Ended event is recorded once the contactor has opened and the meter was read again: wait for it
        // in the queue, not just for any queued event, before the link comes back.
        #expect(
            await h.until("the Ended event queued") {
                let queued = (try? $0.store.queuedMessages(limit: 100)) ?? []
                return queued.contains { $0.payload.contains("\"eventType\":\"Ended\"") }
            }
        )
        h.link.connect()
        let ended = try await csms.acceptEvents { $0.eventType == .ended }
        #expect(ended.offline == true, "recorded while offline")
        #expect(ended.transactionInfo.stoppedReason == .evDisconnected)
        Self.expectOneContiguousTransaction(csms.events)
        #expect(await h.until { (try? $0.store.queuedMessageCount()) == 0 })
    }

    @Test func TC_E_41_CS_retryUntilMaxAttemptsThenDrop() async throws {
        let h = StationHarness()
        defer { h.stop() }
        let csms = try await TransactionTests.pluggedIn(h)
        // Never answer the Started event: each RPC timeout (30 s) counts as a failed attempt; the retry waits
        // MessageAttemptInterval × attempts (60 s, then 120 s); after 3 attempts the message is dropped.
        var seen: [Int] = []
        var messageIds: Set<String> = []
        for attempt in 1...3 {
            let (id, request) = try await csms.nextTransactionEvent()
            #expect(request.eventType == .started)
            seen.append(request.seqNo)
            messageIds.insert(id)
            h.clock.advance(by: .seconds(30))  // the CALL times out
            guard attempt < 3 else { break }
            #expect(await h.scheduled(.transactionMessageRetry) == .seconds(60 * attempt), "retry waits grow")
            h.clock.advance(by: .seconds(60 * attempt))
        }
        #expect(seen == [0, 0, 0])
        #expect(messageIds.count == 1, "every attempt is the stored frame, with its message id")
        #expect(await h.until { (try? $0.store.queuedMessageCount()) == 0 }, "dropped after the last attempt")
        #expect(await h.station.scheduledTimers[.transactionMessageRetry] == nil, "no fourth attempt")
    }

    @Test func TC_J_09_CS_sampledMeterValuesUpdated() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await h.bootAccepted()
        let csms = SessionCSMS(h)
        h.simulation[evse: 1].ev.plugIn()
        h.simulation.tokenReader.present(Self.card)
        _ = try await chargingEvent(csms, h)
        let ticker = Task { await Self.advance(h, seconds: 70) }
        defer { ticker.cancel() }
        let periodic = try await csms.acceptEvents { $0.triggerReason == .meterValuePeriodic }
        let sampled = try #require(periodic.meterValue?.first?.sampledValue.first)
        #expect(sampled.context == .samplePeriodic)
        #expect(sampled.measurand == nil || sampled.measurand == .energyActiveImportRegister)
        #expect(sampled.value > 0)
    }

    @Test func restartEndsTheInterruptedTransactionWithPowerLoss() async throws {
        let store = InMemoryStationStore()
        let clock = ManualClock()
        let first = StationHarness(store: store, clock: clock)
        _ = try await first.bootAccepted()
        try await Self.configure(first, start: "EVConnected")
        let csms = SessionCSMS(first)
        first.simulation[evse: 1].ev.plugIn()
        let (id, started) = try await csms.nextTransactionEvent()
        try await first.csms.reply(to: id, with: TransactionEventResponse())
        #expect(await first.until { (try? $0.store.queuedMessageCount()) == 0 })
        first.stop()

        let second = StationHarness(store: store, clock: clock)
        defer { second.stop() }
        // The queued Ended event and the StatusNotifications after boot may come in any order.
        try await second.boot(.accepted, interval: 3600)
        let after = SessionCSMS(second)
        let ended = try await after.acceptEvents { $0.eventType == .ended }
        #expect(ended.transactionInfo.transactionId == started.transactionInfo.transactionId)
        #expect(ended.transactionInfo.stoppedReason == .powerLoss)
        #expect(ended.seqNo == 1)
    }

    /// One Started, one Ended, seqNos 0… without gaps or repeats, one transaction id.
    static func expectOneContiguousTransaction(
        _ events: [TransactionEventRequest],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(events.filter { $0.eventType == .started }.count == 1, sourceLocation: sourceLocation)
        #expect(events.filter { $0.eventType == .ended }.count == 1, sourceLocation: sourceLocation)
        #expect(events.map(\.seqNo) == Array(0..<events.count), sourceLocation: sourceLocation)
        #expect(Set(events.map(\.transactionInfo.transactionId)).count == 1, sourceLocation: sourceLocation)
    }
}

/// Remote control (F01-F03) and transaction status (E14).
@Suite struct RemoteControlTests {
    typealias SessionCSMS = TransactionTests.SessionCSMS

    static func answer<R: OCPPPayload>(_ frame: OCPPFrame, as _: R.Type) throws -> R {
        guard case .callResult(_, let payload) = frame else { throw ScriptedCSMS.Timeout() }
        return try R(json: payload)
    }

    @Test func TC_F_01_CS_remoteStartCablePluginFirst() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await h.bootAccepted()
        try await TransactionTests.configure(h, start: "EVConnected")
        let csms = SessionCSMS(h)
        h.simulation[evse: 1].ev.plugIn()
        let (id, started) = try await csms.nextTransactionEvent()
        try await h.csms.reply(to: id, with: TransactionEventResponse())
        let token = IdTokenType(idToken: "REMOTE-1", type: .central)
        let frame = try await h.csms.call(RequestStartTransactionRequest(evseId: 1, idToken: token, remoteStartId: 42))
        let response = try Self.answer(frame, as: RequestStartTransactionResponse.self)
        #expect(response.status == .accepted)
        #expect(response.transactionId == started.transactionInfo.transactionId)
        let remote = try await csms.acceptEvents { $0.idToken != nil }
        #expect(remote.triggerReason == .remoteStart)
        #expect(remote.transactionInfo.remoteStartId == 42)
    }

    @Test func TC_F_04_CS_remoteStartFirstCablePluginTimeout() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await h.bootAccepted()
        try await TransactionTests.configure(h, start: "Authorized")
        let csms = SessionCSMS(h)
        let token = IdTokenType(idToken: "REMOTE-2", type: .central)
        let frame = try await h.csms.call(RequestStartTransactionRequest(evseId: 1, idToken: token, remoteStartId: 7))
        #expect(try Self.answer(frame, as: RequestStartTransactionResponse.self).status == .accepted)
        let started = try await csms.acceptEvents { $0.eventType == .started }
        #expect(started.transactionInfo.remoteStartId == 7)
        #expect(started.triggerReason == .remoteStart)
        #expect(await h.until { (try? $0.store.queuedMessageCount()) == 0 })
        #expect(await h.scheduled(.evConnectionTimeout(evseId: 1)) == .seconds(120))
        h.clock.advance(by: .seconds(120))
        let ended = try await csms.acceptEvents { $0.eventType == .ended }
        #expect(ended.transactionInfo.stoppedReason == .timeout)
        #expect(ended.triggerReason == .evConnectTimeout)
    }

    @Test func TC_F_08_CS_remoteStopSuccess() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await h.bootAccepted()
        try await TransactionTests.configure(h, start: "EVConnected")
        let csms = SessionCSMS(h)
        h.simulation[evse: 1].ev.plugIn()
        h.simulation.tokenReader.present(TransactionTests.card)
        let charging = try await TransactionTests().chargingEvent(csms, h)
        let frame = try await h.csms.call(
            RequestStopTransactionRequest(transactionId: charging.transactionInfo.transactionId)
        )
        #expect(try Self.answer(frame, as: RequestStopTransactionResponse.self).status == .accepted)
        let ended = try await csms.acceptEvents { $0.eventType == .ended }
        #expect(ended.triggerReason == .remoteStop)
        #expect(ended.transactionInfo.stoppedReason == .remote)
        #expect(
            await h.until("the contactor of EVSE 1 open and idle") {
                $0.evseStates[1]?.transaction.facts.powerPathClosed == false
                    && $0.evseStates[1]?.contactor.commandsInFlight == 0
            }
        )
        #expect(h.simulation[evse: 1].ev.power == 0)
        TransactionTests.expectOneContiguousTransaction(csms.events)
    }

    @Test func TC_F_09_CS_remoteStopRejected() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await h.bootAccepted()
        let frame = try await h.csms.call(RequestStopTransactionRequest(transactionId: "no-such-transaction"))
        #expect(try Self.answer(frame, as: RequestStopTransactionResponse.self).status == .rejected)
    }

    @Test func TC_E_28_CS_statusOfUnknownTransaction() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await h.bootAccepted()
        let frame = try await h.csms.call(GetTransactionStatusRequest(transactionId: "unknown"))
        let response = try Self.answer(frame, as: GetTransactionStatusResponse.self)
        #expect(response.ongoingIndicator == false)
        #expect(response.messagesInQueue == false)
    }

    /// A transaction on EVSE 1 whose Started event is on the wire, not answered yet (still queued).
    static func unansweredStart(_ h: StationHarness) async throws -> (messageId: String, transactionId: String) {
        let csms = try await TransactionTests.pluggedIn(h)
        let (id, started) = try await csms.nextTransactionEvent()
        return (id, started.transactionInfo.transactionId)
    }

    static func status(_ h: StationHarness, _ transactionId: String?) async throws -> GetTransactionStatusResponse {
        try answer(
            try await h.csms.call(GetTransactionStatusRequest(transactionId: transactionId)),
            as: GetTransactionStatusResponse.self
        )
    }

    @Test func TC_E_29_CS_ongoingWithMessageInQueue() async throws {
        let h = StationHarness()
        defer { h.stop() }
        let (_, transactionId) = try await Self.unansweredStart(h)
        let response = try await Self.status(h, transactionId)
        #expect(response.ongoingIndicator == true)
        #expect(response.messagesInQueue == true)
    }

    @Test func TC_E_30_CS_ongoingWithoutMessageInQueue() async throws {
        let h = StationHarness()
        defer { h.stop() }
        let (id, transactionId) = try await Self.unansweredStart(h)
        try await h.csms.reply(to: id, with: TransactionEventResponse())
        #expect(await h.until { (try? $0.store.queuedMessageCount()) == 0 })
        let response = try await Self.status(h, transactionId)
        #expect(response.ongoingIndicator == true)
        #expect(response.messagesInQueue == false)
    }

    @Test func TC_E_32_CS_endedWithoutMessageInQueue() async throws {
        let h = StationHarness()
        defer { h.stop() }
        let (id, transactionId) = try await Self.unansweredStart(h)
        try await h.csms.reply(to: id, with: TransactionEventResponse())
        h.simulation[evse: 1].ev.unplug()
        _ = try await SessionCSMS(h).acceptEvents { $0.eventType == .ended }
        #expect(await h.until { (try? $0.store.queuedMessageCount()) == 0 })
        let response = try await Self.status(h, transactionId)
        #expect(response.ongoingIndicator == false)
        #expect(response.messagesInQueue == false)
    }

    @Test func TC_E_33_CS_withoutTransactionIdWithMessageInQueue() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await Self.unansweredStart(h)
        let response = try await Self.status(h, nil)
        #expect(response.ongoingIndicator == nil)
        #expect(response.messagesInQueue == true)
    }

    @Test func TC_E_34_CS_withoutTransactionIdWithoutMessageInQueue() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await h.bootAccepted()
        let response = try await Self.status(h, nil)
        #expect(response.ongoingIndicator == nil)
        #expect(response.messagesInQueue == false)
    }
}

/// Meter values (J01, J02) and the remaining E13 retry cases.
@Suite struct MeterValueTests {
    typealias SessionCSMS = TransactionTests.SessionCSMS

    /// A store whose AlignedDataCtrlr.Interval is 60 s before the station starts.
    static func storeWithAlignedInterval(_ seconds: Int) throws -> InMemoryStationStore {
        let store = InMemoryStationStore()
        try store.setVariable(VariableKey(component: "AlignedDataCtrlr", variable: "Interval"), value: String(seconds))
        return store
    }

    @Test func TC_J_01_CS_clockAlignedWithoutTransaction() async throws {
        let h = StationHarness(store: try Self.storeWithAlignedInterval(60))
        defer { h.stop() }
        _ = try await h.bootAccepted()
        let ticker = Task { await TransactionTests.advance(h, seconds: 130) }
        defer { ticker.cancel() }
        var evses: Set<Int> = []
        while evses.count < 2 {
            let frame = try await h.csms.nextFrame()
            guard case .call(let id, let action, let payload) = frame else { continue }
            if action == OCPPAction.meterValues.rawValue {
                let request = try MeterValuesRequest(json: payload)
                #expect(request.meterValue.first?.sampledValue.first?.context == .sampleClock)
                evses.insert(request.evseId)
                try await h.csms.reply(to: id, with: MeterValuesResponse())
            } else if action == OCPPAction.statusNotification.rawValue {
                try await h.csms.reply(to: id, with: StatusNotificationResponse())
            } else if action == OCPPAction.heartbeat.rawValue {
                try await h.csms.reply(to: id, with: HeartbeatResponse(currentTime: StationHarness.csmsTime))
            }
        }
        #expect(evses == [1, 2])
    }

    @Test func TC_J_02_CS_clockAlignedDuringTransaction() async throws {
        let h = StationHarness(store: try Self.storeWithAlignedInterval(60))
        defer { h.stop() }
        _ = try await h.bootAccepted()
        try await TransactionTests.configure(h, start: "EVConnected", txUpdatedInterval: 0)
        let csms = SessionCSMS(h)
        h.simulation[evse: 1].ev.plugIn()
        let ticker = Task { await TransactionTests.advance(h, seconds: 130) }
        defer { ticker.cancel() }
        // EVSE 2 has no transaction and reports MeterValues; SessionCSMS does not expect those, so answer
        // TransactionEvents by hand and let MeterValues through.
        while true {
            let frame = try await h.csms.nextFrame()
            guard case .call(let id, let action, let payload) = frame else { continue }
            switch action {
            case OCPPAction.transactionEvent.rawValue:
                let request = try TransactionEventRequest(json: payload)
                try await h.csms.reply(to: id, with: TransactionEventResponse())
                if request.triggerReason == .meterValueClock {
                    #expect(request.meterValue?.first?.sampledValue.first?.context == .sampleClock)
                    #expect(request.evse == nil)
                    return
                }
            case OCPPAction.meterValues.rawValue:
                #expect(try MeterValuesRequest(json: payload).evseId == 2, "EVSE 1 reports in its transaction")
                try await h.csms.reply(to: id, with: MeterValuesResponse())
            default:
                _ = csms
                try await h.csms.reply(to: id, with: StatusNotificationResponse())
            }
        }
    }

    /// A session of `seconds` with the given device-model values set before start; returns the reading
    /// contexts of the Ended event's meter values, in order.
    static func endedContexts(
        variables: [(component: String, variable: String, value: String)],
        seconds: Int
    ) async throws -> [ReadingContextEnumType] {
        let store = InMemoryStationStore()
        for v in variables {
            try store.setVariable(VariableKey(component: v.component, variable: v.variable), value: v.value)
        }
        let h = StationHarness(store: store)
        defer { h.stop() }
        _ = try await h.bootAccepted()
        try await TransactionTests.configure(h, start: "EVConnected", txUpdatedInterval: 0)
        let csms = SessionCSMS(h)
        h.simulation[evse: 1].ev.plugIn()
        _ = try await csms.acceptEvents { $0.eventType == .started }
        await TransactionTests.advance(h, seconds: seconds)
        h.simulation[evse: 1].ev.unplug()
        let ended = try await csms.acceptEvents { $0.eventType == .ended }
        return (ended.meterValue ?? []).compactMap { $0.sampledValue.first?.context }
    }

    @Test func TC_J_03_CS_clockAlignedValuesInTheEndedEvent() async throws {
        let contexts = try await Self.endedContexts(
            variables: [("AlignedDataCtrlr", "Interval", "0"), ("AlignedDataCtrlr", "TxEndedInterval", "60")],
            seconds: 130
        )
        #expect(contexts.filter { $0 == .sampleClock }.count == 2, "one per TxEndedInterval boundary")
        #expect(contexts.last == .transactionEnd)
    }

    @Test func sampledTxEndedIntervalValuesGoInTheEndedEvent() async throws {
        let contexts = try await Self.endedContexts(
            variables: [("AlignedDataCtrlr", "Interval", "0"), ("SampledDataCtrlr", "TxEndedInterval", "30")],
            seconds: 95
        )
        #expect(contexts.filter { $0 == .samplePeriodic }.count == 3, "one per TxEndedInterval")
        #expect(contexts.last == .transactionEnd)
    }

    /// One session whose Started and Ended events are checked for their transaction meter values.
    static func startedAndEnded() async throws -> (started: TransactionEventRequest, ended: TransactionEventRequest) {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await h.bootAccepted()
        try await TransactionTests.configure(h, start: "EVConnected", txUpdatedInterval: 0)
        let csms = SessionCSMS(h)
        h.simulation[evse: 1].ev.plugIn()
        let started = try await csms.acceptEvents { $0.eventType == .started }
        h.simulation[evse: 1].ev.unplug()
        let ended = try await csms.acceptEvents { $0.eventType == .ended }
        return (started, ended)
    }

    @Test func TC_J_07_CS_startedCarriesTransactionBeginValues() async throws {
        let (started, _) = try await Self.startedAndEnded()
        let begin = try #require(started.meterValue?.first?.sampledValue.first)
        #expect(begin.context == .transactionBegin)
        #expect(begin.measurand == .energyActiveImportRegister)
        #expect(begin.unitOfMeasure?.unit == "Wh")
        #expect(started.evse?.id == 1, "EVSE known")
    }

    /// The Ended event bills what flowed until the contactor opened: its register is read after the stop,
    /// not taken from the last poll (which can be up to a poll interval old).
    @Test func endedRegisterIsReadAfterTheContactorOpened() async throws {
        let h = StationHarness()
        defer { h.stop() }
        let csms = try await TransactionTests.chargingSession(h, start: "EVConnected")
        let polledValues = csms.events.compactMap { $0.meterValue?.last?.sampledValue.first?.value }
        let polled = try #require(polledValues.last)
        // Energy keeps flowing between two polls: 600 ms here, not seen by the 1 s poll.
        h.clock.advance(by: .milliseconds(600))
        h.simulation[evse: 1].ev.unplug()
        let ended = try await csms.acceptEvents { $0.eventType == .ended }
        let billed = try #require(ended.meterValue?.last?.sampledValue.first?.value)
        let register = try await h.simulation[evse: 1].meter.read().energyImport
        #expect(billed > polled, "energy after the last poll is billed")
        #expect(abs(billed - register) < 0.001, "billed \(billed) Wh, meter \(register) Wh")
    }

    @Test func TC_J_10_CS_endedCarriesTransactionEndValues() async throws {
        let (started, ended) = try await Self.startedAndEnded()
        let begin = try #require(started.meterValue?.first?.sampledValue.first)
        let end = try #require(ended.meterValue?.first?.sampledValue.first)
        #expect(end.context == .transactionEnd)
        #expect(end.value >= begin.value, "the energy register never goes back")
    }

    /// E13 with timeouts or CALLERRORs: a message answered before the last attempt is delivered once.
    @Test(arguments: [(name: "TC_E_42_CS", callError: false), (name: "TC_E_51_CS", callError: true)])
    func successBeforeMaxAttempts(name: String, callError: Bool) async throws {
        let h = StationHarness()
        defer { h.stop() }
        let csms = try await TransactionTests.pluggedIn(h)
        let ticker = Task { await TransactionTests.advance(h, seconds: 300) }
        defer { ticker.cancel() }
        let (firstId, first) = try await csms.nextTransactionEvent()
        if callError {
            try await h.csms.transport.send(
                OCPPFrame.error(messageId: firstId, code: .internalError, description: "busy").encoded()
            )
        }  // else: no answer, the call times out
        let (secondId, second) = try await csms.nextTransactionEvent()
        #expect(second.seqNo == first.seqNo, "\(name): the same message again")
        try await h.csms.reply(to: secondId, with: TransactionEventResponse())
        #expect(await h.until { (try? $0.store.queuedMessageCount()) == 0 })
    }

    @Test func TC_E_50_CS_callErrorUntilMaxAttemptsThenDrop() async throws {
        let h = StationHarness()
        defer { h.stop() }
        let csms = try await TransactionTests.pluggedIn(h)
        let ticker = Task { await TransactionTests.advance(h, seconds: 300) }
        defer { ticker.cancel() }
        for _ in 1...3 {
            let (id, request) = try await csms.nextTransactionEvent()
            #expect(request.eventType == .started)
            try await h.csms.transport.send(
                OCPPFrame.error(messageId: id, code: .internalError, description: "busy").encoded()
            )
        }
        #expect(await h.until { (try? $0.store.queuedMessageCount()) == 0 }, "dropped after the third attempt")
    }
}

/// Authorization inside transactions (C01, E05/E06 deauthorization).
@Suite struct TransactionAuthorizationTests {
    typealias SessionCSMS = TransactionTests.SessionCSMS

    @Test func TC_E_16_CS_deauthorizedByAnInvalidIdTokenInTheResponse() async throws {
        let h = StationHarness()
        defer { h.stop() }
        let csms = try await TransactionTests.pluggedIn(h)
        _ = try await csms.acceptEvents { $0.eventType == .started }
        h.simulation.tokenReader.present(TransactionTests.card)
        // The Authorize said Accepted, but the CSMS answers the event carrying the token with Invalid.
        let (id, withToken) = try await csms.nextTransactionEvent()
        #expect(withToken.idToken != nil)
        try await h.csms.reply(
            to: id,
            with: TransactionEventResponse(idTokenInfo: IdTokenInfoType(status: .invalid))
        )
        let ended = try await csms.acceptEvents { $0.eventType == .ended }
        #expect(ended.triggerReason == .deauthorized)
        #expect(ended.transactionInfo.stoppedReason == .deAuthorized)
        #expect(
            await h.until("the contactor of EVSE 1 open and idle") {
                $0.evseStates[1]?.transaction.facts.powerPathClosed == false
                    && $0.evseStates[1]?.contactor.commandsInFlight == 0
            }
        )
        #expect((try? await h.simulation[evse: 1].contactor.feedback()) == .open)
    }

    /// C01: a token the CSMS does not accept starts nothing (Invalid, Blocked, Expired, Unknown).
    @Test(arguments: [
        (name: "TC_C_02_CS", status: AuthorizationStatusEnumType.invalid),
        (name: "TC_C_06_CS", status: .blocked),
        (name: "TC_C_07_CS", status: .expired),
        (name: "TC_C_56_CS", status: .unknown),
    ])
    func localStartWithARefusedTokenStartsNothing(name: String, status: AuthorizationStatusEnumType) async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await h.bootAccepted()
        try await TransactionTests.configure(h, start: "Authorized", txUpdatedInterval: 0, alignedInterval: 0)
        h.simulation[evse: 1].ev.plugIn()
        _ = try await h.answerStatusNotifications(count: 1)
        h.simulation.tokenReader.present(PresentedToken(id: "CARD-\(status.rawValue)", type: .iso14443))
        let (id, request) = try await h.csms.expectCall(AuthorizeRequest.self)
        #expect(request.idToken.idToken == "CARD-\(status.rawValue)")
        try await h.csms.reply(to: id, with: AuthorizeResponse(idTokenInfo: IdTokenInfoType(status: status)))
        await TransactionTests.advance(h, seconds: 3)
        #expect(h.csms.transport.pendingMessageCount == 0, "\(name): no TransactionEvent for a refused token")
        #expect(await h.station.runningTransactions.isEmpty)
        #expect(try await h.simulation[evse: 1].contactor.feedback() == .open)
    }

    @Test func TC_C_04_CS_aDifferentTokenDoesNotStopTheSession() async throws {
        let h = StationHarness()
        defer { h.stop() }
        let csms = try await TransactionTests.pluggedIn(h)
        h.simulation.tokenReader.present(TransactionTests.card)
        _ = try await TransactionTests().chargingEvent(csms, h)
        // Another driver's card: the CSMS accepts it, but it has no group in common with the session's.
        h.simulation.tokenReader.present(PresentedToken(id: "OTHER-CARD", type: .iso14443))
        await TransactionTests.advance(h, seconds: 3)
        #expect(await h.station.runningTransactions[1] != nil, "still charging")
        #expect(!csms.events.contains { $0.eventType == .ended })
        h.simulation.tokenReader.present(TransactionTests.card)
        let ended = try await csms.acceptEvents { $0.eventType == .ended }
        #expect(ended.triggerReason == .stopAuthorized)
    }
}

/// TxStartPoint / TxStopPoint options (E01, E06), one OCTT case each.
@Suite struct TransactionPointTests {
    typealias SessionCSMS = TransactionTests.SessionCSMS

    /// Plugs in, presents the card and lets energy flow; returns the Started event.
    static func session(
        start: String,
        stop: String = "EVConnected,Authorized"
    ) async throws -> (h: StationHarness, csms: SessionCSMS, started: TransactionEventRequest) {
        let h = StationHarness()
        let csms = try await TransactionTests.chargingSession(h, start: start, stop: stop)
        let started = try #require(csms.events.first { $0.eventType == .started })
        return (h, csms, started)
    }

    @Test func TC_E_01_CS_startOnPowerPathClosed() async throws {
        let (h, csms, started) = try await Self.session(start: "PowerPathClosed")
        defer { h.stop() }
        #expect(started.triggerReason == .chargingStateChanged)
        #expect(started.idToken?.idToken == TransactionTests.card.id, "authorized before the power path closed")
        #expect(csms.events.first?.eventType == .started)
    }

    @Test func TC_E_02_CS_startOnEnergyTransfer() async throws {
        let (h, _, started) = try await Self.session(start: "EnergyTransfer")
        defer { h.stop() }
        #expect(started.triggerReason == .chargingStateChanged)
        #expect(started.transactionInfo.chargingState == .charging)
    }

    @Test func TC_E_09_CS_startOnEVConnected() async throws {
        let (h, _, started) = try await Self.session(start: "EVConnected")
        defer { h.stop() }
        #expect(started.triggerReason == .cablePluggedIn)
        #expect(started.idToken == nil)
    }

    @Test func TC_E_10_CS_startOnAuthorizedLocal() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await h.bootAccepted()
        try await TransactionTests.configure(h, start: "Authorized", txUpdatedInterval: 0, alignedInterval: 0)
        let csms = SessionCSMS(h)
        h.simulation[evse: 1].ev.plugIn()
        await TransactionTests.advance(h, seconds: 2)
        #expect(csms.events.isEmpty, "plugging in alone starts nothing")
        h.simulation.tokenReader.present(TransactionTests.card)
        let started = try await csms.acceptEvents { $0.eventType == .started }
        #expect(started.triggerReason == .authorized)
        #expect(started.idToken?.idToken == TransactionTests.card.id)
    }

    @Test func TC_E_14_CS_stopOnEVDisconnected() async throws {
        let (h, csms, _) = try await Self.session(start: "EVConnected", stop: "EVConnected")
        defer { h.stop() }
        h.simulation[evse: 1].ev.unplug()
        let ended = try await csms.acceptEvents { $0.eventType == .ended }
        #expect(ended.transactionInfo.stoppedReason == .evDisconnected)
        #expect(ended.triggerReason == .evCommunicationLost)
        TransactionTests.expectOneContiguousTransaction(csms.events)
    }
}
