import OCPP
import StationStore

/// Checks a SendLocalListRequest (OCPP 2.0.1 D01) and turns it into one store operation.
///
/// A value type with no I/O, so the version and size rules are tested on their own: a request is either
/// refused as a whole, or becomes a full replacement or a differential update applied atomically by the store.
enum LocalListUpdate: Sendable, Equatable {
    case replace(version: Int, entries: [LocalListEntry])
    case update(version: Int, entries: [LocalListEntry])
    /// The list stays as it is; `reason` is the StatusInfo reason code, `why` its additional info.
    case refuse(SendLocalListStatusEnumType, reason: String, why: String)

    /// The station's limits (LocalAuthListCtrlr).
    struct Limits: Sendable, Equatable {
        var enabled = true
        var itemsPerMessage = 100
        var bytesPerMessage = 65000
        var storage = 10000
    }

    /// Plans `request` against the list as it is: `currentVersion`, `currentCount` entries, and `isListed`
    /// telling whether a (case-folded) token is in it.
    static func plan(
        _ request: SendLocalListRequest,
        currentVersion: Int,
        currentCount: Int,
        limits: Limits,
        isListed: (IdTokenKey) -> Bool
    ) -> LocalListUpdate {
        guard limits.enabled else {
            return .refuse(.failed, reason: "NotEnabled", why: "LocalAuthListCtrlr.Enabled is false")
        }
        // Version 0 means "no list" (D02), so a list the CSMS sends must carry a positive version.
        guard request.versionNumber > 0 else {
            return .refuse(.failed, reason: "InvalidValue", why: "versionNumber must be greater than 0")
        }
        let items = request.localAuthorizationList ?? []
        guard items.count <= limits.itemsPerMessage else {
            return .refuse(
                .failed,
                reason: "TooManyElements",
                why: "at most \(limits.itemsPerMessage) entries per message (ItemsPerMessage)"
            )
        }
        guard request.jsonValue().serializedBytes().count <= limits.bytesPerMessage else {
            return .refuse(
                .failed,
                reason: "TooLargeElement",
                why: "at most \(limits.bytesPerMessage) bytes per message (BytesPerMessage)"
            )
        }
        let entries = items.map { LocalListEntry(key: IdTokenKey(folding: $0.idToken), info: $0.idTokenInfo) }
        // Every idToken appears once in a list (ignoring case, as tokens are compared).
        guard Set(entries.map(\.key)).count == entries.count else {
            return .refuse(.failed, reason: "DuplicateEntry", why: "an idToken appears more than once")
        }
        switch request.updateType {
        case .full:
            guard entries.allSatisfy({ $0.info != nil }) else {
                return .refuse(.failed, reason: "MissingParam", why: "a full list needs idTokenInfo for every entry")
            }
            guard entries.count <= limits.storage else {
                return .refuse(.failed, reason: "OutOfStorage", why: "the list holds at most \(limits.storage) entries")
            }
            return .replace(version: request.versionNumber, entries: entries)
        case .differential:
            // A differential update must move the list forward from the version the station has.
            guard request.versionNumber > currentVersion else {
                return .refuse(
                    .versionMismatch,
                    reason: "VersionMismatch",
                    why: "versionNumber \(request.versionNumber) is not above the installed \(currentVersion)"
                )
            }
            var count = currentCount
            for entry in entries {
                let listed = isListed(entry.key)
                if entry.info != nil, !listed { count += 1 }
                if entry.info == nil, listed { count -= 1 }
            }
            guard count <= limits.storage else {
                return .refuse(.failed, reason: "OutOfStorage", why: "the list holds at most \(limits.storage) entries")
            }
            return .update(version: request.versionNumber, entries: entries)
        }
    }
}
