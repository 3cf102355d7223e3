import HAL
import Logging
import Synchronization

/// A charge-controller module on a Modbus bus (EVSE-DIN, Phoenix Contact EV Charge Control, Heidelberg
/// Energy Control, …), driven through its `ControllerMap`.
///
/// The controller generates the pilot itself; this backend polls its state registers (`run()`, every
/// `pollInterval`) and writes the offered current and the enable/unavailable commands back. It shares
/// the bus with any meter on the same line: requests of both go out one at a time through the same
/// `ModbusBus`, each to its own unit id.
///
/// Faults and lost contact are reported twice, because the pilot-state stream carries no errors:
/// `pilotState()` throws `.pilotFault` / `.communicationFailure` with the reason, and the stream shows
/// the map's fault state (E unless the map says F) — a controller that stops answering for
/// `failuresBeforeFault` polls shows E, so the station stops charging rather than trust a stale C.
public actor ModbusChargeController: EVSEBoard {
    public nonisolated let unit: UInt8
    public nonisolated let map: ControllerMap
    public nonisolated let bus: ModbusBus
    public nonisolated let pollInterval: Duration
    /// The requests one poll costs.
    public nonisolated let pollPlan: [ReadBlock]
    /// Polls in a row that may fail before the stream shows E.
    public nonisolated let failuresBeforeFault: Int
    private let clock: any Clock<Duration>
    private let logger: Logger
    private let streams = Mutex(Streams())
    private var consecutiveFailures = 0
    /// The firmware id read at the first successful poll ("" until then, or when the map has none).
    public private(set) var firmwareId: String?
    /// The fault names the last poll found (fault bits, or the state register's fault value).
    public private(set) var activeFaults: [String] = []
    /// What the last `offerCurrent(_:)` asked for (after capping to the controller's range).
    public private(set) var offeredCurrent: Double?
    /// Polls made (successful or not), for measurements.
    public private(set) var pollCount = 0

    struct Streams {
        var published: ControlPilotState?
        var subscribers = Subscribers<ControlPilotState>()
    }

    public init(
        unit: UInt8,
        map: ControllerMap,
        bus: ModbusBus,
        pollInterval: Duration = .milliseconds(250),
        failuresBeforeFault: Int = 3,
        clock: any Clock<Duration> = ContinuousClock(),
        logger: Logger = Logger(label: "charger-agent.modbus.controller")
    ) {
        self.unit = unit
        self.map = map
        self.bus = bus
        self.pollInterval = pollInterval
        self.failuresBeforeFault = max(1, failuresBeforeFault)
        self.clock = clock
        self.logger = logger
        self.pollPlan = map.pollPlan(
            maxGap: min(map.maxGap, bus.transport.worthwhileGap(turnaround: bus.options.turnaround))
        )
    }

    // MARK: - EVSEBoard

    public func pilotState() async throws(EVSEBoardError) -> ControlPilotState {
        try await poll()
    }

    public nonisolated var pilotStates: AsyncStream<ControlPilotState> {
        makeSubscription(
            of: ControlPilotState.self,
            register: { continuation in
                streams.withLock { streams in
                    if let state = streams.published { continuation.yield(state) }
                    return streams.subscribers.insert(continuation)
                }
            },
            unregister: { [weak self] id in self?.streams.withLock { $0.subscribers.remove(id) } }
        )
    }

    public func offerCurrent(_ amps: Double?) async throws(EVSEBoardError) {
        guard let amps, amps != 0 else {
            if map.stop.isEmpty {
                try await write(ControllerWrite(.holding(map.current.address), value: map.current.off))
            } else {
                for write in map.stop { try await self.write(write) }
            }
            offeredCurrent = nil
            return
        }
        guard amps.isFinite, amps >= PilotDutyCycle.minimumCurrent, amps <= PilotDutyCycle.maximumCurrent else {
            throw .currentOutOfRange(amps)
        }
        // Below the controller's own minimum nothing can be offered; above its maximum it offers its most.
        guard amps >= map.current.minimum else { throw .currentOutOfRange(amps) }
        let offered = min(amps, map.current.maximum)
        if offered < amps {
            logger.notice(
                "Controller caps the offer",
                metadata: ["unit": "\(unit)", "model": "\(map.name)", "asked": "\(amps)", "offered": "\(offered)"]
            )
        }
        for write in map.offer { try await self.write(write) }
        try await write(ControllerWrite(.holding(map.current.address), value: map.current.raw(forAmps: offered)))
        offeredCurrent = offered
    }

    public func signalNotAvailable() async throws(EVSEBoardError) {
        for write in map.notAvailable { try await self.write(write) }
        offeredCurrent = nil
    }

    public var proximityCurrentLimit: Double? {
        get async throws(EVSEBoardError) {
            guard let proximity = map.proximity else { return nil }
            let source = proximity.source
            let registers: [UInt16]
            do {
                registers = try await bus.readRegisters(
                    unit: unit,
                    function: source.function,
                    address: source.address,
                    count: source.count
                )
            } catch {
                throw communicationFailure("reading the PP rating (register \(source.address))", error)
            }
            let raw = UInt64(source.decode(registers[...]))
            if proximity.noCable.contains(raw) { return nil }
            if proximity.invalid.contains(raw) {
                throw .pilotFault(
                    reason: "\(map.name) unit \(unit): PP resistor unreadable (register \(source.address) = \(raw))"
                )
            }
            return Double(raw) * proximity.multiplier
        }
    }

    // MARK: - Polling

    /// Polls until cancelled; the firmware id is read once, at the first poll that reaches the controller.
    public func run() async {
        logger.info(
            "Charge controller polling",
            metadata: [
                "unit": "\(unit)", "model": "\(map.name)", "bus": "\(bus.transport)",
                "interval": "\(pollInterval)", "requests": "\(pollPlan.count)",
            ]
        )
        while !Task.isCancelled {
            _ = try? await poll()
            do {
                try await clock.sleep(for: pollInterval)
            } catch {
                break
            }
        }
        // Finished outside the lock: finishing runs each stream's onTermination, which takes the lock.
        let open = streams.withLock { $0.subscribers.removeAll() }
        for continuation in open { continuation.finish() }
    }

    /// Reads the state, proximity and fault registers once and publishes the pilot state.
    @discardableResult
    public func poll() async throws(EVSEBoardError) -> ControlPilotState {
        pollCount += 1
        var blocks: [(block: ReadBlock, registers: [UInt16])] = []
        do {
            for block in pollPlan {
                let registers = try await bus.readRegisters(
                    unit: unit,
                    function: block.function,
                    address: block.address,
                    count: block.count
                )
                blocks.append((block, registers))
            }
            if firmwareId == nil { firmwareId = try await readFirmware() }
        } catch {
            consecutiveFailures += 1
            let failure = communicationFailure("polling", error)
            if consecutiveFailures == failuresBeforeFault {
                logger.error(
                    "Charge controller not answering; reporting pilot state E",
                    metadata: ["unit": "\(unit)", "model": "\(map.name)", "error": "\(failure)"]
                )
                publish(.e)
            }
            throw failure
        }
        if consecutiveFailures >= failuresBeforeFault {
            logger.notice("Charge controller answers again", metadata: ["unit": "\(unit)", "model": "\(map.name)"])
        }
        consecutiveFailures = 0
        let snapshot = RegisterSnapshot(blocks: blocks)
        let stateSource = map.vehicleState.source
        guard let stateWords = snapshot.registers(of: stateSource) else {
            throw .communicationFailure(
                reason: "\(map.name) unit \(unit): state register \(stateSource.address) not read"
            )
        }
        let raw = UInt64(stateSource.decode(stateWords))
        var faults: [String] = []
        if let bits = map.faults, let words = snapshot.registers(of: bits.source) {
            faults = bits.active(in: UInt64(bits.source.decode(words)))
        }
        let meaning = map.vehicleState.values[raw]
        if meaning == nil || meaning == .fault {
            let known = meaning == .fault ? "a fault" : "no known state"
            faults.append("state register \(stateSource.address) = \(raw) (\(known))")
        }
        if faults != activeFaults {
            if !faults.isEmpty {
                logger.error(
                    "Charge controller fault",
                    metadata: [
                        "unit": "\(unit)", "model": "\(map.name)", "faults": "\(faults.joined(separator: "; "))",
                    ]
                )
            } else {
                logger.notice("Charge controller fault cleared", metadata: ["unit": "\(unit)", "model": "\(map.name)"])
            }
            activeFaults = faults
        }
        guard faults.isEmpty, case .pilot(let state) = meaning else {
            publish(map.faults?.state ?? .e)
            throw .pilotFault(reason: "\(map.name) unit \(unit): \(faults.joined(separator: "; "))")
        }
        publish(state)
        return state
    }

    private func readFirmware() async throws(ModbusError) -> String {
        guard let firmware = map.firmware else { return "" }
        let registers = try await bus.readRegisters(
            unit: unit,
            function: firmware.function,
            address: firmware.address,
            count: firmware.count
        )
        let text = firmware.text(registers)
        logger.info(
            "Charge controller found",
            metadata: ["unit": "\(unit)", "model": "\(map.name)", "firmware": "\(text)"]
        )
        return text
    }

    private nonisolated func publish(_ state: ControlPilotState) {
        streams.withLock { streams in
            guard streams.published != state else { return }
            streams.published = state
            streams.subscribers.yield(state)
        }
    }

    private func write(_ write: ControllerWrite) async throws(EVSEBoardError) {
        do {
            switch write.target {
            case .holding(let address):
                try await bus.writeRegister(
                    unit: unit,
                    address: address,
                    value: write.value,
                    function: map.writeFunction
                )
            case .coil(let address):
                try await bus.writeCoil(unit: unit, address: address, on: write.value != 0)
            }
        } catch {
            throw communicationFailure("writing \(write)", error)
        }
    }

    private func communicationFailure(_ doing: String, _ error: ModbusError) -> EVSEBoardError {
        .communicationFailure(reason: "\(map.name) unit \(unit) on \(bus.transport): \(doing): \(error)")
    }
}
