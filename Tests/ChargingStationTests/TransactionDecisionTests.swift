import Foundation
import HAL
import OCPP
import OCPPRPC
import StationStore
import Testing

@testable import ChargingStation

/// The Transactions block's decisions as plain functions, no actor: what a TransactionEvent carries
/// (`TransactionRecording`), how the queue delivers it and what an answer means (`TransactionQueue`).
@Suite struct TransactionDecisionTests {
    typealias Event = EVSETransactionMachine.Event

    static let start = Date(timeIntervalSince1970: 1_764_056_344)
    static let later = start.addingTimeInterval(600)
    static let token = IdTokenType(idToken: "04A2B3C4", type: .iso14443)
    static let measurands = MeterValues.Measurands(
        txStarted: [.energyActiveImportRegister],
        txUpdated: [.energyActiveImportRegister, .powerActiveImport],
        txEnded: [.energyActiveImportRegister],
        aligned: [.energyActiveImportRegister, .voltage],
        alignedTxEnded: [.energyActiveImportRegister]
    )

    static func reading(_ wh: Double, power: Double = 7_000) -> MeterReading {
        MeterReading(energyImport: wh, activePower: power, voltage: PhaseValues(l1: 230), timestamp: start)
    }

    static func running(seqNo: Int = 3, lastMeterWh: Double? = 2_000) -> TransactionRecord {
        TransactionRecord(
            transactionId: "tx-1",
            evseId: 2,
            connectorId: 1,
            nextSeqNo: seqNo,
            startedAt: start,
            meterStartWh: 1_000,
            lastMeterWh: lastMeterWh,
            idToken: token,
            chargingState: "Charging"
        )
    }

    static func context(
        running: TransactionRecord? = nil,
        reading: MeterReading? = reading(2_500),
        samples: [MeterValueType] = [],
        online: Bool = true
    ) -> TransactionRecording.Context {
        TransactionRecording.Context(
            evseId: 2,
            running: running,
            reading: reading,
            txEndedSamples: samples,
            measurands: measurands,
            online: online,
            now: later,
            newTransactionId: "tx-new",
            newMessageId: "msg-1"
        )
    }

    /// The record and frame a recording stores, and the request the frame holds.
    static func stored(
        _ actions: [TransactionRecording.Action]
    ) throws -> (record: TransactionRecord, message: OutboundMessage, request: TransactionEventRequest) {
        let stored = actions.compactMap { action -> (TransactionRecord, OutboundMessage)? in
            if case .store(let record, let message) = action { (record, message) } else { nil }
        }
        let (record, message) = try #require(stored.first)
        #expect(stored.count == 1)
        return (record, message, try TransactionEventRequest(json: JSONValue.parse(message.payload)))
    }

    static func energy(_ value: SampledValueType, _ context: ReadingContextEnumType) -> SampledValueType {
        SampledValueType(
            value: value.value,
            context: context,
            measurand: .energyActiveImportRegister,
            location: .outlet,
            unitOfMeasure: UnitOfMeasureType(unit: "Wh")
        )
    }

    // MARK: recording

