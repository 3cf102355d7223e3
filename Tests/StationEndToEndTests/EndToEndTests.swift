import Foundation
import HALSimulated
import OCPPTestSupport
import Testing

/// The whole station over the real WebSocket transport against a CSMS built on the Python `ocpp` library
/// (`Tests/Peers/ocpp_csms.py`) on loopback. That library validates every message in both directions
/// against the official OCPP 2.0.1 schemas; the peer reports anything it rejects, and every test ends by
/// checking that nothing was rejected and no CALLERROR crossed the link.
///
/// Real time throughout, so the timers are short: the peer answers BootNotification with a 2 s heartbeat
/// interval. Every wait is bounded (15 s unless noted) and the peer is stopped whatever happens.
@Suite("Station end to end against the ocpp library", .timeLimit(.minutes(1)))
struct EndToEndTests {
    /// The heartbeat interval the peer hands out, in seconds.
    static let heartbeatInterval = 2

    @Test("B01: BootNotification Accepted, then StatusNotification Available per connector, then heartbeats")
    func bootAndStatusNotifications() async throws {
        try await withStationAndCSMS { peer, _ in
            let connected = try await peer.waitForLine("the station to connect") { $0["event"].string == "connected" }
            #expect(connected["path"].string == "/ocpp/\(LiveStation.stationId)")
            #expect(connected["subprotocol"].string == "ocpp2.0.1")

            let statuses = try await bootAccepted(peer, evseCount: 2)
            for status in statuses {
                #expect(status.payload["connectorStatus"].string == "Available", "\(status)")
            }

            // The interval from the boot answer drives the heartbeat (B01.FR.04/G02).
            let heartbeat = try await peer.waitForCall("Heartbeat", timeout: .seconds(Self.heartbeatInterval * 3))
            #expect(heartbeat.answer.payload["currentTime"].string != nil)

            // A CSMS-initiated CALL through the library: the interval also landed in the device model.
            let response = try await peer.command(
                "GetVariables",
                [
                    "getVariableData": [
                        ["component": ["name": "OCPPCommCtrlr"], "variable": ["name": "HeartbeatInterval"]]
                    ]
                ]
            )
            #expect(response["status"].string == "result", "\(response)")
            let result = response["payload"]["getVariableResult"][0]
            #expect(result["attributeStatus"].string == "Accepted", "\(response)")
            #expect(result["attributeValue"].string == "\(Self.heartbeatInterval)", "\(response)")

            #expect(peer.calls("BootNotification").count == 1)
        }
    }

    @Test("E02/J02/E07: card, TransactionEvent Started, periodic meter values, card again, Ended, unplug")
    func localSessionWithMeterValues() async throws {
        try await withStationAndCSMS { peer, live in
            let transactionId = try await startChargingSession(peer, live, token: Self.token)

            live.simulation.tokenReader.present(id: Self.token)
            let ended = try await peer.waitForCall("TransactionEvent") { $0.payload["eventType"].string == "Ended" }
            #expect(ended.call.payload["triggerReason"].string == "StopAuthorized", "\(ended.call)")
            // stoppedReason may be left out only when it is Local (TransactionType).
            let stoppedReason = ended.call.payload["transactionInfo"]["stoppedReason"]
            #expect(stoppedReason.isNull || stoppedReason.string == "Local", "\(ended.call)")

            try await finishChargingSession(peer, live, transactionId: transactionId)
        }
    }

    @Test("F03/E07: card, Started, periodic meter values, RequestStopTransaction, Ended with stoppedReason Remote")
    func remoteStopWithMeterValues() async throws {
        try await withStationAndCSMS { peer, live in
            let transactionId = try await startChargingSession(peer, live, token: Self.token)

            let response = try await peer.command("RequestStopTransaction", ["transactionId": transactionId])
            #expect(response["status"].string == "result", "\(response)")
            #expect(response["payload"]["status"].string == "Accepted", "\(response)")
            let ended = try await peer.waitForCall("TransactionEvent") { $0.payload["eventType"].string == "Ended" }
            #expect(ended.call.payload["triggerReason"].string == "RemoteStop", "\(ended.call)")
            #expect(ended.call.payload["transactionInfo"]["stoppedReason"].string == "Remote", "\(ended.call)")

            try await finishChargingSession(peer, live, transactionId: transactionId)
        }
    }

