import OCPP

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// N01 Retrieve Log Information (GetLog) as a value: the one upload the station runs and its
/// LogStatusNotifications (Uploading, then Uploaded, UploadFailure, BadMessage, NotSupportedOperation or
/// PermissionDenied; AcceptedCanceled for an upload a new GetLog replaced), each with the request's id.
///
/// Decisions the specification leaves to the station:
/// - `retries` is the number of upload attempts (at least 1; 3 when absent), `retryInterval` the wait
///   between them (60 s when absent). Only a failure worth repeating (a dropped connection, a 5xx, a 404) is
///   retried; a refusal (401/403), a bad URL or an unsupported scheme ends the job at once.
/// - The file is `<station id>-<log type>-<request id>.tar.gz`, named in GetLogResponse.filename.
struct LogUpload: Sendable, Equatable {
    struct Job: Sendable, Equatable {
        var requestId: Int
        var kind: LogEnumType
        var location: String
        var oldest: Date?
        var latest: Date?
        var attemptsLeft: Int
        var retryInterval: Int
        var fileName: String
    }

    struct Context: Sendable {
        var stationId: String
        var hasUploader: Bool
    }

    enum Action: Sendable, Equatable {
        case notify(UploadLogStatusEnumType, requestId: Int)
        case upload(Job)
        case cancelWork
        case scheduleTimer(Duration)
        case cancelTimer
    }

    private(set) var job: Job?

    mutating func request(_ request: GetLogRequest, in context: Context) -> (GetLogResponse, [Action]) {
        guard context.hasUploader else {
            return (GetLogResponse(status: .rejected, statusInfo: StatusInfoType(reasonCode: "NoUploader")), [])
        }
        let fileName = "\(context.stationId)-\(request.logType.rawValue)-\(request.requestId).tar.gz"
        var actions: [Action] = []
        var status = LogStatusEnumType.accepted
        if let running = job {
            actions += [.cancelWork, .cancelTimer, .notify(.acceptedCanceled, requestId: running.requestId)]
            status = .acceptedCanceled
            job = nil
        }
        let location = request.log.remoteLocation
        let scheme = location.firstRange(of: "://").map { location[..<$0.lowerBound].lowercased() }
        switch scheme {
        case nil:
            actions.append(.notify(.badMessage, requestId: request.requestId))
        case "http"?, "https"?:
            let next = Job(
                requestId: request.requestId,
                kind: request.logType,
                location: location,
                oldest: request.log.oldestTimestamp,
                latest: request.log.latestTimestamp,
                attemptsLeft: max(1, request.retries ?? 3),
                retryInterval: max(0, request.retryInterval ?? 60),
                fileName: fileName
            )
            job = next
            actions += [.notify(.uploading, requestId: next.requestId), .upload(next)]
        default:
            actions.append(.notify(.notSupportedOperation, requestId: request.requestId))
        }
        return (GetLogResponse(status: status, filename: fileName), actions)
    }

    mutating func uploadFinished(requestId: Int, failure: LogUploadFailure?) -> [Action] {
        guard var current = job, current.requestId == requestId else { return [] }
        let final: UploadLogStatusEnumType
        switch failure {
        case nil: final = .uploaded
        case .permissionDenied?: final = .permissionDenied
        case .badMessage?: final = .badMessage
        case .notSupported?: final = .notSupportedOperation
        case .failed?:
            current.attemptsLeft -= 1
            if current.attemptsLeft > 0 {
                job = current
                return [.scheduleTimer(.seconds(current.retryInterval))]
            }
            final = .uploadFailure
        }
        job = nil
        return [.notify(final, requestId: requestId)]
    }

    mutating func timerFired() -> [Action] {
        guard let current = job else { return [] }
        return [.upload(current)]
    }

    /// What a triggered LogStatusNotification says (F06, N01): Uploading with the request's id while an upload
    /// runs, Idle otherwise.
    var triggeredStatus: LogStatusNotificationRequest {
        guard let job else { return LogStatusNotificationRequest(status: .idle) }
        return LogStatusNotificationRequest(status: .uploading, requestId: job.requestId)
    }
}
