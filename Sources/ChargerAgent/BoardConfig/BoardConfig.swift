import HALGPIO
import HALInput
import HALModbus
import HALNFC
import OCPPWebSocket

/// One station's hardware and identity, as a board file (`BoardConfigs/<board>.yaml`) describes it.
///
/// Loading checks everything that can be checked without touching the hardware: keys, ranges, meter
/// models, bus references, duplicate GPIO lines, the security profile against the URL. Whether a gpiochip
/// or serial device exists is deliberately *not* checked here: the file may be validated on a build host,
/// and a USB adapter may appear after boot. The backends report a missing device by name at start.
public struct BoardConfig: Sendable, Hashable {
    /// The file it was loaded from (for messages).
    public var file: String
    public var station: StationIdentity
    public var csms: CSMSSettings
    /// Where the station keeps what must survive a power cut (transactions, queue, device model).
    public var stateDirectory: String
    /// Modbus buses by name; meters refer to them.
    public var buses: [String: ModbusTransport]
    /// The EVSEs, in file order (ids unique, from 1).
    public var evses: [EVSEConfig]
    public var tokenReader: TokenReaderConfig
    /// The emergency-stop input, if the board has one.
    public var emergencyStop: InputConfig?
    /// Further inputs by role ("door", "tamper").
    public var inputs: [String: InputConfig]
    /// Firmware installer, running-version file, log upload method (L01, N01).
    public var maintenance = MaintenanceSettings()
    /// Limits from outside OCPP: Modbus registers and digital inputs (K11-K13).
    public var externalLimits: [ExternalLimitConfig] = []

    public init(
        file: String,
        station: StationIdentity,
        csms: CSMSSettings,
        stateDirectory: String,
        buses: [String: ModbusTransport] = [:],
        evses: [EVSEConfig],
        tokenReader: TokenReaderConfig = .none,
        emergencyStop: InputConfig? = nil,
        inputs: [String: InputConfig] = [:]
    ) {
        self.file = file
        self.station = station
        self.csms = csms
        self.stateDirectory = stateDirectory
        self.buses = buses
        self.evses = evses
        self.tokenReader = tokenReader
        self.emergencyStop = emergencyStop
        self.inputs = inputs
    }

    /// True when no part of the board touches real hardware.
    public var isFullySimulated: Bool {
        evses.allSatisfy { $0.isFullySimulated }
            && emergencyStop.map { $0 == .simulated } ?? true
            && inputs.values.allSatisfy { $0 == .simulated }
            && (tokenReader == .none || tokenReader == .simulated)
    }
}

/// Who the station is towards the CSMS (BootNotification, the OCPP identity).
public struct StationIdentity: Sendable, Hashable {
    /// The OCPP identity (the last path segment of the CSMS URL).
    public var id: String
    public var vendor: String
    public var model: String
    public var serial: String?

    public init(id: String, vendor: String, model: String, serial: String? = nil) {
        self.id = id
        self.vendor = vendor
        self.model = model
        self.serial = serial
    }
}

/// Where a secret is kept; the board file never holds a secret itself.
public enum SecretReference: Sendable, Hashable, CustomStringConvertible {
    /// The value of an environment variable (e.g. set by systemd's `LoadCredential`/`Environment`).
    case environment(String)
    /// The contents of a file (trailing newline dropped).
    case file(String)

    public var description: String {
        switch self {
        case .environment(let name): "environment variable \(name)"
        case .file(let path): "file \(path)"
        }
    }
}

/// How the station connects to its CSMS.
public struct CSMSSettings: Sendable, Hashable {
    public var url: String
    /// OCPP security profile 0-3; 0/1 use `ws://`, 2/3 `wss://`.
    public var securityProfile: Int
    /// Basic-auth password (profiles 1 and 2).
    public var password: SecretReference?
    /// Client certificate chain and key (profile 3).
    public var clientCertificate: ClientCertificate?
    /// PEM files the CSMS certificate is verified against; empty for the system store.
    public var trustRoots: [String]

    public init(
        url: String,
        securityProfile: Int,
        password: SecretReference? = nil,
        clientCertificate: ClientCertificate? = nil,
        trustRoots: [String] = []
    ) {
        self.url = url
        self.securityProfile = securityProfile
        self.password = password
        self.clientCertificate = clientCertificate
        self.trustRoots = trustRoots
    }
}

