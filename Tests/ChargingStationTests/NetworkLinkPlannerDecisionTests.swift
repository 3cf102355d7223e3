import OCPP
import Testing

@testable import ChargingStation

/// The link plan (B10 migration and fallback, A05 upgrade, A01 password) as plain functions: settings and
/// outcomes in, slots and actions out.
@Suite struct NetworkLinkPlannerDecisionTests {
    typealias Planner = NetworkLinkPlanner

    static func profile(_ securityProfile: Int, _ url: String) -> NetworkConnectionProfileType {
        NetworkConnectionProfileType(
            ocppVersion: .ocpp20,
            ocppTransport: .json,
            ocppCsmsUrl: url,
            messageTimeout: 30,
            securityProfile: securityProfile,
            ocppInterface: .wired0
        )
    }

    static let board = profile(1, "ws://old.example/ocpp")
    static let upgraded = profile(2, "wss://new.example/ocpp")
    static let profile3 = profile(3, "wss://three.example/ocpp")

    static func context(
        _ priority: [Int],
        _ profiles: [Int: NetworkConnectionProfileType],
        attempts: Int = 2,
        newPassword: Bool = false
    ) -> Planner.Context {
        Planner.Context(priority: priority, profiles: profiles, attemptsPerSlot: attempts, hasNewPassword: newPassword)
    }

    /// Runs attempts that fail with `failure` and returns the slots they used.
    static func fail(
        _ planner: inout Planner,
        _ context: Planner.Context,
        times: Int,
        _ failure: Planner.Failure = .other
    ) -> [Int] {
        (0..<times).map { _ in
            let choice = planner.next(context)!
            _ = planner.ended(choice, .failed(failure), context)
            return choice.slot
        }
    }

    @Test func B10_FR_01_theFirstSlotOfThePriorityIsTriedFirst() {
        var planner = Planner()
        let context = Self.context([1, 0], [0: Self.board, 1: Self.upgraded])
        #expect(planner.next(context)?.slot == 1)
        #expect(planner.next(context)?.profile == Self.upgraded)
    }

    @Test func TC_B_46_CS_afterNetworkProfileConnectionAttemptsTheNextSlotIsTried() {
        var planner = Planner()
        let context = Self.context([1, 0], [0: Self.board, 1: Self.upgraded], attempts: 3)
        #expect(Self.fail(&planner, context, times: 4) == [1, 1, 1, 0])
    }

