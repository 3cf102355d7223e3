import OCPP
import Testing

@testable import ChargingStation

/// The per-EVSE transaction rules (E01-E08) on the value type, without messages or clocks.
@Suite struct TransactionMachineTests {
    static let card = SessionAuthorization(idToken: IdTokenType(idToken: "04A2B3C4", type: .iso14443))

    static func events(_ actions: [EVSETransactionMachine.Action]) -> [EVSETransactionMachine.Event] {
        actions.compactMap {
            switch $0 {
            case .start(let e), .update(let e), .end(let e): e
            case .closeContactor, .openContactor, .scheduleConnectionTimeout, .cancelConnectionTimeout: nil
            }
        }
    }

    @Test func plugThenAuthorizeStartsOnPlugAndClosesOnlyWhenAuthorizedAndReady() {
        var m = EVSETransactionMachine()
        let plug = m.cable(connected: true, evReady: false)
        #expect(Self.events(plug).map(\.eventType) == [.started])
        #expect(Self.events(plug).first?.triggerReason == .cablePluggedIn)
        #expect(Self.events(plug).first?.idToken == nil)
        #expect(!plug.contains(.closeContactor))
        let auth = m.authorize(Self.card)
        #expect(Self.events(auth).first?.eventType == .updated)
        #expect(Self.events(auth).first?.triggerReason == .authorized)
        #expect(Self.events(auth).first?.idToken == Self.card.idToken)
        #expect(!auth.contains(.closeContactor), "EV not ready yet (pilot B)")
        let ready = m.cable(connected: true, evReady: true)
        #expect(ready.contains(.closeContactor))
        let closed = m.powerPath(closed: true)
        #expect(Self.events(closed).first?.chargingState == .suspendedEV)
        let flowing = m.energy(flowing: true)
        #expect(Self.events(flowing).first?.chargingState == .charging)
        #expect(Self.events(flowing).first?.idToken == nil, "the idToken is sent once")
    }

    @Test func unplugEndsWithEVDisconnectedAndOpensThePowerPath() {
        var m = EVSETransactionMachine()
        _ = m.cable(connected: true, evReady: true)
        _ = m.authorize(Self.card)
        _ = m.powerPath(closed: true)
        let unplug = m.cable(connected: false, evReady: false)
        #expect(unplug.first == .openContactor)
        let end = Self.events(unplug).last
        #expect(end?.eventType == .ended)
        #expect(end?.stoppedReason == .evDisconnected)
        #expect(end?.triggerReason == .evCommunicationLost)
        #expect(!m.inTransaction)
    }

    @Test func authorizeFirstStartsOnAuthorizationWithTheIdToken() {
        var m = EVSETransactionMachine()
        let auth = m.authorize(Self.card)
        #expect(Self.events(auth).first?.eventType == .started)
        #expect(Self.events(auth).first?.triggerReason == .authorized)
        #expect(Self.events(auth).first?.idToken == Self.card.idToken)
    }

    @Test func remoteStartCarriesRemoteStartIdOnce() {
        var m = EVSETransactionMachine()
        var remote = Self.card
        remote.remoteStartId = 7
        let start = Self.events(m.authorize(remote)).first
        #expect(start?.triggerReason == .remoteStart)
        #expect(start?.remoteStartId == 7)
        let plug = Self.events(m.cable(connected: true, evReady: true)).first
        #expect(plug?.remoteStartId == nil)
    }

    @Test func localStopEndsAndReplugIsNeededForTheNextCableStartedTransaction() {
        var m = EVSETransactionMachine()
        _ = m.cable(connected: true, evReady: true)
        _ = m.authorize(Self.card)
        _ = m.powerPath(closed: true)
        let stop = m.stop(trigger: .stopAuthorized, reason: .local)
        #expect(stop.first == .openContactor)
        #expect(Self.events(stop).last?.stoppedReason == .local)
        #expect(m.awaitingUnplug)
        // Contactor feedback arrives: no new transaction although the cable is still in.
        #expect(Self.events(m.powerPath(closed: false)).isEmpty)
        #expect(Self.events(m.cable(connected: true, evReady: false)).isEmpty)
        _ = m.cable(connected: false, evReady: false)
        #expect(Self.events(m.cable(connected: true, evReady: false)).first?.eventType == .started)
    }

    @Test func evConnectionTimeoutEndsAnAuthorizationStartedTransaction() {
        var m = EVSETransactionMachine(configuration: .init(startPoints: [.authorized], stopPoints: [.authorized]))
        _ = m.authorize(Self.card)
        let timeout = Self.events(m.connectionTimedOut())
        #expect(timeout.first?.eventType == .ended)
        #expect(timeout.first?.triggerReason == .evConnectTimeout)
        #expect(timeout.first?.stoppedReason == .timeout)
    }

    @Test func powerPathClosedStartPointStartsWhenTheContactorCloses() {
        var m = EVSETransactionMachine(
            configuration: .init(startPoints: [.powerPathClosed], stopPoints: [.evConnected])
        )
        #expect(Self.events(m.cable(connected: true, evReady: true)).isEmpty)
        let auth = m.authorize(Self.card)
        #expect(Self.events(auth).isEmpty)
        #expect(auth.contains(.closeContactor), "authorized and ready: power may flow, which starts the transaction")
        #expect(!m.inTransaction)
        let closed = Self.events(m.powerPath(closed: true))
        #expect(closed.first?.eventType == .started)
        #expect(closed.first?.triggerReason == .chargingStateChanged)
        #expect(closed.first?.idToken == Self.card.idToken)
    }

    @Test func emergencyStopEndsWithAbnormalCondition() {
        var m = EVSETransactionMachine()
        _ = m.cable(connected: true, evReady: true)
        _ = m.authorize(Self.card)
        _ = m.powerPath(closed: true)
        let actions = m.availability(mayCharge: false, reason: .emergencyStop)
        #expect(actions.first == .openContactor)
        #expect(Self.events(actions).last?.stoppedReason == .emergencyStop)
        #expect(Self.events(actions).last?.triggerReason == .abnormalCondition)
    }

    @Test func deauthorizationEndsWhenAuthorizedIsAStopPoint() {
        var m = EVSETransactionMachine()
        _ = m.cable(connected: true, evReady: true)
        _ = m.authorize(Self.card)
        let actions = m.deauthorize()
        #expect(Self.events(actions).last?.stoppedReason == .deAuthorized)
        #expect(Self.events(actions).last?.triggerReason == .deauthorized)
    }

    @Test func parsesTransactionPointLists() {
        #expect(TransactionPoint.parseList("EVConnected, Authorized") == [.evConnected, .authorized])
        #expect(TransactionPoint.parseList("EVConnected,Nope") == nil)
    }
}
