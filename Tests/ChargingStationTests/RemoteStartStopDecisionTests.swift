import OCPP
import Testing

@testable import ChargingStation

/// The remote start/stop block's decisions (F01-F04 and the E14 status query) as plain functions: a context
/// in, the answer and the actions out, no actor.
@Suite struct RemoteStartStopDecisionTests {
    typealias EVSE = RemoteStartStop.EVSE

    static let token = IdTokenType(idToken: "REMOTE-1", type: .iso14443)
    static let authorization = SessionAuthorization(idToken: token, remoteStartId: 7)

    static func context(
        _ evses: [Int: EVSE] = [1: EVSE(), 2: EVSE()],
        accepted: Bool = true,
        authorizeRemoteStart: Bool = true,
        newSessionEVSE: Int? = 1
    ) -> RemoteStartStop.Context {
        RemoteStartStop.Context(
            accepted: accepted,
            authorizeRemoteStart: authorizeRemoteStart,
            evses: evses,
            newSessionEVSE: newSessionEVSE
        )
    }

    static func start(evseId: Int? = 1) -> RequestStartTransactionRequest {
        RequestStartTransactionRequest(evseId: evseId, idToken: token, remoteStartId: 7)
    }

    @Test func B02_FR_05_remoteStartAndStopAreRejectedWhileNotAccepted() {
        let pending = Self.context(accepted: false)
        let (start, startActions) = RemoteStartStop.requestStart(Self.start(), in: pending)
        #expect(start.status == .rejected && start.statusInfo?.reasonCode == "NotAccepted")
        #expect(startActions.isEmpty)
        var running = pending
        running.evses[1]?.transactionId = "t-1"
        let (stop, stopActions) = RemoteStartStop.requestStop(
            RequestStopTransactionRequest(transactionId: "t-1"),
            in: running
        )
        #expect(stop.status == .rejected && stop.statusInfo?.reasonCode == "NotAccepted")
        #expect(stopActions.isEmpty)
    }

    @Test func F01_FR_01_withAuthorizeRemoteStartTheTokenIsAuthorizedAfterTheAnswer() {
        let (response, actions) = RemoteStartStop.requestStart(Self.start(evseId: 2), in: Self.context())
        #expect(response == RequestStartTransactionResponse(status: .accepted))
        #expect(actions == [.hold(evseId: 2), .afterResponse([.authorize(evseId: 2, Self.authorization)])])
    }

    @Test func TC_F_02_CS_anAuthorizedTokenStartsTheSessionAnInvalidOneNothing() {
        let accepted = RemoteStartStop.authorizeAnswered(
            IdTokenInfoType(status: .accepted),
            evseId: 1,
            Self.authorization,
            in: Self.context([1: EVSE(startingRemotely: true)])
        )
        #expect(accepted == [.startSession(evseId: 1, Self.authorization), .release(evseId: 1)])
        let invalid = RemoteStartStop.authorizeAnswered(
            IdTokenInfoType(status: .invalid),
            evseId: 1,
            Self.authorization,
            in: Self.context([1: EVSE(startingRemotely: true)])
        )
        #expect(invalid == [.noteNotAuthorized(.invalid), .release(evseId: 1)])
    }

    @Test func F01_FR_02_withoutAuthorizeRemoteStartTheSessionStartsAfterTheAnswer() {
        let (response, actions) = RemoteStartStop.requestStart(
            Self.start(),
            in: Self.context(authorizeRemoteStart: false)
        )
        #expect(response.status == .accepted)
        #expect(actions == [.hold(evseId: 1), .afterResponse([.checkThenStart(evseId: 1, Self.authorization)])])
    }

    @Test func F01_FR_19_theSessionCarriesTheRemoteStartIdSoItsFirstEventSaysRemoteStart() throws {
        let actions = RemoteStartStop.checkThenStart(evseId: 1, Self.authorization, in: Self.context())
        guard case .startSession(_, let authorization) = actions.first else {
            Issue.record("no session started: \(actions)")
            return
        }
        // The transactions block's machine, fed the session as the station hands it over.
        var machine = EVSETransactionMachine()
        let started = machine.authorize(authorization).compactMap { action -> EVSETransactionMachine.Event? in
            if case .start(let event) = action { event } else { nil }
        }
        let event = try #require(started.first)
        #expect(event.triggerReason == .remoteStart && event.remoteStartId == 7 && event.idToken == Self.token)
    }