    @Test func TC_B_45_CS_aNewProfileThatConnectsIsRememberedAndReportedAsTheSecurityProfile() {
        var planner = Planner(memory: .init(workingSlot: 0, highestSecurityProfile: 1, connectedSecurityProfile: 1))
        let context = Self.context([1, 0], [0: Self.board, 1: Self.upgraded])
        let choice = planner.next(context)!
        let actions = planner.ended(choice, .connected, context)
        let memory = Planner.Memory(workingSlot: 1, highestSecurityProfile: 2, connectedSecurityProfile: 2)
        #expect(actions.first == .remember(memory))
        #expect(actions.contains(.adoptSecurityProfile(2)))
        #expect(
            actions.contains(
                .securityEvent(.reconfigurationOfSecurityParameters, techInfo: "security profile 1 -> 2 (slot 1)")
            )
        )
    }

    @Test func TC_B_47_CS_theLastWorkingSlotIsTriedEvenWhenThePriorityNoLongerNamesIt() {
        var planner = Planner(memory: .init(workingSlot: 0, highestSecurityProfile: 1, connectedSecurityProfile: 1))
        let context = Self.context([1], [0: Self.board, 1: Self.upgraded], attempts: 1)
        #expect(planner.candidates(context) == [1, 0])
        #expect(Self.fail(&planner, context, times: 3) == [1, 0, 1])
    }

    @Test func TC_A_19_CS_afterAnUpgradeLowerProfilesAreNeverTriedAgain() {
        var planner = Planner(memory: .init(workingSlot: 0, highestSecurityProfile: 1, connectedSecurityProfile: 1))
        let context = Self.context([1, 0], [0: Self.board, 1: Self.upgraded], attempts: 1)
        let choice = planner.next(context)!
        _ = planner.ended(choice, .connected, context)
        #expect(planner.memory.highestSecurityProfile == 2)
        // The link drops and the new CSMS stays away: the station keeps to profile 2 (no downgrade).
        _ = planner.ended(choice, .linkLost, context)
        #expect(Self.fail(&planner, context, times: 3) == [1, 1, 1])
        #expect(planner.candidates(context) == [1])
    }

    @Test func TC_A_19_CS_profile2Then3IsAnUpgradeToo() {
        var planner = Planner(memory: .init(workingSlot: 1, highestSecurityProfile: 2, connectedSecurityProfile: 2))
        let context = Self.context([2, 1, 0], [0: Self.board, 1: Self.upgraded, 2: Self.profile3])
        #expect(planner.candidates(context) == [2, 1])
        let choice = planner.next(context)!
        _ = planner.ended(choice, .connected, context)
        #expect(planner.memory == .init(workingSlot: 2, highestSecurityProfile: 3, connectedSecurityProfile: 3))
        #expect(planner.candidates(context) == [2])
    }

    @Test func noSlotAtOrAboveTheProfileReachedGivesNoChoice() {
        var planner = Planner(memory: .init(workingSlot: 1, highestSecurityProfile: 2, connectedSecurityProfile: 2))
        #expect(planner.next(Self.context([0], [0: Self.board])) == nil)
    }

    @Test func aLinkThatWasUpAndDroppedRetriesTheSameSlotWithFreshAttempts() {
        var planner = Planner()
        let other = Self.profile(1, "ws://other.example/ocpp")
        let context = Self.context([1, 0], [0: Self.board, 1: other], attempts: 2)
        _ = Self.fail(&planner, context, times: 1)
        let choice = planner.next(context)!
        _ = planner.ended(choice, .connected, context)
        _ = planner.ended(choice, .linkLost, context)
        #expect(planner.attemptsOnSlot == 0)
        #expect(Self.fail(&planner, context, times: 3) == [1, 1, 0])
    }

    @Test func TC_A_09_CS_aNewPasswordThatConnectsIsConfirmed() {
        var planner = Planner(memory: .init(workingSlot: 0, highestSecurityProfile: 1, connectedSecurityProfile: 1))
        let context = Self.context([0], [0: Self.board], newPassword: true)
        let choice = planner.next(context)!
        #expect(choice.usesNewPassword)
        let actions = planner.ended(choice, .connected, context)
        #expect(actions.contains(.confirmNewPassword))
        #expect(
            actions.contains(
                .securityEvent(.reconfigurationOfSecurityParameters, techInfo: "new BasicAuthPassword in use")
            )
        )
    }

    @Test func TC_A_10_CS_aRefusedNewPasswordIsDroppedAndTheOldOneTriedAtOnce() {
        var planner = Planner()
        let context = Self.context([0], [0: Self.board], attempts: 1, newPassword: true)
        let choice = planner.next(context)!
        let actions = planner.ended(choice, .failed(.passwordRefused), context)
        #expect(actions.contains(.dropNewPassword))
        #expect(actions.contains(.retryNow))
        #expect(
            actions.contains(
                .securityEvent(
                    .failedToAuthenticateAtCsms,
                    techInfo: "new BasicAuthPassword: \(Planner.Failure.passwordRefused)"
                )
            )
        )
        // Not counted as an attempt of the slot: with one attempt per slot the station stays on slot 0.
        #expect(planner.attemptsOnSlot == 0)
        let again = planner.next(Self.context([0], [0: Self.board], attempts: 1))!
        #expect(!again.usesNewPassword)
    }

    @Test func profile3NeverUsesTheBasicPassword() {
        var planner = Planner()
        let choice = planner.next(Self.context([2], [0: Self.board, 2: Self.profile3], newPassword: true))!
        #expect(!choice.usesNewPassword)
    }

    @Test func A04_TLSFailuresRaiseTheirSecurityEventOncePerSlotNotPerAttempt() {
        var planner = Planner()
        let context = Self.context([1, 0], [0: Self.board, 1: Self.upgraded], attempts: 3)
        var events: [SecurityEventKind] = []
        for failure in [Planner.Failure.tlsVersionTooLow, .tlsVersionTooLow, .noSharedCipherSuite] {
            let choice = planner.next(context)!
            for case .securityEvent(let kind, _) in planner.ended(choice, .failed(failure), context) {
                events.append(kind)
            }
        }
        #expect(events == [.invalidTLSVersion, .invalidTLSCipherSuite])
        let choice = planner.next(context)!
        let actions = planner.ended(choice, .failed(.invalidCsmsCertificate), context)
        #expect(
            actions == [.securityEvent(.invalidCsmsCertificate, techInfo: "slot 0: CSMS certificate did not verify")]
        )
    }

    @Test func theMemoryIsKeptAsTextAcrossARestart() {
        let memory = Planner.Memory(workingSlot: 2, highestSecurityProfile: 3, connectedSecurityProfile: 3)
        #expect(ChargingStation.decode(ChargingStation.encode(memory)) == memory)
        #expect(ChargingStation.decode(ChargingStation.encode(Planner.Memory())) == Planner.Memory())
        #expect(ChargingStation.decode("garbage") == nil)
    }
}
