import HAL
import HALLinux
import OCPPTestSupport
import Testing

/// IEC 61851-1 pilot bands and PP codings, read through the fake sysfs tree (raw IIO counts written by the
/// test, converted by the board's front-end data), plus the pure classification at the exact edges.
@Suite("Pilot HAT thresholds on a fake sysfs tree: Table A.4 bands, Table B.2 PP codings")
struct PilotHATThresholdTests {
    /// Every band edge, the edge itself and 0.01 V either side: inside a band is that state, outside is
    /// between bands (nil: a fault, here with no debounce).
    static let edges: [(volts: Double, state: ControlPilotState?)] = [
        (13.01, nil), (13.0, .a), (12.99, .a), (12.0, .a), (11.01, .a), (11.0, .a), (10.99, nil),
        (10.01, nil), (10.0, .b), (9.99, .b), (9.0, .b), (8.01, .b), (8.0, .b), (7.99, nil),
        (7.01, nil), (7.0, .c), (6.99, .c), (6.0, .c), (5.01, .c), (5.0, .c), (4.99, nil),
        (4.01, nil), (4.0, .d), (3.99, .d), (3.0, .d), (2.01, .d), (2.0, .d), (1.99, nil),
        (1.01, nil), (1.0, .e), (0.99, .e), (0.0, .e), (-0.99, .e), (-1.0, .e), (-1.01, nil),
        (-10.99, nil), (-11.0, .f), (-11.01, .f), (-12.0, .f), (-12.99, .f), (-13.0, .f), (-13.01, nil),
    ]

    @Test(
        "Each band edge read through IIO: in the band is the state, 0.01 V outside is a pilot fault",
        arguments: edges
    )
    func bandEdgeThroughIIO(volts: Double, state: ControlPilotState?) async throws {
        let tree = FakeSysfsTree()
        let board = try PilotHATBoard(configuration: tree.configuration(debounce: .zero), clock: ManualClock())
        tree.setPilot(positive: volts, negative: volts)
        board.sample(at: .milliseconds(10))
        if let state {
            #expect(try await board.pilotState() == state)
        } else {
            await #expect(throws: EVSEBoardError.self) { try await board.pilotState() }
        }
    }

    @Test("The negative half-wave check while the PWM runs accepts -11 to -13 V only")
    func negativeHalfWaveEdges() {
        for negative in [-11.0, -12.0, -13.0] {
            #expect(PilotHATLevels.classify(positive: 6, negative: negative, pwmRunning: true) == .state(.c))
        }
        for negative in [-10.99, -13.01, -6, 0, 6] {
            guard case .invalid(let reason) = PilotHATLevels.classify(positive: 6, negative: negative, pwmRunning: true)
            else {
                Issue.record("negative peak \(negative) V passed the diode check")
                continue
            }
            #expect(reason.contains("diode"))
        }
        // A shorted pilot (E) and the EVSE's own -12 V (F) have no vehicle diode to check.
        #expect(PilotHATLevels.classify(positive: 0, negative: 0, pwmRunning: true) == .state(.e))
        #expect(PilotHATLevels.classify(positive: -12, negative: -12, pwmRunning: true) == .state(.f))
    }

    // MARK: PP

    @Test(
        "PP through IIO: nominal coding resistors give 13/20/32/63 A, an open contact no cable",
        arguments: [(1500.0, 13.0), (680, 20), (220, 32), (100, 63)]
    )
    func proximityThroughIIO(ohm: Double, amps: Double) async throws {
        let tree = FakeSysfsTree()
        let board = try PilotHATBoard(configuration: tree.configuration(), clock: ManualClock())
        #expect(try await board.proximityCurrentLimit == nil)  // 3.3 V: nothing on PP
        tree.setPP(ohm: ohm)
        #expect(try await board.proximityCurrentLimit == amps)
    }

    @Test("PP between codings (a 400 Ω or 1 kΩ resistor) matches no cable and is a pilot fault naming the resistance")
    func proximityBetweenCodings() async throws {
        let tree = FakeSysfsTree()
        let board = try PilotHATBoard(configuration: tree.configuration(), clock: ManualClock())
        for ohm in [400.0, 1000] {
            tree.setPP(ohm: ohm)
            await #expect {
                _ = try await board.proximityCurrentLimit
            } throws: { error in
                guard case .pilotFault(let reason) = error as? EVSEBoardError else { return false }
                return reason.contains("\(Int(ohm)) Ω")
            }
        }
    }

    @Test("A tethered cable has no PP channel: no rating from the board")
    func tethered() async throws {
        let tree = FakeSysfsTree()
        let board = try PilotHATBoard(configuration: tree.configuration(proximity: false), clock: ManualClock())
        tree.setPP(ohm: 220)
        #expect(try await board.proximityCurrentLimit == nil)
    }

    @Test("PP band edges: Rc ±3 % widened by the board's 10 % measurement tolerance, and nothing just beyond")
    func proximityBandEdges() {
        for rating in PilotHATProximity.ratings {
            let band = PilotHATProximity.band(of: rating, measurementTolerance: 0.10)
            #expect(band.lowerBound == rating.nominalOhm * 0.97 * 0.9)
            #expect(band.upperBound == rating.nominalOhm * 1.03 * 1.1)
            // A hair inside each edge: the divider round trip is not exact to the last bit.
            for ohm in [band.lowerBound * 1.0001, rating.nominalOhm, band.upperBound * 0.9999] {
                let volts = 3.3 * ohm / (1000 + ohm)
                let reading = PilotHATProximity.reading(
                    ppVolts: volts,
                    pullUpOhm: 1000,
                    pullUpV: 3.3,
                    measurementTolerance: 0.10
                )
                guard case .cable(let amps, _) = reading else {
                    Issue.record("\(ohm) Ω read as \(reading)")
                    continue
                }
                #expect(amps == rating.amps)
            }
            for ohm in [band.lowerBound * 0.99, band.upperBound * 1.01] {
                let volts = 3.3 * ohm / (1000 + ohm)
                let reading = PilotHATProximity.reading(
                    ppVolts: volts,
                    pullUpOhm: 1000,
                    pullUpV: 3.3,
                    measurementTolerance: 0.10
                )
                guard case .invalid = reading else {
                    Issue.record("\(ohm) Ω just outside the \(rating.amps) A band read as \(reading)")
                    continue
                }
            }
        }
        #expect(
            PilotHATProximity.reading(ppVolts: 3.3, pullUpOhm: 1000, pullUpV: 3.3, measurementTolerance: 0.1)
                == .noCable
        )
        guard
            case .invalid = PilotHATProximity.reading(
                ppVolts: 4,
                pullUpOhm: 1000,
                pullUpV: 3.3,
                measurementTolerance: 0.1
            )
        else {
            Issue.record("4 V on a 3.3 V pull-up passed")
            return
        }
    }
}