    @Test func TC_F_01_CS_aCableFirstTransactionTakesTheRemoteStartAndItsIdIsReturned() {
        let cableFirst = Self.context([1: EVSE(transactionId: "t-cable"), 2: EVSE()])
        let (response, actions) = RemoteStartStop.requestStart(Self.start(evseId: 1), in: cableFirst)
        #expect(response == RequestStartTransactionResponse(status: .accepted, transactionId: "t-cable"))
        #expect(actions.first == .hold(evseId: 1))
    }

    @Test(arguments: [
        EVSE(authorized: true), EVSE(mayCharge: false), EVSE(startingRemotely: true),
    ])
    func F01_aRequestedEVSEThatIsNotFreeIsRejected(_ evse: EVSE) {
        let (response, actions) = RemoteStartStop.requestStart(Self.start(), in: Self.context([1: evse, 2: EVSE()]))
        #expect(response == RequestStartTransactionResponse(status: .rejected))
        #expect(actions.isEmpty)
    }

    @Test func F01_withoutAnEVSETheStationPicksOneOrRejects() {
        let (picked, actions) = RemoteStartStop.requestStart(
            Self.start(evseId: nil),
            in: Self.context(newSessionEVSE: 2)
        )
        #expect(picked.status == .accepted)
        #expect(actions.first == .hold(evseId: 2))
        let (none, nothing) = RemoteStartStop.requestStart(
            Self.start(evseId: nil),
            in: Self.context(newSessionEVSE: nil)
        )
        #expect(none == RequestStartTransactionResponse(status: .rejected) && nothing.isEmpty)
        let (unknown, _) = RemoteStartStop.requestStart(Self.start(evseId: 9), in: Self.context())
        #expect(unknown.status == .rejected)
    }

    @Test func F02_anEVSETakenOrFaultedMeanwhileStartsNothing() {
        for evse in [EVSE(authorized: true, startingRemotely: true), EVSE(mayCharge: false, startingRemotely: true)] {
            let actions = RemoteStartStop.checkThenStart(evseId: 1, Self.authorization, in: Self.context([1: evse]))
            #expect(actions == [.noteNoLongerAvailable(evseId: 1), .release(evseId: 1)])
        }
        #expect(
            RemoteStartStop.checkThenStart(
                evseId: 1,
                Self.authorization,
                in: Self.context([1: EVSE(startingRemotely: true)])
            )
                == [.startSession(evseId: 1, Self.authorization), .release(evseId: 1)]
        )
    }

    @Test func TC_F_08_CS_remoteStopEndsTheTransactionAfterTheAnswer() {
        let running = Self.context([1: EVSE(), 2: EVSE(authorized: true, transactionId: "t-2")])
        let (response, actions) = RemoteStartStop.requestStop(
            RequestStopTransactionRequest(transactionId: "t-2"),
            in: running
        )
        #expect(response == RequestStopTransactionResponse(status: .accepted))
        #expect(actions == [.afterResponse([.checkThenStop(evseId: 2, transactionId: "t-2")])])
        #expect(
            RemoteStartStop.checkThenStop(evseId: 2, transactionId: "t-2", in: running)
                == [.stopTransaction(evseId: 2, trigger: .remoteStop, reason: .remote)]
        )
        // Ended meanwhile (the driver unplugged): nothing to stop.
        #expect(RemoteStartStop.checkThenStop(evseId: 2, transactionId: "t-2", in: Self.context()) == [])
    }

    @Test func TC_F_09_CS_anUnknownTransactionIsRejected() {
        let running = Self.context([1: EVSE(transactionId: "t-1")])
        let (response, actions) = RemoteStartStop.requestStop(
            RequestStopTransactionRequest(transactionId: "t-x"),
            in: running
        )
        #expect(response == RequestStopTransactionResponse(status: .rejected))
        #expect(actions.isEmpty)
    }

    @Test func E14_transactionStatusFromTheRunningTransactionsAndTheQueue() {
        let running = Self.context([1: EVSE(transactionId: "t-1"), 2: EVSE()])
        let status = { (id: String?, queued: [String?]) in
            RemoteStartStop.transactionStatus(
                GetTransactionStatusRequest(transactionId: id),
                queued: queued,
                in: running
            )
        }
        #expect(status("t-1", ["t-1"]) == GetTransactionStatusResponse(ongoingIndicator: true, messagesInQueue: true))
        #expect(status("t-1", [nil]) == GetTransactionStatusResponse(ongoingIndicator: true, messagesInQueue: false))
        #expect(status("t-0", ["t-0"]) == GetTransactionStatusResponse(ongoingIndicator: false, messagesInQueue: true))
        #expect(status(nil, [nil]) == GetTransactionStatusResponse(messagesInQueue: true))
        #expect(status(nil, []) == GetTransactionStatusResponse(messagesInQueue: false))
    }
}
