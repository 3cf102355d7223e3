import Foundation
import HAL
import OCPP
import StationStore
import Testing

@testable import ChargingStation

/// The `AvailabilityModel` value type alone: events in, actions out, no station or link.
@Suite struct AvailabilityModelTests {
    static let t0 = Date(timeIntervalSince1970: 1_700_000_000)

    private func reports(_ actions: [AvailabilityModel.Action]) -> [String] {
        actions.compactMap {
            guard case .report(let report) = $0 else { return nil }
            return "\(report.connector):\(report.status.rawValue)"
        }
    }

    @Test func plugStatesFollowIEC61851() {
        var model = AvailabilityModel(evseIds: [1, 2])
        #expect(reports(model.pilotChanged(evseId: 1, to: .b, at: Self.t0)) == ["1/1:Occupied"])
        #expect(reports(model.pilotChanged(evseId: 1, to: .c, at: Self.t0)).isEmpty)
        // F is driven by the EVSE itself: the plug state stays as it was.
        #expect(reports(model.pilotChanged(evseId: 1, to: .f, at: Self.t0)).isEmpty)
        #expect(reports(model.pilotChanged(evseId: 1, to: .e, at: Self.t0)) == ["1/1:Faulted"])
        #expect(reports(model.pilotChanged(evseId: 1, to: .a, at: Self.t0)) == ["1/1:Available"])
        #expect(reports(model.pilotChanged(evseId: 9, to: .b, at: Self.t0)).isEmpty)
    }

    @Test func aMaintenanceHoldIsUnavailableWithoutEnergyAndEndsWhereItWas() {
        var model = AvailabilityModel(evseIds: [1, 2])
        #expect(model.mayDeliverEnergy(evseId: 1))
        #expect(reports(model.maintenanceChanged(evseId: 1, active: true, at: Self.t0)) == ["1/1:Unavailable"])
        #expect(!model.mayDeliverEnergy(evseId: 1) && model.mayDeliverEnergy(evseId: 2))
        #expect(model.isInMaintenance(evseId: 1))
        // A vehicle plugged in meanwhile does not show through the hold, nor does a transaction.
        #expect(reports(model.pilotChanged(evseId: 1, to: .b, at: Self.t0)).isEmpty)
        #expect(reports(model.transactionStarted(evseId: 1, at: Self.t0)).isEmpty)
        #expect(!model.mayDeliverEnergy(evseId: 1), "no energy during the hold, even for a transaction")
        // A fault still wins.
        #expect(reports(model.pilotChanged(evseId: 1, to: .e, at: Self.t0)) == ["1/1:Faulted"])
        _ = model.pilotChanged(evseId: 1, to: .b, at: Self.t0)
        #expect(reports(model.maintenanceChanged(evseId: 1, active: false, at: Self.t0)) == ["1/1:Occupied"])
        #expect(model.mayDeliverEnergy(evseId: 1))
    }

    @Test func mostRestrictiveOperationalStatusWins() {
        var model = AvailabilityModel(evseIds: [1, 2])
        let evse1 = ChangeAvailabilityRequest(evse: EVSEType(id: 1), operationalStatus: .inoperative)
        let (status, actions) = model.changeAvailability(evse1, at: Self.t0)
        #expect(status == .accepted)
        #expect(actions.contains(.persist(.inoperative, .evse(1))))
        #expect(reports(actions) == ["1/1:Unavailable"])
        // Station Inoperative then Operative: EVSE 1 keeps its own Inoperative.
        _ = model.changeAvailability(ChangeAvailabilityRequest(operationalStatus: .inoperative), at: Self.t0)
        let (_, back) = model.changeAvailability(ChangeAvailabilityRequest(operationalStatus: .operative), at: Self.t0)
        #expect(reports(back) == ["2/1:Available"])
        #expect(model.status(evseId: 1) == .unavailable)
    }

    @Test func unchangedRequestPersistsAndReportsNothing() {
        var model = AvailabilityModel(evseIds: [1])
        let (status, actions) = model.changeAvailability(
            ChangeAvailabilityRequest(evse: EVSEType(id: 1, connectorId: 1), operationalStatus: .operative),
            at: Self.t0
        )
        #expect(status == .accepted)
        #expect(actions.isEmpty)
    }

    @Test func unknownTargetsAreRejected() {
        var model = AvailabilityModel(evseIds: [1])
        let unknownEVSE = ChangeAvailabilityRequest(evse: EVSEType(id: 2), operationalStatus: .inoperative)
        let unknownConnector = ChangeAvailabilityRequest(
            evse: EVSEType(id: 1, connectorId: 2),
            operationalStatus: .inoperative
        )
        #expect(model.changeAvailability(unknownEVSE, at: Self.t0).0 == .rejected)
        #expect(model.changeAvailability(unknownConnector, at: Self.t0).0 == .rejected)
        #expect(model.status(evseId: 1) == .available)
    }

