import ChargerAgent
import Foundation
import OCPP
import Testing

/// Tests/ChargerAgentTests/Snapshots/, from this file's place.
private let snapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

/// Compares `text` with Snapshots/`name`; with UPDATE_SNAPSHOTS=1 in the environment, rewrites it instead.
private func expectSnapshot(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let file = snapshots.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] == "1" {
        try (text + "\n").write(to: file, atomically: true, encoding: .utf8)
        return
    }
    let expected = try String(contentsOf: file, encoding: .utf8)
    #expect(text + "\n" == expected, "differs from Snapshots/\(name)", sourceLocation: sourceLocation)
}

private let status: JSONValue = [
    "station": [
        "id": "emart_jeju_01", "registration": "Accepted", "link": "connected", "emergencyStop": false,
        "lastToken": ["type": "ISO14443", "id": "04A2…7F", "at": "2026-12-06T09:14:03Z"],
    ],
    "evses": [
        [
            "id": 1, "connectorStatus": "Occupied", "transactionId": "5f0c2a9e-1b7d-4c1e-9a55-0e8f5d8a4b21",
            "energyWh": 1672.4, "powerW": 200_000, "runningCost": 0.82,
            "contactor": ["commanded": "closed", "feedback": "closed"], "indicator": "blue pulse",
            "meterHealth": "ok", "lastError": nil, "pilotState": "C", "cable": ["kind": "rated", "amps": 20],
            "offeredCurrentA": 20,
        ],
        [
            "id": 2, "connectorStatus": "Faulted", "transactionId": nil, "energyWh": 0, "powerW": 0,
            "runningCost": nil, "contactor": ["commanded": "open", "feedback": "closed"],
            "indicator": "red fastBlink", "meterHealth": "failed", "lastError": "contactor-welded",
            "pilotState": "B", "cable": ["kind": "unusable", "reason": "cable rated 5.0 A"], "offeredCurrentA": nil,
        ],
    ],
    "inputs": ["emergencyStop": false, "door": true],
]

private let report = DiagnosticReport(
    checks: [
        .pass("config", "Board file valid", "board.yaml: station emart_jeju_01, 2 EVSE(s)"),
        .fail(
            "meter.evse1",
            "EVSE 1 meter answers and is plausible",
            "meter did not answer in time",
            hint: "check A/B"
        ),
        .warn("certificate", "Client certificate valid", "expires in 12 day(s)", hint: "renew it"),
    ],
    source: "daemon"
)

@Suite struct ControlFormattingTests {
    @Test func statusTable() throws {
        try expectSnapshot(ControlFormatting(color: false).status(status), "status-table.txt")
    }

    @Test func statusTableInColourOnlyAddsEscapes() throws {
        let coloured = ControlFormatting(color: true).status(status)
        #expect(coloured.contains("\u{1B}[31mFaulted"))
        var stripped = ""
        var inEscape = false
        for character in coloured {
            if character == "\u{1B}" {
                inEscape = true
            } else if inEscape {
                if character == "m" { inEscape = false }
            } else {
                stripped.append(character)
            }
        }
        #expect(stripped == ControlFormatting(color: false).status(status))
    }

    @Test func diagReport() throws {
        try expectSnapshot(ControlFormatting(color: false).diag(report), "diag-report.txt")
        #expect(!report.passed)
    }

    @Test func meterAndSelftestTables() throws {
        let meter: JSONValue = [
            "evses": [
                [
                    "id": 1, "ok": true, "energyImportWh": 81234.5, "powerW": 7360,
                    "voltageV": ["l1": 230.1, "l2": 229.8, "l3": 231],
                    "currentA": ["l1": 10.7, "l2": 10.6, "l3": 10.7],
                ],
                ["id": 2, "ok": false, "error": "meter did not answer in time"],
            ]
        ]
        let selftest: JSONValue = [
            "passed": false,
            "evses": [
                [
                    "id": 1,
                    "steps": [
                        ["name": "indicator cycle", "ok": true, "error": nil],
                        ["name": "contactor close", "ok": true, "error": nil],
                        [
                            "name": "contactor open", "ok": false,
                            "error": "contactor commanded open but still closed (welded)",
                        ],
                    ],
                ]
            ],
        ]
        let formatting = ControlFormatting(color: false)
        try expectSnapshot(formatting.meter(meter) + "\n\n" + formatting.selftest(selftest), "meter-selftest.txt")
    }
}

@Suite struct RedactionTests {
    @Test func urlCredentialsAreRemoved() {
        #expect(
            Redaction.url("wss://cp01:s3cret@csms.example:443/ocpp") == "wss://cp01:<redacted>@csms.example:443/ocpp"
        )
        #expect(Redaction.url("ws://127.0.0.1:9000/ocpp") == "ws://127.0.0.1:9000/ocpp")
        #expect(
            Redaction.url("see https://a:b@x and ws://c:d@y/z")
                == "see https://a:<redacted>@x and ws://c:<redacted>@y/z"
        )
    }

    @Test func logTextAndFilesShareOneRuleForSecretKeys() {
        for key in ["password", "authToken", "private-key", "Authorization", "client_secret", "apiKey", "key"] {
            #expect(Redaction.isSecretKey(key), "\(key)")
            #expect(Redaction.value(key: key, value: "x") == Redaction.marker)
        }
        for key in ["station-id", "tokenReader", "keyId", "url"] { #expect(!Redaction.isSecretKey(key), "\(key)") }
        // Log text: URL credentials too, as in bundles.
        #expect(
            Redaction.inline("connecting to wss://cp01:s3cret@csms/ocpp")
                == "connecting to wss://cp01:<redacted>@csms/ocpp"
        )
        #expect(Redaction.inline("link up station-id=CP-1") == "link up station-id=CP-1")
    }

    @Test func secretKeysAndPrivateKeysAreRemovedOtherLinesKept() {
        let text = """
            csms:
              url: wss://station:pw123456@csms.example/ocpp
              securityProfile: 2
              password: {env: CSMS_PASSWORD}
              privateKey: /etc/charger-agent/tls/key.pem
            apiToken = abcdef123456
            tokenReader: simulated
            Authorization: Basic c3RhdGlvbjpwdzEyMzQ1Ng==
            -----BEGIN RSA PRIVATE KEY-----
            MIIEowIBAAKCAQEAsecret
            -----END RSA PRIVATE KEY-----
            evses: 2
            """
        let redacted = Redaction.text(text)
        for secret in ["pw123456", "CSMS_PASSWORD", "abcdef123456", "c3RhdGlvbjpwdzEyMzQ1Ng", "MIIEowIBAAKCAQEAsecret"]
        {
            #expect(!redacted.contains(secret), "\(secret) leaked")
        }
        for kept in ["securityProfile: 2", "tokenReader: simulated", "evses: 2", "csms:"] {
            #expect(redacted.contains(kept), "\(kept) lost")
        }
    }
}
