import Foundation

/// The charge-controller side of `ModbusServerPeer`: the test plays the vehicle by changing one unit's
/// registers, and sees what the backend wrote (the server reports every accepted write request).
extension ModbusServerPeer {
    /// Sets registers of one device only (a controller sharing the bus with a meter).
    public func set(unit: Int, table: String = "holding", address: Int, values: [Int]) async throws {
        try await command(
            #"{"cmd":"set","unit":\#(unit),"table":"\#(table)","address":\#(address),"values":\#(values)}"#
        )
    }

    /// The number of lines the server has printed so far: pass it as `after` to wait only for later writes.
    public var mark: Int { process.lineCount }

    /// Waits for a write to `address` of `unit` in `table` ("holding" or "coil") after line `after`,
    /// and returns the values written.
    public func waitForWrite(
        unit: Int,
        table: String = "holding",
        address: Int,
        after: Int = 0,
        timeout: Duration = .seconds(5)
    ) async throws -> [Int] {
        let line = try await process.waitForEvent("write", after: after, timeout: timeout) { line in
            line["unit"].int == unit && line["table"].string == table && line["address"].int == address
        }
        return line["values"].elements.compactMap(\.int)
    }

    /// Every write seen after line `after`, as (table, address, values), in order.
    public func writes(unit: Int, after: Int = 0) -> [(table: String, address: Int, values: [Int])] {
        process.lines.dropFirst(after).compactMap { line in
            guard line.event == "write", line["unit"].int == unit, let table = line["table"].string,
                let address = line["address"].int
            else { return nil }
            return (table, address, line["values"].elements.compactMap(\.int))
        }
    }
}
