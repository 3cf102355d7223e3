import Foundation
import HAL
import HALSimulated
import OCPP
import Testing

@testable import ChargingStation

/// The offered current (issue 14 item 4): the smallest of the EVSE's rating and the cable's PP rating; a cable
/// that cannot be used gets none. The simulated board (HALSimulated) stands in for the PP reading of the real
/// backends (Modbus controllers, the pilot HAT), whose own tests cover the reading itself.
@Suite struct OfferedCurrentTests {
    @Test func theSmallestOfTheEVSEAndTheCableRating() {
        #expect(OfferedCurrent.limit(ratedCurrent: 32, cable: .rated(20)) == 20)
        #expect(OfferedCurrent.limit(ratedCurrent: 32, cable: .rated(63)) == 32)
        #expect(OfferedCurrent.limit(ratedCurrent: 16, cable: .rated(32)) == 16)
        #expect(OfferedCurrent.limit(ratedCurrent: 32, cable: .rated(13)) == 13)
        #expect(OfferedCurrent.limit(ratedCurrent: 32, cable: .tethered) == 32)
        #expect(OfferedCurrent.limit(ratedCurrent: 32, cable: nil) == nil, "not read yet")
        #expect(OfferedCurrent.limit(ratedCurrent: 32, cable: .rated(6)) == 6)
    }

    @Test func neverMoreThanThePilotCanExpress() {
        // A 150 kW DC charger's rating is not a pilot current: the offer stays within the PWM's 80 A.
        #expect(OfferedCurrent.limit(ratedCurrent: 375, cable: .tethered) == 80)
        #expect(OfferedCurrent.limit(ratedCurrent: 125, cable: .rated(63)) == 63)
    }

    @Test func aCableBelowSixAmpsOrAnUnreadablePPGetsNothingAndSaysWhy() {
        #expect(OfferedCurrent.limit(ratedCurrent: 32, cable: .rated(5.9)) == nil)
        #expect(OfferedCurrent.problem(.rated(5.9)) == "cable rated 5.9 A, below the 6.0 A minimum of IEC 61851-1")
        let unreadable = OfferedCurrent.cable(fromProximity: .failure(.pilotFault(reason: "PP open")))
        #expect(OfferedCurrent.limit(ratedCurrent: 32, cable: unreadable) == nil)
        #expect(OfferedCurrent.problem(unreadable) == "cable rating unreadable: control pilot fault: PP open")
        #expect(OfferedCurrent.problem(.rated(20)) == nil)
        #expect(OfferedCurrent.problem(.tethered) == nil)
        #expect(OfferedCurrent.cable(fromProximity: .success(nil)) == .tethered)
        #expect(OfferedCurrent.cable(fromProximity: .success(20)) == .rated(20))
    }

    @Test func a20ACableCapsTheOfferOfA32AEVSE() async throws {
        let h = StationHarness(evse: SimulatedEVSE.Configuration(proximityCurrentLimit: 20))
        defer { h.stop() }
        _ = try await SafetyTests.charging(h)
        #expect(h.simulation[evse: 1].board.offeredCurrent == 20)
    }

    @Test func theBoardFileRatingCapsATetheredCable() async throws {
        let h = StationHarness(
            evseDescriptions: [1: EVSEDescription(connectorType: .cType2, phases: 1, maxCurrent: 16, maxPower: 3_680)]
        )
        defer { h.stop() }
        _ = try await SafetyTests.charging(h)
        #expect(h.simulation[evse: 1].board.offeredCurrent == 16)
    }

    @Test func anUnusableCableFaultsTheEVSEUntilItIsUnplugged() async throws {
        let h = StationHarness(evse: SimulatedEVSE.Configuration(proximityCurrentLimit: 5))
        defer { h.stop() }
        _ = try await TransactionTests.pluggedIn(h)
        #expect(await h.until("EVSE 1 Faulted") { $0.availability.hasFault(evseId: 1, .cableUnusable) })
        h.simulation.tokenReader.present(TransactionTests.card)
        await TransactionTests.advance(h, seconds: 3)
        #expect(await h.station.availability.status(evseId: 1) == .faulted)
        #expect(h.simulation[evse: 1].board.offeredCurrent == nil, "no current for a 5 A cable")
        #expect(try await h.simulation[evse: 1].contactor.feedback() == .open)

        h.simulation[evse: 1].ev.unplug()
        #expect(await h.until("the fault cleared") { !$0.availability.hasFault(evseId: 1, .cableUnusable) })
    }
}
