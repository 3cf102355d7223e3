import HALGPIO
import HALLinux
import YAMLFields

/// A control-pilot HAT on Linux kernel interfaces (`evBoard: {type: pilot-hat, …}`): what the board file
/// says about it, and the GPIO line for state F when the HAT switches −12 V by a separate output.
public struct PilotHATBoardConfig: Sendable, Hashable {
    public var hat: PilotHATConfiguration
    /// The line that puts −12 V on the pilot, when `hat.notAvailable` is `.output`.
    public var notAvailableLine: GPIOLineAddress?

    public init(hat: PilotHATConfiguration, notAvailableLine: GPIOLineAddress? = nil) {
        self.hat = hat
        self.notAvailableLine = notAvailableLine
    }
}

/// The `pilot-hat` EV board: every path and scale is data; nothing about one HAT is in code.
///
/// ```yaml
/// evBoard:
///   type: pilot-hat
///   pwm: {chip: /sys/class/pwm/pwmchip0, channel: 0, inverted: false}
///   adcDevice: /sys/bus/iio/devices/iio:device0
///   pilotPositive: {channel: voltage0, zeroV: 1.65, ratio: 10}
///   pilotNegative: {channel: voltage1, zeroV: 1.65, ratio: 10}
///   proximity: {channel: voltage2, pullUpOhm: 1000, pullUpV: 3.3, tolerancePercent: 10}
///   stateF: pwm-low            # or {type: gpio, line: {chip: gpiochip0, offset: 5}}
///   pollMs: 10
///   faultDebounceMs: 50
/// ```
extension BoardParser {
    mutating func parsePilotHAT(_ fields: [String: Any], at path: String) throws(BoardConfigError) -> EVBoardConfig {
        try allowOnly(
            [
                "type", "pwm", "adcDevice", "pilotPositive", "pilotNegative", "proximity", "stateF", "pollMs",
                "faultDebounceMs",
            ],
            in: fields,
            at: path
        )
        let pwmFields = try mapping(fields["pwm"], at: "\(path).pwm")
        try allowOnly(["chip", "channel", "inverted"], in: pwmFields, at: "\(path).pwm")
        let chip = try sysfsPath(pwmFields["chip"], at: "\(path).pwm.chip")
        let channel = try integer(pwmFields["channel"], at: "\(path).pwm.channel")
        guard (0...1023).contains(channel) else {
            throw fail("\(path).pwm.channel", "must be a PWM channel number from 0 to 1023, not \(channel)")
        }
        let inverted =
            try pwmFields["inverted"].map { value throws(BoardConfigError) in
                try bool(value, at: "\(path).pwm.inverted")
            } ?? false

        let device = try fields["adcDevice"].map { value throws(BoardConfigError) in
            try sysfsPath(value, at: "\(path).adcDevice")
        }
        let positive = try adcInput(fields["pilotPositive"], at: "\(path).pilotPositive", device: device)
        let negative = try adcInput(fields["pilotNegative"], at: "\(path).pilotNegative", device: device)
        let proximity = try fields["proximity"].map { value throws(BoardConfigError) in
            try parseProximity(value, at: "\(path).proximity", device: device)
        }

        var drive = PilotHATConfiguration.NotAvailableDrive.pwmLow
        var line: GPIOLineAddress?
        if let value = fields["stateF"] {
            let (type, stateF) = try part(value, at: "\(path).stateF", types: ["pwm-low", "gpio"])
            if type == "gpio" {
                try allowOnly(["type", "line"], in: stateF, at: "\(path).stateF")
                line = try gpioLine(stateF["line"], at: "\(path).stateF.line")
                drive = .output
            } else {
                try allowOnly(["type"], in: stateF, at: "\(path).stateF")
            }
        }
        let pollMs = try milliseconds(fields["pollMs"], at: "\(path).pollMs", default: 10, range: 1...1000)
        let debounceMs = try milliseconds(
            fields["faultDebounceMs"],
            at: "\(path).faultDebounceMs",
            default: 50,
            range: 0...3000
        )
        let hat = PilotHATConfiguration(
            pwm: .init(chip: chip, channel: channel, inverted: inverted),
            pilotPositive: positive,
            pilotNegative: negative,
            proximity: proximity,
            notAvailable: drive,
            pollInterval: .milliseconds(pollMs),
            faultDebounce: .milliseconds(debounceMs)
        )
        return .pilotHAT(PilotHATBoardConfig(hat: hat, notAvailableLine: line))
    }

