/// One voltage channel of an Industrial I/O ADC (`Documentation/ABI/testing/sysfs-bus-iio`).
///
/// The device directory (`/sys/bus/iio/devices/iio:deviceN`) has `in_voltageY_raw`; the value in mV is
/// `(raw + offset) × scale`, where `scale` is `in_voltageY_scale` or, for channels that share it,
/// `in_voltage_scale`, and `offset` (`in_voltageY_offset` / `in_voltage_offset`) is optional. Scale and
/// offset are read once, when the channel is opened: they describe the converter, not the signal.
public struct IIOChannel: Sendable, CustomStringConvertible {
    /// The device directory, e.g. `/sys/bus/iio/devices/iio:device0`.
    public let device: String
    /// The channel as sysfs names it, e.g. `voltage0`.
    public let channel: String
    /// mV per count.
    public let scale: Double
    /// Counts added to the raw value before scaling.
    public let offset: Double

    public init(device: String, channel: String) throws(PilotHATError) {
        self.device = device.hasSuffix("/") ? String(device.dropLast()) : device
        self.channel = channel
        guard PilotHATSysfsFile.isDirectory(self.device) else {
            throw .missingPath(self.device, what: "IIO device", hint: "is the ADC driver loaded?")
        }
        let raw = "\(self.device)/in_\(channel)_raw"
        guard PilotHATSysfsFile.exists(raw) else { throw .missingPath(raw, what: "IIO channel") }
        // `voltage0` shares `in_voltage_scale` with its siblings when it has no scale of its own.
        let type = String(channel.prefix { $0.isLetter })
        let scalePaths = ["\(self.device)/in_\(channel)_scale", "\(self.device)/in_\(type)_scale"]
        guard let scalePath = scalePaths.first(where: PilotHATSysfsFile.exists) else {
            throw .missingPath(scalePaths[0], what: "IIO scale", hint: "nor \(scalePaths[1])")
        }
        scale = try PilotHATSysfsFile.readNumber(scalePath)
        let offsetPaths = ["\(self.device)/in_\(channel)_offset", "\(self.device)/in_\(type)_offset"]
        offset =
            try offsetPaths.first(where: PilotHATSysfsFile.exists).map { (path) throws(PilotHATError) in
                try PilotHATSysfsFile.readNumber(path)
            } ?? 0
    }

    public var rawPath: String { "\(device)/in_\(channel)_raw" }
    public var description: String { rawPath }

    /// Reads the converter now: the channel's voltage in mV at the ADC pin.
    public func millivolts() throws(PilotHATError) -> Double {
        (Double(try PilotHATSysfsFile.readInteger(rawPath)) + offset) * scale
    }
}
