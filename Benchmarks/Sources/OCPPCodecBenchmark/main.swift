// Throughput of the OCPP 2.0.1 codec: validate + encode + decode of realistic charging-session messages.
//
// Usage: OCPPCodecBenchmark [--seconds S] [--warmup S] [--dump-payloads DIR]
//   --seconds S           measure each message for S seconds (default 2)
//   --warmup S            run each message S seconds before measuring (default 0.5)
//   --dump-payloads DIR   also write each payload as DIR/<Message>.json, the exact text this program
//                         encodes, so that Benchmarks/ocpp_python_bench.py measures the same payloads
//
// Work per message, as a charging station does it: `validate()` before sending, encode to JSON text,
// then parse that text and decode it with every schema constraint checked, as the receiver would.
// Prints one `RESULT <name> <messages/s> <iterations> <seconds>` line per message for Benchmarks/run.sh.

import OCPP

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

// MARK: - The measured payloads

/// 2025-01-02T03:04:05.500Z: exactly representable, so the date round-trips bit for bit.
let sampleTime = Date(timeIntervalSince1970: 1_735_787_045.5)

/// One meter reading of a three-phase 22 kW session: per-phase current, voltage and power, and the
/// energy register (which has no phase).
let meterValue = MeterValueType(
    sampledValue: [
        sample(16.02, .currentImport, .l1, unit: "A"),
        sample(15.98, .currentImport, .l2, unit: "A"),
        sample(16.11, .currentImport, .l3, unit: "A"),
        sample(230.4, .voltage, .l1N, unit: "V"),
        sample(229.7, .voltage, .l2N, unit: "V"),
        sample(231.2, .voltage, .l3N, unit: "V"),
        sample(3691.0, .powerActiveImport, .l1, unit: "W"),
        sample(3670.6, .powerActiveImport, .l2, unit: "W"),
        sample(3724.6, .powerActiveImport, .l3, unit: "W"),
        SampledValueType(
            value: 12_345.678,
            context: .samplePeriodic,
            measurand: .energyActiveImportRegister,
            unitOfMeasure: UnitOfMeasureType(unit: "Wh", multiplier: 0)
        ),
    ],
    timestamp: sampleTime
)

func sample(_ value: Double, _ measurand: MeasurandEnumType, _ phase: PhaseEnumType, unit: String) -> SampledValueType {
    SampledValueType(
        value: value,
        context: .samplePeriodic,
        measurand: measurand,
        phase: phase,
        unitOfMeasure: UnitOfMeasureType(unit: unit, multiplier: 0)
    )
}

let transactionEvent = TransactionEventRequest(
    eventType: .updated,
    meterValue: [meterValue],
    timestamp: sampleTime,
    triggerReason: .meterValuePeriodic,
    seqNo: 42,
    numberOfPhasesUsed: 3,
    transactionInfo: TransactionType(
        transactionId: "c0ffee00-1234-4abc-9def-000000000042",
        chargingState: .charging,
        timeSpentCharging: 1_800
    ),
    evse: EVSEType(id: 1, connectorId: 1),
    idToken: IdTokenType(idToken: "04A2B3C4D5E6F7", type: .iso14443)
)

let meterValues = MeterValuesRequest(evseId: 1, meterValue: [meterValue])

// MARK: - Measuring

/// Keeps the optimizer from dropping work whose result is otherwise unused.
@inline(never)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}

/// Validate before sending, encode, parse and decode: one message's worth of codec work.
@inline(never)
func roundTrip<Message: OCPPPayload>(_ message: Message) throws -> Int {
    try message.validate()
    let text = message.jsonValue().serialized()
    let decoded = try Message(json: JSONValue.parse(text))
    blackHole(decoded)
    return text.utf8.count
}

struct Measurement {
    var iterations: Int
    var seconds: Double
    var perSecond: Double { Double(iterations) / seconds }
}

func measure<Message: OCPPPayload>(_ message: Message, seconds: Double) throws -> Measurement {
    let clock = ContinuousClock()
    let start = clock.now
    let budget = Duration.milliseconds(Int64(seconds * 1000))
    var iterations = 0
    var bytes = 0
    var elapsed = Duration.zero
    repeat {
        for _ in 0..<64 {
            bytes &+= try roundTrip(message)
        }
        iterations += 64
        elapsed = clock.now - start
    } while elapsed < budget
    blackHole(bytes)
    let (wholeSeconds, attoseconds) = elapsed.components
    return Measurement(iterations: iterations, seconds: Double(wholeSeconds) + Double(attoseconds) * 1e-18)
}

struct Options {
    var seconds = 2.0
    var warmup = 0.5
    var dumpDirectory: String?
}

func parseOptions(_ arguments: [String]) -> Options {
    var options = Options()
    var index = 0
    func value(for flag: String) -> String {
        index += 1
        guard index < arguments.count else { fail("\(flag) needs a value") }
        return arguments[index]
    }
    while index < arguments.count {
        let flag = arguments[index]
        switch flag {
        case "--seconds":
            guard let seconds = Double(value(for: flag)), seconds > 0 else { fail("--seconds needs a number > 0") }
            options.seconds = seconds
        case "--warmup":
            guard let warmup = Double(value(for: flag)), warmup >= 0 else { fail("--warmup needs a number >= 0") }
            options.warmup = warmup
        case "--dump-payloads":
            options.dumpDirectory = value(for: flag)
        default:
            fail("unknown argument \(flag); usage: OCPPCodecBenchmark [--seconds S] [--warmup S] [--dump-payloads DIR]")
        }
        index += 1
    }
    return options
}

func fail(_ message: String) -> Never {
    print("OCPPCodecBenchmark: \(message)")
    exit(2)
}

/// Checks the message survives the round trip unchanged, then measures it.
func run<Message: OCPPPayload>(_ name: String, _ message: Message, options: Options) throws {
    let text = message.jsonValue().serialized()
    let decoded = try Message(json: JSONValue.parse(text))
    guard decoded.jsonValue().serialized() == text else {
        fail("\(name) does not survive the round trip:\n  \(text)\n  \(decoded.jsonValue().serialized())")
    }
    if let directory = options.dumpDirectory {
        let url = URL(fileURLWithPath: directory).appendingPathComponent("\(name).json")
        try Data(text.utf8).write(to: url)
    }
    if options.warmup > 0 {
        _ = try measure(message, seconds: options.warmup)
    }
    let result = try measure(message, seconds: options.seconds)
    print("RESULT \(name) \(Int(result.perSecond)) \(result.iterations) \(result.seconds) \(text.utf8.count)")
}

let options = parseOptions(Array(CommandLine.arguments.dropFirst()))
if let directory = options.dumpDirectory {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
}
do {
    try run("TransactionEventRequest", transactionEvent, options: options)
    try run("MeterValuesRequest", meterValues, options: options)
} catch {
    fail("\(error)")
}
