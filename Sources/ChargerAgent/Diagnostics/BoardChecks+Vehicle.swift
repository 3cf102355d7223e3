import ChargingStation
import HAL
import HALInput
import HALLinux
import HALModbus
import HALNFC
import HALSimulated

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The checks of the vehicle side (issue 14): charge controllers, pilot HATs, the card reader, connector locks.
///
/// Simulated parts get no row: there is nothing on the board to check.
extension BoardChecks {
    /// What the station says about one EVSE's vehicle, when the daemon answers (nil: probed directly).
    struct VehicleView {
        var pluggedIn: Bool
        var contactorClosed: Bool
        var transactionRunning: Bool
    }

    static func vehicleSide(
        hardware: StationHardware,
        config: BoardConfig,
        station: StationView?,
        timeout: Duration
    ) async -> [DiagnosticCheck] {
        var checks: [DiagnosticCheck] = []
        for evse in hardware.evses {
            let view = station?.snapshot.evses.first { $0.id == evse.id }.map {
                VehicleView(
                    pluggedIn: $0.pluggedIn,
                    contactorClosed: $0.contactorClosed,
                    transactionRunning: $0.transactionId != nil
                )
            }
            if let controller = evse.board as? ModbusChargeController {
                checks.append(await chargeController(controller, evseId: evse.id, view: view, timeout: timeout))
            } else if let hat = evse.board as? PilotHATBoard {
                checks.append(await pilotHAT(hat, evseId: evse.id, view: view))
            }
            if let lock = evse.lock, !(lock is SimulatedConnectorLock) {
                checks.append(await connectorLock(lock, evseId: evse.id, view: view))
            }
        }
        if let reader = tokenReader(config.tokenReader, running: hardware.tokenReader, daemon: station != nil) {
            checks.append(reader)
        }
        return checks
    }

    // MARK: Pilot

    /// Whether `state` is what the pilot should read: A with no car, B–D with one; E and F are faults.
    static func pilotVerdict(_ state: ControlPilotState, view: VehicleView?) -> (DiagnosticStatus, String, String) {
        switch state {
        case .a:
            if view?.pluggedIn == true {
                return (
                    .fail, "state A, but the station saw a vehicle plugged in",
                    "the pilot reading lost the vehicle: check the CP wire between socket and board"
                )
            }
            return (.pass, "state A (no vehicle)", "")
        case .b, .c, .d:
            if view?.pluggedIn == true { return (.pass, "state \(state.rawValue) (vehicle plugged in)", "") }
            return (
                .warn, "state \(state.rawValue) with no vehicle known to the station",
                "unplug any vehicle and run diag again: with no car the pilot must read state A (+12 V); "
                    + "if none is plugged in, check the CP wiring for a short to PE through a resistor"
            )
        case .e:
            return (
                .fail, "state E (pilot at 0 V, or a missing negative half-wave)",
                "CP shorted to PE, or the vehicle's diode missing: check the CP wire and the pilot circuit"
            )
        case .f:
            return (
                .fail, "state F (EVSE not available)",
                "the board signals not available: the controller is disabled or in fault (see its fault bits)"
            )
        }
    }

    static func chargeController(
        _ controller: ModbusChargeController,
        evseId: Int,
        view: VehicleView?,
        timeout: Duration
    ) async -> DiagnosticCheck {
        let id = "controller.evse\(evseId)"
        let title = "EVSE \(evseId) charge controller answers, state A with no car"
        let outcome = await withTimeout(timeout) { () async -> Result<ControlPilotState, EVSEBoardError> in
            do throws(EVSEBoardError) {
                return .success(try await controller.poll())
            } catch {
                return .failure(error)
            }
        }
        let model = "\(controller.map.name), unit \(controller.unit)"
        let hint =
            "the controller does not answer: check its power, the RS-485 A/B wiring, its unit id (modbus address) "
            + "and the bus's baud rate in the board file (a meter on the same bus must use another unit id)"
        guard let outcome else { return .fail(id, title, "\(model): no answer within \(timeout)", hint: hint) }
        // A fault bit (or a state register meaning failure) throws a pilot fault: the controller answered.
        let faults = await controller.activeFaults
        let state: ControlPilotState
        switch outcome {
        case .failure(.pilotFault) where !faults.isEmpty: state = .e
        // A bus failure: the fault bits kept from an earlier poll are stale.
        case .failure(let error): return .fail(id, title, "\(model): \(error)", hint: hint)
        case .success(let read): state = read
        }
        if !faults.isEmpty {
            return .fail(
                id,
                title,
                "\(model): fault bits set: \(faults.joined(separator: ", "))",
                hint: "see the controller's manual for these bits (RCD trip, relay or diode fault); power-cycle it "
                    + "after the cause is gone"
            )
        }
        let firmware = await controller.firmwareId.map { ", firmware \($0)" } ?? ""
        let (status, detail, stateHint) = pilotVerdict(state, view: view)
        return DiagnosticCheck(
            id: id,
            title: title,
            status: status,
            detail: "\(model)\(firmware): \(detail)",
            hint: stateHint
        )
    }

