import HAL
import Logging
import OCPP
import OCPPRPC
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
    private var timers: [TimerKind: Task<Void, Never>] = [:]
    private var timerGenerations: [TimerKind: UInt64] = [:]
    private var timerGeneration: UInt64 = 0

    enum TimerKind: Hashable {
        case bootRetry
        case heartbeat
        /// SampledDataCtrlr.TxUpdatedInterval for the transaction on an EVSE.
        case sampledMeterValues(evseId: Int)
        /// SampledDataCtrlr.TxEndedInterval for the transaction on an EVSE.
        case sampledTxEndedValues(evseId: Int)
        /// TxCtrlr.EVConnectionTimeOut after authorization without a cable.
        case evConnectionTimeout(evseId: Int)
        /// MessageAttemptIntervalTransactionEvent before retrying the oldest queued message.
        case transactionMessageRetry
    }

    /// Everything held per EVSE (transaction machine, running transaction, meter, command queue, contactor).
    var evseStates: [Int: EVSEState]
    /// Wakes the transaction-message sender (a new message, link up, registration accepted).
    let senderWakeUps: AsyncStream<Void>.Continuation
    let senderWakeUpStream: AsyncStream<Void>
    /// True while the sender works through the queue, so wake-ups don't start a second pass.
    var senderBusy = false
    /// A failed transaction message waits for MessageAttemptIntervalTransactionEvent before its retry.
    var transactionRetryPending = false
    /// Resets the CSMS asked for: what waits for idle, and the restarts for the composition root (RemoteControl/).
    var resetPlanner = ResetPlanner()
    let resetChannel = ResetChannel()

    public init(
        identity: StationIdentity,
        session: RPCSession,
        hardware: StationHardware,
        store: any StationStore,
        bootReason: BootReasonEnumType = .powerUp,
        clock: any Clock<Duration>,
        wallClock: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "charger.station")
    ) {
        self.identity = identity
        self.session = session
        self.clock = clock
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
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.monitorHardware() }
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
        cancelAllTimers()
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
    }

    // MARK: actions

    func perform(_ actions: [RegistrationStateMachine.Action]) {
        for action in actions {
            switch action {
            case .sendBootNotification(let reason):
                startTask { await $0.sendBootNotification(reason: reason) }
            case .scheduleBootRetry(let delay):
                startTimer(.bootRetry, after: delay) { station in
                    await station.bootRetryFired()
                }
            case .cancelBootRetry:
                cancelTimer(.bootRetry)
            case .startHeartbeat(let interval):
                adoptHeartbeatInterval(interval)
                startTimer(.heartbeat, after: interval, repeating: true) { station in
                    await station.sendHeartbeat()
                }
            case .stopHeartbeat:
                cancelTimer(.heartbeat)
            case .synchronizeClock(let csmsTime):
                synchronizeClock(to: csmsTime)
            case .resumeOperation:
                logger.info("registration accepted; resuming operation")
                for evse in hardware.evses { syncMayCharge(evseId: evse.id) }
                startTask { await $0.availabilityResumed() }
                senderWakeUps.yield()
            }
        }
    }

    private func bootRetryFired() {
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
        clockOffset = .milliseconds(Int64((offset * 1000).rounded()))
    }

    // MARK: timers and tasks

    /// Starts (or restarts) a timer; a repeating timer fires every `delay` until cancelled.
    func startTimer(
        _ kind: TimerKind,
        after delay: Duration,
        repeating: Bool = false,
        _ body: @escaping @Sendable (ChargingStation) async -> Void
    ) {
        timers[kind]?.cancel()
        // Values from the CSMS can be huge (HeartbeatInterval = Int.max); a clock deadline beyond the
        // Duration range traps, so waits are capped at about 68 years.
        let delay = min(delay, Self.longestTimer)
        timerGeneration += 1
        let generation = timerGeneration
        timerGenerations[kind] = generation
        let clock = self.clock
        timers[kind] = Task { [weak self] in
            repeat {
                do {
                    try await clock.sleep(for: delay)
                } catch {
                    return
                }
                guard let self, !Task.isCancelled else { return }
                // A timer cancelled or replaced while this task waited for the actor must not fire.
                guard await self.timerIsCurrent(kind, generation) else { return }
                await body(self)
            } while repeating && !Task.isCancelled
        }
    }

    static let longestTimer: Duration = .seconds(Int64(Int32.max))

    private func timerIsCurrent(_ kind: TimerKind, _ generation: UInt64) -> Bool {
        timerGenerations[kind] == generation
    }

    func cancelTimer(_ kind: TimerKind) {
        timers.removeValue(forKey: kind)?.cancel()
        timerGenerations[kind] = nil
    }

    private func finishHardwareQueues() {
        for id in evseStates.keys {
            evseStates[id]?.commands?.finish()
            evseStates[id]?.commands = nil
        }
    }

    private func cancelAllTimers() {
        for timer in timers.values { timer.cancel() }
        timers.removeAll()
    }

    /// Runs `body` without blocking the caller (e.g. a CALL started from a state-machine action).
    func startTask(_ body: @escaping @Sendable (ChargingStation) async -> Void) {
        Task { await body(self) }
    }
}
