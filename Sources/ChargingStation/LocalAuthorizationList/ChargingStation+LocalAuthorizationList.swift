import OCPP
import OCPPRPC
import StationStore

/// The local authorization list block (OCPP 2.0.1 D01 SendLocalList, D02 GetLocalListVersion): the list the
/// CSMS installs, kept in the store; `LocalListUpdate` decides, this extension stores what it decided.
extension ChargingStation {
    func registerLocalAuthorizationListHandlers() {
        refreshLocalListEntries()
        serve(SendLocalListRequest.self) { station, request, _ in
            await station.sendLocalList(request)
        }
        serve(GetLocalListVersionRequest.self) { station, _, _ in
            await station.getLocalListVersion()
        }
    }

    /// D01: installs a full list or applies a differential update, at once or not at all.
    func sendLocalList(_ request: SendLocalListRequest) -> SendLocalListResponse {
        let current: Int
        let currentCount: Int
        do {
            current = try store.localListVersion()
            currentCount = try store.localListCount()
        } catch {
            logger.error("local list not readable", metadata: ["error": "\(error)"])
            return Self.localListFailed("InternalError", "local list not readable")
        }
        let plan = LocalListUpdate.plan(
            request,
            currentVersion: current,
            currentCount: currentCount,
            limits: LocalListUpdate.Limits(
                enabled: deviceModel.localAuthListEnabled,
                itemsPerMessage: deviceModel.localAuthListItemsPerMessage,
                bytesPerMessage: deviceModel.localAuthListBytesPerMessage,
                storage: deviceModel.localAuthListStorage
            ),
            isListed: { key in (try? self.store.localListEntry(for: key)) != nil }
        )
        switch plan {
        case .refuse(let status, let reason, let why):
            return SendLocalListResponse(
                status: status,
                statusInfo: StatusInfoType(reasonCode: reason, additionalInfo: why)
            )
        case .replace(let version, let entries):
            do {
                try store.replaceLocalList(version: version, entries: entries)
            } catch {
                logger.error("local list not replaced", metadata: ["error": "\(error)"])
                return Self.localListFailed("InternalError", "local list not stored")
            }
        case .update(let version, let entries):
            do {
                try store.updateLocalList(version: version, entries: entries)
            } catch {
                logger.error("local list not updated", metadata: ["error": "\(error)"])
                return Self.localListFailed("InternalError", "local list not stored")
            }
        }
        refreshLocalListEntries()
        return SendLocalListResponse(status: .accepted)
    }

    /// D02: the version of the installed list; 0 when there is none or the list is disabled.
    func getLocalListVersion() -> GetLocalListVersionResponse {
        guard deviceModel.localAuthListEnabled else { return GetLocalListVersionResponse(versionNumber: 0) }
        do {
            return GetLocalListVersionResponse(versionNumber: try store.localListVersion())
        } catch {
            logger.error("local list version not readable", metadata: ["error": "\(error)"])
            return GetLocalListVersionResponse(versionNumber: 0)
        }
    }

    private static func localListFailed(_ reason: String, _ why: String) -> SendLocalListResponse {
        SendLocalListResponse(status: .failed, statusInfo: StatusInfoType(reasonCode: reason, additionalInfo: why))
    }

    /// Keeps LocalAuthListCtrlr.Entries equal to the number of entries in the list.
    func refreshLocalListEntries() {
        let count = (try? store.localListCount()) ?? 0
        deviceModel.setInternally(.init("LocalAuthListCtrlr"), .init("Entries"), value: String(count))
    }
}
