import Foundation
import OCPP
import Testing

@testable import ChargingStation

/// N01 GetLog's decisions as plain values: the answer, LogStatusNotifications with the requestId, retries
/// as timer data. The upload itself is tested against a real HTTP server (HTTPTransferTests, interop).
@Suite struct LogUploadDecisionTests {
    static let context = LogUpload.Context(stationId: "CS-1", hasUploader: true)

    static func request(
        _ id: Int = 3,
        location: String = "https://logs.example/upload",
        type: LogEnumType = .diagnosticsLog,
        retries: Int? = nil,
        retryInterval: Int? = nil
    ) -> GetLogRequest {
        GetLogRequest(
            log: LogParametersType(remoteLocation: location),
            logType: type,
            requestId: id,
            retries: retries,
            retryInterval: retryInterval
        )
    }

    static func statuses(_ actions: [LogUpload.Action]) -> [UploadLogStatusEnumType] {
        actions.compactMap { if case .notify(let status, _) = $0 { status } else { nil } }
    }

    @Test func TC_N_25_CS_diagnosticsLogUploadedWithTheRequestId() {
        var upload = LogUpload()
        let (response, actions) = upload.request(Self.request(), in: Self.context)
        #expect(response.status == .accepted)
        #expect(response.filename == "CS-1-DiagnosticsLog-3.tar.gz")
        #expect(actions.first == .notify(.uploading, requestId: 3))
        #expect(upload.triggeredStatus == LogStatusNotificationRequest(status: .uploading, requestId: 3))
        #expect(upload.uploadFinished(requestId: 3, failure: nil) == [.notify(.uploaded, requestId: 3)])
        #expect(upload.triggeredStatus == LogStatusNotificationRequest(status: .idle), "TC_F_15: Idle again")
    }

    @Test func TC_N_26_CS_uploadFailureAfterTheLastRetry() {
        var upload = LogUpload()
        _ = upload.request(Self.request(retries: 2, retryInterval: 5), in: Self.context)
        #expect(upload.uploadFinished(requestId: 3, failure: .failed("HTTP 500")) == [.scheduleTimer(.seconds(5))])
        #expect(Self.statuses(upload.timerFired()).isEmpty)
        #expect(
            upload.uploadFinished(requestId: 3, failure: .failed("HTTP 500")) == [.notify(.uploadFailure, requestId: 3)]
        )
    }

    @Test func N01_refusalBadURLAndUnsupportedSchemeEndAtOnce() {
        var upload = LogUpload()
        _ = upload.request(Self.request(retries: 5), in: Self.context)
        #expect(
            upload.uploadFinished(requestId: 3, failure: .permissionDenied("403")) == [
                .notify(.permissionDenied, requestId: 3)
            ]
        )
        let (_, bad) = upload.request(Self.request(4, location: "not a url"), in: Self.context)
        #expect(bad == [.notify(.badMessage, requestId: 4)])
        let (_, ftp) = upload.request(Self.request(5, location: "ftp://logs.example/x"), in: Self.context)
        #expect(ftp == [.notify(.notSupportedOperation, requestId: 5)])
    }

    @Test func TC_N_36_CS_aSecondRequestCancelsTheFirstWithAcceptedCanceled() {
        var upload = LogUpload()
        _ = upload.request(Self.request(1), in: Self.context)
        let (response, actions) = upload.request(Self.request(2, type: .securityLog), in: Self.context)
        #expect(response.status == .acceptedCanceled)
        #expect(Array(actions.prefix(3)) == [.cancelWork, .cancelTimer, .notify(.acceptedCanceled, requestId: 1)])
        #expect(actions.contains(.notify(.uploading, requestId: 2)))
        #expect(upload.uploadFinished(requestId: 1, failure: nil).isEmpty, "the cancelled upload's answer is ignored")
    }
}
