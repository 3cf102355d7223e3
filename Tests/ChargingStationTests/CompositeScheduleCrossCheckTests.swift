import Foundation
import OCPP
import OCPPTestSupport
import Testing

@testable import ChargingStation

/// K08 cross-check: 1,200 random profile stacks through `CompositeSchedule` and through an independent
/// implementation written from the specification's text (`Tests/Peers/composite_schedule.py`, which evaluates
/// point by point where the station builds segments); every schedule must be the same.
@Suite struct CompositeScheduleCrossCheckTests {
    static let cases = 1_200

    @Test func K08_compositeScheduleAgreesWithTheIndependentPythonImplementation() throws {
        let python = try PythonPeers.interpreter()
        var random = SeededRandom(seed: 0x5EED_C0DE)
        var inputs: [CompositeSchedule.Input] = []
        var lines: [String] = []
        for _ in 0..<Self.cases {
            let input = RandomStack.input(&random)
            inputs.append(input)
            lines.append(RandomStack.json(input).serialized())
        }
        let output = try Self.run(
            python,
            script: TestRepository.path("Tests/Peers/composite_schedule.py"),
            input: lines
        )
        try #require(output.count == inputs.count, "the peer answered \(output.count) of \(inputs.count) cases")
        var mismatches = 0
        var stacked = 0
        for (index, (input, line)) in zip(inputs, output).enumerated() {
            let swift = CompositeSchedule.periods(input).map { [Double($0.start), $0.limit] }
            let peer = try JSONValue.parse(line).objectValue?["periods"]?.arrayValue?.map {
                ($0.arrayValue ?? []).compactMap(\.numberValue)
            }
            if swift.count > 2 { stacked += 1 }
            if swift != peer {
                mismatches += 1
                if mismatches <= 3 {
                    Issue.record("case \(index): station \(swift), peer \(peer ?? [])\n\(lines[index])")
                }
            }
        }
        #expect(mismatches == 0)
        // The stacks are not trivial: most schedules change limit more than once in their window.
        #expect(stacked > Self.cases / 2, "only \(stacked) schedules with more than two periods")
    }

