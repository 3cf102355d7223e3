import Foundation
import OCPP
import OCPPTestSupport
import Testing

/// Every action's payloads, minimal and fully filled, survive encode/decode unchanged, and what we encode
/// is accepted by an independent validator (Python `jsonschema` over the official OCA schema files).
@Suite struct SchemaConformanceTests {
    @Test func samplesCoverAllSixtyFourActionsBothWays() {
        #expect(OCPPAction.allCases.count == 64)
        for action in OCPPAction.allCases {
            for kind in ["request", "response"] {
                let labels = Samples.all.filter { $0.action == action && $0.kind == kind }.map(\.label)
                #expect(labels.count == 2, "\(action) \(kind): \(labels)")
            }
        }
    }

    @Test func everySampleRoundTripsThroughJSONText() throws {
        for sample in Samples.all {
            #expect(try Self.roundTrips(sample.value), "\(sample.label)")
            let type = sample.kind == "request" ? sample.action.requestType : sample.action.responseType
            #expect(Swift.type(of: sample.value) == type, "\(sample.label) has the action's payload type")
        }
    }

    @Test func everySampleRoundTripsThroughCodable() throws {
        for sample in Samples.all {
            #expect(try Self.codableRoundTrips(sample.value), "\(sample.label)")
        }
    }

    @Test func optionalFieldsAreOmittedNeverNull() throws {
        for sample in Samples.all where sample.label.hasSuffix(".minimal") {
            let text = sample.value.jsonValue().serialized()
            #expect(!text.contains("null"), "\(sample.label): \(text)")
        }
        #expect(HeartbeatRequest().jsonText() == "{}")
        #expect(ClearCacheRequest().jsonText() == "{}")
    }

    @Test func fullSamplesKeepCustomDataExtras() throws {
        let full = try #require(Samples.all.first { $0.label == "AuthorizeRequest.full" }?.value as? AuthorizeRequest)
        let decoded = try AuthorizeRequest(jsonText: full.jsonText())
        #expect(decoded.customData?.extra["note"] == "kept")
        #expect(decoded.idToken.customData?.vendorId == "com.example.charger-agent")
    }

    @Test func everyEncodedPayloadIsValidAgainstTheOfficialSchemas() async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("charger-agent-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("payloads.jsonl")
        var lines: [String] = []
        for sample in Samples.all {
            let record: JSONValue = [
                "action": .string(sample.action.rawValue),
                "kind": .string(sample.kind),
                "label": .string(sample.label),
                "payload": sample.value.jsonValue(),
            ]
            lines.append(record.serialized())
        }
        try (lines.joined(separator: "\n") + "\n").write(to: input, atomically: true, encoding: .utf8)

        let result = try await PythonRunner.run(script: "Scripts/validate_schemas.py", arguments: [input.path])
        let outputLines = result.stdout.split(separator: "\n").map(String.init)
        #expect(outputLines.count == Samples.all.count, "validator answered every payload: \(result.stderr)")
        var failures: [String] = []
        for line in outputLines {
            let verdict = try JSONValue.parse(line)
            if verdict["ok"] != .bool(true) { failures.append(line) }
        }
        #expect(failures.isEmpty, "schema failures:\n\(failures.joined(separator: "\n"))")
        #expect(result.status == 0, "validator exit status; stderr: \(result.stderr)")
    }

    @Test func theValidatorRejectsWhatTheSchemaForbids() async throws {
        // Proves the independent check above can fail: three payloads that break the schema.
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("charger-agent-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("bad.jsonl")
        let bad = [
            #"{"action":"Heartbeat","kind":"response","label":"no-time","payload":{}}"#,
            #"{"action":"Heartbeat","kind":"response","label":"bad-time","payload":{"currentTime":"yesterday"}}"#,
            #"{"action":"Authorize","kind":"request","label":"extra","payload":{"idToken":{"idToken":"a","type":"Central"},"x":1}}"#,
        ]
        try (bad.joined(separator: "\n") + "\n").write(to: input, atomically: true, encoding: .utf8)
        let result = try await PythonRunner.run(script: "Scripts/validate_schemas.py", arguments: [input.path])
        #expect(result.status == 1)
        let verdicts = try result.stdout.split(separator: "\n").map { try JSONValue.parse(String($0)) }
        #expect(verdicts.count == 3)
        #expect(verdicts.allSatisfy { $0["ok"] == .bool(false) })
    }

    private static func roundTrips<T: OCPPPayload>(_ value: T) throws -> Bool {
        let text = value.jsonText()
        let decoded = try T(jsonText: text)
        try value.validate()
        return decoded == value && decoded.jsonText() == text
    }

    private static func codableRoundTrips<T: OCPPPayload>(_ value: T) throws -> Bool {
        let data = try JSONEncoder().encode(value)
        let decoded = try JSONDecoder().decode(T.self, from: data)
        return decoded == value
    }
}

/// Runs a Python script of this repository with the test venv's interpreter (OCPPTestSupport's `PythonPeers`:
/// without the venv, or without its packages, the test ends as every test that needs a Python peer does).
enum PythonRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the script to its end without holding a thread of the cooperative pool (a blocking wait here
    /// stalled every other test of a parallel run for the validator's whole run): output goes to files,
    /// and the process is polled.
    static func run(
        script: String,
        arguments: [String],
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Result {
        let interpreter = try PythonPeers.interpreter(sourceLocation: sourceLocation)
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("charger-agent-python-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outPath = directory.appendingPathComponent("stdout")
        let errPath = directory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outPath.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: interpreter)
        process.arguments = [TestRepository.path(script)] + arguments
        let out = try FileHandle(forWritingTo: outPath)
        let err = try FileHandle(forWritingTo: errPath)
        process.standardOutput = out
        process.standardError = err
        try process.run()
        try? out.close()
        try? err.close()
        try await wait(until: "\(script) to finish", within: .seconds(300)) { !process.isRunning }
        let result = Result(
            status: process.terminationStatus,
            stdout: String(decoding: try Data(contentsOf: outPath), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: errPath), as: UTF8.self)
        )
        if PythonPeers.lacksPackage(standardError: result.stderr) {
            try TestPrerequisite.missing(PythonPeers.missingLine, sourceLocation: sourceLocation)
        }
        return result
    }
}