/// One EVSE (with one connector) and the hardware behind it.
public struct EVSEConfig: Sendable, Hashable {
    /// The OCPP EVSE id, from 1.
    public var id: Int
    /// The OCPP `ConnectorEnumType` value, e.g. `cType2`, `sType2`, `cCCS2` (checked at load).
    public var connectorType: String
    /// The most current the EVSE offers, in A (per phase for AC).
    public var maxCurrentA: Double
    /// The AC phases, 1 or 3 (for a DC connector: what the simulation draws on; the CSMS is told 0).
    public var phases: Int
    /// The most power the EVSE delivers, in W: what the device model reports (EVSE.Power's maximum).
    public var maxPowerW: Double
    public var meter: MeterConfig
    public var contactor: ContactorConfig
    public var evBoard: EVBoardConfig
    public var indicator: IndicatorConfig?
    /// The connector lock of a socket outlet; `.tethered` for a tethered cable (the default).
    public var lock: LockConfig

    public init(
        id: Int,
        connectorType: String,
        maxCurrentA: Double,
        phases: Int,
        maxPowerW: Double? = nil,
        meter: MeterConfig,
        contactor: ContactorConfig,
        evBoard: EVBoardConfig,
        indicator: IndicatorConfig? = nil,
        lock: LockConfig = .tethered
    ) {
        self.id = id
        self.connectorType = connectorType
        self.maxCurrentA = maxCurrentA
        self.phases = phases
        self.maxPowerW = maxPowerW ?? Double(phases) * Self.nominalACVoltage * maxCurrentA
        self.meter = meter
        self.contactor = contactor
        self.evBoard = evBoard
        self.indicator = indicator
        self.lock = lock
    }

    /// The phase-to-neutral voltage an AC EVSE's power rating is worked out at when the board gives none.
    public static let nominalACVoltage = 230.0

    public var isFullySimulated: Bool {
        meter == .simulated && contactor == .simulated && evBoard == .simulated
            && (indicator.map { $0 == .simulated } ?? true)
            && !lock.isHardware
    }
}

/// An EVSE's energy meter.
public enum MeterConfig: Sendable, Hashable {
    case simulated
    case modbus(ModbusMeterConfig)
}

/// A Modbus meter: which register map, on which bus, at which address.
public struct ModbusMeterConfig: Sendable, Hashable {
    /// The register map's file name in the meters directory, without `.yaml`.
    public var model: String
    /// The register map, already loaded and validated.
    public var registerMap: RegisterMap
    /// A key of `BoardConfig.buses`.
    public var bus: String
    /// The Modbus unit (slave) id, 1-247.
    public var unitId: Int
    /// The most power the EVSE can draw; readings beyond it are implausible.
    public var maxPowerW: Double

    public init(model: String, registerMap: RegisterMap, bus: String, unitId: Int, maxPowerW: Double) {
        self.model = model
        self.registerMap = registerMap
        self.bus = bus
        self.unitId = unitId
        self.maxPowerW = maxPowerW
    }
}

/// An EVSE's contactor.
public enum ContactorConfig: Sendable, Hashable {
    case simulated
    /// A relay output, optionally an auxiliary-contact feedback input, and how long the contacts may take.
    case gpio(output: GPIOLineAddress, feedback: GPIOLineAddress?, settleTime: Duration)
}

/// An EVSE's control-pilot board.
public enum EVBoardConfig: Sendable, Hashable {
    case simulated
    /// A HAT generating the pilot by sysfs PWM and reading it through IIO ADC channels.
    case pilotHAT(PilotHATBoardConfig)
    /// A charge-controller module on a Modbus bus (`BoardConfig+YAMLController.swift`).
    case modbusController(ModbusControllerConfig)
}

/// A status light.
public enum IndicatorConfig: Sendable, Hashable {
    case simulated
    /// One line per colour the LED has.
    case gpio(lines: [IndicatorColorLine])
}

/// The line that lights one colour of an indicator.
public struct IndicatorColorLine: Sendable, Hashable {
    /// An `IndicatorColor` raw value ("red", "green", "blue", ...).
    public var color: String
    public var line: GPIOLineAddress

    public init(color: String, line: GPIOLineAddress) {
        self.color = color
        self.line = line
    }
}

/// A digital input such as the emergency stop.
public enum InputConfig: Sendable, Hashable {
    case simulated
    case gpio(line: GPIOLineAddress, debounce: Duration)
}

/// The card reader.
public enum TokenReaderConfig: Sendable, Hashable {
    case none
    case simulated
    /// A USB HID keyboard-wedge reader on its event device.
    case hid(HIDTokenReader.Settings)
    /// A PN532-class reader through libnfc.
    case nfc(NFCTokenReader.Settings)
}
