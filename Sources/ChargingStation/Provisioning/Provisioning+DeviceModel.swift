import OCPP
import OCPPRPC

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// GetVariables (B06), SetVariables (B05) and GetBaseReport (B07) as decisions on the device model value.
extension Provisioning {
    // MARK: GetVariables (B06)

    /// B06: one result per requested item, in order, read from the model with its clock and power current.
    /// More items than ItemsPerMessageGetVariables are refused as a whole (CALLERROR
    /// OccurrenceConstraintViolation), which B06 allows.
    static func getVariables(
        _ request: GetVariablesRequest,
        in context: Context
    ) throws(RPCHandlerError) -> GetVariablesResponse {
        let limit = context.deviceModel.itemsPerMessageGetVariables
        guard request.getVariableData.count <= limit else {
            throw RPCHandlerError(
                code: .occurrenceConstraintViolation,
                description: "at most \(limit) getVariableData items per request (ItemsPerMessage)"
            )
        }
        let model = current(context)
        return GetVariablesResponse(getVariableResult: request.getVariableData.map { model.get($0) })
    }

    // MARK: SetVariables (B05)

    /// One SetVariableData item after its checks and the store, what `setVariables(_:outcomes:in:)` answers.
    enum SetVariableOutcome: Sendable, Equatable {
        /// A check refused it (unknown component or variable, attribute, read-only, invalid value).
        case refused(DeviceModel.Refusal)
        /// The store kept the value: it is applied now, or at the next start when it requires a reboot.
        case stored(DeviceModel.Change)
        /// The store could not keep the value: it is not applied.
        case notStored(DeviceModel.Change)
    }

    /// B05, first step: each item checked against the model, nothing changed yet. Each item stands on its
    /// own: a refused one does not stop the others. The actor persists every change that passed, then hands
    /// the outcomes to `setVariables(_:outcomes:in:)`. More items than ItemsPerMessageSetVariables are
    /// refused as a whole (CALLERROR OccurrenceConstraintViolation).
    static func checkSetVariables(
        _ request: SetVariablesRequest,
        in context: Context
    ) throws(RPCHandlerError) -> [Result<DeviceModel.Change, DeviceModel.Refusal>] {
        let limit = context.deviceModel.itemsPerMessageSetVariables
        guard request.setVariableData.count <= limit else {
            throw RPCHandlerError(
                code: .occurrenceConstraintViolation,
                description: "at most \(limit) setVariableData items per request (ItemsPerMessage)"
            )
        }
        return request.setVariableData.map { item in
            context.deviceModel.check(
                component: item.component,
                variable: item.variable,
                attribute: item.attributeType,
                value: item.attributeValue
            )
        }
    }

    /// B05, second step: the answer to each item (`outcomes`, one per item in order) and what the values
    /// applied require.
    ///
    /// - A value is applied only once the store kept it, so what the CSMS reads back is what survives a
    ///   restart; one the store could not keep is Rejected with reasonCode InternalError.
    /// - A variable that takes effect after a reboot (NetworkConfigurationPriority) answers RebootRequired and
    ///   keeps reporting the value in force until then.
    /// - A new HeartbeatInterval restarts a running heartbeat (G02); before Accepted the boot answer sets it.
    /// - A link variable (WebSocketPingInterval, RetryBackOff*) goes to the link at once.
    static func setVariables(
        _ request: SetVariablesRequest,
        outcomes: [SetVariableOutcome],
        in context: Context
    ) -> (SetVariablesResponse, [Action]) {
        var model = context.deviceModel
        var effects: [DeviceModel.Effect] = []
        var linkVariables: Set<String> = []
        let results = zip(request.setVariableData, outcomes).map { item, outcome in
            func result(_ status: SetVariableStatusEnumType, _ info: StatusInfoType? = nil) -> SetVariableResultType {
                SetVariableResultType(
                    attributeType: item.attributeType,
                    attributeStatus: status,
                    attributeStatusInfo: info,
                    component: item.component,
                    variable: item.variable
                )
            }
            switch outcome {
            case .refused(let refusal):
                return result(
                    refusal.status,
                    StatusInfoType(reasonCode: refusal.reasonCode, additionalInfo: refusal.additionalInfo)
                )
            case .notStored:
                return result(.rejected, StatusInfoType(reasonCode: "InternalError"))
            case .stored(let change):
                effects += model.apply(change)
                if DeviceModel.isLinkVariable(change.storeKey.component, change.storeKey.variable, change.attribute) {
                    linkVariables.insert(change.storeKey.variable)
                }
                return result(change.rebootRequired ? .rebootRequired : .accepted)
            }
        }
        var actions: [Action] = model == context.deviceModel ? [] : [.adoptDeviceModel(model)]
        for effect in effects {
            switch effect {
            case .heartbeatIntervalChanged(let interval):
                guard context.registrationAccepted, interval > .zero else { continue }
                actions.append(.timer(.schedule(.heartbeat, after: interval, repeating: interval)))
            }
        }
        if let link = changedLinkSettings(linkVariables, model: model, inForce: context.linkInForce) {
            actions.append(link)
        }
        return (SetVariablesResponse(setVariableResult: results), actions)
    }

    // MARK: GetBaseReport (B07)

    /// B07: Accepted at once, the report following in NotifyReport pages once the answer is out; NotSupported
    /// for a report base the station does not build (SummaryInventory), EmptyResultSet when it has nothing.
    static func getBaseReport(
        _ request: GetBaseReportRequest,
        in context: Context
    ) -> (GetBaseReportResponse, [Action]) {
        let model = current(context)
        guard let data = model.reportData(request.reportBase) else {
            return (GetBaseReportResponse(status: .notSupported), [])
        }
        guard !data.isEmpty else { return (GetBaseReportResponse(status: .emptyResultSet), []) }
        let pages = reportPages(
            requestId: request.requestId,
            generatedAt: context.now,
            data: data,
            itemsPerMessage: model.itemsPerMessageGetReport
        )
        return (GetBaseReportResponse(status: .accepted), [.sendReport(requestId: request.requestId, pages: pages)])
    }

    /// Report data as NotifyReport pages of at most `itemsPerMessage` items (ItemsPerMessageGetReport, at
    /// least one): seqNo from 0, `tbc` true on every page but the last, one generatedAt for all.
    static func reportPages(
        requestId: Int,
        generatedAt: Date,
        data: [ReportDataType],
        itemsPerMessage: Int
    ) -> [NotifyReportRequest] {
        let pageSize = max(1, itemsPerMessage)
        let starts = Array(stride(from: 0, to: data.count, by: pageSize))
        return starts.enumerated().map { seqNo, start in
            NotifyReportRequest(
                requestId: requestId,
                generatedAt: generatedAt,
                reportData: Array(data[start..<min(start + pageSize, data.count)]),
                tbc: seqNo < starts.count - 1,
                seqNo: seqNo
            )
        }
    }
}
