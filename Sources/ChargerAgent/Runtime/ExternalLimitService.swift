import ChargingStation
import HAL
import HALModbus
import Logging
import ServiceLifecycle

/// The board's external limit sources (`externalLimits` in the board file, OCPP 2.0.1 K11-K13), each followed
/// by a task of its own: a Modbus register polled, a digital input watched. What they say goes to the station
/// as `ExternalLimitSignal`s; a value that did not change is not sent again. Cancellation is the normal end.
struct ExternalLimitService: Service, CustomStringConvertible {
    let station: ChargingStation
    let limits: [ExternalLimitConfig]
    let buses: [String: ModbusBus]
    let inputs: [String: any DigitalInput]
    let clock: any Clock<Duration>
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                for limit in limits {
                    switch limit.signal {
                    case .modbus(let register):
                        guard let bus = buses[register.bus] else { continue }
                        group.addTask { await poll(limit, register, on: bus) }
                    case .input(let role, let value):
                        guard let input = inputs[role] else { continue }
                        group.addTask { await watch(limit, input, value: value) }
                    }
                }
            }
        }
    }

    /// The signal `config` sends for `value`, or nil to clear.
    static func signal(_ config: ExternalLimitConfig, _ value: Double) -> ExternalLimitSignal {
        ExternalLimitSignal(
            origin: config.origin,
            source: config.source,
            evseId: config.evseId,
            limit: value,
            unit: config.unit
        )
    }

    /// Sends `value` (nil: no limit) when it differs from the last one sent.
    private func deliver(_ config: ExternalLimitConfig, _ value: Double?, last: inout Double??) async {
        guard last != .some(value) else { return }
        last = .some(value)
        if let value {
            let outcome = await station.setExternalLimit(Self.signal(config, value))
            if case .refused(let why) = outcome {
                logger.error("external limit refused", metadata: ["origin": "\(config.origin)", "why": "\(why)"])
            }
        } else {
            await station.clearExternalLimit(origin: config.origin)
        }
    }

    /// Reads the register every `poll`; a read that fails keeps the last limit (logged once per failure run).
    private func poll(_ config: ExternalLimitConfig, _ register: ExternalLimitRegister, on bus: ModbusBus) async {
        guard let unit = UInt8(exactly: register.unitId) else { return }
        var last: Double?? = nil
        var failing = false
        while !Task.isCancelled {
            do {
                let words = try await bus.readRegisters(
                    unit: unit,
                    function: register.register.function,
                    address: register.register.address,
                    count: register.register.count
                )
                if failing {
                    logger.notice("external limit register readable again", metadata: ["origin": "\(config.origin)"])
                }
                failing = false
                await deliver(config, register.limit(from: words[...]), last: &last)
            } catch {
                if !failing {
                    logger.warning(
                        "external limit register unreadable; the last limit stays",
                        metadata: ["origin": "\(config.origin)", "error": "\(error)"]
                    )
                }
                failing = true
            }
            do {
                try await clock.sleep(for: register.poll)
            } catch {
                return
            }
        }
    }

    /// While the input is asserted, `value` applies; released, the limit goes.
    private func watch(_ config: ExternalLimitConfig, _ input: any DigitalInput, value: Double) async {
        var last: Double?? = nil
        for await asserted in input.levels {
            await deliver(config, asserted ? value : nil, last: &last)
        }
    }

    var description: String { "ExternalLimitService" }
}
