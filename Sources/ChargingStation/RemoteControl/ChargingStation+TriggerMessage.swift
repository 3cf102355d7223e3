import OCPP
import OCPPRPC

/// F06 TriggerMessage: the CSMS asks for a message the station would otherwise send on its own.
///
/// The answer says whether the message will come; the message itself is sent after the answer
/// (`afterResponse`, F06.FR.03-style ordering). Triggered messages may go out while the registration is
/// Pending (B02.FR.02).
extension ChargingStation {
    func triggerMessage(_ request: TriggerMessageRequest, context: CallContext) -> TriggerMessageResponse {
        let status: TriggerMessageStatusEnumType
        switch request.requestedMessage {
        case .bootNotification:
            // F06.FR.17: a BootNotification may not be triggered once Accepted.
            guard registration.status != .accepted else { return TriggerMessageResponse(status: .rejected) }
            context.afterResponse { [weak self] in await self?.bootTriggered() }
            status = .accepted
        case .heartbeat:
            context.afterResponse { [weak self] in await self?.sendHeartbeat(triggered: true) }
            status = .accepted
        case .statusNotification:
            status = triggerStatusNotification(request.evse, context: context)
        case .transactionEvent:
            status = triggerTransactionEvent(request.evse, context: context)
        case .meterValues:
            status = triggerMeterValues(request.evse, context: context)
        case .logStatusNotification:
            // No log upload is ever in progress (GetLog is not implemented): the status is Idle (TC_F_15).
            context.afterResponse { [weak self] in
                await self?.sendTriggered(LogStatusNotificationRequest(status: .idle))
            }
            status = .accepted
        case .firmwareStatusNotification:
            // No firmware update is ever in progress (UpdateFirmware is not implemented): Idle (TC_F_18).
            context.afterResponse { [weak self] in
                await self?.sendTriggered(FirmwareStatusNotificationRequest(status: .idle))
            }
            status = .accepted
        case .signChargingStationCertificate, .signV2GCertificate, .signCombinedCertificate,
            .publishFirmwareStatusNotification:
            status = .notImplemented
        }
        return TriggerMessageResponse(status: status)
    }

    private func bootTriggered() {
        perform(registration.bootTriggered())
    }

    /// F06.FR.12: only for one connector, named with its EVSE; its status as it is when the message goes.
    private func triggerStatusNotification(_ evse: EVSEType?, context: CallContext) -> TriggerMessageStatusEnumType {
        guard let evse, let connectorId = evse.connectorId,
            availability.status(evseId: evse.id, connectorId: connectorId) != nil
        else { return .rejected }
        context.afterResponse { [weak self] in
            await self?.reportConnectorStatus(evseId: evse.id, connectorId: connectorId)
        }
        return .accepted
    }

    private func reportConnectorStatus(evseId: Int, connectorId: Int) {
        guard let status = availability.status(evseId: evseId, connectorId: connectorId) else { return }
        let key = AvailabilityModel.ConnectorKey(evseId: evseId, connectorId: connectorId)
        perform([AvailabilityModel.Action.report(.init(connector: key, status: status, timestamp: now))])
    }

    /// TC_F_13/14: an Updated event with triggerReason Trigger and a meter value, for the EVSE (or every
    /// EVSE) with a transaction; Rejected when there is none to report.
    private func triggerTransactionEvent(_ evse: EVSEType?, context: CallContext) -> TriggerMessageStatusEnumType {
        let evseIds = evse.map { [$0.id] } ?? hardware.evses.map(\.id)
        let busy = evseIds.filter { evseStates[$0]?.transaction.inTransaction == true }
        guard !busy.isEmpty else { return .rejected }
        context.afterResponse { [weak self] in
            await self?.recordTriggeredTransactionEvents(evseIds: busy)
        }
        return .accepted
    }

    private func recordTriggeredTransactionEvents(evseIds: [Int]) {
        for evseId in evseIds {
            guard let machine = evseStates[evseId]?.transaction, machine.inTransaction else { continue }
            let event = EVSETransactionMachine.Event(
                eventType: .updated,
                triggerReason: .trigger,
                chargingState: machine.chargingState
            )
            record(event, evseId: evseId)
        }
    }

    /// TC_F_11/12: a MeterValuesRequest with context Trigger for the EVSE (or each EVSE), from the last
    /// reading, with the AlignedDataCtrlr measurands.
    private func triggerMeterValues(_ evse: EVSEType?, context: CallContext) -> TriggerMessageStatusEnumType {
        let evseIds: [Int]
        if let evse {
            guard hardware.evse(evse.id) != nil else { return .rejected }
            evseIds = [evse.id]
        } else {
            evseIds = hardware.evses.map(\.id)
        }
        context.afterResponse { [weak self] in await self?.sendTriggeredMeterValues(evseIds: evseIds) }
        return .accepted
    }

    private func sendTriggeredMeterValues(evseIds: [Int]) async {
        for evseId in evseIds {
            guard
                let value = meterValue(evseId: evseId, context: .trigger, measurands: deviceModel.alignedDataMeasurands)
            else {
                logger.warning("no meter reading for a triggered MeterValues", metadata: ["evse": "\(evseId)"])
                continue
            }
            await sendTriggered(MeterValuesRequest(evseId: evseId, meterValue: [value]))
        }
    }

    /// Sends a triggered message whose answer carries nothing the station needs.
    private func sendTriggered<R: OCPPRequest>(_ request: R) async {
        guard registration.maySend(R.action, triggered: true) else { return }
        do {
            _ = try await session.call(request)
        } catch {
            logger.warning("triggered \(R.action.rawValue) failed", metadata: ["error": "\(error)"])
        }
    }
}
