import Foundation
import HAL
import OCPP
import Testing

@testable import ChargingStation

/// The MeterValues block's decisions as plain functions, no actor: which values are taken when, what they
/// carry, and where they go (J01 clock-aligned, J02 sampled).
@Suite struct MeterValuesDecisionTests {
    typealias Event = EVSETransactionMachine.Event

    /// 2025-11-25 07:45:00 UTC: 27,900 s since midnight, a multiple of 60 and of 900.
    static let boundary = Date(timeIntervalSince1970: 1_764_056_700)
    static let measurands = MeterValues.Measurands(
        txStarted: [.energyActiveImportRegister],
        txUpdated: [.energyActiveImportRegister, .powerActiveImport],
        txEnded: [.energyActiveImportRegister, .currentImport],
        aligned: [.energyActiveImportRegister],
        alignedTxEnded: [.energyActiveImportRegister, .voltage]
    )

    static func reading(_ wh: Double, power: Double = 7_000) -> MeterReading {
        MeterReading(
            energyImport: wh,
            energyExport: 3,
            activePower: power,
            voltage: PhaseValues(l1: 230, l2: 231, l3: 229),
            current: PhaseValues(l1: 10),
            timestamp: boundary
        )
    }

    static func evse(
        _ id: Int,
        inTransaction: Bool = false,
        wh: Double? = 1_500,
        sent: Double? = nil,
        samples: [MeterValueType] = []
    ) -> MeterValues.EVSE {
        MeterValues.EVSE(
            id: id,
            inTransaction: inTransaction,
            reading: wh.map { reading($0) },
            sentEnergyImport: sent,
            txEndedSamples: samples
        )
    }

    static func context(
        _ evses: [MeterValues.EVSE],
        updated: Duration = .seconds(60),
        ended: Duration = .zero,
        aligned: Duration = .seconds(900),
        alignedEnded: Duration = .zero,
        maySend: Bool = true,
        now: Date = boundary
    ) -> MeterValues.Context {
        MeterValues.Context(
            evses: evses,
            measurands: measurands,
            txUpdatedInterval: updated,
            txEndedInterval: ended,
            alignedInterval: aligned,
            alignedTxEndedInterval: alignedEnded,
            maySendMeterValues: maySend,
            now: now
        )
    }

    static func energy(_ wh: Double, _ context: ReadingContextEnumType) -> SampledValueType {
        SampledValueType(
            value: wh,
            context: context,
            measurand: .energyActiveImportRegister,
            location: .outlet,
            unitOfMeasure: UnitOfMeasureType(unit: "Wh")
        )
    }

    // MARK: what a value carries