    @Test func inoperativeIsScheduledUntilTheTransactionEnds() {
        var model = AvailabilityModel(evseIds: [1, 2])
        _ = model.pilotChanged(evseId: 1, to: .c, at: Self.t0)
        #expect(reports(model.transactionStarted(evseId: 1, at: Self.t0)).isEmpty)
        #expect(model.hasTransaction(evseId: 1))
        let (status, actions) = model.changeAvailability(
            ChangeAvailabilityRequest(operationalStatus: .inoperative),
            at: Self.t0
        )
        #expect(status == .scheduled)
        #expect(reports(actions) == ["2/1:Unavailable"])
        #expect(reports(model.transactionEnded(evseId: 1, at: Self.t0)) == ["1/1:Unavailable"])
        #expect(!model.hasTransaction(evseId: 1))
    }

    @Test func emergencyStopAndFaultsWinOverEverything() {
        var model = AvailabilityModel(evseIds: [1, 2])
        _ = model.changeAvailability(ChangeAvailabilityRequest(operationalStatus: .inoperative), at: Self.t0)
        #expect(reports(model.emergencyStopChanged(pressed: true, at: Self.t0)) == ["1/1:Faulted", "2/1:Faulted"])
        #expect(
            reports(model.emergencyStopChanged(pressed: false, at: Self.t0)) == ["1/1:Unavailable", "2/1:Unavailable"]
        )
        _ = model.changeAvailability(ChangeAvailabilityRequest(operationalStatus: .operative), at: Self.t0)
        #expect(reports(model.faultChanged(evseId: 2, .contactorWelded, active: true, at: Self.t0)) == ["2/1:Faulted"])
        #expect(
            reports(model.faultChanged(evseId: 2, .contactorWelded, active: false, at: Self.t0)) == ["2/1:Available"]
        )
    }

    @Test func restoreAppliesStoredStatesSilently() {
        var model = AvailabilityModel(evseIds: [1, 2])
        model.restore([.connector(evseId: 2, connectorId: 1): .inoperative, .evse(7): .inoperative])
        #expect(model.status(evseId: 1) == .available)
        #expect(model.status(evseId: 2) == .unavailable)
        #expect(model.operationalStatus(of: .connector(evseId: 2, connectorId: 1)) == .inoperative)
    }

    @Test func firstResumeReportsAllLaterOnlyUnacknowledgedChanges() {
        var model = AvailabilityModel(evseIds: [1, 2])
        let first = model.resumed(at: Self.t0)
        #expect(reports(first) == ["1/1:Available", "2/1:Available"])
        for case .report(let report) in first { model.acknowledged(report) }
        // Offline: EVSE 2 plugged in, the report failed.
        _ = model.pilotChanged(evseId: 2, to: .b, at: Self.t0)
        #expect(reports(model.resumed(at: Self.t0)) == ["2/1:Occupied"])
    }

    @Test func outboxSendsOneAtATime() {
        var model = AvailabilityModel(evseIds: [1])
        let report = AvailabilityModel.Report(
            connector: .init(evseId: 1, connectorId: 1),
            status: .occupied,
            timestamp: Self.t0
        )
        let startsSending = model.enqueue(report)
        let startsAgain = model.enqueue(report)
        #expect(startsSending && !startsAgain)
        var next = model.nextToSend()
        #expect(next == report)
        model.sendingFailed()
        #expect(model.outbox.isEmpty && !model.isSending)
        _ = model.enqueue(report)
        next = model.nextToSend()
        #expect(next == report)
        next = model.nextToSend()
        #expect(next == nil)
        #expect(!model.isSending)
    }

    @Test func everyFaultHasAStatusNameAndContactorFaultsLatch() {
        typealias Fault = AvailabilityModel.Fault
        let names: [(Fault, String, Bool)] = [
            (.pilotError, "pilot-error", false),
            (.contactorWelded, "contactor-welded", true),
            (.contactorOpened, "contactor-opened", true),
            (.meterFailure, "meter-failure", false),
            (.contactor(.failedToClose), "contactor-failed-to-close", true),
            (.contactor(.driveFailure(reason: "EBUSY")), "contactor-drive-failure", true),
            (.contactor(.feedbackUnavailable(reason: "line 6")), "contactor-feedback-unavailable", true),
            (.other("store"), "store", false),
        ]
        for (fault, name, latches) in names {
            #expect(fault.name == name)
            #expect(fault.isContactorFault == latches, "\(name)")
        }
        var model = AvailabilityModel(evseIds: [1])
        _ = model.faultChanged(evseId: 1, .contactor(.failedToClose), active: true, at: Date())
        _ = model.faultChanged(evseId: 1, .meterFailure, active: true, at: Date())
        #expect(model.faults(evseId: 1) == [.contactor(.failedToClose), .meterFailure])
        _ = model.contactorFaultsCleared(evseId: 1, at: Date())
        #expect(model.faults(evseId: 1) == [.meterFailure])
    }
}