    /// Runs the peer once over every case (one process, JSON lines in and out).
    static func run(_ python: String, script: String, input: [String]) throws -> [String] {
        // The cases go in through a file: a pipe written from this thread would fill up before the peer reads it.
        let casesFile = FileManager.default.temporaryDirectory.appendingPathComponent(
            "composite-\(UUID().uuidString).jsonl"
        )
        try Data((input.joined(separator: "\n") + "\n").utf8).write(to: casesFile)
        defer { try? FileManager.default.removeItem(at: casesFile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script]
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = try FileHandle(forReadingFrom: casesFile)
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        if process.terminationStatus != 0 {
            Issue.record("composite_schedule.py failed: \(String(decoding: errors, as: UTF8.self))")
        }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}

/// A small deterministic generator (SplitMix64), so a failing case can be found again.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random profile stacks of every kind, purpose and unit, with whole-second dates around a fixed moment.
enum RandomStack {
    static let origin = Date(timeIntervalSince1970: 1_764_000_000)

    static func input(_ random: inout SeededRandom) -> CompositeSchedule.Input {
        let evseId = Int.random(in: 0..<10, using: &random) == 0 ? 0 : Int.random(in: 1...2, using: &random)
        let transaction: CompositeSchedule.Transaction? =
            Bool.random(using: &random)
            ? CompositeSchedule.Transaction(
                id: "tx-\(evseId)",
                start: origin.addingTimeInterval(-Double(Int.random(in: 0...7_200, using: &random)))
            ) : nil
        var profiles: [InstalledProfile] = []
        var stackLevels: [String: [Int]] = [:]
        for id in 1...Int.random(in: 1...10, using: &random) {
            let purpose: ChargingProfilePurposeEnumType = [.chargingStationMaxProfile, .txDefaultProfile, .txProfile]
                .randomElement(using: &random)!
            let profileEVSE =
                switch purpose {
                case .chargingStationMaxProfile: 0
                case .txProfile: Int.random(in: 1...2, using: &random)
                default: Int.random(in: 0...2, using: &random)
                }
            // One profile per stack level and place, as the K01 rules keep it.
            let place = "\(purpose.rawValue)/\(profileEVSE)"
            let free = (0...10).filter { !(stackLevels[place] ?? []).contains($0) }
            guard let level = free.randomElement(using: &random) else { continue }
            stackLevels[place, default: []].append(level)
            let kinds: [ChargingProfileKindEnumType] =
                purpose == .chargingStationMaxProfile ? [.absolute, .recurring] : [.absolute, .recurring, .relative]
            let kind = kinds.randomElement(using: &random)!
            var profile = ChargingProfileType(
                id: id,
                stackLevel: level,
                chargingProfilePurpose: purpose,
                chargingProfileKind: kind,
                recurrencyKind: kind == .recurring ? [.daily, .weekly].randomElement(using: &random)! : nil,
                validFrom: maybeDate(&random),
                validTo: maybeDate(&random),
                chargingSchedule: [schedule(id: id, kind: kind, &random)],
                transactionId: purpose == .txProfile
                    ? (Int.random(in: 0..<4, using: &random) == 0 ? "other" : "tx-\(profileEVSE)") : nil
            )
            if let from = profile.validFrom, let to = profile.validTo, from >= to {
                (profile.validFrom, profile.validTo) = (to, from.addingTimeInterval(1))
            }
            profiles.append(InstalledProfile(evseId: profileEVSE, profile: profile))
        }
        return CompositeSchedule.Input(
            profiles: profiles,
            evseId: evseId,
            start: origin,
            duration: Int.random(in: 600...259_200, using: &random),
            unit: Bool.random(using: &random) ? .a : .w,
            transaction: transaction,
            ratedCurrent: [16, 32, 63].randomElement(using: &random)!,
            phases: [1, 3].randomElement(using: &random)!,
            stationShare: Int.random(in: 1...3, using: &random)
        )
    }

    static func maybeDate(_ random: inout SeededRandom) -> Date? {
        Int.random(in: 0..<3, using: &random) == 0
            ? origin.addingTimeInterval(Double(Int.random(in: -86_400...172_800, using: &random))) : nil
    }

    static func schedule(
        id: Int,
        kind: ChargingProfileKindEnumType,
        _ random: inout SeededRandom
    ) -> ChargingScheduleType {
        let unit: ChargingRateUnitEnumType = Bool.random(using: &random) ? .a : .w
        var periods: [ChargingSchedulePeriodType] = []
        var start = 0
        for _ in 0..<Int.random(in: 1...24, using: &random) {
            let limit =
                unit == .a
                ? Double(Int.random(in: 0...640, using: &random)) / 10
                : Double(Int.random(in: 0...4_400, using: &random)) * 10
            let phases: Int? = Int.random(in: 0..<3, using: &random) == 0 ? Int.random(in: 1...3, using: &random) : nil
            periods.append(ChargingSchedulePeriodType(startPeriod: start, limit: limit, numberPhases: phases))
            start += Int.random(in: 1...7_200, using: &random)
        }
        return ChargingScheduleType(
            id: id,
            startSchedule: kind == .relative
                ? nil : origin.addingTimeInterval(Double(Int.random(in: -172_800...86_400, using: &random))),
            duration: Bool.random(using: &random) ? Int.random(in: 60...100_000, using: &random) : nil,
            chargingRateUnit: unit,
            chargingSchedulePeriod: periods
        )
    }

    /// One case as the peer reads it.
    static func json(_ input: CompositeSchedule.Input) -> JSONValue {
        var object = JSONObject()
        object.append(
            "profiles",
            .array(
                input.profiles.map {
                    .object(["evseId": .number(Double($0.evseId)), "profile": $0.profile.jsonValue()])
                }
            )
        )
        object.append("evseId", .number(Double(input.evseId)))
        object.append("start", .number(input.start.timeIntervalSince1970))
        object.append("duration", .number(Double(input.duration)))
        object.append("unit", .string(input.unit.rawValue))
        object.append(
            "transaction",
            input.transaction.map { .object(["id": .string($0.id), "start": .number($0.start.timeIntervalSince1970)]) }
                ?? .null
        )
        object.append("ratedCurrent", .number(input.ratedCurrent))
        object.append("phases", .number(Double(input.phases)))
        object.append("voltage", .number(input.voltage))
        object.append("stationShare", .number(Double(input.stationShare)))
        return .object(object)
    }
}