    @Test("F01/F02: RequestStartTransaction, EV plugged in, Started with remoteStartId, energy, remote stop")
    func remoteStartAndStop() async throws {
        try await withStationAndCSMS { peer, live in
            try await bootAccepted(peer, evseCount: 2)
            let token = "E2E-REMOTE-01"
            let response = try await peer.command(
                "RequestStartTransaction",
                ["evseId": 1, "idToken": token, "remoteStartId": 42]
            )
            #expect(response["status"].string == "result", "\(response)")
            #expect(response["payload"]["status"].string == "Accepted", "\(response)")

            live.simulation[evse: 1].ev.plugIn()
            let started = try await peer.waitForCall("TransactionEvent") { $0.payload["eventType"].string == "Started" }
            let transactionId = try #require(started.call.payload["transactionInfo"]["transactionId"].string)
            #expect(started.call.payload["evse"]["id"].int == 1, "\(started.call)")
            // F01/F02: the request's remoteStartId and idToken go into the transaction's first event.
            #expect(started.call.payload["transactionInfo"]["remoteStartId"].int == 42, "\(started.call)")
            #expect(started.call.payload["idToken"]["idToken"].string == token, "\(started.call)")
            try await peer.waitFor("energy to flow") { _ in live.simulation[evse: 1].ev.power > 0 ? true : nil }

            let stop = try await peer.command("RequestStopTransaction", ["transactionId": transactionId])
            #expect(stop["payload"]["status"].string == "Accepted", "\(stop)")
            let ended = try await peer.waitForCall("TransactionEvent") { $0.payload["eventType"].string == "Ended" }
            #expect(ended.call.payload["transactionInfo"]["stoppedReason"].string == "Remote", "\(ended.call)")
            try await finishChargingSession(peer, live, transactionId: transactionId)
        }
    }

    /// The idToken the simulated card reader presents.
    static let token = "E2E-TOKEN-01"
}

// MARK: - steps shared by the tests

/// Waits for BootNotification (answered Accepted by the peer) and the StatusNotification of every
/// connector after it (one connector per EVSE); checks their order and fields, and returns them by EVSE id.
@discardableResult
func bootAccepted(_ peer: CSMSPeer, evseCount: Int) async throws -> [PeerFrame] {
    let boot = try await peer.waitForCall("BootNotification")
    #expect(boot.call.payload["reason"].string == "PowerUp")
    #expect(boot.call.payload["chargingStation"]["vendorName"].string == "charger-agent")
    #expect(boot.call.payload["chargingStation"]["model"].string == "e2e-sim")
    #expect(boot.answer.payload["status"].string == "Accepted")

    let statuses = try await peer.waitFor("a StatusNotification from each of \(evseCount) connectors, answered") {
        peer -> [PeerFrame]? in
        let calls = peer.calls("StatusNotification")
        let answered = calls.filter { peer.answer(to: $0) != nil }
        let connectors = Set(answered.compactMap { $0.payload["evseId"].int })
        return connectors.count >= evseCount ? answered : nil
    }
    // B01.FR.05: not before the boot was accepted.
    let frames = peer.frames
    let bootAnswered = try #require(frames.firstIndex { $0.id == boot.answer.id && !$0.isCall })
    for status in statuses {
        let index = try #require(frames.firstIndex { $0.id == status.id && $0.isCall })
        #expect(index > bootAnswered, "StatusNotification before the boot answer: \(status)")
        #expect(status.payload["connectorId"].int == 1, "\(status)")
    }
    let byEVSE = Dictionary(grouping: statuses) { $0.payload["evseId"].int ?? 0 }
    #expect(byEVSE.keys.sorted() == Array(1...evseCount))
    return (1...evseCount).compactMap { byEVSE[$0]?.first }
}

