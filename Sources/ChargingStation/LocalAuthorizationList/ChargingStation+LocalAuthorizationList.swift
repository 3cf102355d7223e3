import OCPP
import OCPPRPC
import StationStore

/// The local authorization list block (OCPP 2.0.1 D01 SendLocalList, D02 GetLocalListVersion) in the
/// station: the list the CSMS installs, kept in the store. `LocalAuthorizationList` decides; this
/// extension reads the list for its context and carries out the store operations it returns.
extension ChargingStation {
    func registerLocalAuthorizationListHandlers() {
        refreshLocalListEntries()
        serve(SendLocalListRequest.self) { station, request, _ in
            await station.sendLocalList(request)
        }
        serve(GetLocalListVersionRequest.self) { station, request, _ in
            await station.getLocalListVersion(request)
        }
    }

    /// What the local list block reads now; `keys` are the tokens a request names, looked up in the list.
    func localListContext(naming keys: [IdTokenKey] = []) throws -> LocalAuthorizationList.Context {
        LocalAuthorizationList.Context(
            limits: LocalListUpdate.Limits(
                enabled: deviceModel.localAuthListEnabled,
                itemsPerMessage: deviceModel.localAuthListItemsPerMessage,
                bytesPerMessage: deviceModel.localAuthListBytesPerMessage,
                storage: deviceModel.localAuthListStorage
            ),
            version: try store.localListVersion(),
            count: try store.localListCount(),
            listed: Set(keys.filter { (try? store.localListEntry(for: $0)) != nil })
        )
    }

    /// D01: installs a full list or applies a differential update, at once or not at all.
    func sendLocalList(_ request: SendLocalListRequest) -> SendLocalListResponse {
        let context: LocalAuthorizationList.Context
        do {
            context = try localListContext(naming: LocalAuthorizationList.keys(of: request))
        } catch {
            logger.error("local list not readable", metadata: ["error": "\(error)"])
            return LocalAuthorizationList.notReadable
        }
        let (response, actions) = LocalAuthorizationList.sendLocalList(request, in: context)
        return perform(actions) ? response : LocalAuthorizationList.notStored
    }

    /// D02: the version of the installed list; 0 when there is none or the list is disabled.
    func getLocalListVersion(
        _ request: GetLocalListVersionRequest = GetLocalListVersionRequest()
    )
        -> GetLocalListVersionResponse
    {
        do {
            return LocalAuthorizationList.getLocalListVersion(request, in: try localListContext())
        } catch {
            logger.error("local list version not readable", metadata: ["error": "\(error)"])
            return LocalAuthorizationList.versionNotReadable
        }
    }

    /// Carries out the block's actions in order; false, and the rest left undone, when one fails.
    @discardableResult
    func perform(_ actions: [LocalAuthorizationList.Action]) -> Bool {
        for action in actions {
            switch action {
            case .replaceList(let version, let entries):
                do {
                    try store.replaceLocalList(version: version, entries: entries)
                } catch {
                    logger.error("local list not replaced", metadata: ["error": "\(error)"])
                    return false
                }
            case .updateList(let version, let entries):
                do {
                    try store.updateLocalList(version: version, entries: entries)
                } catch {
                    logger.error("local list not updated", metadata: ["error": "\(error)"])
                    return false
                }
            case .refreshEntries:
                refreshLocalListEntries()
            }
        }
        return true
    }

    /// Keeps LocalAuthListCtrlr.Entries equal to the number of entries in the list.
    func refreshLocalListEntries() {
        let count = (try? store.localListCount()) ?? 0
        deviceModel.setInternally(.init("LocalAuthListCtrlr"), .init("Entries"), value: String(count))
    }
}
