import Foundation
import HALSimulated
import OCPP
import OCPPRPC
import OCPPTestSupport
import StationStore
import Testing

@testable import ChargingStation

/// A station with simulated hardware (2 EVSEs) and an in-memory store, linked to a `ScriptedCSMS` over an
/// in-memory transport, on a manual clock. `stop()` it at the end of each test.
struct StationHarness {
    static let csmsTime = Date(timeIntervalSince1970: 1_764_056_344)

    /// The station's wall clock: a fixed start plus the manual clock's time, so timestamps move with it.
    static func wallTime(_ clock: ManualClock) -> Date {
        let offset = clock.now.offset.components
        return Date(timeIntervalSince1970: 1_700_000_000 + Double(offset.seconds) + Double(offset.attoseconds) / 1e18)
    }

    let clock: ManualClock
    let csms: ScriptedCSMS
    let station: ChargingStation
    let link: InMemoryTransport
    let task: Task<Void, Never>
    /// The simulated hardware: drive the EV, inject faults.
    let simulation: SimulatedStation
    let store: any StationStore

    /// A new station. Pass the `store` (and `clock`) of a stopped harness to model a reboot.
    init(
        store: any StationStore = InMemoryStationStore(),
        clock: ManualClock = ManualClock(),
        evseCount: Int = 2,
        evse configuration: SimulatedEVSE.Configuration = SimulatedEVSE.Configuration(),
        bootReason: BootReasonEnumType = .powerUp,
        securityProfile: Int = 1,
        evseDescriptions: [Int: EVSEDescription] = [:],
        linkSettings: LinkSettings? = nil,
        callTimeout: Duration = .seconds(30)
    ) {
        self.clock = clock
        self.store = store
        let (stationEnd, csmsEnd) = InMemoryTransport.pair()
        link = stationEnd
        // Settings the link has before the station starts, as a WebSocket transport has them from the board.
        if let linkSettings { stationEnd.apply(linkSettings) }
        csms = ScriptedCSMS(transport: csmsEnd)
        let session = RPCSession(
            transport: stationEnd,
            configuration: .init(stationId: "CS-TEST-01", callTimeout: callTimeout),
            clock: clock
        )
        simulation = SimulatedStation(
            evseCount: evseCount,
            evse: configuration,
            clock: clock,
            now: { StationHarness.wallTime(clock) }
        )
        station = ChargingStation(
            identity: StationIdentity(
                stationId: "CS-TEST-01",
                vendorName: "charger-agent",
                model: "sim",
                securityProfile: securityProfile,
                evses: evseDescriptions
            ),
            session: session,
            hardware: simulation.hardware,
            store: store,
            bootReason: bootReason,
            clock: clock,
            wallClock: { StationHarness.wallTime(clock) }
        )
        let station = self.station
        task = Task { await station.run() }
        stationEnd.connect()
    }

    func stop() {
        task.cancel()
        link.close()
    }

    func boot(_ status: RegistrationStatusEnumType, interval: Int) async throws {
        let (id, request) = try await csms.expectCall(BootNotificationRequest.self)
        #expect(request.chargingStation.vendorName == "charger-agent")
        try await csms.reply(
            to: id,
            with: BootNotificationResponse(
                currentTime: StationHarness.csmsTime,
                interval: interval,
                status: status
            )
        )
    }
}

extension StationHarness {
    /// Boots Accepted, then answers the StatusNotification every connector sends after it (B01.FR.05,
    /// G01). Returns those notifications in the order they came (one per connector; one connector per EVSE).
    @discardableResult
    func bootAccepted(interval: Int = 3600) async throws -> [StatusNotificationRequest] {
        try await boot(.accepted, interval: interval)
        let reports = try await answerStatusNotifications(count: simulation.evses.count)
        // The last answer is on its way to the station: wait until it was taken, so a test that drops the
        // link next does not make the station report that connector again (correctly: it never saw the answer).
        let station = station
        _ = await waitFor { await !station.availability.isSending }
        return reports
    }

    /// Expects `count` StatusNotification CALLs, answers each, and returns them in order.
    @discardableResult
    func answerStatusNotifications(count: Int) async throws -> [StatusNotificationRequest] {
        var reports: [StatusNotificationRequest] = []
        for _ in 0..<count {
            let (id, request) = try await csms.expectCall(StatusNotificationRequest.self)
            try await csms.reply(to: id, with: StatusNotificationResponse())
            reports.append(request)
        }
        return reports
    }
}

/// Polls `condition` until it holds, for state that settles after a few actor hops. Gives up after 5 s of
/// real time: a hang guard for a failing test, not a timing assertion.
func waitFor(_ condition: @Sendable () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + .seconds(5)
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        await Task.yield()
        try? await Task.sleep(for: .microseconds(200))
    }
    return await condition()
}
