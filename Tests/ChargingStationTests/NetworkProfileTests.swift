import Foundation
import OCPP
import StationStore
import Testing

@testable import ChargingStation

/// SetNetworkProfile (B09). Switching to a stored profile (B10) belongs to the daemon that builds the link.
@Suite struct NetworkProfileTests {
    static func profile(url: String, securityProfile: Int) -> NetworkConnectionProfileType {
        NetworkConnectionProfileType(
            ocppVersion: .ocpp20,
            ocppTransport: .json,
            ocppCsmsUrl: url,
            messageTimeout: 30,
            securityProfile: securityProfile,
            ocppInterface: .wired0
        )
    }

    static func set(
        _ h: StationHarness,
        slot: Int,
        _ profile: NetworkConnectionProfileType
    ) async throws
        -> SetNetworkProfileResponse
    {
        let frame = try await h.csms.call(SetNetworkProfileRequest(configurationSlot: slot, connectionData: profile))
        guard case .callResult(_, let payload) = frame else { throw ScriptedCSMS.Timeout() }
        return try SetNetworkProfileResponse(json: payload)
    }

    @Test func TC_B_43_CS_newProfileWithALowerSecurityProfileIsRejected() async throws {
        let h = StationHarness(securityProfile: 2)
        defer { h.stop() }
        _ = try await h.bootAccepted()
        let response = try await Self.set(h, slot: 1, Self.profile(url: "ws://csms.example/ocpp", securityProfile: 1))
        #expect(response.status == .rejected)
        #expect(await h.station.networkConnectionProfiles().isEmpty)
    }

    @Test func acceptedProfilesAreKeptAcrossARestart() async throws {
        let store = InMemoryStationStore()
        let first = StationHarness(store: store)
        _ = try await first.bootAccepted()
        let profile = Self.profile(url: "wss://csms.example/ocpp", securityProfile: 2)
        #expect(try await Self.set(first, slot: 1, profile).status == .accepted)
        first.stop()
        let second = StationHarness(store: store)
        defer { second.stop() }
        #expect(await second.station.networkConnectionProfiles() == [1: profile])
    }

    @Test(arguments: [
        (slot: 0, url: "wss://a.example/ocpp", security: 2),  // the active slot
        (slot: 9, url: "wss://a.example/ocpp", security: 2),  // no such slot
        (slot: 1, url: "ws://a.example/ocpp", security: 2),  // TLS profile on ws://
        (slot: 1, url: "wss://a.example/ocpp", security: 4),  // no such security profile
    ])
    func invalidProfilesAreRejected(slot: Int, url: String, security: Int) async throws {
        let h = StationHarness()
        defer { h.stop() }
        _ = try await h.bootAccepted()
        #expect(
            try await Self.set(h, slot: slot, Self.profile(url: url, securityProfile: security)).status == .rejected
        )
    }
}
