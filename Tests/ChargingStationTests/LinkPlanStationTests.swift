import OCPP
import StationCertificates
import StationStore
import Testing

@testable import ChargingStation

/// The link plan through the actor (B10, A01): what the CSMS sets, the choices the station then makes
/// for the transport, and what survives a restart (the same store under a new station).
@Suite struct LinkPlanStationTests {
    static let seed = NetworkProfileTests.profile(url: "ws://board.example/ocpp", securityProfile: 1)
    static let upgraded = NetworkProfileTests.profile(url: "wss://new.example/ocpp", securityProfile: 2)

    @Test func TC_B_45_CS_aNewProfileIsUsedAfterARestartAndFallsBackToTheBoardAfterItsAttempts() async throws {
        let store = InMemoryStationStore()
        // A CSMS root is installed: without one the upgrade to profile 2 is refused (A05.FR.02, TC_A_20).
        let files = InMemoryCertificateFiles()
        try files.add(
            StoredCertificate(kind: "CSMSRootCertificate", name: "root.pem", pem: try TestCA("CSMS Root").pem)
        )
        let first = StationHarness(store: store, certificateFiles: files)
        _ = try await first.bootAccepted()
        // Before the reset the link keeps the board's settings.
        #expect(await first.station.nextLinkChoice(seed: Self.seed).slot == 0)
        #expect(try await NetworkProfileTests.set(first, slot: 1, Self.upgraded).status == .accepted)
        let results = try await DeviceModelTests.setVariables(
            first,
            [
                DeviceModelTests.set("OCPPCommCtrlr", "NetworkConfigurationPriority", "1,0"),
                DeviceModelTests.set("OCPPCommCtrlr", "NetworkProfileConnectionAttempts", "2"),
            ]
        )
        #expect(results.map(\.attributeStatus) == [.rebootRequired, .accepted])
        #expect(await first.station.nextLinkChoice(seed: Self.seed).slot == 0)
        first.stop()

        let second = StationHarness(store: store)
        var slots: [Int] = []
        for _ in 0..<3 {
            let choice = await second.station.nextLinkChoice(seed: Self.seed)
            slots.append(choice.slot)
            _ = await second.station.linkAttemptEnded(choice, .failed(.other))
        }
        #expect(slots == [1, 1, 0])
        let fallback = await second.station.nextLinkChoice(seed: Self.seed)
        #expect(fallback.profile == Self.seed)
        _ = await second.station.linkAttemptEnded(fallback, .connected)
        second.stop()
        #expect(try store.value(forKey: ChargingStation.linkMemoryKey) == "0;1;1")
    }

    @Test func TC_A_09_CS_TC_A_10_CS_aNewPasswordIsTriedThenConfirmedOrDropped() async throws {
        let store = InMemoryStationStore()
        let h = StationHarness(store: store)
        _ = try await h.bootAccepted()
        let (reconnections, reconnected) = AsyncStream.makeStream(of: Void.self)
        await h.station.useLinkReconnection { reconnected.yield() }

        let short = try await DeviceModelTests.setVariables(
            h,
            [DeviceModelTests.set("SecurityCtrlr", "BasicAuthPassword", "short")]
        )
        #expect(short.first?.attributeStatus == .rejected)
        let refused = "refused-password-0001"
        let set = try await DeviceModelTests.setVariables(
            h,
            [DeviceModelTests.set("SecurityCtrlr", "BasicAuthPassword", refused)]
        )
        #expect(set.first?.attributeStatus == .accepted)
        // A01.FR.03: the link reconnects once the answer is out.
        var reconnection = reconnections.makeAsyncIterator()
        #expect(await reconnection.next() != nil)
        // Write-only: never read back.
        let read = try await DeviceModelTests.getVariables(
            h,
            [DeviceModelTests.get("SecurityCtrlr", "BasicAuthPassword")]
        )
        #expect(read.first?.attributeStatus == .rejected)
        #expect(read.first?.attributeValue == nil)

        // A10: refused with HTTP 401 -> back to the board's password at once.
        let trying = await h.station.nextLinkChoice(seed: Self.seed)
        #expect(trying.password?.revealed == refused)
        #expect(await h.station.linkAttemptEnded(trying, .failed(.passwordRefused)))
        #expect(await h.station.nextLinkChoice(seed: Self.seed).password == nil)

        // A09: accepted -> kept, also after a restart.
        let accepted = "accepted-password-0002"
        _ = try await DeviceModelTests.setVariables(
            h,
            [DeviceModelTests.set("SecurityCtrlr", "BasicAuthPassword", accepted)]
        )
        let next = await h.station.nextLinkChoice(seed: Self.seed)
        #expect(next.password?.revealed == accepted)
        #expect(await h.station.linkAttemptEnded(next, .connected) == false)
        h.stop()
        let restarted = StationHarness(store: store)
        defer { restarted.stop() }
        #expect(await restarted.station.nextLinkChoice(seed: Self.seed).password?.revealed == accepted)
        #expect("\(next.password!)" == "<redacted>")
    }
}
