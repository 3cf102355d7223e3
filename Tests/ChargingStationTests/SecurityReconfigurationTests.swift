import OCPP
import Testing

@testable import ChargingStation

/// ReconfigurationOfSecurityParameters (Part 2 Appendix 1) is raised once per change: a new network profile or
/// BasicAuthPassword when the link first uses it (`NetworkLinkPlannerDecisionTests`), not also when the CSMS
/// sets it; other SecurityCtrlr variables when they are set.
@Suite struct SecurityReconfigurationTests {
    @Test func A04_setNetworkProfileAndANewPasswordRaiseNothingUntilTheLinkUsesThem() async throws {
        let h = StationHarness()
        defer { h.stop() }
        try await h.bootAccepted()
        let stored = try await NetworkProfileTests.set(
            h,
            slot: 1,
            NetworkProfileTests.profile(url: "ws://csms.example/ocpp", securityProfile: 1)
        )
        #expect(stored.status == .accepted)
        let results = try await DeviceModelTests.setVariables(
            h,
            [
                DeviceModelTests.set("OCPPCommCtrlr", "NetworkConfigurationPriority", "1,0"),
                DeviceModelTests.set("SecurityCtrlr", "BasicAuthPassword", "a-new-password-0123456789"),
            ]
        )
        #expect(results.map(\.attributeStatus) == [.rebootRequired, .accepted])
        #expect(try h.store.securityLog(from: nil, to: nil).isEmpty)
    }
}
