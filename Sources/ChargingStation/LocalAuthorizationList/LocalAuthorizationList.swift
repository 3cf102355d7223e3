import OCPP
import StationStore

/// The local authorization list block's decisions (OCPP 2.0.1 D01 SendLocalList, D02 GetLocalListVersion).
///
/// A block with a narrow context: it reads the LocalAuthListCtrlr limits and the installed list's
/// version, size, and which of the tokens a request names it holds (the station looks them up), and
/// returns the answer and the store operations to carry out. `LocalListUpdate` checks the request. How
/// the list is used to authorize (C13, C14) is `Authorization`'s.
enum LocalAuthorizationList {
    /// What the block may read.
    struct Context: Sendable {
        /// LocalAuthListCtrlr: Enabled, ItemsPerMessage, BytesPerMessage, Storage.
        var limits: LocalListUpdate.Limits
        /// The installed list's version; 0 when none is installed.
        var version: Int
        /// The entries in the installed list.
        var count: Int
        /// Of the tokens the request names (`keys(of:)`), those in the installed list.
        var listed: Set<IdTokenKey> = []
    }

    /// What the block may ask for. A failed store operation leaves the list as it was; the rest is then
    /// not done and the request is answered `notStored`.
    enum Action: Sendable, Equatable {
        /// D01 Full: the list becomes `entries`, at `version`, at once.
        case replaceList(version: Int, entries: [LocalListEntry])
        /// D01 Differential: each entry is added, replaced, or (without idTokenInfo) removed, at once.
        case updateList(version: Int, entries: [LocalListEntry])
        /// LocalAuthListCtrlr.Entries follows the list (D01.FR.12).
        case refreshEntries
    }

    /// The store keys of the tokens a request names, for `Context.listed`.
    static func keys(of request: SendLocalListRequest) -> [IdTokenKey] {
        (request.localAuthorizationList ?? []).map { IdTokenKey(folding: $0.idToken) }
    }

    /// D01: installs a full list or applies a differential update, at once or not at all
    /// (`LocalListUpdate.plan`): Failed while the list is disabled, for versionNumber 0 (D01.FR.18), a
    /// duplicate token (D01.FR.06), a full list without idTokenInfo, or beyond the limits; VersionMismatch
    /// for a differential update not above the installed version (D01.FR.19).
    static func sendLocalList(
        _ request: SendLocalListRequest,
        in context: Context
    ) -> (SendLocalListResponse, [Action]) {
        let plan = LocalListUpdate.plan(
            request,
            currentVersion: context.version,
            currentCount: context.count,
            limits: context.limits,
            isListed: context.listed.contains
        )
        switch plan {
        case .refuse(let status, let reason, let why):
            return (
                SendLocalListResponse(
                    status: status,
                    statusInfo: StatusInfoType(reasonCode: reason, additionalInfo: why)
                ), []
            )
        case .replace(let version, let entries):
            return (
                SendLocalListResponse(status: .accepted),
                [.replaceList(version: version, entries: entries), .refreshEntries]
            )
        case .update(let version, let entries):
            return (
                SendLocalListResponse(status: .accepted),
                [.updateList(version: version, entries: entries), .refreshEntries]
            )
        }
    }

    /// D01: the answer when the installed list could not be read to check the request against.
    static let notReadable = failed("local list not readable")

    /// D01: the answer when the store did not take the update (the list stays as it was).
    static let notStored = failed("local list not stored")

    /// D02: the installed list's version (D02.FR.01); 0 when none is installed (D02.FR.02) or while the list
    /// is disabled (D02.FR.03).
    static func getLocalListVersion(
        _ request: GetLocalListVersionRequest,
        in context: Context
    ) -> GetLocalListVersionResponse {
        GetLocalListVersionResponse(versionNumber: context.limits.enabled ? context.version : 0)
    }

    /// D02: the answer when the installed list cannot be read: as if none were installed.
    static let versionNotReadable = GetLocalListVersionResponse(versionNumber: 0)

    private static func failed(_ why: String) -> SendLocalListResponse {
        SendLocalListResponse(
            status: .failed,
            statusInfo: StatusInfoType(reasonCode: "InternalError", additionalInfo: why)
        )
    }
}
