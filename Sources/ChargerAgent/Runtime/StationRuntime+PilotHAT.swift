import HALGPIO
import HALLinux
import Logging
import ServiceLifecycle

extension StationRuntime {
    /// The consumer name the kernel shows for the state-F line (`gpioinfo`).
    static let pilotHATConsumer = "chargerd-pilot"

    /// Opens the pilot HAT an EVSE's board file describes; a missing path or line names the board key and it.
    static func pilotHATBoard(
        _ config: PilotHATBoardConfig,
        key: String,
        clock: any Clock<Duration>,
        environment: HardwareEnvironment
    ) throws(StationRuntimeError) -> PilotHATBoard {
        var output: PilotHATBoard.NotAvailableOutput?
        if let address = config.notAvailableLine {
            let line: GPIOLine
            do {
                line = try environment.gpio.line(address)
                // Logical false (the pilot not pulled to −12 V) until the station says otherwise.
                try line.driver.requestOutput(consumer: pilotHATConsumer, initial: line.activeLow)
            } catch {
                throw .hardware(key: key + ".stateF.line", problem: error.description)
            }
            output = { (active: Bool) throws(PilotHATError) in
                do {
                    try line.driver.set(active != line.activeLow)
                } catch {
                    throw .outputFailed("\(address): \(error)")
                }
            }
        }
        do {
            return try PilotHATBoard(configuration: config.hat, notAvailableOutput: output, clock: clock)
        } catch {
            throw .hardware(key: key, problem: error.description)
        }
    }
}

/// The pilot HATs sampling their pilots; cancellation is the normal end, after which each pilot is left at a
/// steady +12 V (available, no current offered) so a vehicle does not keep a current offer from a stopped
/// daemon.
struct PilotHATService: Service, CustomStringConvertible {
    let boards: [PilotHATBoard]
    let logger: Logger

    func run() async throws {
        let boards = boards
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                for board in boards {
                    group.addTask { await board.run() }
                }
            }
        }
        for (index, board) in boards.enumerated() {
            do {
                try await board.offerCurrent(nil)
            } catch {
                logger.error(
                    "pilot not returned to +12 V at shutdown",
                    metadata: ["board": "\(index)", "pwm": "\(board.pwm)", "error": "\(error)"]
                )
            }
        }
    }

    var description: String { "PilotHATService" }
}