    @Test func E01_startedOpensTheTransactionWithSeqNoZeroOnItsEVSE() throws {
        let event = Event(
            eventType: .started,
            triggerReason: .authorized,
            chargingState: .evConnected,
            idToken: Self.token,
            remoteStartId: 7
        )
        let actions = TransactionRecording.record(event, in: Self.context(reading: Self.reading(1_000)))
        let (record, message, request) = try Self.stored(actions)
        let expected = TransactionRecord(
            transactionId: "tx-new",
            evseId: 2,
            connectorId: 1,
            nextSeqNo: 1,
            startedAt: Self.later,
            meterStartWh: 1_000,
            lastMeterWh: 1_000,
            idToken: Self.token,
            remoteStartId: 7,
            chargingState: "EVConnected"
        )
        #expect(record == expected)
        #expect(
            actions == [
                .store(expected, message),
                .recorded(transactionId: "tx-new", eventType: .started, trigger: .authorized, seqNo: 0),
                .keepRunning(expected), .transactionStarted, .wakeSender,
            ]
        )
        #expect(message.action == "TransactionEvent")
        #expect(message.messageId == "msg-1")
        #expect(message.offline == nil)
        #expect(request.seqNo == 0)
        #expect(request.evse == EVSEType(id: 2, connectorId: 1))
        #expect(request.idToken == Self.token)
        #expect(
            request.transactionInfo
                == TransactionType(transactionId: "tx-new", chargingState: .evConnected, remoteStartId: 7)
        )
    }

    @Test func TC_J_07_CS_startedValueIsTransactionBeginWithTxStartedMeasurands() throws {
        let event = Event(eventType: .started, triggerReason: .cablePluggedIn, chargingState: .evConnected)
        let (_, _, request) = try Self.stored(
            TransactionRecording.record(event, in: Self.context(reading: Self.reading(1_000)))
        )
        let values = try #require(request.meterValue)
        #expect(values.count == 1)
        #expect(values[0].timestamp == Self.later)
        #expect(
            values[0].sampledValue == [
                SampledValueType(
                    value: 1_000,
                    context: .transactionBegin,
                    measurand: .energyActiveImportRegister,
                    location: .outlet,
                    unitOfMeasure: UnitOfMeasureType(unit: "Wh")
                )
            ]
        )
    }

    @Test func E02_laterEventsTakeTheNextSeqNoAndLeaveOutTheEVSE() throws {
        let event = Event(eventType: .updated, triggerReason: .chargingStateChanged, chargingState: .charging)
        let actions = TransactionRecording.record(event, in: Self.context(running: Self.running()))
        let (record, message, request) = try Self.stored(actions)
        #expect(request.seqNo == 3)
        #expect(request.evse == nil)
        #expect(request.idToken == nil, "the idToken went with an earlier event")
        #expect(request.meterValue == nil, "a change of charging state carries no meter value")
        var expected = Self.running(seqNo: 4, lastMeterWh: 2_500)
        expected.chargingState = "Charging"
        #expect(record == expected)
        #expect(
            actions == [
                .store(expected, message),
                .recorded(transactionId: "tx-1", eventType: .updated, trigger: .chargingStateChanged, seqNo: 3),
                .keepRunning(expected), .wakeSender,
            ]
        )
    }

    @Test func TC_J_09_CS_periodicEventCarriesSamplePeriodicTxUpdatedValues() throws {
        let event = Event(eventType: .updated, triggerReason: .meterValuePeriodic)
        let (_, _, request) = try Self.stored(
            TransactionRecording.record(event, in: Self.context(running: Self.running()))
        )
        let sampled = try #require(request.meterValue?.first?.sampledValue)
        #expect(sampled.map(\.measurand) == [.energyActiveImportRegister, .powerActiveImport])
        #expect(sampled.allSatisfy { $0.context == .samplePeriodic })
        #expect(sampled.map(\.value) == [2_500, 7_000])
    }

    @Test func TC_J_02_CS_clockEventCarriesSampleClockAlignedValues() throws {
        let event = Event(eventType: .updated, triggerReason: .meterValueClock)
        let (_, _, request) = try Self.stored(
            TransactionRecording.record(event, in: Self.context(running: Self.running()))
        )
        let sampled = try #require(request.meterValue?.first?.sampledValue)
        #expect(sampled.map(\.measurand) == [.energyActiveImportRegister, .voltage])
        #expect(sampled.allSatisfy { $0.context == .sampleClock })
        #expect(sampled[1].phase == .l1N)
    }

    @Test func TC_F_13_CS_triggeredEventCarriesATriggerValue() throws {
        let event = Event(eventType: .updated, triggerReason: .trigger, chargingState: .charging)
        let (_, _, request) = try Self.stored(
            TransactionRecording.record(event, in: Self.context(running: Self.running()))
        )
        let sampled = try #require(request.meterValue?.first?.sampledValue)
        #expect(sampled.map(\.measurand) == [.energyActiveImportRegister, .powerActiveImport])
        #expect(sampled.allSatisfy { $0.context == .trigger })
    }

    @Test func TC_J_10_CS_endedCarriesTheKeptValuesThenTransactionEnd() throws {
        let kept = MeterValueType(
            sampledValue: [SampledValueType(value: 2_200, context: .sampleClock)],
            timestamp: Self.start
        )
        let event = Event(
            eventType: .ended,
            triggerReason: .evCommunicationLost,
            chargingState: .idle,
            stoppedReason: .evDisconnected
        )
        let actions = TransactionRecording.record(event, in: Self.context(running: Self.running(), samples: [kept]))
        let (record, message, request) = try Self.stored(actions)
        let values = try #require(request.meterValue)
        #expect(values.count == 2)
        #expect(values[0] == kept, "the values kept for the Ended event come first")
        #expect(values[1].sampledValue.map(\.context) == [.transactionEnd])
        #expect(values[1].sampledValue.map(\.value) == [2_500])
        #expect(request.transactionInfo.stoppedReason == .evDisconnected)
        #expect(record.state == .ended)
        #expect(record.endedAt == Self.later)
        #expect(record.stoppedReason == "EVDisconnected")
        #expect(
            actions == [
                .store(record, message),
                .recorded(transactionId: "tx-1", eventType: .ended, trigger: .evCommunicationLost, seqNo: 3),
                .transactionEnded, .wakeSender,
            ]
        )
    }

    @Test func E07_stoppedReasonLocalIsTheDefaultAndLeftOut() throws {
        let event = Event(
            eventType: .ended,
            triggerReason: .stopAuthorized,
            chargingState: .idle,
            stoppedReason: .local
        )
        let (record, _, request) = try Self.stored(
            TransactionRecording.record(event, in: Self.context(running: Self.running()))
        )
        #expect(request.transactionInfo.stoppedReason == nil)
        #expect(record.stoppedReason == "Local", "kept in the store all the same")
    }

    /// Issue 13 item 8: a meter that restarted, was replaced or read a glitch never makes the CSMS see
    /// energy going backwards within a transaction.
    @Test func J02_registerNeverBelowTheLastSentForTheTransaction() throws {
        let event = Event(eventType: .updated, triggerReason: .meterValuePeriodic)
        let below = Self.context(running: Self.running(lastMeterWh: 5_000), reading: Self.reading(100))
        let actions = TransactionRecording.record(event, in: below)
        #expect(actions.first == .registerBelowLastSent(transactionId: "tx-1", readWh: 100, sentWh: 5_000))
        let (record, _, request) = try Self.stored(actions)
        #expect(request.meterValue?.first?.sampledValue.first?.value == 5_000)
        #expect(record.lastMeterWh == 5_000)

        let above = Self.context(running: Self.running(lastMeterWh: 5_000), reading: Self.reading(6_000))
        let (next, _, nextRequest) = try Self.stored(TransactionRecording.record(event, in: above))
        #expect(nextRequest.meterValue?.first?.sampledValue.first?.value == 6_000)
        #expect(next.lastMeterWh == 6_000)

        let unread = Self.context(running: Self.running(lastMeterWh: 5_000), reading: nil)
        let (kept, _, unreadRequest) = try Self.stored(TransactionRecording.record(event, in: unread))
        #expect(unreadRequest.meterValue == nil, "no reading, no value")
        #expect(kept.lastMeterWh == 5_000)
    }

    @Test func E11_eventRecordedOfflineIsMarkedOffline() throws {
        let event = Event(eventType: .updated, triggerReason: .meterValuePeriodic)
        let (_, message, request) = try Self.stored(
            TransactionRecording.record(event, in: Self.context(running: Self.running(), online: false))
        )
        #expect(request.offline == true)
        #expect(message.offline == true)
    }

    @Test func E02_noUpdatedOrEndedEventWithoutATransaction() {
        for type in [TransactionEventEnumType.updated, .ended] {
            let event = Event(eventType: type, triggerReason: .meterValuePeriodic)
            #expect(TransactionRecording.record(event, in: Self.context()) == [.noTransaction])
        }
    }

    @Test func aFrameBreakingItsSchemaIsNeitherStoredNorSent() {
        let tooLong = IdTokenType(idToken: String(repeating: "A", count: 40), type: .iso14443)
        let event = Event(eventType: .started, triggerReason: .authorized, idToken: tooLong)
        let actions = TransactionRecording.record(event, in: Self.context())
        #expect(actions.count == 1)
        guard case .brokenFrame(let transactionId, _) = actions.first else {
            Issue.record("expected a broken frame, got \(actions)")
            return
        }
        #expect(transactionId == "tx-new")
    }

    @Test func aStartedEventThatCannotBeStoredFaultsTheEVSE() {
        #expect(
            TransactionRecording.notStored(Event(eventType: .started, triggerReason: .authorized)) == [
                .faultEVSEForStore
            ]
        )
        #expect(TransactionRecording.notStored(Event(eventType: .updated, triggerReason: .meterValuePeriodic)) == [])
        #expect(TransactionRecording.notStored(Event(eventType: .ended, triggerReason: .stopAuthorized)) == [])
    }

    // MARK: the queue

    static func queue(
        attempts: Int = 3,
        interval: Duration = .seconds(60),
        linkAccepted: Bool = true,
        retryPending: Bool = false
    ) -> TransactionQueue.Context {
        TransactionQueue.Context(
            linkAccepted: linkAccepted,
            retryPending: retryPending,
            messageAttempts: attempts,
            attemptInterval: interval,
            longestWait: TimerSchedule.longest
        )
    }

    @Test func E13_nothingOvertakesAMessageWaitingForItsRetry() {
        #expect(TransactionQueue.maySend(in: Self.queue()))
        #expect(!TransactionQueue.maySend(in: Self.queue(retryPending: true)))
        #expect(!TransactionQueue.maySend(in: Self.queue(linkAccepted: false)), "E11: queued until the link is back")
    }

    @Test func E13_aLostLinkIsNotAnAttempt() {
        for error in [RPCCallError.disconnected, .notConnected, .cancelled, .transport("reset")] {
            #expect(!TransactionQueue.countsAsAttempt(error), "\(error)")
        }
    }

    @Test func TC_E_50_CS_aCallErrorOrATimeoutIsAnAttempt() {
        let callError = RPCCallError.callError(code: .internalError, description: "busy", details: .null)
        #expect(TransactionQueue.countsAsAttempt(callError))
        #expect(TransactionQueue.countsAsAttempt(.timeout))
    }

    @Test func TC_E_42_CS_retriedAfterTheIntervalTimesTheAttempts() {
        #expect(TransactionQueue.attemptFailed(attempts: 1, in: Self.queue()) == .retry(after: .seconds(60)))
        #expect(TransactionQueue.attemptFailed(attempts: 2, in: Self.queue()) == .retry(after: .seconds(120)))
        let huge = Self.queue(attempts: 5, interval: .seconds(Int64(Int32.max)))
        #expect(TransactionQueue.attemptFailed(attempts: 4, in: huge) == .retry(after: TimerSchedule.longest))
    }

    @Test func TC_E_41_CS_droppedAfterMessageAttemptsTransactionEvent() {
        #expect(TransactionQueue.attemptFailed(attempts: 3, in: Self.queue()) == .drop)
        #expect(TransactionQueue.attemptFailed(attempts: 1, in: Self.queue(attempts: 0)) == .drop, "at least one")
    }

    // MARK: the answer

    static func answer(
        running: [TransactionRecord] = [running()],
        stored: IdTokenType? = nil,
        stopTxOnInvalidId: Bool = true
    ) -> TransactionQueue.AnswerContext {
        TransactionQueue.AnswerContext(running: running, storedIdToken: stored, stopTxOnInvalidId: stopTxOnInvalidId)
    }

    @Test func TC_E_16_CS_aTokenNotAcceptedDeauthorizesTheRunningTransaction() {
        let info = IdTokenInfoType(status: .blocked)
        let actions = TransactionQueue.answered(
            TransactionEventResponse(idTokenInfo: info),
            transactionId: "tx-1",
            in: Self.answer()
        )
        #expect(
            actions == [.updateAuthorizationCache(Self.token, info), .deauthorize(evseId: 2, transactionId: "tx-1")]
        )
    }

    @Test func E05_withoutStopTxOnInvalidIdTheTransactionGoesOn() {
        let info = IdTokenInfoType(status: .invalid)
        let actions = TransactionQueue.answered(
            TransactionEventResponse(idTokenInfo: info),
            transactionId: "tx-1",
            in: Self.answer(stopTxOnInvalidId: false)
        )
        #expect(actions == [.updateAuthorizationCache(Self.token, info)])
        let accepted = IdTokenInfoType(status: .accepted)
        #expect(
            TransactionQueue.answered(
                TransactionEventResponse(idTokenInfo: accepted),
                transactionId: "tx-1",
                in: Self.answer()
            )
                == [.updateAuthorizationCache(Self.token, accepted)]
        )
    }

    @Test func C10_anAnswerAfterTheTransactionEndedUpdatesTheCacheWithTheStoredToken() {
        let info = IdTokenInfoType(status: .blocked)
        let response = TransactionEventResponse(idTokenInfo: info)
        let stored = IdTokenType(idToken: "STORED", type: .iso14443)
        #expect(
            TransactionQueue.answered(response, transactionId: "tx-1", in: Self.answer(running: [], stored: stored))
                == [.updateAuthorizationCache(stored, info)],
            "nothing runs to deauthorize"
        )
        #expect(TransactionQueue.answered(response, transactionId: "tx-1", in: Self.answer(running: [])) == [])
        #expect(TransactionQueue.answered(response, transactionId: nil, in: Self.answer()) == [])
    }

    @Test func I02_theCostInAnAnswerGoesWithTheRunningTransaction() {
        var expected = Self.running()
        expected.totalCost = 3.5
        #expect(
            TransactionQueue.answered(
                TransactionEventResponse(totalCost: 3.5),
                transactionId: "tx-1",
                in: Self.answer()
            )
                == [.updateTransaction(expected)]
        )
        #expect(
            TransactionQueue.answered(
                TransactionEventResponse(totalCost: 3.5),
                transactionId: "other",
                in: Self.answer()
            )
                == []
        )
    }

    // MARK: the machine's actions on the station

    static let updated = Event(eventType: .updated, triggerReason: .chargingStateChanged, chargingState: .charging)
    static let ended = Event(
        eventType: .ended,
        triggerReason: .stopAuthorized,
        chargingState: .idle,
        stoppedReason: .local
    )

    static func evse(
        _ id: Int = 1,
        connected: Bool = false,
        authorized: Bool = false,
        mayCharge: Bool = true,
        inTransaction: Bool = false
    ) -> Transactions.EVSE {
        var facts = EVSESessionFacts()
        facts.evConnected = connected
        facts.authorization = authorized ? SessionAuthorization(idToken: token) : nil
        facts.mayCharge = mayCharge
        return Transactions.EVSE(
            id: id,
            facts: facts,
            inTransaction: inTransaction,
            transactionId: inTransaction ? "tx-\(id)" : nil
        )
    }

    @Test func E02_eventsBehindAnEndedEventAwaitingItsFinalReadingKeepTheirOrder() {
        var evse = Self.evse()
        #expect(Transactions.carryOut(.update(Self.updated), on: evse) == [.record(Self.updated)])
        evse.endsAwaitingFinalReading = 1
        #expect(Transactions.carryOut(.update(Self.updated), on: evse) == [.recordInOrder(Self.updated)])
        #expect(Transactions.carryOut(.start(Self.updated), on: evse) == [.recordInOrder(Self.updated)])
    }

    @Test func J02_theEndedEventWaitsForTheReadingAfterTheContactorOpened() {
        var evse = Self.evse()
        #expect(Transactions.carryOut(.end(Self.ended), on: evse) == [.endAfterFinalReading(Self.ended)])
        evse.hasHardware = false
        #expect(Transactions.carryOut(.end(Self.ended), on: evse) == [.record(Self.ended)], "no meter to wait for")
    }

    @Test func aContactorTakenAsClosedIsNotCommandedAgain() {
        var evse = Self.evse()
        #expect(Transactions.carryOut(.openContactor, on: evse) == [.contactor(.open)])
        #expect(Transactions.carryOut(.closeContactor, on: evse) == [.contactor(.closed)])
        evse.contactorTakenAsClosed = true
        #expect(Transactions.carryOut(.openContactor, on: evse) == [])
    }

    @Test func E03_theConnectionTimeoutRunsWhileTheAuthorizationWaitsForTheCable() {
        let evse = Self.evse(2)
        #expect(
            Transactions.carryOut(.scheduleConnectionTimeout(after: .seconds(120)), on: evse) == [
                .timer(.schedule(.evConnectionTimeout(evseId: 2), after: .seconds(120)))
            ]
        )
        #expect(
            Transactions.carryOut(.cancelConnectionTimeout, on: evse) == [
                .timer(.cancel(.evConnectionTimeout(evseId: 2)))
            ]
        )
    }

    @Test func E02_currentIsOfferedToAnAuthorizedConnectedEVThatMayCharge() {
        var ready = Self.evse(connected: true, authorized: true)
        ready.ratedCurrent = 32
        #expect(Transactions.currentOffer(on: ready) == [], "nothing before the cable was read")
        ready.cable = .tethered
        #expect(Transactions.currentOffer(on: ready) == [.offerCurrent(32)])
        var offered = ready
        offered.offeredCurrent = 32
        #expect(Transactions.currentOffer(on: offered) == [], "only a change is commanded")
        offered.facts.mayCharge = false
        #expect(Transactions.currentOffer(on: offered) == [.offerCurrent(nil)])
        var unplugged = Self.evse(connected: false, authorized: true)
        #expect(Transactions.currentOffer(on: unplugged) == [])
        unplugged.offeredCurrent = 16
        unplugged.hasHardware = false
        #expect(Transactions.currentOffer(on: unplugged) == [], "no board to command")
    }

    // MARK: configuration, availability, local sessions

    @Test func E01_startAndStopPointsFallBackToTheDefaultsWhenNoneIsUsable() {
        let configured = Transactions.configuration(
            startPoints: ["PowerPathClosed", "Bogus"],
            stopPoints: ["EVConnected"],
            stopOnEVSideDisconnect: false,
            evConnectionTimeOut: .seconds(30)
        )
        #expect(configured.startPoints == [.powerPathClosed])
        #expect(configured.stopPoints == [.evConnected])
        #expect(!configured.stopOnEVSideDisconnect)
        #expect(configured.evConnectionTimeOut == .seconds(30))
        let unusable = Transactions.configuration(
            startPoints: ["Bogus"],
            stopPoints: [],
            stopOnEVSideDisconnect: true,
            evConnectionTimeOut: .seconds(120)
        )
        #expect(unusable.startPoints == EVSETransactionMachine.Configuration().startPoints)
        #expect(unusable.stopPoints == EVSETransactionMachine.Configuration().stopPoints)
    }

    @Test func B02_noTransactionBeforeAcceptedUnlessTxBeforeAcceptedEnabled() throws {
        let pending = Transactions.Availability(
            registrationAccepted: false,
            txBeforeAcceptedEnabled: false,
            mayDeliverEnergy: true,
            emergencyStop: false
        )
        let change = try #require(Transactions.mayCharge(Self.evse(), pending))
        #expect(change == (false, .other))
        var enabled = pending
        enabled.txBeforeAcceptedEnabled = true
        #expect(Transactions.mayCharge(Self.evse(), enabled) == nil, "nothing changes")
        var accepted = pending
        accepted.registrationAccepted = true
        let resumed = try #require(Transactions.mayCharge(Self.evse(mayCharge: false), accepted))
        #expect(resumed == (true, .other))
    }

    @Test func E06_anEmergencyStopEndsTheTransactionWithReasonEmergencyStop() throws {
        let stopped = Transactions.Availability(
            registrationAccepted: true,
            txBeforeAcceptedEnabled: false,
            mayDeliverEnergy: false,
            emergencyStop: true
        )
        let change = try #require(Transactions.mayCharge(Self.evse(inTransaction: true), stopped))
        #expect(change == (false, .emergencyStop))
    }

    @Test func E02_aNewSessionGoesToAFreeEVSEWithTheCableInFirst() {
        let evses = [
            Self.evse(1),
            Self.evse(2, connected: true, authorized: true, inTransaction: true),
            Self.evse(3, connected: true),
            Self.evse(4, connected: true, mayCharge: false),
        ]
        #expect(Transactions.evseForNewSession(evses) == 3)
        #expect(Transactions.evseForNewSession([evses[0], evses[1]]) == 1, "else any free one")
        var reserved = Self.evse(1)
        reserved.startingRemotely = true
        #expect(!Transactions.isFree(reserved), "F01: reserved by a remote start")
        #expect(Transactions.evseForNewSession([reserved, evses[1], evses[3]]) == nil)
    }

    @Test func C09_theSessionsAPresentedTokenMayStopAreAuthorizedTransactions() {
        let evses = [
            Self.evse(1, connected: true, inTransaction: true),
            Self.evse(2, connected: true, authorized: true, inTransaction: true),
            Self.evse(3, authorized: true),
        ]
        let sessions = Transactions.sessionsToStop(evses)
        #expect(sessions.map(\.evseId) == [2])
        #expect(sessions.first?.transactionId == "tx-2")
        #expect(sessions.first?.authorization == SessionAuthorization(idToken: Self.token))
    }

    @Test func C16_aMasterPassStartsNothing() {
        let info = IdTokenInfoType(status: .accepted)
        #expect(
            Transactions.tokenAuthorized(Self.token, info, isMasterPass: true, on: Self.evse())
                == .masterPassStartsNothing
        )
    }

    @Test func E03_anAcceptedTokenStartsASessionWithItsGroupOnAFreeEVSE() {
        let group = IdTokenType(idToken: "GROUP", type: .central)
        let accepted = IdTokenInfoType(status: .accepted, groupIdToken: group)
        #expect(
            Transactions.tokenAuthorized(Self.token, accepted, isMasterPass: false, on: Self.evse())
                == .start(SessionAuthorization(idToken: Self.token, groupIdToken: group))
        )
        let taken = Self.evse(authorized: true)
        #expect(Transactions.tokenAuthorized(Self.token, accepted, isMasterPass: false, on: taken) == .evseTaken)
        #expect(Transactions.tokenAuthorized(Self.token, accepted, isMasterPass: false, on: nil) == .evseTaken)
    }

    @Test func C01_aTokenNotAcceptedStartsNothing() {
        let blocked = IdTokenInfoType(status: .blocked)
        #expect(
            Transactions.tokenAuthorized(Self.token, blocked, isMasterPass: false, on: Self.evse())
                == .notAccepted(.blocked)
        )
    }

    @Test func E12_aTransactionARestartInterruptedEndsWithPowerLoss() {
        #expect(
            Transactions.interruptedEnd
                == Event(
                    eventType: .ended,
                    triggerReason: .abnormalCondition,
                    chargingState: .idle,
                    stoppedReason: .powerLoss
                )
        )
    }
}
