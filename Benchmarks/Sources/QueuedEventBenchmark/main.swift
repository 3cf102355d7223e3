// The codec work one queued TransactionEvent costs on its way from the store to the wire, before and after
// issue 13's "one path from store to wire" (run: Benchmarks/queued_event.sh).
//
// Before: the event was stored as JSON text, and the sender parsed that text, decoded it into a request,
// and `RPCSession.call` encoded it again, validated it by decoding that encoding, and framed it with a new
// message id. After: the event is validated once when it is recorded and stored as its final payload text;
// the sender frames the stored text with the stored message id (`RPCSession.callStored`).
import OCPP

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

let sampleTime = Date(timeIntervalSince1970: 1_764_056_344.25)

func sample(_ value: Double, _ measurand: MeasurandEnumType, _ phase: PhaseEnumType?, unit: String) -> SampledValueType
{
    SampledValueType(
        value: value,
        context: .samplePeriodic,
        measurand: measurand,
        phase: phase,
        unitOfMeasure: UnitOfMeasureType(unit: unit)
    )
}

/// An Updated event as the station records one with the default measurands and a 3-phase meter.
let event = TransactionEventRequest(
    eventType: .updated,
    meterValue: [
        MeterValueType(
            sampledValue: [
                sample(12_345.678, .energyActiveImportRegister, nil, unit: "Wh"),
                sample(11_040.0, .powerActiveImport, nil, unit: "W"),
                sample(16.0, .currentImport, .l1, unit: "A"),
                sample(16.1, .currentImport, .l2, unit: "A"),
                sample(15.9, .currentImport, .l3, unit: "A"),
            ],
            timestamp: sampleTime
        )
    ],
    timestamp: sampleTime,
    triggerReason: .meterValuePeriodic,
    seqNo: 42,
    transactionInfo: TransactionType(transactionId: "c0ffee00-1234-4abc-9def-000000000042", chargingState: .charging)
)
let messageId = "0d9c2a3e-5b1f-4c7e-9a2d-8f6b3c1e4a57"

/// `value` with `digits` decimals (FoundationEssentials has no String(format:)).
func fixed(_ value: Double, _ digits: Int) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = Int((value * scale).rounded())
    let whole = scaled / Int(scale)
    let fraction = String(abs(scaled) % Int(scale))
    return digits == 0 ? "\(whole)" : "\(whole).\(String(repeating: "0", count: digits - fraction.count))\(fraction)"
}

@inline(never)
func blackHole<T>(_ value: T) { withExtendedLifetime(value) {} }

/// Recording and sending one event the way the station did before.
@inline(never)
func before() throws -> Int {
    let stored = event.jsonText()  // record: encode + serialize
    let request = try TransactionEventRequest(jsonText: stored)  // send: parse + decode
    let payload = request.jsonValue()  // RPCSession.call: encode
    _ = try TransactionEventRequest(json: payload)  // validate by decoding
    let frame = OCPPFrame.call(messageId: messageId, action: "TransactionEvent", payload: payload).encoded()
    return frame.utf8.count
}

/// Recording and sending one event the way the station does now.
@inline(never)
func after() throws -> Int {
    let payload = event.jsonValue()  // record: encode once
    _ = try TransactionEventRequest(json: payload)  // validate once
    let stored = payload.serialized()  // stored as the final payload text
    // send: frame the stored text with the stored id (RPCSession.callStored)
    let frame =
        "[2,\(JSONValue.string(messageId).serialized()),\(JSONValue.string("TransactionEvent").serialized()),\(stored)]"
    return frame.utf8.count
}

func measure(_ name: String, seconds: Double, _ body: () throws -> Int) rethrows -> Double {
    let clock = ContinuousClock()
    let start = clock.now
    var iterations = 0
    var bytes = 0
    while clock.now - start < .milliseconds(Int64(seconds * 1000)) {
        for _ in 0..<64 { bytes &+= try body() }
        iterations += 64
    }
    blackHole(bytes)
    let (whole, atto) = (clock.now - start).components
    let elapsed = Double(whole) + Double(atto) * 1e-18
    let perEvent = elapsed / Double(iterations) * 1e6
    print(
        "\(name): \(iterations) events in \(fixed(elapsed, 2)) s, \(fixed(perEvent, 1)) µs per event"
    )
    return perEvent
}

let seconds = CommandLine.arguments.count > 1 ? Double(CommandLine.arguments[1]) ?? 2 : 2
// The two paths must put the same frame on the wire.
let storedFrame = try OCPPFrame.decode("[2,\"\(messageId)\",\"TransactionEvent\",\(event.jsonValue().serialized())]")
let callFrame = try OCPPFrame.decode(
    OCPPFrame.call(messageId: messageId, action: "TransactionEvent", payload: event.jsonValue()).encoded()
)
precondition(storedFrame == callFrame, "the stored frame differs from the one call(_:) makes")
_ = try measure("warm-up", seconds: 0.3, before)
let old = try measure("before (store text, parse, decode, encode, validate, frame)", seconds: seconds, before)
let new = try measure("after (validate once, store the frame, send as stored)", seconds: seconds, after)
print(
    "per queued TransactionEvent: \(fixed(old, 1)) µs -> \(fixed(new, 1)) µs (\(fixed(old / new, 1))x less codec work)"
)
