import OCPP
import OCPPRPC

/// N01 GetLog: the decisions are `LogUpload`'s; the attached `StationMaintenance` packs and uploads.
extension ChargingStation {
    func getLog(_ request: GetLogRequest, call: CallContext) -> GetLogResponse {
        let context = LogUpload.Context(stationId: identity.stationId, hasUploader: maintenance.io != nil)
        let (response, actions) = maintenance.log.request(request, in: context)
        logger.notice(
            "GetLog",
            metadata: [
                "request-id": "\(request.requestId)", "type": "\(request.logType.rawValue)",
                "status": "\(response.status.rawValue)",
            ]
        )
        call.afterResponse { [weak self] in await self?.perform(actions) }
        return response
    }

    func logUploadTimerFired() {
        perform(maintenance.log.timerFired())
    }

    private func logUploaded(requestId: Int, failure: LogUploadFailure?) {
        if let failure {
            logger.warning("log upload failed", metadata: ["request-id": "\(requestId)", "error": "\(failure)"])
        }
        perform(maintenance.log.uploadFinished(requestId: requestId, failure: failure))
    }

    func perform(_ actions: [LogUpload.Action]) {
        for action in actions {
            switch action {
            case .notify(let status, let requestId):
                enqueue(.log(LogStatusNotificationRequest(status: status, requestId: requestId)))
            case .upload(let job):
                guard let io = maintenance.io else { continue }
                maintenance.logWork = Task { [weak self] in
                    var failure: LogUploadFailure?
                    do {
                        try await io.uploadLog(
                            job.kind,
                            oldest: job.oldest,
                            latest: job.latest,
                            to: job.location,
                            fileName: job.fileName
                        )
                    } catch let error as LogUploadFailure {
                        failure = error
                    } catch {
                        failure = .failed("\(error)")
                    }
                    guard !Task.isCancelled else { return }
                    await self?.logUploaded(requestId: job.requestId, failure: failure)
                }
            case .cancelWork:
                maintenance.logWork?.cancel()
                maintenance.logWork = nil
            case .scheduleTimer(let delay):
                schedule(.logUpload, after: delay)
            case .cancelTimer:
                cancelTimer(.logUpload)
            }
        }
        stateChanged()
    }
}
