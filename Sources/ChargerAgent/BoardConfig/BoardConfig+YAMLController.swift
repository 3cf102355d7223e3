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

/// `evBoard: {type: modbus-controller, bus: rs485, unit: 2, model: evse-din, pollMs: 250}`: the controller
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
        try allowOnly(["type", "bus", "unit", "model", "pollMs"], in: fields, at: path)
        let bus = try string(fields["bus"], at: "\(path).bus")
        guard buses[bus] != nil else {
            let known = buses.keys.sorted()
            throw fail(
                "\(path).bus",
                "unknown bus \"\(bus)\"; "
                    + (known.isEmpty ? "the file defines no buses" : "defined: \(known.joined(separator: ", "))")
            )
        }
        let unit = try integer(fields["unit"], at: "\(path).unit")
        guard (1...247).contains(unit) else {
            throw fail("\(path).unit", "must be a Modbus unit id from 1 to 247, not \(unit)")
        }
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
        let directory = controllersDirectory
        guard !model.contains("/"), !model.hasPrefix(".") else {
            throw fail(path, "must be a controller model name (a file name in \(directory)), not a path")
        }
        let name = model.hasSuffix(".yaml") ? model : "\(model).yaml"
        let mapPath = "\(directory)/\(name)"
        guard LocalFiles.exists(mapPath) else {
            let known = LocalFiles.names(inDirectory: directory)
                .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
            throw fail(
                path,
                "unknown controller model \"\(model)\" (no \(mapPath)); known: "
                    + (known.isEmpty ? "none" : known.joined(separator: ", "))
            )
        }
        do {
            return try ControllerMap.load(path: mapPath)
        } catch {
            throw fail(path, "controller model \"\(model)\" has an invalid map: \(error)")
        }
    }
}
