import Foundation
import Logging
import Synchronization
import Testing

@testable import ChargerAgent

/// Collects the lines a handler writes.
private final class Lines: Sendable {
    let lines = Mutex<[String]>([])
    var all: [String] { lines.withLock { $0 } }
    func append(_ line: String) { lines.withLock { $0.append(line) } }
}

/// 2026-11-25T10:05:21.123Z
private let fixedTime: @Sendable () -> timespec = { timespec(tv_sec: 1_795_601_121, tv_nsec: 123_456_789) }

private func logger(_ format: JournalLogHandler.Format, into lines: Lines, level: Logger.Level = .trace) -> Logger {
    Logger(label: "charger.station") { label in
        var handler = JournalLogHandler(label: label, format: format, output: lines.append, now: fixedTime)
        handler.logLevel = level
        return handler
    }
}

@Suite("journald-friendly log lines")
struct LoggingTests {
    @Test("journal lines carry the sd-daemon priority prefix and sorted key=value metadata")
    func journalFormat() {
        let lines = Lines()
        var log = logger(.journal, into: lines)
        log[metadataKey: "station-id"] = "emart_jeju_01"
        log.info("CALL sent", metadata: ["message-id": "42", "action": "BootNotification"])
        log.warning("meter timeout")
        log.error("contactor welded")
        log.critical("watchdog")
        log.notice("n")
        log.debug("d")
        #expect(
            lines.all == [
                "<6>charger.station: CALL sent action=BootNotification message-id=42 station-id=emart_jeju_01\n",
                "<4>charger.station: meter timeout station-id=emart_jeju_01\n",
                "<3>charger.station: contactor welded station-id=emart_jeju_01\n",
                "<2>charger.station: watchdog station-id=emart_jeju_01\n",
                "<5>charger.station: n station-id=emart_jeju_01\n",
                "<7>charger.station: d station-id=emart_jeju_01\n",
            ]
        )
    }

    @Test("plain lines start with a UTC timestamp and the level")
    func plainFormat() {
        let lines = Lines()
        logger(.plain, into: lines).info("link to CSMS up", metadata: ["station-id": "CP-1"])
        #expect(lines.all == ["2026-11-25T10:05:21.123Z info charger.station: link to CSMS up station-id=CP-1\n"])
    }

    @Test("one event is one line: newlines escaped, values with spaces or quotes quoted")
    func oneLinePerEvent() {
        let lines = Lines()
        logger(.journal, into: lines).error(
            "first\nsecond\r\nthird",
            metadata: ["error": "a \"b\"\nc", "path": "/tmp/x", "empty": ""]
        )
        #expect(lines.all.count == 1)
        #expect(
            lines.all.first
                == #"<3>charger.station: first\nsecond\nthird empty="" error="a \"b\"\nc" path=/tmp/x"# + "\n"
        )
        #expect(lines.all.first?.dropLast().contains("\n") == false)
    }

    @Test("metadata named like a secret is redacted, whatever its value")
    func secretKeysRedacted() {
        let lines = Lines()
        logger(.journal, into: lines).info(
            "connecting",
            metadata: [
                "password": "hunter2", "authToken": "abc123", "private-key": "/etc/k.pem", "Authorization": "x",
                "client-secret": "s3", "station-id": "CP-1",
            ]
        )
        let line = lines.all.joined()
        for secret in ["hunter2", "abc123", "/etc/k.pem", "=x ", "s3"] { #expect(!line.contains(secret), "\(line)") }
        #expect(line.contains("password=<redacted>"))
        #expect(line.contains("station-id=CP-1"))
    }

    @Test("secrets inside messages and values are redacted: Basic/Bearer, password=, PEM private keys")
    func secretValuesRedacted() {
        let lines = Lines()
        let log = logger(.plain, into: lines)
        log.info("sending Authorization: Basic Q1AtMTpodW50ZXIy to the CSMS")
        log.info("retry", metadata: ["header": "Bearer eyJhbGciOi.payload.sig"])
        log.info("url has password=hunter2&x=1 and token: t0k3n")
        log.info(
            "bad cert",
            metadata: ["pem": "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----\nrest"]
        )
        let all = lines.all
        #expect(all.count == 4)  // one more follows below
        #expect(all[0].contains("<redacted> to the CSMS"), "\(all[0])")
        #expect(!all[0].contains("Q1AtMTpodW50ZXIy"))
        #expect(all[1].contains("Bearer <redacted>") && !all[1].contains("eyJhbGciOi"), "\(all[1])")
        #expect(all[2].contains("password=<redacted>&x=1") && all[2].contains("token: <redacted>"), "\(all[2])")
        #expect(!all[3].contains("MIIEvQIBADANBg") && all[3].contains("<redacted>"), "\(all[3])")
        #expect(all[3].contains("rest"))

        log.info("env CHARGER_CSMS_PASSWORD=s3cr3t and API_KEY: abc and Token=t1")
        let upper = lines.all.last ?? ""
        for secret in ["s3cr3t", "abc", "t1"] { #expect(!upper.contains(secret), "\(upper)") }
    }

    @Test("levels below the handler's level are dropped")
    func levelFilter() {
        let lines = Lines()
        let log = logger(.journal, into: lines, level: .warning)
        log.info("quiet")
        log.warning("loud")
        #expect(lines.all == ["<4>charger.station: loud\n"])
    }

    @Test("JOURNAL_STREAM selects the journal form only when it names stderr's device and inode")
    func journalDetection() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("journal-\(UUID().uuidString)").path
        let descriptor = open(path, O_CREAT | O_WRONLY, 0o600)
        try #require(descriptor >= 0)
        defer {
            close(descriptor)
            unlink(path)
        }
        var status = stat()
        try #require(fstat(descriptor, &status) == 0)
        let matching = ["JOURNAL_STREAM": "\(status.st_dev):\(status.st_ino)"]
        #expect(JournalLogHandler.detectFormat(environment: matching, standardError: descriptor) == .journal)
        let other = ["JOURNAL_STREAM": "\(status.st_dev):\(status.st_ino + 1)"]
        #expect(JournalLogHandler.detectFormat(environment: other, standardError: descriptor) == .plain)
        #expect(JournalLogHandler.detectFormat(environment: [:], standardError: descriptor) == .plain)
        #expect(
            JournalLogHandler.detectFormat(environment: ["JOURNAL_STREAM": "junk"], standardError: descriptor) == .plain
        )
    }
}
