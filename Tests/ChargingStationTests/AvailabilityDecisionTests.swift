import Foundation
import HAL
import OCPP
import StationStore
import Testing

@testable import ChargingStation

/// The availability block's decisions (G01-G04, B01/B04) as plain functions: a context in, the answer and
/// the actions out, no actor.
@Suite struct AvailabilityDecisionTests {
    static let t0 = Date(timeIntervalSince1970: 1_764_056_344)

    static func context(_ model: AvailabilityModel = AvailabilityModel(evseIds: [1, 2])) -> Availability.Context {
        Availability.Context(model: model, now: t0, offlineThreshold: .seconds(60))
    }

    static func report(_ evseId: Int, _ status: ConnectorStatusEnumType) -> Availability.Action {
        .report(
            AvailabilityModel.Report(connector: .init(evseId: evseId, connectorId: 1), status: status, timestamp: t0)
        )
    }

    /// The state the actions hand over (nil when they keep the one in the context).
    static func updated(_ actions: [Availability.Action]) -> AvailabilityModel? {
        for case .update(let model) in actions { return model }
        return nil
    }

    static func change(
        _ status: OperationalStatusEnumType,
        evse: EVSEType? = nil,
        in context: Availability.Context = context()
    ) -> (ChangeAvailabilityStatusEnumType, [Availability.Action]) {
        let (response, actions) = Availability.changeAvailability(
            ChangeAvailabilityRequest(evse: evse, operationalStatus: status),
            in: context
        )
        return (response.status, actions)
    }

    // MARK: ChangeAvailability

    @Test func TC_G_03_CS_evseInoperativeIsStoredFirstThenReported() throws {
        let (status, actions) = Self.change(.inoperative, evse: EVSEType(id: 1))
        #expect(status == .accepted)
        let model = try #require(Self.updated(actions))
        #expect(actions == [.persist(.inoperative, .evse(1)), .update(model), Self.report(1, .unavailable)])
        #expect(model.operationalStatus(of: .evse(1)) == .inoperative && model.status(evseId: 2) == .available)
    }

    @Test func TC_G_04_CS_evseInoperativeToOperativeReportsAvailable() throws {
        let inoperative = try #require(Self.updated(Self.change(.inoperative, evse: EVSEType(id: 1)).1))
        let (status, actions) = Self.change(.operative, evse: EVSEType(id: 1), in: Self.context(inoperative))
        #expect(status == .accepted)
        let model = try #require(Self.updated(actions))
        #expect(actions == [.persist(.operative, .evse(1)), .update(model), Self.report(1, .available)])
    }

    @Test func TC_G_09_CS_theStatusItAlreadyHasChangesNothing() throws {
        #expect(Self.change(.operative, evse: EVSEType(id: 1)) == (.accepted, []))
        #expect(Self.change(.operative) == (.accepted, []), "TC_G_12: the station, too")
        let inoperative = try #require(Self.updated(Self.change(.inoperative, evse: EVSEType(id: 2)).1))
        let again = Self.change(.inoperative, evse: EVSEType(id: 2), in: Self.context(inoperative))
        #expect(again == (.accepted, []), "TC_G_10: Inoperative to Inoperative")
    }

