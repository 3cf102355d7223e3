import HALModbus
import LocalFiles

/// A charge controller on a Modbus bus: which map, on which bus, at which unit id, how often polled.
public struct ModbusControllerConfig: Sendable, Hashable {
    /// The controller map's file name in the controllers directory, without `.yaml`.
    public var model: String
    /// The map, already loaded and validated.
    public var map: ControllerMap
    /// A key of `BoardConfig.buses` (a meter may share it).
    public var bus: String
    /// The Modbus unit (slave) id, 1-247.
    public var unit: Int
    public var pollInterval: Duration

    public init(model: String, map: ControllerMap, bus: String, unit: Int, pollInterval: Duration = .milliseconds(250))
    {
        self.model = model
        self.map = map
        self.bus = bus
        self.unit = unit
        self.pollInterval = pollInterval
    }
}

/// `evBoard: {type: modbus-controller, bus: rs485, unitId: 2, model: evse-din, pollMs: 250}`: the controller
/// map comes from the `controllers` folder next to the meters folder (`BoardConfigs/controllers/*.yaml`).
extension BoardParser {
    /// Where controller maps are: the `controllers` folder beside the meters folder.
    var controllersDirectory: String {
        var meters = metersDirectory
        while meters.hasSuffix("/") { meters.removeLast() }
        return BoardConfig.directory(of: meters) + "controllers"
    }

    func parseModbusController(
        _ fields: [String: Any],
        at path: String,
        buses: [String: ModbusTransport]
    ) throws(BoardConfigError) -> ModbusControllerConfig {
        try allowOnly(["type", "bus", "unitId", "model", "pollMs"], in: fields, at: path)
        let bus = try busReference(fields["bus"], buses: buses, at: "\(path).bus")
        let unit = try modbusUnitId(fields["unitId"], at: "\(path).unitId")
        let pollMs =
            try fields["pollMs"].map { value throws(BoardConfigError) in try integer(value, at: "\(path).pollMs") }
            ?? 250
        guard (20...5000).contains(pollMs) else {
            throw fail("\(path).pollMs", "must be 20 to 5000 ms, not \(pollMs)")
        }
        let model = try string(fields["model"], at: "\(path).model")
        return ModbusControllerConfig(
            model: model,
            map: try loadControllerMap(model, at: "\(path).model"),
            bus: bus,
            unit: unit,
            pollInterval: .milliseconds(pollMs)
        )
    }

    func loadControllerMap(_ model: String, at path: String) throws(BoardConfigError) -> ControllerMap {
        let mapPath = try modelFile(model, kind: "controller", in: controllersDirectory, at: path)
        do {
            return try ControllerMap.load(path: mapPath)
        } catch {
            throw fail(path, "controller model \"\(model)\" has an invalid map: \(error)")
        }
    }
}