    static func pilotHAT(_ hat: PilotHATBoard, evseId: Int, view: VehicleView?) async -> DiagnosticCheck {
        let id = "pilot.evse\(evseId)"
        let title = "EVSE \(evseId) pilot PWM reads back, ADC channels read"
        let configuration = hat.configuration
        // The daemon may change the output between reading it and reading sysfs back: try again once.
        var mismatch: String?
        for _ in 0..<2 {
            let output = hat.output
            let readback: SysfsPWM.Readback
            do {
                readback = try hat.pwm.readback()
            } catch {
                return .fail(
                    id,
                    title,
                    error.description,
                    hint: "the PWM channel cannot be read: check the PWM overlay (dtoverlay=pwm) and the chip path"
                )
            }
            guard output == hat.output else { continue }
            let percent: Double =
                switch output {
                case .idle: 100
                case .pwm(_, let percent): percent
                case .notAvailable: configuration.notAvailable == .pwmLow ? 0 : 100
                }
            let duty = PilotHATBoard.dutyCycleNs(percent: percent, inverted: configuration.pwm.inverted)
            mismatch = nil
            if readback.periodNs != PilotHATConfiguration.pilotPeriodNs {
                mismatch = "period reads \(readback.periodNs) ns, \(PilotHATConfiguration.pilotPeriodNs) ns written"
            } else if readback.dutyCycleNs != duty {
                mismatch = "duty_cycle reads \(readback.dutyCycleNs) ns, \(duty) ns written"
            } else if !readback.enabled {
                mismatch = "enable reads 0, 1 written"
            }
            break
        }
        if let mismatch {
            return .fail(
                id,
                title,
                "\(hat.pwm): \(mismatch)",
                hint: "another process drives this PWM channel, or the driver rejected the value: "
                    + "make sure only chargerd uses \(configuration.pwm.chip)"
            )
        }
        var inputs = [("pilot+", configuration.pilotPositive), ("pilot-", configuration.pilotNegative)]
        if let pp = configuration.proximity { inputs.append(("PP", pp.input)) }
        var volts: [String] = []
        for (name, input) in inputs {
            do {
                let channel = try IIOChannel(device: input.device, channel: input.channel)
                let value = input.volts(fromADCMillivolts: try channel.millivolts())
                volts.append("\(name) \((value * 100).rounded() / 100) V")
            } catch {
                return .fail(
                    id,
                    title,
                    "\(name): \(error)",
                    hint: "check the ADC overlay, the IIO device path (`ls /sys/bus/iio/devices`) and the channel "
                        + "name in the board file"
                )
            }
        }
        let state: ControlPilotState
        do {
            state = try await hat.pilotState()
        } catch {
            return .fail(
                id,
                title,
                "\(error); \(volts.joined(separator: ", "))",
                hint: "the pilot reads no IEC 61851-1 level: check the HAT's ±12 V supply, the CP wire and the "
                    + "ADC scaling (zeroV, ratio) in the board file"
            )
        }
        let (status, detail, hint) = pilotVerdict(state, view: view)
        return DiagnosticCheck(
            id: id,
            title: title,
            status: status,
            detail: "duty read back; \(volts.joined(separator: ", ")); \(detail)",
            hint: hint
        )
    }

