import HALModbus
import LocalFiles

/// What every Modbus part of a board file shares: a reference to one of the file's buses, a unit id, and a
/// model named by its data file (a meter's register map, a charge controller's map).
extension BoardParser {
    /// The name of a bus the file defines; an unknown one lists those it does define.
    func busReference(
        _ value: Any?,
        buses: [String: ModbusTransport],
        at path: String
    ) throws(BoardConfigError)
        -> String
    {
        let bus = try string(value, at: path)
        guard buses[bus] == nil else { return bus }
        let known = buses.keys.sorted()
        throw fail(
            path,
            "unknown bus \"\(bus)\"; "
                + (known.isEmpty ? "the file defines no buses" : "defined: \(known.joined(separator: ", "))")
        )
    }

    /// A Modbus unit id (1-247).
    func modbusUnitId(_ value: Any?, at path: String) throws(BoardConfigError) -> Int {
        let unitId = try integer(value, at: path)
        guard (1...247).contains(unitId) else {
            throw fail(path, "must be a Modbus unit id from 1 to 247, not \(unitId)")
        }
        return unitId
    }

    /// The data file of a `kind` ("meter", "controller") model in `directory`: a plain file name (with or
    /// without `.yaml`), never a path; an unknown one lists the models there.
    func modelFile(
        _ model: String,
        kind: String,
        in directory: String,
        at path: String
    ) throws(BoardConfigError)
        -> String
    {
        guard !model.contains("/"), !model.hasPrefix(".") else {
            throw fail(path, "must be a \(kind) model name (a file name in \(directory)), not a path")
        }
        let name = model.hasSuffix(".yaml") ? model : "\(model).yaml"
        let file = directory.hasSuffix("/") ? directory + name : "\(directory)/\(name)"
        guard LocalFiles.exists(file) else {
            let known = LocalFiles.names(inDirectory: directory)
                .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }
            throw fail(
                path,
                "unknown \(kind) model \"\(model)\" (no \(file)); known: "
                    + (known.isEmpty ? "none" : known.joined(separator: ", "))
            )
        }
        return file
    }
}
