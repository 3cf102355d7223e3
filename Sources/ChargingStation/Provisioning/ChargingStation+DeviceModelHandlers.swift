import OCPP
import OCPPRPC
import StationStore

/// GetVariables (B06), SetVariables (B05) and GetBaseReport (B07): the actor side of the device model, doing
/// the I/O `DeviceModel` asks for.
extension ChargingStation {
    /// Loads the persisted device-model values and registers GetVariables, SetVariables and GetBaseReport.
    /// Called by `registerHandlers()` at the start of `run()`, before the link comes up.
    func registerDeviceModelHandlers() {
        loadDeviceModel()
        serve(GetVariablesRequest.self) { station, request, _ in
            try await station.getVariables(request)
        }
        serve(SetVariablesRequest.self) { station, request, _ in
            try await station.setVariables(request)
        }
        serve(GetBaseReportRequest.self) { station, request, context in
            await station.getBaseReport(request, context: context)
        }
    }

    /// Applies what the station knows about itself (its hardware from the board file, its link), then the
    /// values the CSMS set before the last restart, which the link gets too.
    func loadDeviceModel() {
        deviceModel.describeHardware(evseIds: hardware.evses.map(\.id), identity.description(ofEVSE:))
        adoptLinkSettings()
        var stored: [VariableKey: String] = [:]
        do {
            stored = try store.allVariables()
            deviceModel.load(from: stored)
        } catch {
            logger.error("device-model values not loaded; using defaults", metadata: ["error": "\(error)"])
        }
        applyStoredLinkSettings(stored)
        deviceModel.setInternally(.init("SecurityCtrlr"), .init("Identity"), value: identity.stationId)
        refreshDynamicVariables()
    }

    /// Brings the values that follow the station's state (the clock, each EVSE's power) up to date before
    /// they are read.
    private func refreshDynamicVariables() {
        deviceModel.setInternally(.init("ClockCtrlr"), .init("DateTime"), value: RFC3339.string(from: now))
        for evse in hardware.evses {
            deviceModel.refreshPower(evseId: evse.id, watts: lastMeterReadings[evse.id]?.activePower ?? 0)
        }
    }

    /// B06: one result per requested item, in order.
    func getVariables(_ request: GetVariablesRequest) throws -> GetVariablesResponse {
        let limit = deviceModel.itemsPerMessageGetVariables
        guard request.getVariableData.count <= limit else {
            // B06: more items than ItemsPerMessageGetVariables may be refused as a whole.
            throw RPCHandlerError(
                code: .occurrenceConstraintViolation,
                description: "at most \(limit) getVariableData items per request (ItemsPerMessage)"
            )
        }
        refreshDynamicVariables()
        return GetVariablesResponse(getVariableResult: request.getVariableData.map { deviceModel.get($0) })
    }

    /// B05: each item is checked, persisted, then applied on its own; one refused item does not stop others.
    func setVariables(_ request: SetVariablesRequest) throws -> SetVariablesResponse {
        let limit = deviceModel.itemsPerMessageSetVariables
        guard request.setVariableData.count <= limit else {
            throw RPCHandlerError(
                code: .occurrenceConstraintViolation,
                description: "at most \(limit) setVariableData items per request (ItemsPerMessage)"
            )
        }
        var effects: [DeviceModel.Effect] = []
        var linkVariables: Set<String> = []
        let results = request.setVariableData.map { item in
            func result(_ status: SetVariableStatusEnumType, _ info: StatusInfoType? = nil) -> SetVariableResultType {
                SetVariableResultType(
                    attributeType: item.attributeType,
                    attributeStatus: status,
                    attributeStatusInfo: info,
                    component: item.component,
                    variable: item.variable
                )
            }
            let checked = deviceModel.check(
                component: item.component,
                variable: item.variable,
                attribute: item.attributeType,
                value: item.attributeValue
            )
            switch checked {
            case .failure(let refusal):
                return result(
                    refusal.status,
                    StatusInfoType(reasonCode: refusal.reasonCode, additionalInfo: refusal.additionalInfo)
                )
            case .success(let change):
                // Persist first: a value the store could not keep is not applied, so what the CSMS reads
                // back is what survives a restart.
                do {
                    try store.setVariable(change.storeKey, value: change.value)
                } catch {
                    logger.error("device-model value not stored", metadata: ["error": "\(error)"])
                    return result(.rejected, StatusInfoType(reasonCode: "InternalError"))
                }
                effects += deviceModel.apply(change)
                if DeviceModel.isLinkVariable(change.storeKey.component, change.storeKey.variable, change.attribute) {
                    linkVariables.insert(change.storeKey.variable)
                }
                return result(change.rebootRequired ? .rebootRequired : .accepted)
            }
        }
        perform(effects)
        linkVariablesChanged(linkVariables)
        return SetVariablesResponse(setVariableResult: results)
    }

    /// Carries out what a device-model change requires.
    func perform(_ effects: [DeviceModel.Effect]) {
        for effect in effects {
            switch effect {
            case .heartbeatIntervalChanged(let interval):
                // Only a running heartbeat is restarted; before Accepted the boot answer sets the interval.
                guard registration.status == .accepted, interval > .zero else { continue }
                schedule(.heartbeat, after: interval, repeating: interval)
            }
        }
    }

    /// Adopts the heartbeat interval the CSMS gave in its BootNotification answer (B01: the interval is
    /// the HeartbeatInterval from then on). The station calls this when it starts the heartbeat timer.
    func adoptHeartbeatInterval(_ interval: Duration) {
        deviceModel.setInternally(
            .init("OCPPCommCtrlr"),
            .init("HeartbeatInterval"),
            value: String(interval.components.seconds)
        )
    }

    /// B07: answers at once, then sends the report in NotifyReport pages.
    func getBaseReport(_ request: GetBaseReportRequest, context: CallContext) -> GetBaseReportResponse {
        refreshDynamicVariables()
        guard let data = deviceModel.reportData(request.reportBase) else {
            return GetBaseReportResponse(status: .notSupported)
        }
        guard !data.isEmpty else { return GetBaseReportResponse(status: .emptyResultSet) }
        let pageSize = max(1, deviceModel.itemsPerMessageGetReport)
        // B07: the NotifyReport pages follow the GetBaseReport answer.
        context.afterResponse { [weak self] in
            await self?.sendReport(requestId: request.requestId, data: data, pageSize: pageSize)
        }
        return GetBaseReportResponse(status: .accepted)
    }

    /// Sends report data as NotifyReport pages: seqNo from 0, `tbc` on every page but the last.
    func sendReport(requestId: Int, data: [ReportDataType], pageSize: Int) async {
        let generatedAt = now
        let pages = stride(from: 0, to: data.count, by: pageSize).map {
            Array(data[$0..<min($0 + pageSize, data.count)])
        }
        for (seqNo, page) in pages.enumerated() {
            // A report the CSMS asked for may be sent while Pending (B02).
            guard registration.maySend(.notifyReport, triggered: true) else {
                logger.info(
                    "NotifyReport not sent: registration does not allow it",
                    metadata: ["requestId": "\(requestId)"]
                )
                return
            }
            let notify = NotifyReportRequest(
                requestId: requestId,
                generatedAt: generatedAt,
                reportData: page,
                tbc: seqNo < pages.count - 1,
                seqNo: seqNo
            )
            do {
                _ = try await session.call(notify)
            } catch {
                logger.warning("NotifyReport failed; report abandoned", metadata: ["error": "\(error)"])
                return
            }
        }
    }
}