    // MARK: Lock

    static func connectorLock(_ lock: any ConnectorLock, evseId: Int, view: VehicleView?) async -> DiagnosticCheck {
        let id = "lock.evse\(evseId)"
        let title = "EVSE \(evseId) connector lock feedback agrees"
        let feedback: ConnectorLockState
        do {
            feedback = try await lock.feedback()
        } catch {
            return .fail(
                id,
                title,
                error.description,
                hint: "check the lock's feedback switch wiring and its GPIO line in the board file"
            )
        }
        // Energy flows only through a locked plug; with no vehicle and no session the lock stands open. In
        // between (a session starting or ending) either position is right.
        let expected: ConnectorLockState?
        if let view {
            if view.contactorClosed {
                expected = .locked
            } else if !view.pluggedIn && !view.transactionRunning {
                expected = .unlocked
            } else {
                expected = nil
            }
        } else {
            expected = .unlocked
        }
        guard let expected, expected != feedback else {
            return .pass(
                id,
                title,
                "\(feedback)" + (expected == nil ? " (session starting or ending)" : ", as expected")
            )
        }
        return .fail(
            id,
            title,
            "expected \(expected), feedback reads \(feedback)",
            hint: expected == .locked
                ? "the contactor is closed on an unlocked plug: stop the session; check the lock actuator and its feedback switch"
                : "the lock is held or its feedback switch is stuck or miswired: check the actuator, the feedback "
                    + "input's polarity (activeLow) and that no plug is jammed"
        )
    }

    // MARK: Card reader

    static func tokenReader(_ config: TokenReaderConfig, running: (any TokenReader)?, daemon: Bool) -> DiagnosticCheck?
    {
        let id = "reader"
        let title = "Card reader present"
        switch config {
        case .none, .simulated:
            return nil
        case .hid(let settings):
            let hint =
                "plug the reader in and point `device` at its /dev/input/by-id/…-event-kbd link; "
                + "the chargerd user needs read access (the input group, see the udev rule)"
            let path = settings.device
            let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
            guard descriptor >= 0 else {
                return .fail(id, title, "\(path): \(String(cString: strerror(errno)))", hint: hint)
            }
            close(descriptor)
            if daemon, let reader = running as? HIDTokenReader {
                switch reader.status {
                case .connected(let name, grabbed: true):
                    return .pass(id, title, "\(path): \(name ?? "HID reader"), grabbed")
                case .connected(let name, grabbed: false):
                    return .warn(
                        id,
                        title,
                        "\(path): \(name ?? "HID reader") open but not grabbed",
                        hint: "another process (a console, X) reads the reader too and sees every card: stop it"
                    )
                case .unavailable(let reason):
                    return .fail(id, title, "\(path) opens, but the daemon's reader: \(reason)", hint: hint)
                case .starting:
                    break
                }
            }
            return .pass(id, title, "\(path) exists and opens")
        case .nfc(let settings):
            let hint =
                "check the connstring (e.g. pn532_uart:/dev/ttyS0), that the UART is enabled and not the serial "
                + "console, the TX/RX wiring and the module's interface switches (HSU)"
            if daemon, let reader = running as? NFCTokenReader {
                switch reader.status {
                case .connected(let name): return .pass(id, title, "\(settings.connstring): \(name)")
                case .unavailable(let reason): return .fail(id, title, reason, hint: hint)
                case .starting: return .warn(id, title, "\(settings.connstring): not opened yet", hint: hint)
                }
            }
            switch NFCTokenReader.probe(connstring: settings.connstring) {
            case .success(let name): return .pass(id, title, "\(settings.connstring): \(name)")
            case .failure(let error): return .fail(id, title, error.description, hint: hint)
            }
        }
    }

    // MARK: Helpers

    /// `body`'s result, or nil when `timeout` passes first.
    static func withTimeout<T: Sendable>(
        _ timeout: Duration,
        _ body: @escaping @Sendable () async -> T
    ) async -> T? {
        await withTaskGroup(of: T?.self) { group in
            group.addTask { await body() }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}
