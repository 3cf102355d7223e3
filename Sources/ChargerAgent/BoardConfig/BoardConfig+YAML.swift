import HALGPIO
import HALModbus
import LocalFiles
import OCPP
import OCPPWebSocket
import YAMLFields

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension BoardConfig {
    /// Serial speeds a UART and the meters we support actually use; anything else is a typo.
    public static let standardBaudRates = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400]

    /// Loads and validates a board file.
    ///
    /// - Parameters:
    ///   - path: the board file.
    ///   - metersDirectory: where meter models' register maps are (`<model>.yaml`); by default the
    ///     `meters` folder next to the board file.
    /// - Note: a missing gpiochip or serial device is not an error here; the backends report it at start.
    public static func load(path: String, metersDirectory: String? = nil) throws(BoardConfigError) -> BoardConfig {
        let text: String
        do {
            text = try LocalFiles.readText(path)
        } catch {
            throw BoardConfigError(file: path, key: "", problem: "cannot be read (\(error.reason))")
        }
        let meters = metersDirectory ?? Self.directory(of: path) + "meters"
        return try parse(yaml: text, file: path, metersDirectory: meters)
    }

    /// Parses and validates a board file's text; `file` names the source in errors.
    public static func parse(
        yaml: String,
        file: String,
        metersDirectory: String
    ) throws(BoardConfigError)
        -> BoardConfig
    {
        var parser = BoardParser(file: file, metersDirectory: metersDirectory)
        return try parser.parse(yaml)
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[...slash])
    }
}

/// Reads one board file's YAML tree, key by key, into a `BoardConfig`; its EVSE sections are in
/// BoardConfig+YAMLEVSE.swift.
struct BoardParser: YAMLFieldReader {
    let file: String
    let metersDirectory: String
    /// Every GPIO line used so far, by normalized chip and line, with the key that used it.
    var usedLines: [String: String] = [:]
    var registerMaps: [String: RegisterMap] = [:]

    init(file: String, metersDirectory: String) {
        self.file = file
        self.metersDirectory = metersDirectory
    }

    func fail(_ key: String, _ problem: String, line: Int? = nil) -> BoardConfigError {
        BoardConfigError(file: file, key: key, line: line, problem: problem)
    }

    mutating func parse(_ yaml: String) throws(BoardConfigError) -> BoardConfig {
        let top = try loadTopLevelMapping(yaml)
        try allowOnly(
            [
                "station", "csms", "stateDirectory", "buses", "evses", "tokenReader", "emergencyStop", "inputs",
                "maintenance", "externalLimits",
            ],
            in: top,
            at: ""
        )
        let station = try parseStation(top["station"])
        let csms = try parseCSMS(top["csms"])
        let stateDirectory = try string(top["stateDirectory"], at: "stateDirectory")
        var buses: [String: ModbusTransport] = [:]
        if let value = top["buses"] {
            for (name, bus) in try mapping(value, at: "buses").sorted(by: { $0.key < $1.key }) {
                buses[name] = try parseBus(bus, at: "buses.\(name)")
            }
        }
        guard let evseList = top["evses"] else { throw fail("evses", "is missing") }
        guard let evseItems = evseList as? [Any], !evseItems.isEmpty else {
            throw fail("evses", "must be a non-empty list of EVSEs")
        }
        var evses: [EVSEConfig] = []
        for (index, item) in evseItems.enumerated() {
            let path = "evses[\(index)]"
            let evse = try parseEVSE(item, at: path, buses: buses)
            if let earlier = evses.firstIndex(where: { $0.id == evse.id }) {
                throw fail("\(path).id", "duplicate EVSE id \(evse.id) (also evses[\(earlier)].id)")
            }
            evses.append(evse)
        }
        let tokenReader = try parseTokenReader(top["tokenReader"], at: "tokenReader")
        let emergencyStop = try top["emergencyStop"].map { value throws(BoardConfigError) in
            try parseInput(value, at: "emergencyStop")
        }
        var inputs: [String: InputConfig] = [:]
        if let value = top["inputs"] {
            for (name, input) in try mapping(value, at: "inputs").sorted(by: { $0.key < $1.key }) {
                inputs[name] = try parseInput(input, at: "inputs.\(name)")
            }
        }
        var config = BoardConfig(
            file: file,
            station: station,
            csms: csms,
            stateDirectory: stateDirectory,
            buses: buses,
            evses: evses,
            tokenReader: tokenReader,
            emergencyStop: emergencyStop,
            inputs: inputs
        )
        config.maintenance = try parseMaintenance(top["maintenance"], at: "maintenance")
        config.externalLimits = try parseExternalLimits(
            top["externalLimits"],
            buses: buses,
            inputs: inputs,
            evseIds: Set(evses.map(\.id))
        )
        return config
    }

    // MARK: - Sections

    func parseStation(_ value: Any?) throws(BoardConfigError) -> StationIdentity {
        let fields = try mapping(value, at: "station")
        try allowOnly(["id", "vendor", "model", "serial"], in: fields, at: "station")
        return StationIdentity(
            id: try string(fields["id"], at: "station.id"),
            vendor: try string(fields["vendor"], at: "station.vendor"),
            model: try string(fields["model"], at: "station.model"),
            serial: try fields["serial"].map { value throws(BoardConfigError) in
                try string(value, at: "station.serial")
            }
        )
    }