    @Test func J02_aValueCarriesTheConfiguredMeasurandsTheMeterSupplies() throws {
        let value = try #require(
            MeterValues.meterValue(
                Self.reading(1_500),
                energyImport: 1_500,
                context: .samplePeriodic,
                measurands: [.energyActiveImportRegister, .energyActiveExportRegister, .currentImport, .frequency],
                at: Self.boundary
            )
        )
        #expect(value.timestamp == Self.boundary)
        #expect(
            value.sampledValue == [
                Self.energy(1_500, .samplePeriodic),
                SampledValueType(
                    value: 3,
                    context: .samplePeriodic,
                    measurand: .energyActiveExportRegister,
                    unitOfMeasure: UnitOfMeasureType(unit: "Wh")
                ),
                SampledValueType(
                    value: 10,
                    context: .samplePeriodic,
                    measurand: .currentImport,
                    phase: .l1,
                    unitOfMeasure: UnitOfMeasureType(unit: "A")
                ),
            ],
            "one current per phase the meter reports; no frequency from a meter without one"
        )
    }

    @Test func J02_theRegisterAloneWhenNoMeasurandIsConfigured() {
        let value = MeterValues.meterValue(
            Self.reading(1_500),
            energyImport: 1_500,
            context: .trigger,
            measurands: [],
            at: Self.boundary
        )
        #expect(value?.sampledValue == [Self.energy(1_500, .trigger)])
        let none = MeterValues.meterValue(
            Self.reading(1_500),
            energyImport: 1_500,
            context: .trigger,
            measurands: [.frequency, .soC],
            at: Self.boundary
        )
        #expect(none == nil, "no value when the meter supplies none of the measurands")
    }

    @Test func J02_theRegisterReportedIsNeverBelowTheOneSent() {
        #expect(MeterValues.reportableEnergyImport(read: 100, sent: 5_000) == 5_000)
        #expect(MeterValues.reportableEnergyImport(read: 6_000, sent: 5_000) == 6_000)
        #expect(MeterValues.reportableEnergyImport(read: nil, sent: 5_000) == 5_000)
        #expect(MeterValues.reportableEnergyImport(read: 100, sent: nil) == 100)
        let value = MeterValues.meterValue(
            of: Self.evse(1, inTransaction: true, wh: 100, sent: 5_000),
            context: .trigger,
            measurands: [.energyActiveImportRegister],
            at: Self.boundary
        )
        #expect(value?.sampledValue == [Self.energy(5_000, .trigger)])
    }

    // MARK: sampled values (J02)

    @Test func J02_sampledIntervalsStartWithTheTransaction() {
        let actions = MeterValues.transactionStarted(
            evseId: 2,
            in: Self.context([Self.evse(2)], updated: .seconds(60), ended: .seconds(300))
        )
        #expect(
            actions == [
                .keepForEnded(evseId: 2, []),
                .timer(.schedule(.sampledMeterValues(evseId: 2), after: .seconds(60), repeating: .seconds(60))),
                .timer(.schedule(.sampledTxEndedValues(evseId: 2), after: .seconds(300), repeating: .seconds(300))),
            ]
        )
        let off = MeterValues.transactionStarted(evseId: 2, in: Self.context([Self.evse(2)], updated: .zero))
        #expect(off == [.keepForEnded(evseId: 2, [])], "an interval of zero turns its values off")
    }

    @Test func J02_sampledIntervalsStopWithTheTransaction() {
        #expect(
            MeterValues.transactionEnded(evseId: 2) == [
                .keepForEnded(evseId: 2, []),
                .timer(.cancel(.sampledMeterValues(evseId: 2))),
                .timer(.cancel(.sampledTxEndedValues(evseId: 2))),
            ]
        )
    }

    @Test func TC_J_09_CS_txUpdatedIntervalRecordsAPeriodicUpdatedEvent() {
        let running = Self.context([Self.evse(2, inTransaction: true)])
        #expect(
            MeterValues.txUpdatedIntervalElapsed(evseId: 2, in: running) == [
                .recordTransactionEvent(
                    evseId: 2,
                    Event(eventType: .updated, triggerReason: .meterValuePeriodic)
                )
            ]
        )
        #expect(MeterValues.txUpdatedIntervalElapsed(evseId: 2, in: Self.context([Self.evse(2)])) == [])
    }

    @Test func TC_J_10_CS_txEndedIntervalKeepsASamplePeriodicValueForTheEndedEvent() throws {
        let earlier = MeterValueType(sampledValue: [Self.energy(1_000, .samplePeriodic)], timestamp: Self.boundary)
        let evse = Self.evse(2, inTransaction: true, wh: 1_500, samples: [earlier])
        let actions = MeterValues.txEndedIntervalElapsed(evseId: 2, in: Self.context([evse]))
        let expected = MeterValueType(
            sampledValue: [
                Self.energy(1_500, .samplePeriodic),
                SampledValueType(
                    value: 10,
                    context: .samplePeriodic,
                    measurand: .currentImport,
                    phase: .l1,
                    unitOfMeasure: UnitOfMeasureType(unit: "A")
                ),
            ],
            timestamp: Self.boundary
        )
        #expect(actions == [.keepForEnded(evseId: 2, [earlier, expected])])
        #expect(MeterValues.txEndedIntervalElapsed(evseId: 2, in: Self.context([Self.evse(2)])) == [])
        let unread = Self.evse(2, inTransaction: true, wh: nil)
        #expect(MeterValues.txEndedIntervalElapsed(evseId: 2, in: Self.context([unread])) == [])
    }

    @Test func J02_aLongSessionKeepsOnlyTheNewestValuesForItsEndedEvent() {
        let samples = (0..<MeterValues.maximumTxEndedSamples).map {
            MeterValueType(sampledValue: [Self.energy(Double($0), .samplePeriodic)], timestamp: Self.boundary)
        }
        let next = MeterValueType(sampledValue: [Self.energy(999, .samplePeriodic)], timestamp: Self.boundary)
        let kept = MeterValues.keeping(next, after: samples)
        #expect(kept.count == MeterValues.maximumTxEndedSamples)
        #expect(kept.first == samples[1], "the oldest goes first")
        #expect(kept.last == next)
    }

    // MARK: clock-aligned values (J01)

    @Test func J01_theNextBoundaryIsAMultipleOfTheIntervalSinceMidnight() {
        let context = Self.context([], aligned: .seconds(900), now: Self.boundary.addingTimeInterval(-60))
        #expect(MeterValues.nextAlignedBoundary(in: context) == .seconds(60))
        let both = Self.context(
            [],
            aligned: .seconds(900),
            alignedEnded: .seconds(120),
            now: Self.boundary.addingTimeInterval(-100)
        )
        #expect(MeterValues.nextAlignedBoundary(in: both) == .seconds(40), "the earlier of the two intervals")
        let off = Self.context([], aligned: .zero, now: Self.boundary)
        #expect(MeterValues.nextAlignedBoundary(in: off) == .seconds(60), "both off: look again in a minute")
    }

    @Test func TC_J_01_CS_clockAlignedMeterValuesForAnEVSEWithoutATransaction() {
        let actions = MeterValues.alignedTimerFired(in: Self.context([Self.evse(1), Self.evse(2, wh: nil)]))
        let value = MeterValueType(sampledValue: [Self.energy(1_500, .sampleClock)], timestamp: Self.boundary)
        #expect(
            actions == [
                .sendMeterValues(MeterValuesRequest(evseId: 1, meterValue: [value])),
                .timer(.schedule(.clockAlignedMeterValues, after: .seconds(900))),
            ],
            "no reading on EVSE 2, no value"
        )
        let offline = MeterValues.alignedTimerFired(in: Self.context([Self.evse(1)], maySend: false))
        #expect(offline == [.timer(.schedule(.clockAlignedMeterValues, after: .seconds(900)))])
    }

    @Test func TC_J_02_CS_clockAlignedValueGoesInAnUpdatedEventDuringATransaction() {
        let actions = MeterValues.alignedTimerFired(in: Self.context([Self.evse(1, inTransaction: true)]))
        #expect(
            actions == [
                .recordTransactionEvent(evseId: 1, Event(eventType: .updated, triggerReason: .meterValueClock)),
                .timer(.schedule(.clockAlignedMeterValues, after: .seconds(900))),
            ]
        )
    }

    @Test func TC_J_03_CS_alignedTxEndedBoundaryKeepsAValueForTheEndedEvent() {
        let evses = [Self.evse(1, inTransaction: true, wh: 1_500, sent: 1_600), Self.evse(2)]
        let actions = MeterValues.alignedTimerFired(
            in: Self.context(evses, aligned: .zero, alignedEnded: .seconds(60))
        )
        let voltages = zip([PhaseEnumType.l1N, .l2N, .l3N], [230.0, 231, 229]).map {
            SampledValueType(
                value: $1,
                context: .sampleClock,
                measurand: .voltage,
                phase: $0,
                unitOfMeasure: UnitOfMeasureType(unit: "V")
            )
        }
        let value = MeterValueType(
            sampledValue: [Self.energy(1_600, .sampleClock)] + voltages,
            timestamp: Self.boundary
        )
        #expect(
            actions == [
                .keepForEnded(evseId: 1, [value]),
                .timer(.schedule(.clockAlignedMeterValues, after: .seconds(60))),
            ]
        )
    }

    @Test func J01_betweenBoundariesOnlyTheNextOneIsSet() {
        let context = Self.context(
            [Self.evse(1, inTransaction: true), Self.evse(2)],
            now: Self.boundary.addingTimeInterval(-60)
        )
        #expect(
            MeterValues.alignedTimerFired(in: context) == [
                .timer(.schedule(.clockAlignedMeterValues, after: .seconds(60)))
            ]
        )
    }

    // MARK: the meters

    @Test func E01_energyTransferFollowsActivePowerAboveTheNoise() {
        let idle = Self.evse(1)
        #expect(MeterValues.meterRead(Self.reading(1_500, power: 7_000), by: idle) == [.energyFlowing(evseId: 1, true)])
        #expect(MeterValues.meterRead(Self.reading(1_500, power: 20), by: idle) == [], "a few W of noise is no flow")
        var flowing = idle
        flowing.energyFlowing = true
        #expect(MeterValues.meterRead(Self.reading(1_500, power: 7_000), by: flowing) == [])
        #expect(MeterValues.meterRead(Self.reading(1_500, power: 0), by: flowing) == [.energyFlowing(evseId: 1, false)])
    }

    @Test func aMeterThatStopsAnsweringFaultsItsEVSEOnceUntilItAnswersAgain() {
        let evse = Self.evse(1)
        #expect(MeterValues.meterFailed("CRC", by: evse) == [.raiseMeterFault(evseId: 1, error: "CRC")])
        var faulted = evse
        faulted.meterFaulted = true
        #expect(MeterValues.meterFailed("CRC", by: faulted) == [], "raised once")
        #expect(MeterValues.meterRead(Self.reading(1_500, power: 0), by: faulted) == [.clearMeterFault(evseId: 1)])
    }
}