/// Boots, sets sampled meter values every second, plugs an EV into EVSE 1 and presents `token`; checks
/// StatusNotification Occupied, Authorize, TransactionEvent Started and two periodic Updated events while
/// energy flows. Returns the transaction id.
func startChargingSession(_ peer: CSMSPeer, _ live: LiveStation, token: String) async throws -> String {
    try await bootAccepted(peer, evseCount: 2)
    let measurands = "Energy.Active.Import.Register,Power.Active.Import,Current.Import,Voltage"
    let configured = try await peer.command(
        "SetVariables",
        [
            "setVariableData": [
                [
                    "attributeValue": "1", "component": ["name": "SampledDataCtrlr"],
                    "variable": ["name": "TxUpdatedInterval"],
                ],
                [
                    "attributeValue": measurands, "component": ["name": "SampledDataCtrlr"],
                    "variable": ["name": "TxUpdatedMeasurands"],
                ],
            ]
        ]
    )
    #expect(configured["status"].string == "result", "\(configured)")
    let results = configured["payload"]["setVariableResult"].elements
    #expect(results.count == 2 && results.allSatisfy { $0["attributeStatus"].string == "Accepted" }, "\(configured)")

    live.simulation[evse: 1].ev.plugIn()
    try await peer.waitForCall("StatusNotification") {
        $0.payload["evseId"].int == 1 && $0.payload["connectorStatus"].string == "Occupied"
    }

    live.simulation.tokenReader.present(id: token)
    let authorize = try await peer.waitForCall("Authorize")
    #expect(authorize.call.payload["idToken"]["idToken"].string == token)
    #expect(authorize.answer.payload["idTokenInfo"]["status"].string == "Accepted")

    let started = try await peer.waitForCall("TransactionEvent") { $0.payload["eventType"].string == "Started" }
    let transactionId = try #require(started.call.payload["transactionInfo"]["transactionId"].string)
    #expect(started.call.payload["seqNo"].int == 0)
    #expect(started.call.payload["evse"]["id"].int == 1, "\(started.call)")
    #expect(started.call.payload["evse"]["connectorId"].int == 1, "\(started.call)")
    #expect(started.call.payload["idToken"]["idToken"].string == token, "\(started.call)")
    #expect(started.answer.payload["idTokenInfo"]["status"].string == "Accepted")
    #expect(sampledValues(of: started.call).contains { $0["context"].string == "Transaction.Begin" }, "\(started.call)")
    let startEnergy = try #require(energy(in: started.call), "no energy register in \(started.call)")

    // J02: Updated every TxUpdatedInterval with the configured measurands, while the EV takes energy.
    let periodic = try await peer.waitFor("two periodic meter values, the last with energy above the start") {
        peer -> [PeerFrame]? in
        let updates = transactionEvents(peer, transactionId).filter {
            $0.payload["triggerReason"].string == "MeterValuePeriodic" && peer.answer(to: $0) != nil
        }
        guard updates.count >= 2, let last = updates.last, let energy = energy(in: last), energy > startEnergy else {
            return nil
        }
        return updates
    }
    for update in periodic {
        #expect(update.payload["eventType"].string == "Updated")
        let values = sampledValues(of: update)
        #expect(!values.isEmpty && values.allSatisfy { $0["context"].string == "Sample.Periodic" }, "\(update)")
        let reported = Set(values.map { $0["measurand"].string ?? "Energy.Active.Import.Register" })
        #expect(reported.isSuperset(of: ["Energy.Active.Import.Register", "Power.Active.Import"]), "\(update)")
    }
    let power = periodic.last.flatMap {
        sampledValues(of: $0).first { $0["measurand"].string == "Power.Active.Import" }
    }
    #expect((power?["value"].number ?? 0) > 0, "no power while charging: \(String(describing: periodic.last))")
    #expect(live.simulation[evse: 1].contactor.contacts == .closed)
    return transactionId
}