    @Test func TC_G_07_CS_connectorInoperative() throws {
        let (status, actions) = Self.change(.inoperative, evse: EVSEType(id: 2, connectorId: 1))
        #expect(status == .accepted)
        let model = try #require(Self.updated(actions))
        #expect(
            actions == [
                .persist(.inoperative, .connector(evseId: 2, connectorId: 1)), .update(model),
                Self.report(2, .unavailable),
            ]
        )
    }

    @Test func TC_G_05_CS_stationInoperativeReportsEveryConnector() throws {
        let (status, actions) = Self.change(.inoperative, evse: EVSEType(id: 0))
        #expect(status == .accepted)
        let model = try #require(Self.updated(actions))
        #expect(
            actions == [
                .persist(.inoperative, .station), .update(model), Self.report(1, .unavailable),
                Self.report(2, .unavailable),
            ]
        )
    }

    @Test func G03_unknownEVSEOrConnectorIsRejectedAndChangesNothing() {
        #expect(Self.change(.inoperative, evse: EVSEType(id: 3)) == (.rejected, []))
        #expect(Self.change(.inoperative, evse: EVSEType(id: 1, connectorId: 2)) == (.rejected, []))
    }

    @Test func G03_FR_05_inoperativeDuringATransactionIsScheduledUntilItEnds() throws {
        var busy = AvailabilityModel(evseIds: [1, 2])
        _ = busy.transactionStarted(evseId: 1, at: Self.t0)
        let (status, actions) = Self.change(.inoperative, evse: EVSEType(id: 1), in: Self.context(busy))
        #expect(status == .scheduled)
        let scheduled = try #require(Self.updated(actions))
        #expect(actions == [.persist(.inoperative, .evse(1)), .update(scheduled)], "still Occupied: no report")
        #expect(scheduled.mayDeliverEnergy(evseId: 1), "the running session goes on")

        let ended = Availability.transactionEnded(evseId: 1, in: Self.context(scheduled))
        let after = try #require(Self.updated(ended))
        #expect(ended == [.update(after), Self.report(1, .unavailable)])
        #expect(!after.mayDeliverEnergy(evseId: 1))
    }

    @Test func TC_G_14_CS_stationInoperativeDuringATransactionIsScheduled() throws {
        var busy = AvailabilityModel(evseIds: [1, 2])
        _ = busy.transactionStarted(evseId: 2, at: Self.t0)
        let (status, actions) = Self.change(.inoperative, in: Self.context(busy))
        #expect(status == .scheduled)
        let model = try #require(Self.updated(actions))
        #expect(actions == [.persist(.inoperative, .station), .update(model), Self.report(1, .unavailable)])
    }

    @Test func G04_aStatusThatCannotBeStoredIsRejected() {
        #expect(Availability.notStored() == ChangeAvailabilityResponse(status: .rejected))
    }

    @Test func TC_G_18_CS_storedStatesComeBackWithoutAReportUntilTheBootReport() {
        let restored = Availability.restored([.evse(1): .inoperative, .evse(9): .inoperative], in: Self.context())
        #expect(restored.operationalStatus(of: .evse(1)) == .inoperative)
        #expect(restored.status(evseId: 1) == .unavailable && restored.status(evseId: 2) == .available)
        #expect(restored.outbox.isEmpty)
        // B01: the first resume after start-up reports every connector, the restored one Unavailable.
        let resumed = Availability.resumed(offlineFor: nil, in: Self.context(restored))
        #expect(Array(resumed.dropFirst()) == [Self.report(1, .unavailable), Self.report(2, .available)])
    }

    // MARK: events

    @Test func TC_G_01_CS_pluggingInReportsOccupied() throws {
        let actions = Availability.pilotChanged(evseId: 2, to: .b, in: Self.context())
        let model = try #require(Self.updated(actions))
        #expect(actions == [.update(model), Self.report(2, .occupied)])
        #expect(model.evseIsPluggedIn(2))
    }

    @Test func TC_G_02_CS_unpluggingReportsAvailable() throws {
        let plugged = try #require(Self.updated(Availability.pilotChanged(evseId: 1, to: .c, in: Self.context())))
        let actions = Availability.pilotChanged(evseId: 1, to: .a, in: Self.context(plugged))
        let model = try #require(Self.updated(actions))
        #expect(actions == [.update(model), Self.report(1, .available)])
        #expect(Availability.pilotChanged(evseId: 9, to: .b, in: Self.context()) == [], "no such EVSE")
    }

    @Test func faultsAndTheEmergencyStopAreFaultedAndTheStopIsLoggedOnce() throws {
        let fault = Availability.faultChanged(evseId: 1, .meterFailure, active: true, in: Self.context())
        let faulted = try #require(Self.updated(fault))
        #expect(fault == [.update(faulted), Self.report(1, .faulted)])

        let pressed = Availability.emergencyStopChanged(pressed: true, in: Self.context())
        let stopped = try #require(Self.updated(pressed))
        #expect(
            pressed == [
                .noteEmergencyStop(pressed: true), .update(stopped), Self.report(1, .faulted),
                Self.report(2, .faulted),
            ]
        )
        #expect(Availability.emergencyStopChanged(pressed: true, in: Self.context(stopped)) == [])
        let released = Availability.emergencyStopChanged(pressed: false, in: Self.context(stopped))
        #expect(released.first == .noteEmergencyStop(pressed: false))
        #expect(released.dropFirst(2) == [Self.report(1, .available), Self.report(2, .available)])
    }

    @Test func B04_FR_02_afterAShortOutageOnlyWhatChangedIsReported() throws {
        // Reported at boot and acknowledged.
        var model = try #require(Self.updated(Availability.resumed(offlineFor: nil, in: Self.context())))
        for connector in model.connectors {
            model.acknowledged(.init(connector: connector, status: .available, timestamp: Self.t0))
        }
        // Plugged in while offline.
        model = try #require(Self.updated(Availability.pilotChanged(evseId: 2, to: .b, in: Self.context(model))))
        let resumed = Availability.resumed(offlineFor: .seconds(30), in: Self.context(model))
        #expect(resumed == [Self.report(2, .occupied)])
    }

    @Test func B04_FR_01_afterAnOutageLongerThanTheThresholdEveryConnectorIsReported() throws {
        var model = try #require(Self.updated(Availability.resumed(offlineFor: nil, in: Self.context())))
        for connector in model.connectors {
            model.acknowledged(.init(connector: connector, status: .available, timestamp: Self.t0))
        }
        let resumed = Availability.resumed(offlineFor: .seconds(61), in: Self.context(model))
        #expect(resumed == [Self.report(1, .available), Self.report(2, .available)])
        #expect(Availability.resumed(offlineFor: .seconds(60), in: Self.context(model)) == [])
    }
}
