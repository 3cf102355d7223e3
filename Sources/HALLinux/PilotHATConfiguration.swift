/// Where a control-pilot HAT's PWM and ADC channels are and how its front end scales them: all of it from
/// the board file, nothing about a particular HAT in code.
public struct PilotHATConfiguration: Sendable, Hashable {
    /// The PWM channel that generates the pilot through the HAT's ±12 V output stage.
    public struct PWMOutput: Sendable, Hashable {
        /// The chip directory, e.g. `/sys/class/pwm/pwmchip0`.
        public var chip: String
        public var channel: Int
        /// True when the output stage inverts: a high PWM pin gives −12 V on the pilot.
        public var inverted: Bool

        public init(chip: String, channel: Int, inverted: Bool = false) {
            self.chip = chip
            self.channel = channel
            self.inverted = inverted
        }
    }

    /// An ADC channel and the front end in front of it: `volts = (adcVolts − zeroV) × ratio`.
    public struct ADCInput: Sendable, Hashable {
        /// The IIO device directory, e.g. `/sys/bus/iio/devices/iio:device0`.
        public var device: String
        /// The channel as sysfs names it, e.g. `voltage0`.
        public var channel: String
        /// The ADC voltage that stands for 0 V on the signal (the level shift).
        public var zeroV: Double
        /// Signal volts per ADC volt (the divider).
        public var ratio: Double

        public init(device: String, channel: String, zeroV: Double = 0, ratio: Double = 1) {
            self.device = device
            self.channel = channel
            self.zeroV = zeroV
            self.ratio = ratio
        }

        /// The signal voltage for an ADC reading in mV (worked in mV, so whole counts convert exactly).
        public func volts(fromADCMillivolts millivolts: Double) -> Double {
            (millivolts - zeroV * 1000) * ratio / 1000
        }
    }

    /// The PP divider: a pull-up to a reference, the cable's resistor to PE, the ADC on the node.
    public struct Proximity: Sendable, Hashable {
        public var input: ADCInput
        public var pullUpOhm: Double
        public var pullUpV: Double
        /// The measurement's own tolerance, as a fraction (0.10 = 10 %), added to Rc's ±3 %.
        public var tolerance: Double

        public init(input: ADCInput, pullUpOhm: Double, pullUpV: Double, tolerance: Double = 0.10) {
            self.input = input
            self.pullUpOhm = pullUpOhm
            self.pullUpV = pullUpV
            self.tolerance = tolerance
        }
    }

    /// How the HAT puts −12 V on the pilot for state F (EVSE not available).
    public enum NotAvailableDrive: Sendable, Hashable {
        /// The PWM held at 0 % pilot duty: the output stage then sits at −12 V.
        case pwmLow
        /// A separate output (a GPIO line switching the pilot to the −12 V rail); the board is handed it.
        case output
    }

    /// IEC 61851-1 generates the pilot at 1 kHz.
    public static let pilotPeriodNs = 1_000_000

    public var pwm: PWMOutput
    /// The peak detector of the positive half-wave (the steady level without PWM).
    public var pilotPositive: ADCInput
    /// The peak detector of the negative half-wave.
    public var pilotNegative: ADCInput
    /// `nil` for a tethered cable: its rating is configuration, there is no PP to read.
    public var proximity: Proximity?
    public var notAvailable: NotAvailableDrive
    /// How often the pilot is sampled.
    public var pollInterval: Duration
    /// How long a level between bands (or a missing negative half-wave) must last to be a fault.
    public var faultDebounce: Duration

    public init(
        pwm: PWMOutput,
        pilotPositive: ADCInput,
        pilotNegative: ADCInput,
        proximity: Proximity? = nil,
        notAvailable: NotAvailableDrive = .pwmLow,
        pollInterval: Duration = .milliseconds(10),
        faultDebounce: Duration = .milliseconds(50)
    ) {
        self.pwm = pwm
        self.pilotPositive = pilotPositive
        self.pilotNegative = pilotNegative
        self.proximity = proximity
        self.notAvailable = notAvailable
        self.pollInterval = pollInterval
        self.faultDebounce = faultDebounce
    }
}
