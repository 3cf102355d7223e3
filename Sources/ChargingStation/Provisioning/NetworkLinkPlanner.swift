import OCPP

/// Which network connection profile the next connection attempt uses, and what each attempt's end means
/// (B10 migration and fallback, A05 security profile upgrade, A01 new Basic password).
///
/// A value with pure decisions: `next(_:)` picks the slot, `ended(_:_:_:)` takes how the attempt went and
/// returns what the station must do (remember, raise a security event, confirm or drop a new password).
/// The rules:
/// - Slots in NetworkConfigurationPriority order (B10.FR.01); each is tried NetworkProfileConnectionAttempts
///   times before the next (B10.FR.02), and the list starts over after the last.
/// - The slot that connected last is kept in the list even when the priority no longer names it, so a new
///   profile that fails falls back to the one that worked (TC_B_46_CS, TC_B_47_CS).
/// - Never below the highest security profile the station has connected with (A05: an upgrade is for
///   good; no downgrade, TC_A_22_CS).
/// - A new Basic password is tried first; when the CSMS refuses it (HTTP 401) the station goes back to the
///   previous one at once (TC_A_09_CS, TC_A_10_CS).
public struct NetworkLinkPlanner: Sendable, Equatable {
    /// What survives a restart (kept in the store as JSON).
    public struct Memory: Sendable, Equatable, Codable {
        /// The slot of the last successful connection.
        public var workingSlot: Int?
        /// The highest security profile the station has connected with; nothing below is tried again.
        public var highestSecurityProfile: Int
        /// The security profile of the last successful connection.
        public var connectedSecurityProfile: Int?

        public init(workingSlot: Int? = nil, highestSecurityProfile: Int = 0, connectedSecurityProfile: Int? = nil) {
            self.workingSlot = workingSlot
            self.highestSecurityProfile = highestSecurityProfile
            self.connectedSecurityProfile = connectedSecurityProfile
        }
    }

    /// What the decisions read: the settings in force since the last start.
    public struct Context: Sendable, Equatable {
        /// NetworkConfigurationPriority.
        public var priority: [Int]
        /// The profile of each slot (slot 0 seeded from the board file unless the CSMS set one).
        public var profiles: [Int: NetworkConnectionProfileType]
        /// NetworkProfileConnectionAttempts (0 counts as 1).
        public var attemptsPerSlot: Int
        /// A BasicAuthPassword the CSMS set that has not connected yet.
        public var hasNewPassword: Bool

        public init(
            priority: [Int],
            profiles: [Int: NetworkConnectionProfileType],
            attemptsPerSlot: Int,
            hasNewPassword: Bool = false
        ) {
            self.priority = priority
            self.profiles = profiles
            self.attemptsPerSlot = attemptsPerSlot
            self.hasNewPassword = hasNewPassword
        }
    }

    /// The profile of one attempt.
    public struct Choice: Sendable, Equatable {
        public var slot: Int
        public var profile: NetworkConnectionProfileType
        /// Whether the attempt uses the new BasicAuthPassword (profiles 1 and 2 only).
        public var usesNewPassword: Bool
    }

    /// How an attempt ended.
    public enum Outcome: Sendable, Equatable {
        case connected
        /// A link that was up went down.
        case linkLost
        case failed(Failure)
    }

    /// Failures the station tells apart; the rest are `.other`.
    public enum Failure: Sendable, Equatable, CustomStringConvertible {
        case passwordRefused
        case invalidCsmsCertificate
        case tlsVersionTooLow
        case noSharedCipherSuite
        case other

        public var description: String {
            switch self {
            case .passwordRefused: "Basic credentials refused (HTTP 401)"
            case .invalidCsmsCertificate: "CSMS certificate did not verify"
            case .tlsVersionTooLow: "CSMS offered no TLS version of at least 1.2"
            case .noSharedCipherSuite: "CSMS offered no cipher suite the station accepts"
            case .other: "connection failed"
            }
        }

        /// The security event this failure raises (A04 list), if any. Checked against Part 2 (the A00 security
        /// profile FRs and Appendix 1's descriptions); the FR numbers are the OCPP 1.6 security white paper's
        /// (ed. 2, which carries the 2.0.1 text), whose TLS FRs 2.0.1 Part 2 numbers one higher:
        /// - 401 → FailedToAuthenticateAtCsms ("credentials provided by the Charging Station were rejected");
        /// - a server certificate that does not verify → InvalidCsmsCertificate (A00.FR.309: "If the CSMS does
        ///   not own a valid certificate, or if the certification path is invalid" → trigger the event);
        /// - TLS below 1.2 → InvalidTLSVersion (A00.FR.315, "the TLS version used by the CSMS is lower than 1.2");
        /// - no shared cipher suite → InvalidTLSCipherSuite (A00.FR.322: the station "detects that the CSMS only
        ///   allows connections using one of these suites" → trigger the event and terminate). The station
        ///   offers only the allowed suites, so a server that answers its ClientHello with a handshake_failure
        ///   alert before any certificate is one that accepts none of them: that inference is the detection.
        var securityEvent: SecurityEventKind? {
            switch self {
            case .passwordRefused: .failedToAuthenticateAtCsms
            case .invalidCsmsCertificate: .invalidCsmsCertificate
            case .tlsVersionTooLow: .invalidTLSVersion
            case .noSharedCipherSuite: .invalidTLSCipherSuite
            case .other: nil
            }
        }
    }

