import HALLinux

#if canImport(Glibc)
import Glibc
#endif

/// A temporary directory laid out as the kernel lays out the sysfs PWM class and an IIO ADC: `pwmchip0`
/// with `export` and an exported `pwm0/{period,duty_cycle,enable}`, and `iio:device0` with
/// `in_voltage{0,1,2}_raw` and a shared `in_voltage_scale`. The test plays the hardware: it writes raw ADC
/// counts and reads back what the board wrote.
///
/// The front end it stands for: a 1 mV-per-count ADC; the pilot through a ÷10 divider shifted to 1.65 V
/// (so −12…+12 V reads 0.45…2.85 V); PP on a 1 kΩ pull-up to 3.3 V, read directly.
final class FakeSysfsTree {
    let root: String
    var chip: String { "\(root)/class/pwm/pwmchip0" }
    var channel: String { "\(chip)/pwm0" }
    var device: String { "\(root)/bus/iio/devices/iio:device0" }

    init(exported: Bool = true) {
        var template = Array("/tmp/pilot-hat-sysfs-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil, "mkdtemp failed")
        root = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        makeDirectory(chip)
        write("", to: "\(chip)/export")
        write("", to: "\(chip)/unexport")
        write("1", to: "\(chip)/npwm")
        if exported {
            makeDirectory(channel)
            write("0", to: "\(channel)/period")
            write("0", to: "\(channel)/duty_cycle")
            write("0", to: "\(channel)/enable")
            write("normal", to: "\(channel)/polarity")
        }
        makeDirectory(device)
        write("1.000000000", to: "\(device)/in_voltage_scale")
        setPilot(positive: 12, negative: 12)
        setPP(volts: 3.3)
    }

    deinit {
        _ = system("rm -rf '\(root)'")
    }

    static let pilotZeroV = 1.65
    static let pilotRatio = 10.0

    func configuration(
        proximity: Bool = true,
        inverted: Bool = false,
        notAvailable: PilotHATConfiguration.NotAvailableDrive = .pwmLow,
        debounce: Duration = .milliseconds(50)
    ) -> PilotHATConfiguration {
        PilotHATConfiguration(
            pwm: .init(chip: chip, channel: 0, inverted: inverted),
            pilotPositive: .init(device: device, channel: "voltage0", zeroV: Self.pilotZeroV, ratio: Self.pilotRatio),
            pilotNegative: .init(device: device, channel: "voltage1", zeroV: Self.pilotZeroV, ratio: Self.pilotRatio),
            proximity: proximity
                ? .init(input: .init(device: device, channel: "voltage2"), pullUpOhm: 1000, pullUpV: 3.3) : nil,
            notAvailable: notAvailable,
            pollInterval: .milliseconds(10),
            faultDebounce: debounce
        )
    }

    /// Writes the raw counts the peak detectors would show for these pilot levels (in V).
    func setPilot(positive: Double, negative: Double) {
        write(Self.pilotCounts(positive), to: "\(device)/in_voltage0_raw")
        write(Self.pilotCounts(negative), to: "\(device)/in_voltage1_raw")
    }

    static func pilotCounts(_ volts: Double) -> String {
        "\(Int((volts * 1000 / pilotRatio + pilotZeroV * 1000).rounded()))"
    }

    /// Writes the PP node's voltage as raw counts.
    func setPP(volts: Double) {
        write("\(Int((volts * 1000).rounded()))", to: "\(device)/in_voltage2_raw")
    }

    /// The PP node's voltage for a cable resistor of `ohm` on the 1 kΩ / 3.3 V pull-up.
    func setPP(ohm: Double) {
        setPP(volts: 3.3 * ohm / (1000 + ohm))
    }

    func read(_ path: String) -> String {
        guard let file = fopen(path, "r") else { return "<missing \(path)>" }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: 256)
        let count = fread(&buffer, 1, 255, file)
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            .trimmingCharacters()
    }

    var period: String { read("\(channel)/period") }
    var dutyCycle: String { read("\(channel)/duty_cycle") }
    var enable: String { read("\(channel)/enable") }

    /// Replaces the file whole (a new file renamed over it), so a board polling on the real clock never
    /// reads it half written, as it never would from sysfs.
    func write(_ text: String, to path: String) {
        let staging = path + ".staging"
        guard let file = fopen(staging, "w") else { fatalError("cannot create \(staging)") }
        _ = text.withCString { fputs($0, file) }
        fputc(0x0A, file)
        fclose(file)
        guard rename(staging, path) == 0 else { fatalError("cannot rename \(staging) to \(path)") }
    }

    func remove(_ path: String) {
        _ = system("rm -rf '\(path)'")
    }

    func makeDirectory(_ path: String) {
        _ = system("mkdir -p '\(path)'")
    }
}

extension String {
    fileprivate func trimmingCharacters() -> String {
        String(filter { !$0.isWhitespace })
    }
}
