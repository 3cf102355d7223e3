import HAL
import Logging
import OCPP
import OCPPRPC
import StationCertificates
import StationStore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One OCPP 2.0.1 charging station: its behaviour towards the CSMS, free of I/O.
///
/// The station sees an `RPCSession` (whatever transport is under it), a `Clock` for every timer and a
/// wall-clock function for OCPP timestamps. Behaviour lives in value-type state machines per functional
/// block (`RegistrationStateMachine`, …); this actor feeds them events and carries out the actions they
/// return. Timers are tasks owned by the actor and cancelled when `run()` ends.
public actor ChargingStation {
    public let identity: StationIdentity
    let session: RPCSession
    let hardware: StationHardware
    let store: any StationStore
    let clock: any Clock<Duration>
    let logger: Logger
    /// The CSMS's time minus ours, set from BootNotification/Heartbeat answers (clock sync, B01/G02).
    private(set) var clockOffset: Duration = .zero
    private let wallClock: @Sendable () -> Date

    var registration: RegistrationStateMachine
    /// When the link to the CSMS went down (on `clock`), for OfflineThreshold (B04); nil while linked.
    var offlineSince: (any InstantProtocol<Duration>)?
    /// Every variable of the device model, with the values the CSMS set (B05-B07). See DeviceModel/.
    var deviceModel: DeviceModel
    /// Operational state and connector status of the station, its EVSEs and connectors (G01-G04). See Availability/.
    var availability: AvailabilityModel
    /// Every timer of every block, as data: what is due when (Timers/). One task sleeps until the earliest.
    var timerSchedule = TimerSchedule()
    /// The task sleeping until `timerSchedule.nextDeadline`; replaced whenever the schedule changes.
    var timerTask: Task<Void, Never>?
    /// Tells a woken timer task whether it is still the current one.
    var timerGeneration: UInt64 = 0
    /// Time on `clock` since the station was made: the time base of `timerSchedule`.
    let elapsed: @Sendable () -> Duration
    /// Sleeps on `clock` until a time given as time since the station was made.
    let sleepUntil: @Sendable (Duration) async throws -> Void
    /// Tests waiting for a condition on the station, re-checked whenever its state changes (Timers/).
    var observers: [StationObserver] = []
    var observerCount: UInt64 = 0
    /// Work a timer started that is not done yet (`startTrackedTask`): the station has settled when it is
    /// zero and no timer is due.
    var pendingWork = 0
    /// True while a meter poll reads the meters (a slow bus makes the next tick skip, not pile up).
    var meterPollRunning = false

    /// Everything held per EVSE (transaction machine, running transaction, meter, command queue, contactor).
    var evseStates: [Int: EVSEState]
    /// The last token the reader presented and when (for `chargerctl status`, which shows it masked).
    var lastToken: (token: PresentedToken, at: Date)?
    /// Wakes the transaction-message sender (a new message, link up, registration accepted).
    let senderWakeUps: AsyncStream<Void>.Continuation
    let senderWakeUpStream: AsyncStream<Void>
    /// True while the sender works through the queue, so wake-ups don't start a second pass.
    var senderBusy = false
    /// A failed transaction message waits for MessageAttemptIntervalTransactionEvent before its retry.
    var transactionRetryPending = false
    /// Resets the CSMS asked for: what waits for idle, and the restarts for the composition root (RemoteControl/).
    var resetPlanner = ResetPlanner()
    /// The link's plan: network profiles, password, reconnection (`ChargingStation+Link.swift`).
    var link = LinkState()
    /// The installed charging profiles, as stored (SmartCharging/); nil until first read from the store.
    var chargingProfileCache: [InstalledProfile]?
    /// The limits set from outside OCPP, by origin (SmartCharging/ExternalLimits.swift); live signals, not stored.
    var externalLimits: [ExternalLimit] = []
    /// The shares of the station's limit among its running sessions (SmartCharging/LoadSharing).
    var loadSharing = LoadSharing()
    let resetChannel = ResetChannel()
    /// The sender of critical security events (Security/).
    var securitySender = SecurityEventSender()
    /// Firmware updates and log uploads: the attached I/O, the jobs, their work in flight (FirmwareManagement/).
    var maintenance = MaintenanceState()
    /// The certificate store's files (CertificateManagement/): roots, chains, the station's key and certificate.
    let certificateFiles: any CertificateFiles
    /// The station's own certificate request in progress (A02/A03).
    var certificateSigning = CertificateSigning()

    public init(
        identity: StationIdentity,
        session: RPCSession,
        hardware: StationHardware,
        store: any StationStore,
        bootReason: BootReasonEnumType = .powerUp,
        clock: any Clock<Duration>,
        wallClock: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "charger.station"),
        certificateFiles: (any CertificateFiles)? = nil
    ) {
        self.certificateFiles = certificateFiles ?? InMemoryCertificateFiles()
        self.identity = identity
        self.session = session
        self.clock = clock
        let stopwatch = ClockStopwatch(clock)
        (self.elapsed, self.sleepUntil) = (stopwatch.elapsed, stopwatch.sleepUntil)
        self.wallClock = wallClock
        var logger = logger
        logger[metadataKey: "station-id"] = .string(identity.stationId)
        self.logger = logger
        self.registration = RegistrationStateMachine(bootReason: bootReason)
        self.hardware = hardware
        self.store = store
        self.deviceModel = DeviceModel(evseIds: hardware.evses.map(\.id))
        self.availability = AvailabilityModel(evseIds: hardware.evses.map(\.id))
        self.evseStates = Dictionary(uniqueKeysWithValues: hardware.evses.map { ($0.id, EVSEState()) })
        (senderWakeUpStream, senderWakeUps) = AsyncStream.makeStream(
            of: Void.self,
            bufferingPolicy: .bufferingNewest(1)
        )
    }

    /// The transaction running on each EVSE, as stored.
    var runningTransactions: [Int: TransactionRecord] { evseStates.compactMapValues(\.running) }
    /// The last good meter reading of each EVSE.
    var lastMeterReadings: [Int: MeterReading] { evseStates.compactMapValues(\.lastReading) }
    /// The current offered on each EVSE that offers one.
    var offeredCurrent: [Int: Double] { evseStates.compactMapValues(\.offeredCurrent) }
    /// What contactor supervision found wrong, per EVSE.
    var contactorAlarms: [Int: ContactorAlarm] { evseStates.compactMapValues(\.contactor.alarm) }

    /// The current time as the CSMS sees it.
    public var now: Date {
        let offset = clockOffset.components
        return wallClock().addingTimeInterval(Double(offset.seconds) + Double(offset.attoseconds) / 1e18)
    }

    public var registrationStatus: RegistrationStatus { registration.status }

    /// Linked to the CSMS and accepted by it: messages go out now. Otherwise transaction messages are
    /// recorded with `offline = true` and wait in the store.
    public var isOnline: Bool { registration.isLinkUp && session.isConnected && registration.status == .accepted }

    /// Runs the RPC session and the station until the session ends or the task is cancelled.
    public func run() async {
        registerHandlers()
        deviceModel.setInternally(
            .init("SecurityCtrlr"),
            .init("SecurityProfile"),
            value: String(identity.securityProfile)
        )
        // Before anything watches the hardware: every contactor open, and what a power cut interrupted ended.
        await prepareTransactions()
        watchRejectedMessages()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.monitorHardware() }
            group.addTask { await self.watchTamperInput() }
            group.addTask { await self.runTransactions() }
            group.addTask {
                for await event in self.session.events {
                    await self.handle(event)
                }
            }
            // The station lives as long as its RPC session: when that ends, stop watching the hardware too.
            await session.run()
            group.cancelAll()
        }
        stopTimers()
        finishHardwareQueues()
    }

    private func handle(_ event: RPCSessionEvent) {
        switch event {
        case .connected:
            logger.info("link to CSMS up")
            perform(registration.linkUp())
        case .disconnected(let reason):
            logger.info("link to CSMS down", metadata: ["reason": "\(reason)"])
            if offlineSince == nil { offlineSince = clock.now }
            perform(registration.linkDown())
        }
        stateChanged()
    }

    // MARK: actions

    func perform(_ actions: [RegistrationStateMachine.Action]) {
        for action in actions {
            switch action {
            case .sendBootNotification(let reason):
                startTask { await $0.sendBootNotification(reason: reason) }
            case .timer(let action):
                perform([action])
            case .adoptHeartbeatInterval(let interval):
                adoptHeartbeatInterval(interval)
            case .synchronizeClock(let csmsTime):
                synchronizeClock(to: csmsTime)
            case .resumeOperation:
                logger.info("registration accepted; resuming operation")
                for evse in hardware.evses { syncMayCharge(evseId: evse.id) }
                startTask { await $0.availabilityResumed() }
                senderWakeUps.yield()
                firmwareResumed()
            }
        }
        stateChanged()
    }

    func bootRetryFired() {
        perform(registration.retryTimerFired())
    }

    private func sendBootNotification(reason: BootReasonEnumType) async {
        let request = BootNotificationRequest(chargingStation: identity.chargingStation, reason: reason)
        do {
            let response = try await session.call(request)
            logger.info(
                "BootNotification answered",
                metadata: ["status": "\(response.status.rawValue)", "interval": "\(response.interval)"]
            )
            perform(registration.bootAnswered(response))
        } catch {
            logger.warning("BootNotification failed", metadata: ["error": "\(error)"])
            perform(registration.bootFailed())
        }
    }

    /// `triggered`: asked for by TriggerMessage, which is allowed while Pending (B02/F06).
    func sendHeartbeat(triggered: Bool = false) async {
        guard registration.maySend(.heartbeat, triggered: triggered) else { return }
        do {
            let response = try await session.call(HeartbeatRequest())
            synchronizeClock(to: response.currentTime)
        } catch {
            logger.warning("Heartbeat failed", metadata: ["error": "\(error)"])
        }
    }

    private func synchronizeClock(to csmsTime: Date) {
        let offset = csmsTime.timeIntervalSince(wallClock())
        let previous = clockOffset
        clockOffset = .milliseconds(Int64((offset * 1000).rounded()))
        clockSynchronized(from: previous, to: clockOffset)
        // Charging profiles are in the CSMS's time: a corrected clock may move their periods.
        applyChargingLimits()
    }

    // MARK: tasks

    private func finishHardwareQueues() {
        for id in evseStates.keys {
            evseStates[id]?.commands?.finish()
            evseStates[id]?.commands = nil
        }
    }

    /// Runs `body` without blocking the caller (e.g. a CALL started from a state-machine action).
    func startTask(_ body: @escaping @Sendable (ChargingStation) async -> Void) {
        Task { await body(self) }
    }
}
