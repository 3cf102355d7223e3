import HALSimulated
import Logging
import OCPP
import OCPPTestSupport
import Testing

@testable import ChargerAgent

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

private func temporaryDirectory() -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("registers-\(UUID().uuidString)").path
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Issue 13 item 8: a simulated meter keeps its import register across restarts, as a real meter does.
@Suite(.timeLimit(.minutes(1)))
struct MeterRegisterTests {
    @Test func registersAreReplacedWholeAndReadBack() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = MeterRegisterFile(stateDirectory: directory)
        #expect(file.load().isEmpty)  // first start
        try file.save([2: 0, 1: 15_234.125])
        #expect(file.load() == [1: 15_234.125, 2: 0])
        #expect(!FileManager.default.fileExists(atPath: file.path + ".tmp"))
        try "1 99\nnonsense\n2 -4\n3 nan\n".write(toFile: file.path, atomically: true, encoding: .utf8)
        #expect(file.load() == [1: 99])
    }

    @Test func savedEveryIntervalWhileTheRegisterMovesAndAtTheEnd() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let clock = ManualClock()
        let simulation = SimulatedStation(evseCount: 1, evse: .init(phases: 3), clock: clock, now: { Date() })
        let evse = simulation[evse: 1]
        let file = MeterRegisterFile(stateDirectory: directory)
        let keeper = MeterRegisterService(
            meters: [1: evse.meter],
            file: file,
            loaded: [1: 0],
            clock: clock,
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        )
        let run = Task { try await keeper.run() }
        // Idle: nothing changes, nothing is written.
        try await withDeadline("the keeper's timer") { await clock.waitForSleepers(count: 1) }
        clock.advance(by: .seconds(10))
        try await withDeadline("the keeper's next timer") { await clock.waitForSleepers(count: 1) }
        #expect(!FileManager.default.fileExists(atPath: file.path))

        evse.ev.plugIn()
        try await evse.board.offerCurrent(16)
        try await evse.contactor.set(.closed)
        clock.advance(by: .seconds(10))  // 11 kW for 10 s
        try await wait(until: "the register saved") { (file.load()[1] ?? 0) > 0 }
        let first = try #require(file.load()[1])
        #expect(abs(first - evse.meter.energyImport) < 0.001)

        clock.advance(by: .seconds(3))  // less than an interval: the end saves it
        run.cancel()
        try await run.value
        #expect(try #require(file.load()[1]) > first)
        #expect(file.load()[1] == evse.meter.energyImport)
    }

    @Test func chargerdRestartedOnTheSameStateDirectoryReadsARegisterNotBelowTheOneBefore() async throws {
        let peer = try await CSMSPeer.start()
        defer { peer.kill() }
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let board = try BoardConfig.load(path: TestRepository.path("BoardConfigs/simulator.yaml"))
        let options = StationRuntime.Options(csmsURL: "ws://127.0.0.1:\(peer.port)/ocpp", stateDirectory: directory)

        let first = try StationRuntime(config: board, options: options)
        let run = Task { try await first.run() }
        var before = 0.0
        do {
            // The station's first StatusNotification, not the peer's Boot answer: it is sent once the station
            // has taken the answer in (accepted, watching its hardware), so the card below is not presented to a
            // station still waiting for its registration.
            try await peer.waitFor("the station accepted and reporting", timeout: .seconds(20)) { peer in
                peer.calls("StatusNotification").isEmpty ? nil : true
            }
            _ = try await first.controller.sim(["action": "plug", "evse": 1])
            _ = try await first.controller.sim(["action": "token", "id": "CARD-REGISTER"])
            before = try await wait(for: "energy on EVSE 1", within: .seconds(20)) {
                let wh = try await Self.register(first)
                return wh > 2 ? wh : nil
            }
        } catch {
            Issue.record("what the CSMS peer saw: \(peer.transcript)")
            await first.triggerGracefulShutdown()
            run.cancel()
            throw error
        }
        await first.triggerGracefulShutdown()
        _ = try await withDeadline("the runtime to stop", within: .seconds(10)) { try await run.value }

        // The next start, on the same state directory: the simulated meter goes on from where it was.
        let second = try StationRuntime(config: board, options: options)
        #expect(try await Self.register(second) >= before)
    }

    /// EVSE 1's import register as `chargerctl meter read` shows it.
    static func register(_ runtime: StationRuntime) async throws -> Double {
        let reading = try await runtime.controller.meter(evse: 1)
        return try #require(reading["evses"]?.arrayValue?.first?["energyImportWh"]?.numberValue)
    }
}
