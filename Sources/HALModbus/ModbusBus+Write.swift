import CModbus

/// Writes, for devices that take commands (charge controllers): a holding register (function 6 or 16)
/// or a coil (function 5), retried like reads after a timeout, a garbled answer or a broken link.
///
/// Every value written is a setpoint (a current, an enable bit), so repeating a write whose answer
/// was lost is harmless.
extension ModbusBus {
    /// How a holding register is written.
    public enum RegisterWriteFunction: UInt8, Sendable, Hashable {
        /// Write single register.
        case single = 6
        /// Write multiple registers (with one register).
        case multiple = 16
    }

    /// Writes `value` to holding register `address` of device `unit`.
    public func writeRegister(
        unit: UInt8,
        address: UInt16,
        value: UInt16,
        function: RegisterWriteFunction = .single
    ) async throws(ModbusError) {
        try await perform { link in
            link.write(unit: unit, what: "holding register \(address)") { context in
                switch function {
                case .single:
                    return modbus_write_register(context, Int32(address), value)
                case .multiple:
                    var word = value
                    return modbus_write_registers(context, Int32(address), 1, &word)
                }
            }
        }
    }

    /// Switches coil `address` of device `unit` on or off.
    public func writeCoil(unit: UInt8, address: UInt16, on: Bool) async throws(ModbusError) {
        try await perform { link in
            link.write(unit: unit, what: "coil \(address)") { context in
                modbus_write_bit(context, Int32(address), on ? 1 : 0)
            }
        }
    }

    private func perform(
        _ body: @escaping @Sendable (ModbusLink) -> Result<Void, ModbusError>
    ) async throws(ModbusError) {
        let link = self.link
        let result: Result<Void, ModbusError> = await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: body(link)) }
        }
        try result.get()
    }
}

extension ModbusLink {
    /// Runs one write request (`call` returns libmodbus' result: -1 on failure), with the read path's retries.
    func write(unit: UInt8, what: String, _ call: (OpaquePointer) -> Int32) -> Result<Void, ModbusError> {
        attempting(unit: unit, what: what) { context in
            call(context) >= 0 ? .success(()) : .failure(Self.classify(cmodbus_errno()))
        }
    }
}
