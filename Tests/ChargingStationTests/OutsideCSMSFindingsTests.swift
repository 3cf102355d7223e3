import Foundation
import HALSimulated
import OCPP
import OCPPRPC
import OCPPTestSupport
import StationStore
import Testing

@testable import ChargingStation

/// What two CSMSs written elsewhere found (issue 13, item 8), each pinned to the requirement it breaks.
@Suite struct OutsideCSMSFindingsTests {
    static let csmsTime = Date(timeIntervalSince1970: 1_764_056_344)

    @Test func B02_FR_05_requestStartWhilePendingIsRejectedNotRefused() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.boot(.pending, interval: 300)
        #expect(await h.until { $0.registrationStatus == .pending })
        let start = RequestStartTransactionRequest(
            evseId: 1,
            idToken: IdTokenType(idToken: "PENDING-1", type: .iso14443),
            remoteStartId: 7
        )
        let answer = try await h.csms.call(start, messageId: "rs1")
        guard case .callResult(let id, let payload) = answer else {
            Issue.record("expected a CALLRESULT, got \(answer.encoded())")
            return
        }
        #expect(id == "rs1")
        #expect(try RequestStartTransactionResponse(json: payload).status == .rejected)
        let stop = try await h.csms.call(RequestStopTransactionRequest(transactionId: "nope"), messageId: "rx1")
        guard case .callResult(_, let stopPayload) = stop else {
            Issue.record("expected a CALLRESULT, got \(stop.encoded())")
            return
        }
        #expect(try RequestStopTransactionResponse(json: stopPayload).status == .rejected)
        // No session was started behind the answer.
        await h.csms.expectSilence()
        #expect(await h.station.runningTransactions.isEmpty)
    }

    @Test func B02_requestBeforeBootAnsweredIsServedAsWhilePending() async throws {
        let h = StationHarness()
        defer { h.stop() }
        // The BootNotification is out, its answer not yet back: a read is served, not refused.
        let (bootId, _) = try await h.csms.expectCall(BootNotificationRequest.self)
        let get = GetVariablesRequest(getVariableData: [
            GetVariableDataType(
                component: ComponentType(name: "OCPPCommCtrlr"),
                variable: VariableType(name: "HeartbeatInterval")
            )
        ])
        let answer = try await h.csms.call(get, messageId: "gv1")
        guard case .callResult(let id, let payload) = answer else {
            Issue.record("expected a CALLRESULT, got \(answer.encoded())")
            return
        }
        #expect(id == "gv1")
        #expect(try GetVariablesResponse(json: payload).getVariableResult.first?.attributeStatus == .accepted)
        // A remote start in the same window is answered Rejected (as while Pending), not with a CALLERROR.
        let start = RequestStartTransactionRequest(
            idToken: IdTokenType(idToken: "EARLY", type: .central),
            remoteStartId: 1
        )
        guard case .callResult(_, let startPayload) = try await h.csms.call(start, messageId: "rs2") else {
            Issue.record("expected a CALLRESULT for RequestStartTransaction")
            return
        }
        #expect(try RequestStartTransactionResponse(json: startPayload).status == .rejected)
        try await h.csms.reply(
            to: bootId,
            with: BootNotificationResponse(currentTime: Self.csmsTime, interval: 60, status: .accepted)
        )
        _ = try await h.answerStatusNotifications(count: h.simulation.evses.count)
        #expect(await h.station.registrationStatus == .accepted)
    }

    @Test func F01_FR_19_firstEventAfterRemoteStartSaysRemoteStartEvenWhenThePlugStartsIt() {
        // TxStartPoint EVConnected only: the authorization alone starts nothing; the plug-in does.
        var machine = EVSETransactionMachine(
            configuration: .init(startPoints: [.evConnected], stopPoints: [.evConnected])
        )
        let authorization = SessionAuthorization(
            idToken: IdTokenType(idToken: "REMOTE-1", type: .central),
            remoteStartId: 42
        )
        #expect(machine.authorize(authorization) == [.scheduleConnectionTimeout(after: .seconds(120))])
        let actions = machine.cable(connected: true, evReady: false)
        guard case .start(let event)? = actions.first(where: { if case .start = $0 { true } else { false } }) else {
            Issue.record("expected a Started event, got \(actions)")
            return
        }
        #expect(event.triggerReason == .remoteStart)
        #expect(event.remoteStartId == 42)
        #expect(event.idToken?.idToken == "REMOTE-1")
        // Only the first: the next event names its own trigger.
        guard
            case .update(let next)? = machine.cable(connected: true, evReady: true).first(where: {
                if case .update = $0 { true } else { false }
            })
        else {
            Issue.record("expected an Updated event when the EV asks for energy")
            return
        }
        #expect(next.triggerReason != .remoteStart)
        #expect(next.remoteStartId == nil)
    }

    @Test func F01_FR_19_remoteStartOnAStation() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        try await TransactionTests.configure(h, start: "EVConnected", txUpdatedInterval: 0, alignedInterval: 0)
        let csms = TransactionTests.SessionCSMS(h)
        // Plugged in first: the cable starts the transaction; the remote start authorizes it.
        h.simulation[evse: 1].ev.plugIn()
        let started = try await csms.acceptEvents { $0.eventType == .started }
        #expect(started.triggerReason == .cablePluggedIn)
        let request = RequestStartTransactionRequest(
            evseId: 1,
            idToken: IdTokenType(idToken: "APP-USER", type: .central),
            remoteStartId: 5
        )
        try await h.csms.transport.send(
            OCPPFrame.call(messageId: "rs3", action: "RequestStartTransaction", payload: request.jsonValue()).encoded()
        )
        var answered = false
        var updated: TransactionEventRequest?
        while !answered || updated == nil {
            let frame = try await h.csms.nextFrame()
            switch frame {
            case .callResult("rs3", let payload):
                #expect(try RequestStartTransactionResponse(json: payload).status == .accepted)
                answered = true
            case .call(let id, "TransactionEvent", let payload):
                updated = try TransactionEventRequest(json: payload)
                try await h.csms.reply(to: id, with: TransactionEventResponse())
            case .call(let id, "StatusNotification", _):
                try await h.csms.reply(to: id, with: StatusNotificationResponse())
            case .call(let id, "Authorize", _):
                // AuthorizeRemoteStart (default true): the token is authorized first, like a local one.
                try await h.csms.reply(to: id, with: AuthorizeResponse(idTokenInfo: IdTokenInfoType(status: .accepted)))
            default:
                Issue.record("unexpected frame \(frame.encoded())")
                return
            }
        }
        #expect(updated?.triggerReason == .remoteStart)
        #expect(updated?.transactionInfo.remoteStartId == 5)
    }
}
