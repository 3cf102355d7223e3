import OCPP
import OCPPRPC
import StationStore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Smart charging (K01-K10) on the station: the decisions are `SmartCharging`'s; this extension builds its
/// context, keeps the installed profiles (store first, then the in-memory copy) and brings the limits to the
/// pilot through the EVSE command queue.
extension ChargingStation {
    func registerSmartChargingHandlers() {
        serve(SetChargingProfileRequest.self) { station, request, _ in
            await station.setChargingProfile(request)
        }
        serve(ClearChargingProfileRequest.self) { station, request, _ in
            await station.clearChargingProfile(request)
        }
        serve(GetChargingProfilesRequest.self) { station, request, context in
            await station.getChargingProfiles(request, call: context)
        }
        serve(GetCompositeScheduleRequest.self) { station, request, _ in
            await station.getCompositeSchedule(request)
        }
        // Profiles kept over a restart limit the first session already.
        updateEntriesVariable()
        applyChargingLimits()
    }

    /// The installed profiles: read from the store once, then kept in step with it.
    func installedProfiles() -> [InstalledProfile] {
        if let chargingProfileCache { return chargingProfileCache }
        var loaded: [InstalledProfile] = []
        do {
            for stored in try store.allChargingProfiles() {
                do {
                    loaded.append(try InstalledProfile(stored))
                } catch {
                    logger.error(
                        "stored charging profile unreadable; skipped",
                        metadata: ["id": "\(stored.id)", "error": "\(error)"]
                    )
                }
            }
        } catch {
            logger.error("cannot read the charging profiles", metadata: ["error": "\(error)"])
        }
        chargingProfileCache = loaded
        return loaded
    }

    func makeSmartChargingContext() -> SmartCharging.Context {
        var evses: [Int: SmartCharging.EVSE] = [:]
        for (id, state) in evseStates {
            let description = identity.description(ofEVSE: id)
            let dc = dcRating(ofEVSE: id)
            evses[id] = SmartCharging.EVSE(
                transaction: state.running.map {
                    CompositeSchedule.Transaction(id: $0.transactionId, start: $0.startedAt)
                },
                ratedCurrent: dc.map { $0.power / $0.voltage } ?? description.maxCurrent,
                phases: description.phases,
                dcVoltage: dc?.voltage
            )
        }
        return SmartCharging.Context(
            enabled: deviceModel.smartChargingEnabled,
            evses: evses,
            installed: installedProfiles(),
            limits: deviceModel.chargingProfileLimits,
            now: now,
            external: deviceModel.externalControlSignalsEnabled ? externalLimits : []
        )
    }

    func setChargingProfile(_ request: SetChargingProfileRequest) -> SetChargingProfileResponse {
        let (response, actions) = SmartCharging.setChargingProfile(request, in: makeSmartChargingContext())
        logger.info(
            "SetChargingProfile",
            metadata: [
                "id": "\(request.chargingProfile.id)", "evse": "\(request.evseId)",
                "status": "\(response.status.rawValue)", "why": "\(response.statusInfo?.additionalInfo ?? "-")",
            ]
        )
        return perform(actions, call: nil)
            ? response
            : SetChargingProfileResponse(
                status: .rejected,
                statusInfo: StatusInfoType(
                    reasonCode: "InternalError",
                    additionalInfo: "the profile could not be stored"
                )
            )
    }

    func clearChargingProfile(_ request: ClearChargingProfileRequest) -> ClearChargingProfileResponse {
        let (response, actions) = SmartCharging.clearChargingProfile(request, in: makeSmartChargingContext())
        perform(actions, call: nil)
        return response
    }

    func getChargingProfiles(_ request: GetChargingProfilesRequest, call: CallContext) -> GetChargingProfilesResponse {
        let (response, actions) = SmartCharging.getChargingProfiles(request, in: makeSmartChargingContext())
        perform(actions, call: call)
        return response
    }

    func getCompositeSchedule(_ request: GetCompositeScheduleRequest) -> GetCompositeScheduleResponse {
        SmartCharging.getCompositeSchedule(request, in: makeSmartChargingContext())
    }

