import ChargerAgent
import Foundation
import OCPPTestSupport
import Synchronization
import Testing

/// The repository root, from this file's place in it (Tests/ChargerAgentTests/DaemonTests.swift).
private let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()
    .deletingLastPathComponent()
    .deletingLastPathComponent()

/// `chargerd`'s runtime built from the simulator board against the Python CSMS peer on loopback.
@Suite(.timeLimit(.minutes(1)))
struct DaemonTests {
    @Test func simulatorBoardBootsAndShutsDownGracefully() async throws {
        let peer = try await CSMSPeer.start()
        defer { peer.kill() }
        let stateDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("chargerd-test-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: stateDirectory) }

        let board = try BoardConfig.load(
            path: repositoryRoot.appendingPathComponent("BoardConfigs/simulator.yaml").path
        )
        let runtime = try StationRuntime(
            config: board,
            options: .init(csmsURL: "ws://127.0.0.1:\(peer.port)/ocpp", stateDirectory: stateDirectory)
        )
        #expect(runtime.storePath == stateDirectory + "/station.sqlite")
        let run = Task { try await runtime.run() }

        do {
            try await peer.waitFor("BootNotification answered Accepted", timeout: .seconds(20)) { peer in
                peer.frames.contains {
                    $0.direction == .toStation && $0.action == "BootNotification"
                        && $0.payload["status"].string == "Accepted"
                } ? true : nil
            }
            try await peer.waitFor("a StatusNotification per EVSE", timeout: .seconds(20)) { peer in
                Set(peer.calls("StatusNotification").compactMap { $0.payload["evseId"].int }) == [1, 2] ? true : nil
            }
        } catch {
            await runtime.triggerGracefulShutdown()
            run.cancel()
            throw error
        }

        await runtime.triggerGracefulShutdown()
        // withDeadline returns at the deadline even though `run.value` does not end on cancellation.
        var outcome: StationRuntime.Outcome?
        do {
            outcome = try await withDeadline("the runtime to stop", within: .seconds(10)) { try await run.value }
        } catch is TestFailure {
            run.cancel()
        }
        #expect(outcome == .stopped, "the runtime did not stop within 10 s of a graceful shutdown")
        #expect(FileManager.default.fileExists(atPath: runtime.storePath))
    }

    @Test func missingBoardFileIsNamedInTheError() throws {
        let path = "/nonexistent/chargerd-test/board.yaml"
        let error = #expect(throws: BoardConfigError.self) { try BoardConfig.load(path: path) }
        #expect(error?.file == path)
        #expect(error?.description.hasPrefix(path) == true)
    }

    @Test func unwritableStateDirectoryIsNamed() throws {
        let board = try BoardConfig.load(
            path: repositoryRoot.appendingPathComponent("BoardConfigs/simulator.yaml").path
        )
        let error = #expect(throws: StationRuntimeError.self) {
            try StationRuntime(config: board, options: .init(stateDirectory: "/proc/chargerd-test"))
        }
        #expect(error?.description.contains("/proc/chargerd-test") == true)
        // The system's reason, not the error's structure.
        #expect(error?.description.contains("CocoaError") == false, "\(String(describing: error))")
    }
}
