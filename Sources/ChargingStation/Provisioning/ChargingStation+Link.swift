import OCPP
import StationStore

/// The link's plan, the actor side (B10, A05, A01): the composition root's connection planner asks
/// `nextLinkChoice(seed:)` before every attempt and reports each attempt with `linkAttemptEnded`; the
/// decisions are `NetworkLinkPlanner`'s. The settings are read once, at the first attempt after a start,
/// so a new profile or priority takes effect after a reset (B10), as NetworkConfigurationPriority's
/// RebootRequired says.
extension ChargingStation {
    /// What the station keeps for its link between two calls.
    struct LinkState: Sendable {
        var planner: NetworkLinkPlanner?
        var context: NetworkLinkPlanner.Context?
        /// Closes the link and reconnects at once (given by the composition root).
        var reconnect: (@Sendable () -> Void)?
    }

    /// The profile, slot and password of one connection attempt.
    public struct LinkChoice: Sendable, Equatable {
        public var slot: Int
        public var profile: NetworkConnectionProfileType
        /// The Basic password set over OCPP (a new one being tried, or the one confirmed); nil: the board's.
        public var password: LinkPassword?
        let choice: NetworkLinkPlanner.Choice?
    }

    static let linkMemoryKey = "link.memory"

    /// Lets the station ask for a reconnection now (after a new BasicAuthPassword) without knowing the
    /// transport.
    public func useLinkReconnection(_ reconnect: @escaping @Sendable () -> Void) {
        link.reconnect = reconnect
    }

    /// The profile of the next attempt. `seed` is the board file's CSMS settings: slot 0 unless the CSMS
    /// stored a profile there.
    public func nextLinkChoice(seed: NetworkConnectionProfileType) -> LinkChoice {
        var context = link.context ?? loadLinkContext(seed: seed)
        context.hasNewPassword = basicAuthPasswords().new != nil
        link.context = context
        var planner = link.planner ?? NetworkLinkPlanner(memory: loadLinkMemory())
        let choice = planner.next(context)
        link.planner = planner
        guard let choice else {
            logger.error(
                "no network profile at or above the security profile reached; using the board's settings",
                metadata: ["profile": "\(planner.memory.highestSecurityProfile)"]
            )
            return LinkChoice(slot: 0, profile: seed, password: basicAuthPasswords().confirmed, choice: nil)
        }
        let passwords = basicAuthPasswords()
        return LinkChoice(
            slot: choice.slot,
            profile: choice.profile,
            password: choice.usesNewPassword ? passwords.new : passwords.confirmed,
            choice: choice
        )
    }

    /// Takes how an attempt ended; returns true when the next one should start without the back-off.
    public func linkAttemptEnded(_ attempt: LinkChoice, _ outcome: NetworkLinkPlanner.Outcome) -> Bool {
        guard let choice = attempt.choice, var planner = link.planner, let context = link.context else {
            return false
        }
        let actions = planner.ended(choice, outcome, context)
        link.planner = planner
        var retryNow = false
        for action in actions {
            switch action {
            case .remember(let memory):
                do {
                    try store.setValue(Self.encode(memory), forKey: Self.linkMemoryKey)
                } catch {
                    logger.error("link memory not stored", metadata: ["error": "\(error)"])
                }
            case .securityEvent(let kind, let techInfo):
                raiseSecurityEvent(kind, techInfo: techInfo)
            case .adoptSecurityProfile(let profile):
                deviceModel.setInternally(.init("SecurityCtrlr"), .init("SecurityProfile"), value: String(profile))
            case .confirmNewPassword:
                confirmNewBasicAuthPassword()
            case .dropNewPassword:
                dropNewBasicAuthPassword()
            case .retryNow:
                retryNow = true
            }
        }
        if case .connected = outcome {
            logger.info(
                "connected with network profile",
                metadata: ["slot": "\(choice.slot)", "profile": "\(choice.profile.securityProfile)"]
            )
        } else if planner.slot != choice.slot, let next = planner.slot {
            logger.notice(
                "moving to the next network profile",
                metadata: ["from": "\(choice.slot)", "to": "\(next)", "attempts": "\(context.attemptsPerSlot)"]
            )
        }
        return retryNow
    }

    /// The priority, attempts and profiles in force since this start.
    private func loadLinkContext(seed: NetworkConnectionProfileType) -> NetworkLinkPlanner.Context {
        func stored(_ name: String) -> String? {
            try? store.variableValue(VariableKey(component: "OCPPCommCtrlr", variable: name))
        }
        let priority = (stored("NetworkConfigurationPriority") ?? "0").split(separator: ",")
            .compactMap { Int($0.strippingSpaces()) }
        let attempts = stored("NetworkProfileConnectionAttempts").flatMap { Int($0) } ?? 3
        var profiles = networkConnectionProfiles()
        if profiles[0] == nil { profiles[0] = seed }
        let context = NetworkLinkPlanner.Context(
            priority: priority.isEmpty ? [0] : priority,
            profiles: profiles,
            attemptsPerSlot: attempts
        )
        logger.info(
            "network profiles in force",
            metadata: [
                "priority": "\(context.priority)", "slots": "\(profiles.keys.sorted())", "attempts": "\(attempts)",
            ]
        )
        return context
    }

    private func loadLinkMemory() -> NetworkLinkPlanner.Memory {
        guard let text = try? store.value(forKey: Self.linkMemoryKey) else { return .init() }
        return Self.decode(text) ?? .init()
    }

    /// `workingSlot;highest;connected` with `-` for none: small enough not to need a JSON coder.
    static func encode(_ memory: NetworkLinkPlanner.Memory) -> String {
        [
            memory.workingSlot.map(String.init) ?? "-", String(memory.highestSecurityProfile),
            memory.connectedSecurityProfile.map(String.init) ?? "-",
        ].joined(separator: ";")
    }

    static func decode(_ text: String) -> NetworkLinkPlanner.Memory? {
        let parts = text.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, let highest = Int(parts[1]) else { return nil }
        return .init(
            workingSlot: Int(parts[0]),
            highestSecurityProfile: highest,
            connectedSecurityProfile: Int(parts[2])
        )
    }
}

extension StringProtocol {
    fileprivate func strippingSpaces() -> String {
        let set = " \t"
        var text = Substring(self)
        while let first = text.first, set.contains(first) { text = text.dropFirst() }
        while let last = text.last, set.contains(last) { text = text.dropLast() }
        return String(text)
    }
}