    /// What the station must do after an attempt.
    public enum Action: Sendable, Equatable {
        /// Store the memory (it changed).
        case remember(Memory)
        case securityEvent(SecurityEventKind, techInfo: String)
        /// SecurityCtrlr.SecurityProfile is now this (the profile of the connection).
        case adoptSecurityProfile(Int)
        /// The new password connected: it replaces the old one.
        case confirmNewPassword
        /// The CSMS refused the new password: forget it, keep the old one.
        case dropNewPassword
        /// Start the next attempt without the back-off.
        case retryNow
    }

    public private(set) var memory: Memory
    /// The slot being tried.
    public private(set) var slot: Int?
    /// Failed attempts on `slot` so far.
    public private(set) var attemptsOnSlot = 0
    /// The last failure on `slot`, so a failure repeated at every attempt raises one event, not one per attempt.
    private var lastFailure: Failure?

    public init(memory: Memory = Memory()) { self.memory = memory }

    /// The slots to try, in order: priority first, then the last working slot; none below the highest
    /// security profile connected with.
    public func candidates(_ context: Context) -> [Int] {
        var list: [Int] = []
        for slot in context.priority where context.profiles[slot] != nil && !list.contains(slot) { list.append(slot) }
        if let working = memory.workingSlot, context.profiles[working] != nil, !list.contains(working) {
            list.append(working)
        }
        return list.filter { (context.profiles[$0]?.securityProfile ?? 0) >= memory.highestSecurityProfile }
    }

    /// The profile of the next attempt; nil when no slot is allowed (none at or above the security profile
    /// the station has reached).
    public mutating func next(_ context: Context) -> Choice? {
        let list = candidates(context)
        guard let first = list.first else { return nil }
        if slot == nil || !list.contains(slot!) {
            slot = first
            attemptsOnSlot = 0
            lastFailure = nil
        }
        guard let slot, let profile = context.profiles[slot] else { return nil }
        let basic = profile.securityProfile == 1 || profile.securityProfile == 2
        return Choice(slot: slot, profile: profile, usesNewPassword: basic && context.hasNewPassword)
    }

    /// What an attempt made with `choice` ending with `outcome` means.
    public mutating func ended(_ choice: Choice, _ outcome: Outcome, _ context: Context) -> [Action] {
        switch outcome {
        case .connected:
            attemptsOnSlot = 0
            lastFailure = nil
            let profile = choice.profile.securityProfile
            var actions: [Action] = []
            if let before = memory.connectedSecurityProfile, before != profile {
                actions.append(
                    .securityEvent(
                        .reconfigurationOfSecurityParameters,
                        techInfo: "security profile \(before) -> \(profile) (slot \(choice.slot))"
                    )
                )
            }
            if choice.usesNewPassword {
                actions.append(.confirmNewPassword)
                actions.append(
                    .securityEvent(.reconfigurationOfSecurityParameters, techInfo: "new BasicAuthPassword in use")
                )
            }
            let remembered = Memory(
                workingSlot: choice.slot,
                highestSecurityProfile: max(memory.highestSecurityProfile, profile),
                connectedSecurityProfile: profile
            )
            if remembered != memory {
                memory = remembered
                actions.insert(.remember(remembered), at: 0)
            }
            actions.append(.adoptSecurityProfile(profile))
            return actions
        case .linkLost:
            // An outage, not a bad profile: the same slot gets its attempts again.
            attemptsOnSlot = 0
            lastFailure = nil
            return []
        case .failed(let failure):
            var actions: [Action] = []
            if failure != lastFailure, let kind = failure.securityEvent {
                let which = choice.usesNewPassword ? "new BasicAuthPassword" : "slot \(choice.slot)"
                actions.append(.securityEvent(kind, techInfo: "\(which): \(failure)"))
            }
            lastFailure = failure
            if failure == .passwordRefused && choice.usesNewPassword {
                // A10: back to the old password, at once; not an attempt of the slot.
                lastFailure = nil
                return actions + [.dropNewPassword, .retryNow]
            }
            attemptsOnSlot += 1
            if attemptsOnSlot >= max(1, context.attemptsPerSlot) {
                let list = candidates(context)
                if let index = list.firstIndex(of: choice.slot) {
                    slot = list[(index + 1) % list.count]
                } else {
                    slot = list.first
                }
                attemptsOnSlot = 0
                lastFailure = nil
            }
            return actions
        }
    }
}
