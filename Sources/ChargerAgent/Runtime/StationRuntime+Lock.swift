import HALGPIO

extension GPIOLockConfig {
    /// The lock this config describes, on lines of `gpio`; a missing chip or line is a `GPIOError` naming it.
    func build(gpio: GPIOChips, clock: any Clock<Duration>) throws(GPIOError) -> GPIOConnectorLock {
        let driven: GPIOConnectorLock.Actuator
        switch actuator {
        case .motor(let lock, let unlock):
            driven = .motor(lock: try gpio.line(lock), unlock: try gpio.line(unlock), pulse: pulse)
        case .motorWithDirection(let enable, let direction):
            driven = .motorWithDirection(
                enable: try gpio.line(enable),
                direction: try gpio.line(direction),
                pulse: pulse
            )
        case .solenoid(let coil):
            driven = .solenoid(try gpio.line(coil))
        }
        return try GPIOConnectorLock(
            actuator: driven,
            feedback: try gpio.line(feedback),
            debounce: debounce,
            timeout: timeout,
            clock: clock
        )
    }
}