    func parseCSMS(_ value: Any?) throws(BoardConfigError) -> CSMSSettings {
        let fields = try mapping(value, at: "csms")
        try allowOnly(
            ["url", "securityProfile", "password", "clientCertificate", "trustRoots"],
            in: fields,
            at: "csms"
        )
        let url = try string(fields["url"], at: "csms.url")
        let profile = try integer(fields["securityProfile"], at: "csms.securityProfile")
        guard (0...3).contains(profile) else {
            throw fail("csms.securityProfile", "must be 0, 1, 2 or 3, not \(profile)")
        }
        guard let scheme = CSMSURLScheme(url: url) else {
            throw fail("csms.url", "must start with ws:// or wss://, not \"\(url)\"")
        }
        if let wanted = CSMSURLScheme(securityProfile: profile), scheme != wanted {
            throw fail(
                "csms.securityProfile",
                "security profile \(profile) needs a \(wanted.prefix) URL, but csms.url uses \(scheme.prefix)"
            )
        }
        let password = try fields["password"].map { value throws(BoardConfigError) in
            try parseSecret(value, at: "csms.password")
        }
        if profile == 1 || profile == 2, password == nil {
            throw fail("csms.password", "is missing (security profile \(profile) uses Basic authentication)")
        }
        if profile == 0 || profile == 3, password != nil {
            throw fail("csms.password", "is not used by security profile \(profile); remove it")
        }
        var certificate: ClientCertificate?
        if let value = fields["clientCertificate"] {
            let cert = try mapping(value, at: "csms.clientCertificate")
            try allowOnly(["certificate", "privateKey"], in: cert, at: "csms.clientCertificate")
            certificate = ClientCertificate(
                certificateChainPath: try string(cert["certificate"], at: "csms.clientCertificate.certificate"),
                privateKeyPath: try string(cert["privateKey"], at: "csms.clientCertificate.privateKey")
            )
        }
        if profile == 3, certificate == nil {
            throw fail("csms.clientCertificate", "is missing (security profile 3 needs a client certificate)")
        }
        if profile != 3, certificate != nil {
            throw fail("csms.clientCertificate", "is only used by security profile 3")
        }
        var trustRoots: [String] = []
        if let value = fields["trustRoots"] {
            guard let items = value as? [Any] else { throw fail("csms.trustRoots", "must be a list of PEM files") }
            for (index, item) in items.enumerated() {
                trustRoots.append(try string(item, at: "csms.trustRoots[\(index)]"))
            }
        }
        return CSMSSettings(
            url: url,
            securityProfile: profile,
            password: password,
            clientCertificate: certificate,
            trustRoots: trustRoots
        )
    }

    func parseSecret(_ value: Any, at path: String) throws(BoardConfigError) -> SecretReference {
        guard value is [AnyHashable: Any] else {
            throw fail(path, "must be {env: VARIABLE} or {file: /path}; never write a secret into the board file")
        }
        let fields = try mapping(value, at: path)
        try allowOnly(["env", "file"], in: fields, at: path)
        switch (fields["env"], fields["file"]) {
        case (let name?, nil): return .environment(try string(name, at: "\(path).env"))
        case (nil, let file?): return .file(try string(file, at: "\(path).file"))
        default: throw fail(path, "must have exactly one of env or file")
        }
    }

    func parseBus(_ value: Any, at path: String) throws(BoardConfigError) -> ModbusTransport {
        let fields = try mapping(value, at: path)
        try allowOnly(["rtu", "tcp"], in: fields, at: path)
        switch (fields["rtu"], fields["tcp"]) {
        case (let rtu?, nil):
            let at = "\(path).rtu"
            let line = try mapping(rtu, at: at)
            try allowOnly(["device", "baud", "parity", "dataBits", "stopBits", "rs485"], in: line, at: at)
            let device = try string(line["device"], at: "\(at).device")
            let baud =
                try line["baud"].map { value throws(BoardConfigError) in
                    try integer(value, at: "\(at).baud")
                } ?? 9600
            guard BoardConfig.standardBaudRates.contains(baud) else {
                throw fail(
                    "\(at).baud",
                    "\(baud) is not a standard baud rate; expected one of "
                        + BoardConfig.standardBaudRates.map(String.init).joined(separator: ", ")
                )
            }
            let parityName =
                try line["parity"].map { value throws(BoardConfigError) in
                    try string(value, at: "\(at).parity")
                } ?? "none"
            guard let parity = RTUSettings.Parity(rawValue: parityName) else {
                throw fail("\(at).parity", "must be none, even or odd, not \"\(parityName)\"")
            }
            let dataBits =
                try line["dataBits"].map { value throws(BoardConfigError) in
                    try integer(value, at: "\(at).dataBits")
                } ?? 8
            guard (5...8).contains(dataBits) else { throw fail("\(at).dataBits", "must be 5 to 8, not \(dataBits)") }
            let stopBits =
                try line["stopBits"].map { value throws(BoardConfigError) in
                    try integer(value, at: "\(at).stopBits")
                } ?? 1
            guard stopBits == 1 || stopBits == 2 else {
                throw fail("\(at).stopBits", "must be 1 or 2, not \(stopBits)")
            }
            let rs485 =
                try line["rs485"].map { value throws(BoardConfigError) in
                    try bool(value, at: "\(at).rs485")
                } ?? false
            return .rtu(
                RTUSettings(
                    device: device,
                    baud: baud,
                    parity: parity,
                    dataBits: dataBits,
                    stopBits: stopBits,
                    rs485: rs485
                )
            )
        case (nil, let tcp?):
            let at = "\(path).tcp"
            let endpoint = try mapping(tcp, at: at)
            try allowOnly(["host", "port"], in: endpoint, at: at)
            let host = try string(endpoint["host"], at: "\(at).host")
            let port =
                try endpoint["port"].map { value throws(BoardConfigError) in
                    try integer(value, at: "\(at).port")
                } ?? 502
            guard (1...65535).contains(port) else { throw fail("\(at).port", "must be 1 to 65535, not \(port)") }
            return .tcp(host: host, port: port)
        default:
            throw fail(path, "must have exactly one of rtu or tcp")
        }
    }
}
