import Foundation
import HALSimulated
import OCPP
import OCPPRPC
import OCPPTestSupport
import StationCertificates
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
        callTimeout: Duration = .seconds(30),
        inputs: [String: SimulatedDigitalInput] = [:],
        certificateFiles: (any CertificateFiles)? = nil
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
        var hardware = simulation.hardware
        hardware.inputs = inputs  // board inputs by role, e.g. "tamper"
        station = ChargingStation(
            identity: StationIdentity(
                stationId: "CS-TEST-01",
                vendorName: "charger-agent",
                model: "sim",
                securityProfile: securityProfile,
                evses: evseDescriptions
            ),
            session: session,
            hardware: hardware,
            store: store,
            bootReason: bootReason,
            clock: clock,
            wallClock: { StationHarness.wallTime(clock) },
            certificateFiles: certificateFiles
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
        await until("the last StatusNotification answer taken") { !$0.availability.isSending }
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

extension StationHarness {
    /// Waits until `condition` holds for the station. The condition is checked again each time the
    /// station's state changes (`ChargingStation.until`), never polled; 5 s of real time is a hang guard
    /// that fails the test instead of hanging it, not a timing assertion.
    @discardableResult
    func until(
        _ what: String = "the station's state",
        sourceLocation: SourceLocation = #_sourceLocation,
        _ condition: @escaping @Sendable (isolated ChargingStation) -> Bool
    ) async -> Bool {
        let station = station
        let held = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await station.until(condition)
                return !Task.isCancelled
            }
            group.addTask {
                try? await ContinuousClock().sleep(for: .seconds(5))  // the hang guard
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        // A test that is over (its ticker cancelled) stops waiting quietly.
        if !held, !Task.isCancelled {
            Issue.record("timed out after 5 s waiting for \(what)", sourceLocation: sourceLocation)
        }
        return held
    }

    /// How long until `timer` fires, once the station has scheduled it (nil after the hang guard).
    func scheduled(_ timer: StationTimer, sourceLocation: SourceLocation = #_sourceLocation) async -> Duration? {
        guard await until("\(timer) scheduled", sourceLocation: sourceLocation, { $0.scheduledTimers[timer] != nil })
        else { return nil }
        return await station.timeUntil(timer)
    }

    /// Moves the clock on by `seconds`, one second at a time, letting the station catch up after each
    /// second (its timers fired and its meter poll done) before the next: how a test lets time pass while
    /// the simulated EV charges.
    func advance(seconds: Int) async {
        for _ in 0..<seconds {
            clock.advance(by: .seconds(1))
            await until("the station to catch up with its clock") { $0.isSettled }
        }
    }
}
