import HAL
import HALSimulated
import Testing

@testable import FleetSimulation

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

private let emartJeju: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.appendingPathComponent("BoardConfigs/fleets/emart-jeju.yaml").path
}()

/// A seeded generator (SplitMix64), so the behaviour tests repeat exactly.
private struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Fleet runtime: stations, DC power, EV behaviour")
struct FleetRuntimeTests {
    let fleet: FleetConfig

    init() throws {
        fleet = try FleetConfig.load(path: emartJeju)
    }

    /// Offers the station's current, closes the contactor and plugs in a vehicle; returns the meter reading.
    private func charge(_ station: FleetStation, vehicle: EVProfile) async throws -> MeterReading {
        let evse = station.simulation[evse: 1]
        evse.ev.plugIn(vehicle)
        try await evse.board.offerCurrent(FleetStation.offeredCurrentA)
        try await evse.contactor.set(.closed)
        return try await station.hardware.evses[0].meter.read()
    }

    @Test("One station per charger, with its own identity; --only and --stations select")
    func assembly() throws {
        let all = try FleetRuntime(fleet: fleet, options: .init(csmsURL: "ws://127.0.0.1:9/ocpp"))
        #expect(all.stations.count == 34)
        #expect(Set(all.stations.map(\.id)).count == 34)
        #expect(all.station("emart_seogwipo_10")?.charger.storeId == "emart_seogwipo")
        #expect(all.stations.allSatisfy { $0.storePath == nil })
        let only = try FleetRuntime(
            fleet: fleet,
            options: .init(csmsURL: "ws://127.0.0.1:9", only: ["emart_jeju_01"], manual: true)
        )
        #expect(only.stations.map(\.id) == ["emart_jeju_01"])
        let scaled = try FleetRuntime(fleet: fleet, options: .init(csmsURL: "ws://127.0.0.1:9", stationCount: 70))
        #expect(scaled.stations.count == 70)
        #expect(scaled.stations.last?.id == "emart_jeju_02_x2")
    }

    @Test("Bad options are refused before anything connects")
    func badOptions() {
        #expect {
            try FleetRuntime(fleet: fleet, options: .init(csmsURL: "wss://csms.example/ocpp"))
        } throws: { error in
            "\(error)".contains("use a ws:// URL")
        }
        #expect {
            try FleetRuntime(fleet: fleet, options: .init(csmsURL: "ws://127.0.0.1:9", only: ["nope"]))
        } throws: { error in
            "\(error)".contains("has no charger \"nope\"")
        }
        #expect {
            try FleetRuntime(fleet: fleet, options: .init(csmsURL: "ws://127.0.0.1:9", connectRate: 0))
        } throws: { error in
            "\(error)".contains("--connect-rate")
        }
    }

    @Test("--state-dir: one SQLite store per station")
    func stateDirectory() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fleet-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let runtime = try FleetRuntime(
            fleet: fleet,
            options: .init(
                csmsURL: "ws://127.0.0.1:9",
                only: ["emart_jeju_01", "emart_jeju_06"],
                stateDirectory: directory
            )
        )
        #expect(
            runtime.stations.map(\.storePath) == [
                "\(directory)/emart_jeju_01.sqlite", "\(directory)/emart_jeju_06.sqlite",
            ]
        )
        for station in runtime.stations {
            #expect(FileManager.default.fileExists(atPath: station.storePath ?? ""))
        }
    }

    @Test("A 200 kW DC charger delivers 200 kW to a 200 kW vehicle, shown at 400 V and 500 A")
    func dcPower() async throws {
        let runtime = try FleetRuntime(
            fleet: fleet,
            options: .init(csmsURL: "ws://127.0.0.1:9", only: ["emart_jeju_01"])
        )
        let station = try #require(runtime.station("emart_jeju_01"))
        let reading = try await charge(station, vehicle: EVProfile(maxPower: 200_000, phases: 3))
        #expect(abs(reading.activePower - 200_000) < 1e-6)
        #expect(reading.voltage == PhaseValues(l1: 400))
        #expect(abs((reading.current.l1 ?? 0) - 500) < 1e-9)
        #expect(reading.current.l2 == nil && reading.current.l3 == nil)
    }

    @Test("A vehicle or a charger rating limits DC power; a 7 kW AC charger gives 32 A at 230 V")
    func limits() async throws {
        let runtime = try FleetRuntime(
            fleet: fleet,
            options: .init(csmsURL: "ws://127.0.0.1:9", only: ["emart_jeju_02", "emart_shinjeju_01", "emart_jeju_06"])
        )
        let jeju02 = try #require(runtime.station("emart_jeju_02"))
        #expect(try await charge(jeju02, vehicle: EVProfile(maxPower: 350_000)).activePower == 100_000)
        let shinjeju01 = try #require(runtime.station("emart_shinjeju_01"))
        #expect(try await charge(shinjeju01, vehicle: EVProfile(maxPower: 50_000)).activePower == 50_000)
        let ac = try #require(runtime.station("emart_jeju_06"))
        let reading = try await charge(ac, vehicle: EVProfile(maxPower: 11_000, phases: 3))
        #expect(abs(reading.activePower - 32 * 230) < 1e-6)
        #expect(reading.voltage.l1 == 230)
    }

    @Test("EV behaviour: exponential arrivals with the profile's mean, visits within its ranges, capped by the rating")
    func behaviour() throws {
        let runtime = try FleetRuntime(
            fleet: fleet,
            options: .init(csmsURL: "ws://127.0.0.1:9", only: ["emart_jeju_04"])
        )
        let station = try #require(runtime.station("emart_jeju_04"))
        var profile = station.evProfile
        profile.maxPowerKW = 350
        let behaviour = EVBehaviour(
            profile: profile,
            chargerRatingKW: station.charger.ratedPowerKW,
            evse: station.simulation[evse: 1],
            tokenReader: station.simulation.tokenReader,
            clock: ContinuousClock()
        )
        var random = SeededGenerator(state: 42)
        let samples = 20_000
        var total = 0.0
        for _ in 0..<samples {
            let gap = try #require(behaviour.nextArrival(using: &random))
            #expect(gap > .zero)
            total += Double(gap.components.seconds) + Double(gap.components.attoseconds) / 1e18
        }
        let mean = total / Double(samples)
        let expected = 3600 / profile.arrivalsPerHour
        // The standard error of the mean of 20,000 exponential samples is 0.7 %; allow 3 %.
        #expect(abs(mean - expected) < 0.03 * expected, "mean gap \(mean) s, expected \(expected) s")
        for _ in 0..<1000 {
            let visit = behaviour.nextVisit(using: &random)
            #expect(profile.energyKWh.contains(visit.energyWh / 1000))
            let minutes = Double(visit.dwell.components.seconds) / 60
            #expect(minutes >= profile.dwellMinutes.lowerBound - 0.01 && minutes <= profile.dwellMinutes.upperBound)
            let vehicle = behaviour.vehicle(for: visit)
            #expect(vehicle.maxPower == station.charger.ratedPowerKW * 1000)
            #expect(vehicle.targetEnergy == visit.energyWh)
        }
        var idle = profile
        idle.arrivalsPerHour = 0
        let nobody = EVBehaviour(
            profile: idle,
            chargerRatingKW: 50,
            evse: station.simulation[evse: 1],
            tokenReader: station.simulation.tokenReader,
            clock: ContinuousClock()
        )
        #expect(nobody.nextArrival(using: &random) == nil)
    }
}
