import Foundation
import HALSimulated
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
        throw EndToEndFailure("\(failure)\n\(live.logs.tail())")
    }
    let rejected = peer.errorLines
    #expect(rejected.isEmpty, "the ocpp library rejected messages: \(rejected)\n\(peer.transcript)")
    let callErrors = peer.callErrors
    #expect(callErrors.isEmpty, "CALLERRORs on the link: \(callErrors)\n\(peer.transcript)")
}
