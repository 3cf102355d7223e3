import OCPP
import OCPPRPC
import StationStore

/// GetVariables (B06), SetVariables (B05) and GetBaseReport (B07), the actor side: the decisions are
/// `Provisioning`'s; the station builds their context, persists values, sends the report pages and carries
/// out the rest of what they return.
extension ChargingStation {
    /// Loads the persisted device-model values and registers GetVariables, SetVariables and GetBaseReport.
    /// Called by `registerHandlers()` at the start of `run()`, before the link comes up.
    func registerDeviceModelHandlers() {
        loadDeviceModel()
        serve(GetVariablesRequest.self) { station, request, _ in
            try await station.getVariables(request)
        }
        serve(SetVariablesRequest.self) { station, request, context in
            try await station.setVariables(request, call: context)
        }
        serve(GetBaseReportRequest.self) { station, request, context in
            await station.getBaseReport(request, context: context)
        }
    }

    /// What the provisioning decisions read.
    var provisioningContext: Provisioning.Context {
        Provisioning.Context(
            deviceModel: deviceModel,
            now: now,
            power: Dictionary(
                uniqueKeysWithValues: hardware.evses.map { ($0.id, lastMeterReadings[$0.id]?.activePower ?? 0) }
            ),
            registrationAccepted: registration.status == .accepted,
            linkInForce: session.linkSettings
        )
    }

    /// Describes the station to its device model, then applies the values the CSMS set before the last
    /// restart (`Provisioning.load`).
    func loadDeviceModel() {
        var stored: [VariableKey: String]?
        do {
            stored = try store.allVariables()
        } catch {
            logger.error("device-model values not loaded; using defaults", metadata: ["error": "\(error)"])
        }
        let start = Provisioning.Start(
            stationId: identity.stationId,
            evseIds: hardware.evses.map(\.id),
            evseDescriptions: Dictionary(
                uniqueKeysWithValues: hardware.evses.map { ($0.id, identity.description(ofEVSE: $0.id)) }
            ),
            callTimeout: session.configuration.callTimeout,
            stored: stored
        )
        perform(Provisioning.load(start, in: provisioningContext))
    }

    func getVariables(_ request: GetVariablesRequest) throws -> GetVariablesResponse {
        try Provisioning.getVariables(request, in: provisioningContext)
    }

    /// B05: every item checked, each value that passed persisted, then the decision answers and applies what
    /// the store kept.
    func setVariables(_ request: SetVariablesRequest, call: CallContext? = nil) throws -> SetVariablesResponse {
        let context = provisioningContext
        let checks = try Provisioning.checkSetVariables(request, in: context)
        let outcomes = zip(request.setVariableData, checks).map { item, checked -> Provisioning.SetVariableOutcome in
            switch checked {
            case .failure(let refusal):
                return .refused(refusal)
            case .success(let change):
                if let refusal = securityProfileUpgradeRefusal(item) { return .refused(refusal) }
                do {
                    try store.setVariable(change.storeKey, value: change.value)
                    return .stored(change)
                } catch {
                    logger.error("device-model value not stored", metadata: ["error": "\(error)"])
                    return .notStored(change)
                }
            }
        }
        let (response, actions) = Provisioning.setVariables(request, outcomes: outcomes, in: context)
        perform(actions)
        basicAuthPasswordSet(request, response, call: call)
        securityVariablesSet(response)
        smartChargingVariablesSet(response)
        return response
    }

    /// Adopts the heartbeat interval the CSMS gave in its BootNotification answer. The station calls this
    /// when it starts the heartbeat timer.
    func adoptHeartbeatInterval(_ interval: Duration) {
        perform(Provisioning.heartbeatIntervalAdopted(interval, in: provisioningContext))
    }

    func getBaseReport(_ request: GetBaseReportRequest, context: CallContext) -> GetBaseReportResponse {
        let (response, actions) = Provisioning.getBaseReport(request, in: provisioningContext)
        perform(actions, call: context)
        return response
    }

    /// Carries out what a provisioning decision returned. `call`: the CSMS request being answered, after
    /// whose answer a report goes out. Returns false when a store write failed (logged).
    @discardableResult
    func perform(_ actions: [Provisioning.Action], call: CallContext? = nil) -> Bool {
        var stored = true
        for action in actions {
            switch action {
            case .adoptDeviceModel(let model):
                deviceModel = model
            case .applyLinkSettings(let settings, let origin):
                switch origin {
                case .deviceModel: break
                case .setBeforeRestart:
                    logger.info("link settings set by the CSMS applied", metadata: ["settings": "\(settings)"])
                case .setVariables:
                    logger.info("link settings changed by the CSMS", metadata: ["settings": "\(settings)"])
                }
                session.apply(settings)
            case .timer(let action):
                perform([action])
            case .sendReport(let requestId, let pages):
                let send: @Sendable () async -> Void = { [weak self] in
                    await self?.sendReport(requestId: requestId, pages: pages)
                }
                if let call { call.afterResponse(send) } else { startTask { _ in await send() } }
            case .storeNetworkProfile(let slot, let profile):
                stored = storeNetworkProfile(profile, slot: slot) && stored
            case .networkProfileRejected(let slot, let reasonCode):
                logger.notice("SetNetworkProfile rejected", metadata: ["slot": "\(slot)", "why": "\(reasonCode)"])
            }
        }
        return stored
    }

    /// Sends the NotifyReport pages in order; stops at a page the registration does not allow or that fails.
    func sendReport(requestId: Int, pages: [NotifyReportRequest]) async {
        for page in pages {
            // A report the CSMS asked for may be sent while Pending (B02).
            guard registration.maySend(.notifyReport, triggered: true) else {
                logger.info(
                    "NotifyReport not sent: registration does not allow it",
                    metadata: ["requestId": "\(requestId)"]
                )
                return
            }
            do {
                _ = try await session.call(page)
            } catch {
                logger.warning("NotifyReport failed; report abandoned", metadata: ["error": "\(error)"])
                return
            }
        }
    }
}
