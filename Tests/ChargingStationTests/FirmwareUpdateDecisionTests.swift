import Foundation
import OCPP
import Testing

@testable import ChargingStation

/// L01 Secure Firmware Update's decisions as plain values: a request or an event and a context in, the
/// answer and the actions out (statuses in the specification's order with the requestId, timers as data,
/// EVSEs held, the job persisted), no actor and no I/O. The I/O itself is tested against a real HTTP server
/// and real signatures in HTTPTransferTests and the interop test.
@Suite struct FirmwareUpdateDecisionTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    static func context(
        at now: Date = start,
        busy: Set<Int> = [],
        allowNewSessions: Bool = false,
        version: String = "1.0.0"
    ) -> FirmwareUpdate.Context {
        FirmwareUpdate.Context(
            now: now,
            evseIds: [1, 2],
            busyEVSEs: busy,
            allowNewSessions: allowNewSessions,
            runningVersion: version,
            hasInstaller: true
        )
    }

    static func request(
        _ id: Int = 7,
        retrieve: Date = start,
        install: Date? = nil,
        retries: Int? = nil,
        retryInterval: Int? = nil,
        signed: Bool = true
    ) -> UpdateFirmwareRequest {
        UpdateFirmwareRequest(
            retries: retries,
            retryInterval: retryInterval,
            requestId: id,
            firmware: FirmwareType(
                location: "https://firmware.example/fw-\(id).bin",
                retrieveDateTime: retrieve,
                installDateTime: install,
                signingCertificate: signed ? "-----BEGIN CERTIFICATE-----" : nil,
                signature: signed ? "c2lnbmF0dXJl" : nil
            )
        )
    }

    /// The statuses the actions send, in order.
    static func statuses(_ actions: [FirmwareUpdate.Action]) -> [FirmwareStatusEnumType] {
        actions.compactMap { if case .notify(let status, _) = $0 { status } else { nil } }
    }

    static func requestIds(_ actions: [FirmwareUpdate.Action]) -> Set<Int> {
        Set(actions.compactMap { if case .notify(_, let id) = $0 { id } else { nil } })
    }

    /// Runs a job from the request to the installer's answer (no waits).
    static func toInstalling(_ update: inout FirmwareUpdate, id: Int = 7) -> [FirmwareUpdate.Action] {
        var all = update.request(request(id), certificateProblem: nil, in: context()).1
        all += update.downloadFinished(file: "/state/firmware/fw.bin", failure: nil, in: context())
        all += update.verified(problem: nil, in: context())
        return all
    }

    @Test func TC_L_01_CS_installationSuccessfulGoesThroughEveryStatusInOrder() throws {
        var update = FirmwareUpdate()
        let (response, accepted) = update.request(Self.request(), certificateProblem: nil, in: Self.context())
        #expect(response.status == .accepted)
        #expect(accepted.contains(.download(location: "https://firmware.example/fw-7.bin", requestId: 7)))
        var actions = accepted
        actions += update.downloadFinished(file: "/state/firmware/fw.bin", failure: nil, in: Self.context())
        #expect(
            actions.contains(
                .verify(
                    file: "/state/firmware/fw.bin",
                    signature: "c2lnbmF0dXJl",
                    certificate: "-----BEGIN CERTIFICATE-----"
                )
            )
        )
        actions += update.verified(problem: nil, in: Self.context())
        #expect(actions.contains(.hold(evseIds: [1, 2])), "every EVSE is Unavailable during the install")
        #expect(actions.contains(.install(file: "/state/firmware/fw.bin")))
        actions += update.installFinished(.rebootRequired(version: "2.0.0"), in: Self.context())
        #expect(actions.last == .restart)
        #expect(
            Self.statuses(actions) == [.downloading, .downloaded, .signatureVerified, .installing, .installRebooting]
        )
        #expect(Self.requestIds(actions) == [7], "L01.FR.20: every status carries the request's id")

        // The job as stored survives the restart; the new station runs 2.0.0.
        let stored = try #require(update.job)
        #expect(stored.stage == .rebooting && stored.expectedVersion == "2.0.0")
        var rebooted = FirmwareUpdate(restoring: stored)
        let after = rebooted.resumed(in: Self.context(version: "2.0.0"))
        #expect(Self.statuses(after) == [.installed])
        #expect(after.contains(.securityEvent(.firmwareUpdated, "firmware 1.0.0 -> 2.0.0")))
        #expect(after.contains(.persist(nil)) && after.contains(.releaseHolds))
        #expect(rebooted.triggeredStatus == FirmwareStatusNotificationRequest(status: .idle), "done: Idle again")
    }

    @Test func TC_L_08_CS_notRunningTheNewVersionAfterTheRestartIsInstallVerificationFailed() throws {
        var update = FirmwareUpdate()
        _ = Self.toInstalling(&update)
        _ = update.installFinished(.rebootRequired(version: "2.0.0"), in: Self.context())
        let stored: FirmwareUpdate.Job = try #require(update.job)
        var rebooted = FirmwareUpdate(restoring: stored)
        let after = rebooted.resumed(in: Self.context(version: "1.0.0"))
        #expect(Self.statuses(after) == [.installVerificationFailed])
        #expect(!after.contains { if case .securityEvent = $0 { true } else { false } })
    }

    @Test func TC_L_08_CS_installerFailureIsInstallationFailedAndReleasesTheEVSEs() {
        var update = FirmwareUpdate()
        _ = Self.toInstalling(&update)
        let actions = update.installFinished(.failed("installer exit 1"), in: Self.context())
        #expect(Self.statuses(actions) == [.installationFailed])
        #expect(actions.contains(.releaseHolds) && actions.contains(.persist(nil)))
        #expect(update.job == nil)
    }

    @Test func L01_powerCutDuringTheInstallReportsByTheRunningVersion() throws {
        var update = FirmwareUpdate()
        _ = Self.toInstalling(&update)
        let stored = try #require(update.job)
        #expect(stored.stage == .installing)
        var cutBefore = FirmwareUpdate(restoring: stored)
        #expect(Self.statuses(cutBefore.resumed(in: Self.context(version: "1.0.0"))) == [.installationFailed])
        var cutAfter = FirmwareUpdate(restoring: stored)
        #expect(Self.statuses(cutAfter.resumed(in: Self.context(version: "1.0.1"))) == [.installed])
    }

    @Test func L01_powerCutDuringTheDownloadResumesIt() throws {
        var update = FirmwareUpdate()
        _ = update.request(Self.request(), certificateProblem: nil, in: Self.context())
        let stored: FirmwareUpdate.Job = try #require(update.job)
        var rebooted = FirmwareUpdate(restoring: stored)
        let actions = rebooted.resumed(in: Self.context())
        #expect(Self.statuses(actions) == [.downloading])
        #expect(actions.contains(.download(location: "https://firmware.example/fw-7.bin", requestId: 7)))
    }

    @Test func TC_L_02_CS_installDateTimeInTheFutureIsInstallScheduled() {
        var update = FirmwareUpdate()
        let later = Self.start.addingTimeInterval(120)
        _ = update.request(Self.request(install: later), certificateProblem: nil, in: Self.context())
        _ = update.downloadFinished(file: "/f", failure: nil, in: Self.context())
        let verified = update.verified(problem: nil, in: Self.context())
        #expect(Self.statuses(verified) == [.signatureVerified, .installScheduled])
        #expect(verified.contains(.scheduleTimer(.seconds(120))))
        #expect(!verified.contains(.install(file: "/f")))
        let due = update.timerFired(in: Self.context(at: later))
        #expect(Self.statuses(due) == [.installing])
        #expect(due.contains(.install(file: "/f")))
    }

    @Test func TC_L_03_CS_retrieveDateTimeInTheFutureIsDownloadScheduled() {
        var update = FirmwareUpdate()
        let later = Self.start.addingTimeInterval(90)
        let (response, actions) = update.request(
            Self.request(retrieve: later),
            certificateProblem: nil,
            in: Self.context()
        )
        #expect(response.status == .accepted)
        #expect(Self.statuses(actions) == [.downloadScheduled])
        #expect(actions.contains(.scheduleTimer(.seconds(90))))
        #expect(!actions.contains { if case .download = $0 { true } else { false } })
        let due = update.timerFired(in: Self.context(at: later))
        #expect(Self.statuses(due) == [.downloading])
    }

    @Test func TC_L_05_CS_invalidSigningCertificateIsRefusedWithItsSecurityEvent() {
        var update = FirmwareUpdate()
        let (response, actions) = update.request(
            Self.request(),
            certificateProblem: "signing certificate not trusted",
            in: Self.context()
        )
        #expect(response.status == .invalidCertificate)
        #expect(actions == [.securityEvent(.invalidFirmwareSigningCertificate, "signing certificate not trusted")])
        #expect(update.job == nil)
    }

    @Test func TC_L_06_CS_invalidSignatureIsReportedWithItsSecurityEvent() {
        var update = FirmwareUpdate()
        var actions = update.request(Self.request(), certificateProblem: nil, in: Self.context()).1
        actions += update.downloadFinished(file: "/f", failure: nil, in: Self.context())
        let refused = update.verified(problem: "signature does not match the file", in: Self.context())
        #expect(Self.statuses(actions + refused) == [.downloading, .downloaded, .invalidSignature])
        #expect(refused.contains(.securityEvent(.invalidFirmwareSignature, "signature does not match the file")))
        #expect(!refused.contains { if case .install = $0 { true } else { false } })
        #expect(update.job == nil)
    }

    @Test func TC_L_07_CS_downloadFailedAfterTheLastRetry() {
        var update = FirmwareUpdate()
        let first = update.request(
            Self.request(retries: 2, retryInterval: 15),
            certificateProblem: nil,
            in: Self.context()
        ).1
        let retry = update.downloadFinished(file: nil, failure: "HTTP 404", in: Self.context())
        #expect(retry.contains(.scheduleTimer(.seconds(15))))
        #expect(Self.statuses(retry).isEmpty, "no DownloadFailed while an attempt is left")
        let second = update.timerFired(in: Self.context())
        #expect(second.contains(.download(location: "https://firmware.example/fw-7.bin", requestId: 7)))
        let failed = update.downloadFinished(file: nil, failure: "HTTP 404", in: Self.context())
        #expect(Self.statuses(first + retry + second + failed) == [.downloading, .downloading, .downloadFailed])
        #expect(failed.contains(.discard(requestId: 7)) && update.job == nil)
    }

    @Test func TC_L_18_CS_missingSigningCertificateAndSignatureIsRejected() {
        var update = FirmwareUpdate()
        let (response, actions) = update.request(
            Self.request(signed: false),
            certificateProblem: nil,
            in: Self.context()
        )
        #expect(response.status == .rejected)
        #expect(response.statusInfo?.reasonCode == "MissingSignature")
        #expect(actions.isEmpty && update.job == nil)
    }

    @Test func TC_L_10_CS_aNewRequestCancelsTheRunningDownloadWithAcceptedCanceled() {
        var update = FirmwareUpdate()
        _ = update.request(Self.request(1), certificateProblem: nil, in: Self.context())
        let (response, actions) = update.request(Self.request(2), certificateProblem: nil, in: Self.context())
        #expect(response.status == .acceptedCanceled, "L01.FR.24")
        #expect(Array(actions.prefix(4)) == [.cancelWork, .cancelTimer, .releaseHolds, .discard(requestId: 1)])
        #expect(actions.contains(.download(location: "https://firmware.example/fw-2.bin", requestId: 2)))
        #expect(Self.requestIds(actions) == [2])
        // The cancelled download's late answer is ignored by the actor (request ids differ); here: the job is 2.
        #expect(update.job?.requestId == 2)
    }

    @Test func TC_L_11_CS_aRunningInstallCannotBeCancelled() {
        var update = FirmwareUpdate()
        _ = Self.toInstalling(&update)
        let (response, actions) = update.request(Self.request(9), certificateProblem: nil, in: Self.context())
        #expect(response.status == .rejected)
        #expect(actions.isEmpty && update.job?.requestId == 7)
    }

    @Test func TC_L_13_CS_transactionRunningWithoutNewSessionsHoldsTheIdleEVSEsAndWaits() {
        var update = FirmwareUpdate()
        _ = update.request(Self.request(), certificateProblem: nil, in: Self.context(busy: [1]))
        _ = update.downloadFinished(file: "/f", failure: nil, in: Self.context(busy: [1]))
        let waiting = update.verified(problem: nil, in: Self.context(busy: [1], allowNewSessions: false))
        #expect(Self.statuses(waiting) == [.signatureVerified, .installScheduled])
        #expect(waiting.contains(.hold(evseIds: [2])), "no new session on the idle EVSE")
        #expect(!waiting.contains(.install(file: "/f")))
        let ended = update.transactionEnded(in: Self.context(busy: [], allowNewSessions: false))
        #expect(Self.statuses(ended) == [.installing])
        #expect(ended.contains(.hold(evseIds: [1, 2])) && ended.contains(.install(file: "/f")))
    }

    @Test func TC_L_12_CS_transactionRunningWithNewSessionsAllowedHoldsNothingWhileWaiting() {
        var update = FirmwareUpdate()
        _ = update.request(Self.request(), certificateProblem: nil, in: Self.context(busy: [1]))
        _ = update.downloadFinished(file: "/f", failure: nil, in: Self.context(busy: [1]))
        let waiting = update.verified(problem: nil, in: Self.context(busy: [1], allowNewSessions: true))
        #expect(!waiting.contains { if case .hold = $0 { true } else { false } })
        // Another session started meanwhile on EVSE 2; EVSE 1's end is not enough.
        #expect(update.transactionEnded(in: Self.context(busy: [2], allowNewSessions: true)).isEmpty)
        let ended = update.transactionEnded(in: Self.context(busy: [], allowNewSessions: true))
        #expect(Self.statuses(ended) == [.installing])
    }

    /// TC_L_15_CS: the download and the signature check go ahead while a transaction runs; the install and
    /// activation wait for it (AllowNewSessionsPendingFirmwareUpdate true). InstallScheduled is
    /// sent once, when the waiting starts (L01.FR.01: each status once), not again when the transaction ends.
    @Test func TC_L_15_CS_L01_FR_01_installWaitsForTheTransactionAndInstallScheduledIsSentOnce() {
        var update = FirmwareUpdate()
        let (response, started) = update.request(Self.request(), certificateProblem: nil, in: Self.context(busy: [1]))
        #expect(response.status == .accepted)
        #expect(Self.statuses(started) == [.downloading], "the download does not wait for the transaction")
        let downloaded = update.downloadFinished(file: "/f", failure: nil, in: Self.context(busy: [1]))
        #expect(Self.statuses(downloaded) == [.downloaded])
        let waiting = update.verified(problem: nil, in: Self.context(busy: [1], allowNewSessions: true))
        #expect(Self.statuses(waiting) == [.signatureVerified, .installScheduled])
        #expect(!waiting.contains(.install(file: "/f")))
        let ended = update.transactionEnded(in: Self.context(busy: [], allowNewSessions: true))
        #expect(Self.statuses(ended) == [.installing], "InstallScheduled is not repeated")
        #expect(ended.contains(.install(file: "/f")))
        #expect(Self.requestIds(started + downloaded + waiting + ended) == [7])
    }

    @Test func F06_triggeredFirmwareStatusIsTheRealOne() {
        var update = FirmwareUpdate()
        #expect(
            update.triggeredStatus == FirmwareStatusNotificationRequest(status: .idle),
            "TC_F_18: Idle when nothing runs"
        )
        _ = update.request(Self.request(), certificateProblem: nil, in: Self.context())
        #expect(update.triggeredStatus == FirmwareStatusNotificationRequest(status: .downloading, requestId: 7))
    }

    @Test func withoutAnInstallerUpdateFirmwareIsRejected() {
        var update = FirmwareUpdate()
        var context = Self.context()
        context.hasInstaller = false
        #expect(update.request(Self.request(), certificateProblem: nil, in: context).0.status == .rejected)
    }
}