    /// An ADC channel `{channel, device?, zeroV?, ratio?}`; the device defaults to `adcDevice`.
    func adcInput(
        _ value: Any?,
        at path: String,
        device: String?,
        extraKeys: [String] = []
    ) throws(BoardConfigError) -> PilotHATConfiguration.ADCInput {
        let fields = try mapping(value, at: path)
        try allowOnly(["channel", "device", "zeroV", "ratio"] + extraKeys, in: fields, at: path)
        let channel = try string(fields["channel"], at: "\(path).channel")
        guard channel.first?.isLetter == true,
            channel.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        else {
            throw fail("\(path).channel", "must be an IIO channel name such as voltage0, not \"\(channel)\"")
        }
        let ownDevice = try fields["device"].map { value throws(BoardConfigError) in
            try sysfsPath(value, at: "\(path).device")
        }
        guard let chosen = ownDevice ?? device else {
            throw fail("\(path).device", "is missing (and the board has no adcDevice)")
        }
        let zeroV =
            try fields["zeroV"].map { value throws(BoardConfigError) in
                try number(value, at: "\(path).zeroV")
            } ?? 0
        let ratio =
            try fields["ratio"].map { value throws(BoardConfigError) in
                try number(value, at: "\(path).ratio")
            } ?? 1
        guard zeroV.isFinite, abs(zeroV) <= 100 else { throw fail("\(path).zeroV", "must be a voltage, not \(zeroV)") }
        guard ratio.isFinite, ratio != 0 else { throw fail("\(path).ratio", "must be a non-zero number, not \(ratio)") }
        return .init(device: chosen, channel: channel, zeroV: zeroV, ratio: ratio)
    }

    func parseProximity(
        _ value: Any,
        at path: String,
        device: String?
    ) throws(BoardConfigError) -> PilotHATConfiguration.Proximity {
        let input = try adcInput(
            value,
            at: path,
            device: device,
            extraKeys: ["pullUpOhm", "pullUpV", "tolerancePercent"]
        )
        let fields = try mapping(value, at: path)
        let pullUpOhm = try number(fields["pullUpOhm"], at: "\(path).pullUpOhm")
        guard pullUpOhm > 0, pullUpOhm <= 1_000_000 else {
            throw fail("\(path).pullUpOhm", "must be above 0 and at most 1 MΩ, not \(pullUpOhm)")
        }
        let pullUpV = try number(fields["pullUpV"], at: "\(path).pullUpV")
        guard pullUpV > 0, pullUpV <= 24 else { throw fail("\(path).pullUpV", "must be above 0 and at most 24 V") }
        let tolerance =
            try fields["tolerancePercent"].map { value throws(BoardConfigError) in
                try number(value, at: "\(path).tolerancePercent")
            } ?? 10
        // Above about 30 % the 680 Ω and 1.5 kΩ bands would overlap.
        guard (0...25).contains(tolerance) else {
            throw fail("\(path).tolerancePercent", "must be 0 to 25 %, not \(tolerance)")
        }
        return .init(input: input, pullUpOhm: pullUpOhm, pullUpV: pullUpV, tolerance: tolerance / 100)
    }

    func sysfsPath(_ value: Any?, at path: String) throws(BoardConfigError) -> String {
        let text = try string(value, at: path)
        guard text.hasPrefix("/") else { throw fail(path, "must be an absolute path, not \"\(text)\"") }
        return text
    }

    func milliseconds(
        _ value: Any?,
        at path: String,
        default fallback: Int,
        range: ClosedRange<Int>
    ) throws(BoardConfigError) -> Int {
        guard let value else { return fallback }
        let ms = try integer(value, at: path)
        guard range.contains(ms) else {
            throw fail(path, "must be \(range.lowerBound) to \(range.upperBound) ms, not \(ms)")
        }
        return ms
    }
}
