import HALModbus
import ServiceLifecycle

/// The board's Modbus charge controllers, each polled by its own `run()`; cancellation is the normal end.
struct ControllerPollService: Service, CustomStringConvertible {
    let controllers: [ModbusChargeController]

    func run() async throws {
        let controllers = controllers
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                for controller in controllers {
                    group.addTask { await controller.run() }
                }
            }
        }
    }

    var description: String { "ControllerPollService" }
}
