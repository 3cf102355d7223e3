import OCPP
import OCPPRPC

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// External limits (K11-K13) on the station: the composition root's sources (a Modbus register, a digital
/// input, the control socket) call `setExternalLimit` / `clearExternalLimit`; the decisions are
/// `ExternalLimits`'.
///
/// The seam with the rest of smart charging: the limits in force go into `SmartCharging.Context.external`,
/// from where `SmartCharging.compositeInput` hands them to the composite schedule as
/// ChargingStationExternalConstraints profiles. The hardware follows through `applyChargingLimits` (the
/// schedule limit each EVSE's offer is cut to), so nothing in Transactions knows where a limit came from.
extension ChargingStation {
    /// A new value from an external source: applied to the composite schedule and the pilot at once;
    /// NotifyChargingLimit when it changed significantly; TransactionEvent ChargingRateChanged for a running
    /// transaction whose limit moved significantly.
    @discardableResult
    public func setExternalLimit(_ signal: ExternalLimitSignal) -> ExternalLimitOutcome {
        let (outcome, actions) = ExternalLimits.set(signal, in: makeExternalLimitsContext())
        logger.info(
            "external limit",
            metadata: [
                "origin": "\(signal.origin)", "source": "\(signal.source.rawValue)", "evse": "\(signal.evseId)",
                "limit": "\(signal.limit)", "unit": "\(signal.unit.rawValue)", "outcome": "\(outcome)",
            ]
        )
        perform(actions)
        return outcome
    }

    /// The source `origin` let go of its limit: ClearedChargingLimit, and the limits apply again without it.
    @discardableResult
    public func clearExternalLimit(origin: String) -> ExternalLimitOutcome {
        let (outcome, actions) = ExternalLimits.clear(origin: origin, in: makeExternalLimitsContext())
        if outcome == .cleared { logger.info("external limit cleared", metadata: ["origin": "\(origin)"]) }
        perform(actions)
        return outcome
    }

    /// The external limits in force, by origin.
    public var externalLimitSignals: [ExternalLimitSignal] { externalLimits.map(\.signal) }

    func makeExternalLimitsContext() -> ExternalLimits.Context {
        ExternalLimits.Context(
            enabled: deviceModel.externalControlSignalsEnabled,
            evseIds: Set(evseStates.keys),
            current: externalLimits,
            significance: deviceModel.limitChangeSignificance,
            withSchedules: deviceModel.notifyChargingLimitWithSchedules,
            rateUnits: deviceModel.chargingProfileLimits.rateUnits,
            now: now
        )
    }

    func perform(_ actions: [ExternalLimits.Action]) {
        for action in actions {
            switch action {
            case .keep(let limit):
                externalLimits = externalLimits.filter { $0.origin != limit.origin } + [limit]
            case .drop(let origin):
                externalLimits.removeAll { $0.origin == origin }
            case .notify(let request):
                startTask { station in await station.sendExternalLimitMessage(request) }
            case .cleared(let request):
                startTask { station in await station.sendExternalLimitMessage(request) }
            case .applyLimits:
                applyChargingLimitsReportingRateChanges()
            }
        }
    }

    /// Applies the limits and, for each running transaction whose limit moved by more than
    /// LimitChangeSignificance, records a TransactionEvent Updated with trigger ChargingRateChanged (K11.FR.04,
    /// K13.FR.03).
    func applyChargingLimitsReportingRateChanges() {
        let before = evseStates.compactMapValues(\.chargingLimit)
        applyChargingLimits()
        let after = evseStates.compactMapValues(\.chargingLimit)
        let running = Set(evseStates.filter { $0.value.running != nil }.keys)
        for evseId in ExternalLimits.rateChanged(
            before: before,
            after: after,
            running: running,
            percent: deviceModel.limitChangeSignificance
        ) {
            record(
                EVSETransactionMachine.Event(eventType: .updated, triggerReason: .chargingRateChanged),
                evseId: evseId
            )
        }
    }

    /// SmartChargingCtrlr.Enabled or ExternalControlSignalsEnabled changed: the external limits count, or no
    /// longer do, from now on (the pilot follows at once).
    func smartChargingVariablesSet(_ response: SetVariablesResponse) {
        let switched = response.setVariableResult.contains { result in
            result.attributeStatus == .accepted && result.component.name == "SmartChargingCtrlr"
                && ["Enabled", "ExternalControlSignalsEnabled"].contains(result.variable.name)
        }
        if switched, !externalLimits.isEmpty { applyChargingLimitsReportingRateChanges() }
    }

    /// NotifyChargingLimit or ClearedChargingLimit, while linked and accepted; otherwise not sent (the CSMS reads
    /// the limits in force with GetChargingProfiles / GetCompositeSchedule once back).
    func sendExternalLimitMessage<Request: OCPPRequest>(_ request: Request) async {
        guard isOnline, registration.maySend(Request.action) else {
            logger.notice(
                "external limit message not sent: offline",
                metadata: ["action": "\(Request.action.rawValue)"]
            )
            return
        }
        do {
            _ = try await session.call(request)
        } catch {
            logger.warning("\(Request.action.rawValue) failed", metadata: ["error": "\(error)"])
        }
    }
}
