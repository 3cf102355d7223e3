import Foundation
import HAL
import HALSimulated
import OCPP
import Testing

@testable import ChargingStation

/// The vehicle side in `statusSnapshot()` (issue 14 item 5): pilot state, cable, last token, masked.
@Suite(.timeLimit(.minutes(1)))
struct StatusSnapshotVehicleTests {
    @Test("before any pilot report or card: no pilot state, no cable, no last token")
    func nothingKnownYet() async {
        let h = StationHarness()
        defer { h.stop() }
        let snapshot = await h.station.statusSnapshot()
        #expect(snapshot.lastToken == nil)
        #expect(snapshot.evses.allSatisfy { $0.cable == nil })
    }

    @Test("a charging session shows pilot C, the tethered cable, the offered current and the card masked")
    func chargingSessionShowsTheVehicleSide() async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await TransactionTests.chargingSession(h, start: "EVConnected")
        let snapshot = await h.station.statusSnapshot()
        let evse = try #require(snapshot.evses.first { $0.id == 1 })
        #expect(evse.pilotState == .c)
        #expect(evse.cable == .tethered)
        #expect((evse.offeredCurrentA ?? 0) >= 6)
        #expect(snapshot.evses.first { $0.id == 2 }?.pilotState == .a)
        let token = try #require(snapshot.lastToken)
        #expect(token.type == .iso14443)
        #expect(token.maskedId == "…C4")
        #expect(!token.maskedId.contains(TransactionTests.card.id))
    }

    @Test("a cable rated below 6 A is shown unusable, with why")
    func cableBelowSixAmps() {
        #expect(
            ChargingStation.cableRating(.rated(5))
                == .unusable("cable rated 5.0 A, below the 6.0 A minimum of IEC 61851-1")
        )
        #expect(ChargingStation.cableRating(.rated(20)) == .rated(20))
        #expect(ChargingStation.cableRating(.tethered) == .tethered)
        if case .unusable(let why) = ChargingStation.cableRating(.unreadable("PP 150 ohm matches no coding")) {
            #expect(why.contains("PP 150 ohm"))
        } else {
            Issue.record("an unreadable PP is not unusable")
        }
    }

    @Test(
        "token ids are masked: first four and last two of a long id, last two of a short one, never whole",
        arguments: [
            ("04A2B3C4D5E67F", "04A2…7F"), ("0123456789", "0123…89"), ("04A2B3C4", "…C4"), ("AB", "…"),
            ("", "…"),
        ]
    )
    func masking(id: String, masked: String) {
        let token = PresentedToken(id: id, type: .iso14443)
        #expect(token.maskedId == masked)
        if id.count > 2 { #expect(!token.maskedId.contains(id)) }
    }
}
