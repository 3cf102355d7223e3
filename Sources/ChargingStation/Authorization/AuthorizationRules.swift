import OCPP
import StationStore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Decides what the station may conclude about an idToken on its own, from the local list and the
/// authorization cache (OCPP 2.0.1 C10, C12-C15), and when it has to ask the CSMS.
///
/// A value type with no I/O: the station looks the token up, feeds the entries in, and carries out the
/// decision (answer, or send an AuthorizeRequest and fall back to `offline(_:evseId:now:)` when that fails).
struct AuthorizationRules: Sendable, Equatable {
    var localAuthListEnabled = true
    var authCacheEnabled = true
    var localPreAuthorize = true
    var localAuthorizeOffline = true
    var offlineTxForUnknownIdEnabled = false
    var disableRemoteAuthorization = false
    var authCacheDisablePostAuthorize = false
    var localAuthListDisablePostAuthorize = false
    /// How long a cache entry stays valid after it was last used (AuthCacheCtrlr.LifeTime); nil for no limit.
    var authCacheLifeTime: Duration?

    /// What the station knows locally about one token.
    struct Known: Sendable, Equatable {
        var localListEntry: IdTokenInfoType?
        var cached: CachedAuthorization?

        init(localListEntry: IdTokenInfoType? = nil, cached: CachedAuthorization? = nil) {
            self.localListEntry = localListEntry
            self.cached = cached
        }

        var isEmpty: Bool { localListEntry == nil && cached == nil }
    }

    /// Where a decision came from.
    enum Source: Sendable, Equatable {
        case noAuthorization
        /// AuthCtrlr.Enabled is false: no authorization is done (`PlugInAuthorization.swift`).
        case authorizationDisabled
        case localList
        case cache
        /// The CSMS answered an AuthorizeRequest.
        case csms
        /// The offline rules (C13, C15) or DisableRemoteAuthorization decided without a list or cache entry.
        case localRules
    }

    enum Decision: Sendable, Equatable {
        case answer(IdTokenInfoType, Source)
        case askCSMS
    }

    /// The decision while the CSMS can be asked.
    func online(_ known: Known, evseId: Int?, now: Date) -> Decision {
        if disableRemoteAuthorization {
            // Only the list and the cache count; an unknown token stays unknown (no offline leniency: we are online).
            let (info, source) = localOnly(known, evseId: evseId, now: now, unknown: .unknown)
            return .answer(info, source)
        }
        guard localPreAuthorize else { return .askCSMS }
        // C14: the local list takes precedence over the cache; a listed token that is not Accepted is
        // checked with the CSMS, unless DisablePostAuthorize says to refuse it right away.
        if let entry = known.localListEntry {
            let info = effective(entry, lastUsed: nil, evseId: evseId, now: now)
            if info.status == .accepted || localAuthListDisablePostAuthorize { return .answer(info, .localList) }
            return .askCSMS
        }
        // C12: an Accepted, unexpired cache entry starts charging at once; any other status is checked with
        // the CSMS (C12.FR.02-style), unless AuthCacheDisablePostAuthorize.
        if let cached = known.cached {
            let info = effective(cached.info, lastUsed: cached.lastUsed, evseId: evseId, now: now)
            if info.status == .accepted || authCacheDisablePostAuthorize { return .answer(info, .cache) }
        }
        return .askCSMS
    }

    /// The decision when the CSMS cannot be reached (C13 local list, C12 cache, C15 unknown id).
    func offline(_ known: Known, evseId: Int?, now: Date) -> (IdTokenInfoType, Source) {
        let unknown: AuthorizationStatusEnumType = offlineTxForUnknownIdEnabled ? .accepted : .unknown
        guard localAuthorizeOffline else {
            // Nothing local may authorize; a token known to be refused stays refused, the rest is treated
            // like an unknown id so a listed token never fares worse than an unlisted one.
            let (info, source) = localOnly(known, evseId: evseId, now: now, unknown: unknown)
            return info.status == .accepted ? (IdTokenInfoType(status: unknown), .localRules) : (info, source)
        }
        return localOnly(known, evseId: evseId, now: now, unknown: unknown)
    }

    /// The answer of the local list, else the cache, else `unknown`.
    private func localOnly(
        _ known: Known,
        evseId: Int?,
        now: Date,
        unknown: AuthorizationStatusEnumType
    ) -> (IdTokenInfoType, Source) {
        if let entry = known.localListEntry {
            return (effective(entry, lastUsed: nil, evseId: evseId, now: now), .localList)
        }
        if let cached = known.cached {
            return (effective(cached.info, lastUsed: cached.lastUsed, evseId: evseId, now: now), .cache)
        }
        return (IdTokenInfoType(status: unknown), .localRules)
    }

    /// `info` as it holds now: an Accepted entry past its cacheExpiryDateTime (or, for a cache entry, past
    /// AuthCacheLifeTime since its last use) is Expired; one restricted to other EVSEs is NotAtThisLocation.
    func effective(_ info: IdTokenInfoType, lastUsed: Date?, evseId: Int?, now: Date) -> IdTokenInfoType {
        guard info.status == .accepted else { return info }
        var result = info
        if let expiry = info.cacheExpiryDateTime, expiry <= now {
            result.status = .expired
        } else if let lastUsed, let lifeTime = authCacheLifeTime,
            lastUsed.addingTimeInterval(Self.seconds(lifeTime)) <= now
        {
            result.status = .expired
        } else if let evseId, let allowed = info.evseId, !allowed.isEmpty, !allowed.contains(evseId) {
            result.status = .notAtThisLocation
        }
        return result
    }

    static func seconds(_ duration: Duration) -> TimeInterval {
        let parts = duration.components
        return TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18
    }
}

extension IdTokenKey {
    /// The store key of a token: OCPP compares idTokens case-insensitively, so the value is case-folded.
    init(folding token: IdTokenType) {
        self.init(idToken: token.idToken.lowercased(), type: token.type)
    }
}

extension IdTokenType {
    /// Whether two tokens name the same identity: same type, value equal ignoring case.
    func matches(_ other: IdTokenType) -> Bool {
        type == other.type && idToken.lowercased() == other.idToken.lowercased()
    }
}
