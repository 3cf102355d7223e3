import OCPP
import OCPPRPC

/// F06 TriggerMessage: the CSMS asks for a message the station would otherwise send on its own.
///
/// The answer says whether the message will come; the message itself is sent after the answer
/// (`afterResponse`, F06.FR.03-style ordering). Triggered messages may go out while the registration is
/// Pending (B02.FR.02).
/// The TriggerMessage decision as a block with a narrow context: what the station knows that bears on the
/// answer, in; the answer and the messages to send after it, out. It never sees the actor.
enum TriggerMessage {
    struct Context: Sendable {
        /// The registration is Accepted (F06.FR.17: no BootNotification can be triggered then).
        var accepted: Bool
        /// Every EVSE, and the connectors each has.
        var connectors: [Int: Set<Int>]
        /// The EVSEs with a transaction running.
        var inTransaction: Set<Int>
    }

    /// A message to send once the answer is out (F06: the response precedes the triggered message).
    enum Message: Sendable, Equatable {
        case bootNotification
        case heartbeat
        case statusNotification(evseId: Int, connectorId: Int)
        /// An Updated event with triggerReason Trigger for each of these EVSEs.
        case transactionEvents(evseIds: [Int])
        /// A MeterValuesRequest with context Trigger for each of these EVSEs.
        case meterValues(evseIds: [Int])
        /// The upload in progress (Uploading with its requestId), or Idle (TC_F_15, N01).
        case logStatus
        /// The firmware job's last status with its requestId, or Idle (TC_F_18, L01).
        case firmwareStatus
        /// A new key and its CSR in a SignCertificateRequest (A02, TC_A_11).
        case signChargingStationCertificate
    }

    static func decide(
        _ request: TriggerMessageRequest,
        in context: Context
    ) -> (TriggerMessageStatusEnumType, [Message]) {
        let evse = request.evse
        switch request.requestedMessage {
        case .bootNotification:
            return context.accepted ? (.rejected, []) : (.accepted, [.bootNotification])
        case .heartbeat:
            return (.accepted, [.heartbeat])
        case .statusNotification:
            // F06.FR.12: only for one connector, named with its EVSE.
            guard let evse, let connectorId = evse.connectorId,
                context.connectors[evse.id]?.contains(connectorId) == true
            else { return (.rejected, []) }
            return (.accepted, [.statusNotification(evseId: evse.id, connectorId: connectorId)])
        case .transactionEvent:
            // TC_F_13/14: for the EVSE (or every EVSE) with a transaction; Rejected when there is none.
            let candidates = evse.map { [$0.id] } ?? context.connectors.keys.sorted()
            let busy = candidates.filter(context.inTransaction.contains)
            return busy.isEmpty ? (.rejected, []) : (.accepted, [.transactionEvents(evseIds: busy)])
        case .meterValues:
            // TC_F_11/12: for the EVSE, or each EVSE.
            if let evse {
                guard context.connectors[evse.id] != nil else { return (.rejected, []) }
                return (.accepted, [.meterValues(evseIds: [evse.id])])
            }
            return (.accepted, [.meterValues(evseIds: context.connectors.keys.sorted())])
        case .logStatusNotification:
            return (.accepted, [.logStatus])
        case .firmwareStatusNotification:
            return (.accepted, [.firmwareStatus])
        case .signChargingStationCertificate:
            return (.accepted, [.signChargingStationCertificate])
        case .signV2GCertificate, .signCombinedCertificate, .publishFirmwareStatusNotification:
            return (.notImplemented, [])
        }
    }
}

extension ChargingStation {
    var triggerContext: TriggerMessage.Context {
        var connectors: [Int: Set<Int>] = [:]
        for evse in hardware.evses { connectors[evse.id] = [] }
        for key in availability.connectors { connectors[key.evseId, default: []].insert(key.connectorId) }
        return TriggerMessage.Context(
            accepted: registration.status == .accepted,
            connectors: connectors,
            inTransaction: Set(evseStates.filter { $0.value.transaction.inTransaction }.keys)
        )
    }

    func triggerMessage(_ request: TriggerMessageRequest, context: CallContext) -> TriggerMessageResponse {
        let (status, messages) = TriggerMessage.decide(request, in: triggerContext)
        if !messages.isEmpty {
            context.afterResponse { [weak self] in await self?.send(messages) }
        }
        return TriggerMessageResponse(status: status)
    }

    /// Sends the triggered messages, after the answer.
    private func send(_ messages: [TriggerMessage.Message]) async {
        for message in messages {
            switch message {
            case .bootNotification: bootTriggered()
            case .heartbeat: await sendHeartbeat(triggered: true)
            case .statusNotification(let evseId, let connectorId):
                reportConnectorStatus(evseId: evseId, connectorId: connectorId)
            case .transactionEvents(let evseIds): recordTriggeredTransactionEvents(evseIds: evseIds)
            case .meterValues(let evseIds): await sendTriggeredMeterValues(evseIds: evseIds)
            case .logStatus: await sendTriggered(maintenance.log.triggeredStatus)
            case .firmwareStatus: await sendTriggered(maintenance.firmware.triggeredStatus)
            case .signChargingStationCertificate: startCertificateSigning()
            }
        }
    }

    private func bootTriggered() {
        perform(registration.bootTriggered())
    }

    private func reportConnectorStatus(evseId: Int, connectorId: Int) {
        guard let status = availability.status(evseId: evseId, connectorId: connectorId) else { return }
        let key = AvailabilityModel.ConnectorKey(evseId: evseId, connectorId: connectorId)
        perform([AvailabilityModel.Action.report(.init(connector: key, status: status, timestamp: now))])
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
