import OCPP

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The identity of an idToken in the authorization cache and the local list: its value and type.
///
/// Matching is exact. OCPP calls idTokens case-insensitive; a caller that wants that folds the case
/// before building the key, so both stores need no collation of their own.
public struct IdTokenKey: Sendable, Hashable {
    public var idToken: String
    public var type: IdTokenEnumType

    public init(idToken: String, type: IdTokenEnumType) {
        self.idToken = idToken
        self.type = type
    }

    /// The key of a full idToken; `additionalInfo` does not take part.
    public init(_ token: IdTokenType) {
        self.init(idToken: token.idToken, type: token.type)
    }
}

/// One entry of the authorization cache.
public struct CachedAuthorization: Sendable, Equatable {
    public var key: IdTokenKey
    public var info: IdTokenInfoType
    /// When the token was last presented; the cache evicts the least recently used first.
    public var lastUsed: Date

    public init(key: IdTokenKey, info: IdTokenInfoType, lastUsed: Date) {
        self.key = key
        self.info = info
        self.lastUsed = lastUsed
    }

    /// When the CSMS said the entry stops being valid (`cacheExpiryDateTime`).
    public var expiresAt: Date? { info.cacheExpiryDateTime }
}

/// One entry of a SendLocalList update; `info == nil` removes the token in a differential update.
public struct LocalListEntry: Sendable, Equatable {
    public var key: IdTokenKey
    public var info: IdTokenInfoType?

    public init(key: IdTokenKey, info: IdTokenInfoType?) {
        self.key = key
        self.info = info
    }
}
