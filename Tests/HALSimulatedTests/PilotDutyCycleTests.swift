import HAL
import Testing

@Suite("IEC 61851-1 PWM duty cycle")
struct PilotDutyCycleTests {
    @Test(
        "currents map to the duty cycles of IEC 61851-1 table A.7",
        arguments: [(6.0, 10.0), (16, 26.666_667), (32, 53.333_333), (51, 85), (63, 89.2), (80, 96)]
    )
    func dutyCycleForCurrent(amps: Double, percent: Double) throws {
        #expect(approximately(try PilotDutyCycle.percent(forCurrent: amps), percent, tolerance: 1e-5))
    }

    @Test(
        "currents below 6 A, above 80 A, or not numbers are rejected",
        arguments: [0, 5.9, -16, 80.1, .nan, .infinity]
    )
    func invalidCurrents(amps: Double) {
        #expect {
            _ = try PilotDutyCycle.percent(forCurrent: amps)
        } throws: { error in
            guard case .currentOutOfRange = error as? PilotDutyCycleError else { return false }
            return true
        }
    }

    @Test(
        "the inverse reads the current a vehicle sees",
        arguments: [(10.0, 6.0), (26.666_667, 16), (85, 51), (96, 80)]
    )
    func currentForDutyCycle(percent: Double, amps: Double) throws {
        #expect(approximately(try PilotDutyCycle.current(forPercent: percent), amps, tolerance: 1e-5))
    }

    @Test("the vehicle-side tolerance bands read as 6 A and 80 A")
    func toleranceBands() throws {
        #expect(try PilotDutyCycle.current(forPercent: 8.5) == 6)
        #expect(try PilotDutyCycle.current(forPercent: 96.5) == 80)
    }

    @Test("5 %, 100 % and other duty cycles announce no current", arguments: [0, 5, 7.9, 97.1, 100, .nan])
    func invalidDutyCycles(percent: Double) {
        #expect(throws: PilotDutyCycleError.self) { _ = try PilotDutyCycle.current(forPercent: percent) }
    }

    @Test("every whole ampere round-trips, except the standard's seam just above 51 A")
    func roundTrip() throws {
        for amps in Array(6...51) + Array(53...80) {
            let percent = try PilotDutyCycle.percent(forCurrent: Double(amps))
            #expect(approximately(try PilotDutyCycle.current(forPercent: percent), Double(amps), tolerance: 1e-9))
        }
    }

    @Test("pilot states know whether a vehicle is there and asks for energy")
    func pilotStateProperties() {
        #expect(ControlPilotState.allCases.filter(\.isVehicleConnected) == [.b, .c, .d])
        #expect(ControlPilotState.allCases.filter(\.isEnergyRequested) == [.c, .d])
        #expect(ControlPilotState.allCases.map(\.nominalVoltage) == [12, 9, 6, 3, 0, -12])
    }
}
