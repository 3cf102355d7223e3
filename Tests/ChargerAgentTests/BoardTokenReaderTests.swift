import HAL
import HALInput
import HALNFC
import OCPPTestSupport
import Testing

@testable import ChargerAgent

/// A board with one simulated EVSE and `reader` as its `tokenReader` section.
private func board(_ reader: String) throws(BoardConfigError) -> BoardConfig {
    try BoardConfig.parse(
        yaml: """
            station: {id: CP-READER, vendor: Test, model: Reader}
            csms: {url: "ws://127.0.0.1:9/ocpp", securityProfile: 0}
            stateDirectory: /tmp/chargerd-reader-test
            tokenReader: \(reader)
            evses:
              - {id: 1, connectorType: sType2, maxCurrentA: 32, phases: 3, meter: simulated, contactor: simulated,
                 evBoard: simulated}
            """,
        file: "reader.yaml",
        metersDirectory: TestRepository.path("BoardConfigs/meters")
    )
}

private func failure(_ reader: String, sourceLocation: SourceLocation = #_sourceLocation) -> BoardConfigError? {
    do {
        _ = try board(reader)
        Issue.record("the board loaded", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

/// Issue 14 item 2: the card reader of a board file, parsed, checked and built.
@Suite struct BoardTokenReaderTests {
    @Test func aHIDReaderWithDefaults() throws {
        let config = try board("{type: hid, device: /dev/input/by-id/usb-reader-event-kbd}")
        #expect(config.tokenReader == .hid(HIDTokenReader.Settings(device: "/dev/input/by-id/usb-reader-event-kbd")))
        #expect(!config.isFullySimulated)
    }

    @Test func aHIDReaderWithEveryKey() throws {
        let config = try board(
            """
            {type: hid, device: /dev/input/event3, tokenType: ISO14443, format: decimal, byteOrder: reversed,
                uidBytes: 4, repeatWindowMs: 1500, retrySeconds: 2, grab: false}
            """
        )
        let expected = HIDTokenReader.Settings(
            device: "/dev/input/event3",
            format: TokenFormat(type: .iso14443, encoding: .decimal, byteOrder: .reversed, uidBytes: 4),
            repeatWindow: .milliseconds(1500),
            retryInterval: .seconds(2),
            grab: false
        )
        #expect(config.tokenReader == .hid(expected))
    }

    @Test func anNFCReader() throws {
        let defaults = try board("{type: nfc, connstring: \"pn532_uart:/dev/ttyS0\"}")
        #expect(defaults.tokenReader == .nfc(NFCTokenReader.Settings(connstring: "pn532_uart:/dev/ttyS0")))
        let config = try board(
            """
            {type: nfc, connstring: "pn532_i2c:/dev/i2c-1", byteOrder: reversed, pollMs: 100, repeatWindowMs: 3000,
                retrySeconds: 10}
            """
        )
        let expected = NFCTokenReader.Settings(
            connstring: "pn532_i2c:/dev/i2c-1",
            byteOrder: .reversed,
            pollInterval: .milliseconds(100),
            repeatWindow: .seconds(3),
            retryInterval: .seconds(10)
        )
        #expect(config.tokenReader == .nfc(expected))
    }

    @Test func theWordsNoneAndSimulatedStillWork() throws {
        #expect(try board("none").tokenReader == TokenReaderConfig.none)
        #expect(try board("simulated").tokenReader == .simulated)
        #expect(try board("{type: simulated}").tokenReader == .simulated)
    }

    @Test(
        arguments: [
            ("usb-reader", "tokenReader", "must be none or simulated or hid or nfc, not \"usb-reader\""),
            ("{type: hid}", "tokenReader.device", "is missing"),
            ("{type: hid, device: event3}", "tokenReader.device", "must be the reader's event device path"),
            ("{type: hid, device: /dev/x, tokenType: Central}", "tokenReader.tokenType", "must be one of ISO14443"),
            ("{type: hid, device: /dev/x, format: base64}", "tokenReader.format", "must be hex or decimal or text"),
            ("{type: hid, device: /dev/x, byteOrder: lsb}", "tokenReader.byteOrder", "must be asRead or reversed"),
            ("{type: hid, device: /dev/x, uidBytes: 4}", "tokenReader.uidBytes", "applies to format decimal only"),
            ("{type: hid, device: /dev/x, format: decimal, uidBytes: 5}", "tokenReader.uidBytes", "4, 7, 8 or 10"),
            ("{type: hid, device: /dev/x, format: text, byteOrder: reversed}", "tokenReader.byteOrder", "not text"),
            ("{type: hid, device: /dev/x, repeatWindowMs: 90000}", "tokenReader.repeatWindowMs", "0 to 60000"),
            ("{type: hid, device: /dev/x, retrySeconds: 0}", "tokenReader.retrySeconds", "1 to 300"),
            ("{type: hid, device: /dev/x, devise: /dev/y}", "tokenReader.devise", "unknown key"),
            ("{type: nfc}", "tokenReader.connstring", "is missing"),
            ("{type: nfc, connstring: /dev/ttyS0}", "tokenReader.connstring", "must name a libnfc driver"),
            ("{type: nfc, connstring: \"pn532_uart:/dev/ttyS0\", pollMs: 10}", "tokenReader.pollMs", "50 to 5000"),
            (
                "{type: nfc, connstring: \"pn532_uart:/dev/ttyS0\", tokenType: KeyCode}", "tokenReader.tokenType",
                "unknown key"
            ),
        ]
    )
    func aWrongReaderKeyIsNamed(reader: String, key: String, problem: String) {
        let error = failure(reader)
        #expect(error?.file == "reader.yaml")
        #expect(error?.key == key, "\(String(describing: error))")
        #expect(error?.problem.contains(problem) == true, "\(String(describing: error))")
    }

    /// The station gets the real reader (not the simulated one), and the runtime a reader to run; a
    /// missing device is no error at start (a USB reader may appear later).
    @Test func theHardwareBuilderMakesTheHIDReader() throws {
        let config = try board("{type: hid, device: /nonexistent/event-kbd, repeatWindowMs: 500}")
        let built = try StationRuntime.buildHardware(for: config, clock: ContinuousClock())
        let reader = try #require(built.hardware.tokenReader as? HIDTokenReader)
        #expect(reader.settings.device == "/nonexistent/event-kbd")
        #expect(reader.settings.repeatWindow == .milliseconds(500))
        #expect(built.tokenReader is HIDTokenReader)
    }

    @Test func theHardwareBuilderMakesTheNFCReader() throws {
        let config = try board("{type: nfc, connstring: \"pn532_uart:/nonexistent/ttyS9\"}")
        let built = try StationRuntime.buildHardware(for: config, clock: ContinuousClock())
        let reader = try #require(built.hardware.tokenReader as? NFCTokenReader)
        #expect(reader.settings.connstring == "pn532_uart:/nonexistent/ttyS9")
        #expect(built.tokenReader is NFCTokenReader)
    }
}