    /// Carries the block's actions out; false when a profile could not be stored (nothing changed then).
    @discardableResult
    func perform(_ actions: [SmartCharging.Action], call: CallContext?) -> Bool {
        for action in actions {
            switch action {
            case .store(let installed):
                do {
                    try store.putChargingProfile(installed.stored)
                } catch {
                    logger.error(
                        "could not store a charging profile",
                        metadata: ["id": "\(installed.id)", "error": "\(error)"]
                    )
                    return false
                }
                var profiles = installedProfiles().filter { $0.id != installed.id }
                profiles.append(installed)
                chargingProfileCache = profiles.sorted { $0.id < $1.id }
            case .remove(let ids):
                for id in ids {
                    do {
                        try store.removeChargingProfile(id: id)
                    } catch {
                        logger.error(
                            "could not remove a charging profile",
                            metadata: ["id": "\(id)", "error": "\(error)"]
                        )
                    }
                }
                chargingProfileCache = installedProfiles().filter { !ids.contains($0.id) }
            case .report(let reports):
                let send: @Sendable () async -> Void = { [weak self] in await self?.sendChargingProfileReports(reports)
                }
                if let call { call.afterResponse(send) } else { startTask { _ in await send() } }
            case .applyLimits:
                applyChargingLimits()
            }
        }
        updateEntriesVariable()
        return true
    }

    func updateEntriesVariable() {
        deviceModel.setInternally(
            .init("SmartChargingCtrlr"),
            .init("Entries", instance: "ChargingProfiles"),
            value: String(installedProfiles().count)
        )
    }

    /// K09: the reports, in order; stops at one that fails.
    func sendChargingProfileReports(_ reports: [ReportChargingProfilesRequest]) async {
        for report in reports {
            guard registration.maySend(.reportChargingProfiles, triggered: true) else { return }
            do {
                _ = try await session.call(report)
            } catch {
                logger.warning("ReportChargingProfiles failed", metadata: ["error": "\(error)"])
                return
            }
        }
    }

    // MARK: limits on the hardware

    /// A transaction started: a remote start's TxProfile is installed for it (K05), and the limits change
    /// (Relative schedules start now; the station's maximum is shared by one more).
    func smartChargingTransactionStarted(evseId: Int) {
        if let pending = evseStates[evseId]?.remoteStartProfile, let running = evseStates[evseId]?.running,
            running.remoteStartId == pending.remoteStartId
        {
            evseStates[evseId]?.remoteStartProfile = nil
            installRemoteStartProfile(pending.profile, evseId: evseId, transactionId: running.transactionId)
        }
        applyChargingLimits()
    }

    /// A transaction ended: its TxProfiles go.
    func smartChargingTransactionEnded(evseId: Int, transactionId: String?) {
        evseStates[evseId]?.remoteStartProfile = nil
        if let transactionId {
            perform(SmartCharging.transactionEnded(transactionId, in: makeSmartChargingContext()), call: nil)
        }
        applyChargingLimits()
    }

    /// K05: a RequestStartTransaction was accepted for `evseId` with a TxProfile: installed now when its
    /// transaction already runs (the cable started it), else when it starts.
    func remoteStartAccepted(_ profile: ChargingProfileType, remoteStartId: Int, evseId: Int) {
        if let running = evseStates[evseId]?.running {
            installRemoteStartProfile(profile, evseId: evseId, transactionId: running.transactionId)
        } else {
            evseStates[evseId]?.remoteStartProfile = (remoteStartId, profile)
        }
    }

    private func installRemoteStartProfile(_ profile: ChargingProfileType, evseId: Int, transactionId: String) {
        let actions = SmartCharging.remoteStartProfile(
            profile,
            evseId: evseId,
            transactionId: transactionId,
            in: makeSmartChargingContext()
        )
        if actions.isEmpty { logger.notice("remote start's TxProfile not installed", metadata: ["evse": "\(evseId)"]) }
        perform(actions, call: nil)
    }
}