/// After TransactionEvent Ended: checks the whole transaction's events (one Started, Updated only between,
/// one Ended; seqNo 0, 1, 2, … without a gap; all answered), the end reading, that the contactor opened,
/// and that unplugging the EV reports the connector Available again.
func finishChargingSession(_ peer: CSMSPeer, _ live: LiveStation, transactionId: String) async throws {
    let events = transactionEvents(peer, transactionId)
    let types = events.map { $0.payload["eventType"].string ?? "?" }
    #expect(types.first == "Started" && types.last == "Ended", "\(types)")
    #expect(types.dropFirst().dropLast().allSatisfy { $0 == "Updated" }, "\(types)")
    #expect(events.map { $0.payload["seqNo"].int } == Array(0..<events.count), "seqNo: \(events)")
    let answered = try await peer.waitFor("answers to all \(events.count) TransactionEvents") { peer in
        events.allSatisfy { peer.answer(to: $0) != nil } ? true : nil
    }
    #expect(answered)

    let ended = try #require(events.last)
    #expect(sampledValues(of: ended).contains { $0["context"].string == "Transaction.End" }, "\(ended)")
    let highest = events.dropLast().compactMap { energy(in: $0) }.max() ?? 0
    let endEnergy = try #require(energy(in: ended), "no energy register in \(ended)")
    #expect(endEnergy >= highest, "the end reading \(endEnergy) Wh is below an earlier one (\(highest) Wh)")

    try await peer.waitFor("the contactor to open") { _ in
        live.simulation[evse: 1].contactor.contacts == .open ? true : nil
    }
    live.simulation[evse: 1].ev.unplug()
    // The first Available of EVSE 1 was at boot.
    try await peer.waitForCall("StatusNotification", count: 2) {
        $0.payload["evseId"].int == 1 && $0.payload["connectorStatus"].string == "Available"
    }
}

/// The TransactionEvent CALLs of one transaction, in the order they arrived.
func transactionEvents(_ peer: CSMSPeer, _ transactionId: String) -> [PeerFrame] {
    peer.calls("TransactionEvent").filter { $0.payload["transactionInfo"]["transactionId"].string == transactionId }
}

/// Every sampled value in a TransactionEvent.
func sampledValues(of event: PeerFrame) -> [PeerJSON] {
    event.payload["meterValue"].elements.flatMap { $0["sampledValue"].elements }
}

/// The Energy.Active.Import.Register reading in a TransactionEvent, in Wh (the measurand's default when
/// none is named).
func energy(in event: PeerFrame) -> Double? {
    let register = sampledValues(of: event).first {
        ($0["measurand"].string ?? "Energy.Active.Import.Register") == "Energy.Active.Import.Register"
    }
    guard let register, let value = register["value"].number else { return nil }
    let multiplier = register["unitOfMeasure"]["multiplier"].int ?? 0
    let unit = register["unitOfMeasure"]["unit"].string ?? "Wh"
    return value * pow(10, Double(multiplier)) * (unit == "kWh" ? 1000 : 1)
}

/// Starts the CSMS peer and a live station connected to it, runs `body`, and stops both whatever happens.
/// Afterwards checks that the library rejected nothing and no CALLERROR crossed the link; on any failure
/// the peer's transcript and the station's log are attached.
func withStationAndCSMS(
    peerArguments: [String] = ["--interval", "\(EndToEndTests.heartbeatInterval)"],
    evseCount: Int = 2,
    _ body: (CSMSPeer, LiveStation) async throws -> Void
) async throws {
    let peer = try await CSMSPeer.start(peerArguments)
    let live: LiveStation
    do {
        live = try LiveStation(csmsPort: peer.port, evseCount: evseCount)
    } catch {
        await peer.stop()
        throw error
    }
    var failure: (any Error)?
    do {
        try await body(peer, live)
    } catch {
        failure = error
    }
    do {
        try await live.stop()
    } catch {
        failure = failure ?? error
    }
    await peer.stop()
    if let failure {
        throw TestFailure("\(failure)\n\(live.logs.tail())")
    }
    let rejected = peer.errorLines
    #expect(rejected.isEmpty, "the ocpp library rejected messages: \(rejected)\n\(peer.transcript)")
    let callErrors = peer.callErrors
    #expect(callErrors.isEmpty, "CALLERRORs on the link: \(callErrors)\n\(peer.transcript)")
}
