import HAL
import HALInput
import HALNFC
import YAMLFields

/// The `tokenReader` section of a board file: `none`, `simulated`, or a real reader (`hid`, `nfc`).
extension BoardParser {
    func parseTokenReader(_ value: Any?, at path: String) throws(BoardConfigError) -> TokenReaderConfig {
        guard let value else { return .none }
        let (type, fields) = try part(value, at: path, types: ["none", "simulated", "hid", "nfc"])
        switch type {
        case "none":
            try allowOnly(["type"], in: fields, at: path)
            return .none
        case "simulated":
            try allowOnly(["type"], in: fields, at: path)
            return .simulated
        case "hid":
            return .hid(try parseHIDReader(fields, at: path))
        default:
            return .nfc(try parseNFCReader(fields, at: path))
        }
    }

    /// A PN532-class reader through libnfc; its cards' UIDs are ISO14443 idTokens in hexadecimal.
    func parseNFCReader(_ fields: [String: Any], at path: String) throws(BoardConfigError) -> NFCTokenReader.Settings {
        try allowOnly(
            ["type", "connstring", "byteOrder", "pollMs", "repeatWindowMs", "retrySeconds"],
            in: fields,
            at: path
        )
        let connstring = try string(fields["connstring"], at: "\(path).connstring")
        // The drivers Debian's libnfc 1.8.0 is built with.
        let drivers = ["pn532_uart", "pn532_i2c", "pn532_spi", "pn53x_usb", "acr122_usb", "acr122s", "arygon"]
        let driver = connstring.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
        guard drivers.contains(driver) else {
            throw fail(
                "\(path).connstring",
                "must name a libnfc driver (\(drivers.joined(separator: ", "))) and its port, e.g. pn532_uart:/dev/ttyS0; "
                    + "not \"\(connstring)\""
            )
        }
        let pollMs =
            try fields["pollMs"].map { value throws(BoardConfigError) in try integer(value, at: "\(path).pollMs") }
            ?? 250
        guard (50...5000).contains(pollMs) else { throw fail("\(path).pollMs", "must be 50 to 5000 ms, not \(pollMs)") }
        return NFCTokenReader.Settings(
            connstring: connstring,
            byteOrder: try choice(fields["byteOrder"], at: "\(path).byteOrder", default: TokenFormat.ByteOrder.asRead),
            pollInterval: .milliseconds(pollMs),
            repeatWindow: try repeatWindow(fields, at: path),
            retryInterval: try retryInterval(fields, at: path)
        )
    }

    /// A USB HID keyboard-wedge reader on its event device.
    func parseHIDReader(_ fields: [String: Any], at path: String) throws(BoardConfigError) -> HIDTokenReader.Settings {
        try allowOnly(
            [
                "type", "device", "tokenType", "format", "byteOrder", "uidBytes", "repeatWindowMs", "retrySeconds",
                "grab",
            ],
            in: fields,
            at: path
        )
        let device = try string(fields["device"], at: "\(path).device")
        guard device.hasPrefix("/") else {
            throw fail(
                "\(path).device",
                "must be the reader's event device path (/dev/input/by-id/…-event-kbd), not \"\(device)\""
            )
        }
        let format = try parseTokenFormat(fields, at: path)
        let grab =
            try fields["grab"].map { value throws(BoardConfigError) in try bool(value, at: "\(path).grab") } ?? true
        return HIDTokenReader.Settings(
            device: device,
            format: format,
            repeatWindow: try repeatWindow(fields, at: path),
            retryInterval: try retryInterval(fields, at: path),
            grab: grab
        )
    }

    /// `tokenType`, `format`, `byteOrder` and `uidBytes`: how the reader's output becomes an idToken.
    func parseTokenFormat(_ fields: [String: Any], at path: String) throws(BoardConfigError) -> TokenFormat {
        let typeName =
            try fields["tokenType"].map { value throws(BoardConfigError) in
                try string(value, at: "\(path).tokenType")
            } ?? TokenType.iso14443.rawValue
        let readable: [TokenType] = [.iso14443, .iso15693, .keyCode, .local, .macAddress, .eMAID]
        guard let type = TokenType(rawValue: typeName), readable.contains(type) else {
            throw fail(
                "\(path).tokenType",
                "must be one of \(readable.map(\.rawValue).joined(separator: ", ")), not \"\(typeName)\""
            )
        }
        let encoding = try choice(fields["format"], at: "\(path).format", default: TokenFormat.Encoding.hex)
        let byteOrder = try choice(fields["byteOrder"], at: "\(path).byteOrder", default: TokenFormat.ByteOrder.asRead)
        if encoding == .text, fields["byteOrder"] != nil {
            throw fail("\(path).byteOrder", "applies to format hex or decimal, not text")
        }
        var uidBytes: Int?
        if let value = fields["uidBytes"] {
            guard encoding == .decimal else { throw fail("\(path).uidBytes", "applies to format decimal only") }
            let count = try integer(value, at: "\(path).uidBytes")
            guard [4, 7, 8, 10].contains(count) else {
                throw fail("\(path).uidBytes", "must be a UID length of 4, 7, 8 or 10 bytes, not \(count)")
            }
            uidBytes = count
        }
        return TokenFormat(type: type, encoding: encoding, byteOrder: byteOrder, uidBytes: uidBytes)
    }

    func repeatWindow(_ fields: [String: Any], at path: String) throws(BoardConfigError) -> Duration {
        let ms =
            try fields["repeatWindowMs"].map { value throws(BoardConfigError) in
                try integer(value, at: "\(path).repeatWindowMs")
            } ?? 2000
        guard (0...60_000).contains(ms) else {
            throw fail("\(path).repeatWindowMs", "must be 0 to 60000 ms, not \(ms)")
        }
        return .milliseconds(ms)
    }

    func retryInterval(_ fields: [String: Any], at path: String) throws(BoardConfigError) -> Duration {
        let seconds =
            try fields["retrySeconds"].map { value throws(BoardConfigError) in
                try integer(value, at: "\(path).retrySeconds")
            } ?? 5
        guard (1...300).contains(seconds) else {
            throw fail("\(path).retrySeconds", "must be 1 to 300 s, not \(seconds)")
        }
        return .seconds(seconds)
    }

    /// One of an enum's raw values, or `fallback` when the key is absent.
    func choice<Value: RawRepresentable & CaseIterable>(
        _ value: Any?,
        at path: String,
        default fallback: Value
    ) throws(BoardConfigError) -> Value where Value.RawValue == String {
        guard let value else { return fallback }
        let name = try string(value, at: path)
        guard let chosen = Value(rawValue: name) else {
            throw fail(path, "must be \(Value.allCases.map(\.rawValue).joined(separator: " or ")), not \"\(name)\"")
        }
        return chosen
    }
}
