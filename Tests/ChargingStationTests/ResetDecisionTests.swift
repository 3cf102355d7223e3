import OCPP
import Testing

@testable import ChargingStation

/// The reset block's decisions (B11 without, B12 with ongoing transactions) as plain functions: a context in,
/// the answer and the actions out, no actor.
@Suite struct ResetDecisionTests {
    static func context(
        _ planner: ResetPlanner = ResetPlanner(),
        inTransaction: Set<Int> = []
    ) -> Reset.Context {
        Reset.Context(planner: planner, evseIds: [1, 2], inTransaction: inTransaction)
    }

    /// The planner the actions hand over (nil when they keep the one in the context).
    static func updated(_ actions: [Reset.Action]) -> ResetPlanner? {
        for case .update(let planner) in actions { return planner }
        return nil
    }

    static func reset(
        _ type: ResetEnumType,
        evseId: Int? = nil,
        in context: Reset.Context
    ) -> (ResetStatusEnumType, [Reset.Action]) {
        let (response, actions) = Reset.reset(ResetRequest(type: type, evseId: evseId), in: context)
        return (response.status, actions)
    }

    @Test func TC_B_20_CS_onIdleWithoutTransactionRestartsAfterTheAnswer() throws {
        let (status, actions) = Self.reset(.onIdle, in: Self.context())
        #expect(status == .accepted)
        let planner = try #require(Self.updated(actions))
        #expect(planner.restarting)
        #expect(
            actions == [
                .update(planner), .noteRequest(.onIdle, evseId: nil, .accepted),
                .afterResponse([.restartStation(StationReset(type: .onIdle, bootReason: .remoteReset))]),
            ]
        )
    }

    @Test func TC_B_21_CS_onIdleWithATransactionIsScheduledAndRemembered() throws {
        let (status, actions) = Self.reset(.onIdle, in: Self.context(inTransaction: [1]))
        #expect(status == .scheduled)
        let planner = try #require(Self.updated(actions))
        #expect(planner.scheduled == [.station] && !planner.restarting)
        #expect(
            actions == [
                .update(planner), .noteRequest(.onIdle, evseId: nil, .scheduled), .afterResponse([.persistSchedule]),
            ]
        )
    }

    @Test func B12_FR_08_immediateEndsEveryTransactionWithResetCommandThenRestarts() throws {
        let (status, actions) = Self.reset(.immediate, in: Self.context(inTransaction: [2, 1]))
        #expect(status == .accepted, "TC_B_22")
        let planner = try #require(Self.updated(actions))
        #expect(
            actions == [
                .update(planner), .noteRequest(.immediate, evseId: nil, .accepted),
                .afterResponse([
                    .endTransaction(evseId: 1, trigger: .resetCommand, reason: .immediateReset),
                    .endTransaction(evseId: 2, trigger: .resetCommand, reason: .immediateReset),
                    .restartStation(StationReset(type: .immediate, bootReason: .remoteReset)),
                ]),
            ]
        )
        // A restart is on its way: later requests are Accepted and change nothing.
        let (again, more) = Self.reset(.onIdle, evseId: 1, in: Self.context(planner, inTransaction: [1]))
        #expect(again == .accepted && more == [.noteRequest(.onIdle, evseId: 1, .accepted)])
        #expect(Reset.transactionEnded(evseId: 1, in: Self.context(planner)) == [])
    }

    @Test func TC_B_41_CS_onIdleWaitsForTheLastOfSeveralTransactions() throws {
        let (status, actions) = Self.reset(.onIdle, evseId: 0, in: Self.context(inTransaction: [1, 2]))
        #expect(status == .scheduled)
        let scheduled = try #require(Self.updated(actions))
        #expect(Reset.transactionEnded(evseId: 1, in: Self.context(scheduled, inTransaction: [2])) == [])
        let last = Reset.transactionEnded(evseId: 2, in: Self.context(scheduled))
        let restarting = try #require(Self.updated(last))
        #expect(restarting.restarting && restarting.scheduled.isEmpty)
        #expect(
            last == [
                .update(restarting), .restartStation(StationReset(type: .onIdle, bootReason: .scheduledReset)),
            ]
        )
    }

    @Test func TC_B_25_CS_evseWithoutTransactionIsResetAtOnce() {
        let (status, actions) = Self.reset(.onIdle, evseId: 2, in: Self.context(inTransaction: [1]))
        #expect(status == .accepted)
        #expect(actions == [.noteRequest(.onIdle, evseId: 2, .accepted), .afterResponse([.evseReset(evseId: 2)])])
    }

    @Test func TC_B_26_CS_evseOnIdleWaitsForItsTransaction() throws {
        let (status, actions) = Self.reset(.onIdle, evseId: 1, in: Self.context(inTransaction: [1]))
        #expect(status == .scheduled)
        let scheduled = try #require(Self.updated(actions))
        #expect(actions == [.update(scheduled), .noteRequest(.onIdle, evseId: 1, .scheduled)], "nothing after")
        #expect(Reset.transactionEnded(evseId: 2, in: Self.context(scheduled, inTransaction: [1])) == [])
        let ended = Reset.transactionEnded(evseId: 1, in: Self.context(scheduled))
        let after = try #require(Self.updated(ended))
        #expect(ended == [.update(after), .evseReset(evseId: 1)])
        #expect(!after.restarting, "an EVSE reset never restarts the station")
    }

    @Test func TC_B_27_CS_evseImmediateEndsItsTransaction() {
        let (status, actions) = Self.reset(.immediate, evseId: 1, in: Self.context(inTransaction: [1, 2]))
        #expect(status == .accepted)
        #expect(
            actions == [
                .noteRequest(.immediate, evseId: 1, .accepted),
                .afterResponse([
                    .endTransaction(evseId: 1, trigger: .resetCommand, reason: .immediateReset),
                    .evseReset(evseId: 1),
                ]),
            ]
        )
    }

    @Test func B11_anEVSETheStationDoesNotHaveIsRejected() {
        let (status, actions) = Self.reset(.immediate, evseId: 3, in: Self.context())
        #expect(status == .rejected)
        #expect(actions == [.noteRequest(.immediate, evseId: 3, .rejected)])
    }

    @Test func B11_theBootReasonAfterARestartTheCSMSCaused() {
        #expect(Reset.bootReason(storedBootReason: "RemoteReset", scheduledResetWaiting: false) == .remoteReset)
        #expect(Reset.bootReason(storedBootReason: "ScheduledReset", scheduledResetWaiting: true) == .scheduledReset)
        // An OnIdle reset was still waiting: whatever restarted the station performed it.
        #expect(Reset.bootReason(storedBootReason: nil, scheduledResetWaiting: true) == .scheduledReset)
        #expect(Reset.bootReason(storedBootReason: "garbage", scheduledResetWaiting: true) == .scheduledReset)
        #expect(Reset.bootReason(storedBootReason: nil, scheduledResetWaiting: false) == nil)
    }
}
