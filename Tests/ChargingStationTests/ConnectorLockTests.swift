import Foundation
import HAL
import HALSimulated
import OCPP
import Testing

@testable import ChargingStation

/// A socket outlet's connector lock under the safety rules (issue 14 item 3): locked before the contactor
/// closes, no energy without a confirmed lock, released at the end. The simulated lock (HALSimulated) stands in
/// for the GPIO one, which HALGPIOTests drive on the fake chip.
@Suite struct ConnectorLockTests {
    typealias SessionCSMS = TransactionTests.SessionCSMS

    static func socketOutlet() -> StationHarness {
        StationHarness(evse: SimulatedEVSE.Configuration(hasLock: true))
    }

    @Test func lockedBeforeEnergyAndReleasedWhenTheSessionEnds() async throws {
        let h = Self.socketOutlet()
        defer { h.stop() }
        let lock = try #require(h.simulation[evse: 1].lock)
        #expect(lock.position == .unlocked)
        let csms = try await SafetyTests.charging(h)
        #expect(lock.position == .locked)
        #expect(try await h.simulation[evse: 1].contactor.feedback() == .closed)

        h.simulation.tokenReader.present(TransactionTests.card)  // the driver stops the session
        _ = try await csms.acceptEvents { $0.eventType == .ended }
        #expect(
            await h.until("the contactor of EVSE 1 open and idle") {
                $0.evseStates[1]?.transaction.facts.powerPathClosed == false
                    && $0.evseStates[1]?.contactor.commandsInFlight == 0
            }
        )
        #expect(lock.position == .unlocked, "the cable is released once the session ended")
        #expect(await h.station.availability.status(evseId: 1) != .faulted)
    }

    @Test func G05_aLockThatDoesNotConfirmMeansNoEnergyAndAFaultedEVSE() async throws {
        let h = Self.socketOutlet()
        defer { h.stop() }
        let lock = try #require(h.simulation[evse: 1].lock)
        lock.injectFault(.stuckUnlocked)
        let csms = try await TransactionTests.pluggedIn(h)
        h.simulation.tokenReader.present(TransactionTests.card)
        _ = try await csms.acceptEvents { $0.triggerReason == .authorized }
        await TransactionTests.advance(h, seconds: 5)
        #expect(await h.until("EVSE 1 Faulted") { $0.availability.status(evseId: 1) == .faulted })
        #expect(await h.station.availability.hasFault(evseId: 1, .connectorLock))
        #expect(try await h.simulation[evse: 1].contactor.feedback() == .open, "no energy without a lock")
        #expect(h.simulation[evse: 1].ev.power == 0)
        #expect(lock.position == .unlocked, "driven open again, so the plug can be pushed in properly")
    }

    @Test func aLockFaultClearsWhenTheCableComesOutForANewAttempt() async throws {
        let h = Self.socketOutlet()
        defer { h.stop() }
        let lock = try #require(h.simulation[evse: 1].lock)
        lock.injectFault(.stuckUnlocked)
        let csms = try await TransactionTests.pluggedIn(h)
        h.simulation.tokenReader.present(TransactionTests.card)
        _ = try await csms.acceptEvents { $0.triggerReason == .authorized }
        await TransactionTests.advance(h, seconds: 5)
        #expect(await h.until("the lock fault") { $0.availability.hasFault(evseId: 1, .connectorLock) })

        lock.clearFault()
        h.simulation[evse: 1].ev.unplug()
        _ = try await csms.acceptEvents { $0.eventType == .ended }
        #expect(await h.until("the lock fault cleared") { !$0.availability.hasFault(evseId: 1, .connectorLock) })
        #expect(await h.station.availability.status(evseId: 1) == .available)
    }

    @Test func E09_theCableUnpluggedAtTheVehicleIsReleased() async throws {
        let h = Self.socketOutlet()
        defer { h.stop() }
        let lock = try #require(h.simulation[evse: 1].lock)
        let csms = try await SafetyTests.charging(h)
        #expect(lock.position == .locked)
        h.simulation[evse: 1].ev.unplug()
        _ = try await csms.acceptEvents { $0.eventType == .ended }
        #expect(await h.until("the lock released") { _ in lock.position == .unlocked })
    }

    @Test func aTetheredCableHasNoLockAndChargesAsBefore() async throws {
        let h = StationHarness()
        defer { h.stop() }
        #expect(h.simulation[evse: 1].lock == nil)
        _ = try await SafetyTests.charging(h)
        #expect(try await h.simulation[evse: 1].contactor.feedback() == .closed)
    }
}
