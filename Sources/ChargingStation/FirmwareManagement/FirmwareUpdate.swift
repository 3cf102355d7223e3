import OCPP

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// L01 Secure Firmware Update as a value: the one job the station runs, what each event does to it, and
/// the actions the actor carries out (`ChargingStation+FirmwareUpdate.swift`). No I/O, no clock: the
/// context brings the time, the EVSEs in use and the running version; the one timer is an action.
///
/// The statuses go out in the specification's order, each once when its state is entered (L01.FR.01), with
/// the request's id (L01.FR.20): DownloadScheduled → Downloading → Downloaded | DownloadFailed →
/// SignatureVerified | InvalidSignature → InstallScheduled → Installing → InstallRebooting → (restart) →
/// Installed | InstallVerificationFailed, or InstallationFailed.
///
/// Decisions the specification leaves to the station:
/// - An update without signingCertificate and signature is Rejected (TC_L_18_CS, Core): this station does
///   only secure updates, so L02's unsigned update is not offered.
/// - A new UpdateFirmware cancels a job that has not started installing and is answered AcceptedCanceled
///   (L01.FR.24, TC_L_10_CS); once the installer runs it cannot be stopped safely, so it is Rejected
///   (TC_L_11_CS's station behaviour, with reasonCode InstallInProgress).
/// - `retries` is the number of download attempts (at least 1; 3 when absent), `retryInterval` the wait
///   between them (60 s when absent). DownloadFailed goes out once the last attempt failed.
/// - Transactions running when the install is due are waited for (InstallScheduled meanwhile); while
///   waiting, AllowNewSessionsPendingFirmwareUpdate false makes every idle EVSE Unavailable. During the
///   install every EVSE is Unavailable.
struct FirmwareUpdate: Sendable, Equatable {
    enum Stage: String, Codable, Sendable {
        case downloadScheduled, downloading, downloadRetry, verifying, installScheduled, waitingForTransactions
        case installing, rebooting
    }

    /// What is persisted (key/value store), so a restart resumes the job or reports how it ended.
    struct Job: Codable, Sendable, Equatable {
        var requestId: Int
        var location: String
        var retrieveAt: Date
        var installAt: Date?
        var signingCertificate: String
        var signature: String
        var attemptsLeft: Int
        var retryInterval: Int
        var stage: Stage
        var file: String?
        /// The version running when the job was accepted, and the one the installer announced.
        var previousVersion: String
        var expectedVersion: String?
    }

    struct Context: Sendable {
        var now: Date
        var evseIds: [Int]
        var busyEVSEs: Set<Int>
        var allowNewSessions: Bool
        var runningVersion: String
        var hasInstaller: Bool
    }

    enum Action: Sendable, Equatable {
        case persist(Job?)
        case notify(FirmwareStatusEnumType, requestId: Int)
        case securityEvent(SecurityEventKind, String)
        /// (Re)schedules the firmware timer; `cancelTimer` stops it.
        case scheduleTimer(Duration)
        case cancelTimer
        case download(location: String, requestId: Int)
        /// Stops a download or signature check in flight.
        case cancelWork
        case discard(requestId: Int)
        case verify(file: String, signature: String, certificate: String)
        /// These EVSEs become Unavailable (held) until `releaseHolds`.
        case hold(evseIds: [Int])
        case releaseHolds
        case install(file: String)
        case restart
    }

    private(set) var job: Job?
    /// The last status sent and its request (for TriggerMessage, F06): Idle when no job runs.
    private(set) var lastStatus: FirmwareStatusEnumType = .idle
    private(set) var lastRequestId: Int?

    init(restoring job: Job? = nil) { self.job = job }

    static let defaultAttempts = 3
    static let defaultRetryInterval = 60

    // MARK: events

    mutating func request(
        _ request: UpdateFirmwareRequest,
        certificateProblem: String?,
        in context: Context
    ) -> (UpdateFirmwareResponse, [Action]) {
        guard context.hasInstaller else { return (Self.refused(.rejected, "NoInstaller"), []) }
        let firmware = request.firmware
        guard let certificate = firmware.signingCertificate, !certificate.isEmpty,
            let signature = firmware.signature, !signature.isEmpty
        else { return (Self.refused(.rejected, "MissingSignature"), []) }
        if let certificateProblem {
            return (
                Self.refused(.invalidCertificate, "InvalidCertificate"),
                [.securityEvent(.invalidFirmwareSigningCertificate, certificateProblem)]
            )
        }
        var actions: [Action] = []
        var status = UpdateFirmwareStatusEnumType.accepted
        if let running = job {
            if running.stage == .installing || running.stage == .rebooting {
                return (Self.refused(.rejected, "InstallInProgress"), [])
            }
            actions += [.cancelWork, .cancelTimer, .releaseHolds, .discard(requestId: running.requestId)]
            status = .acceptedCanceled
        }
        job = Job(
            requestId: request.requestId,
            location: firmware.location,
            retrieveAt: firmware.retrieveDateTime,
            installAt: firmware.installDateTime,
            signingCertificate: certificate,
            signature: signature,
            attemptsLeft: max(1, request.retries ?? Self.defaultAttempts),
            retryInterval: max(0, request.retryInterval ?? Self.defaultRetryInterval),
            stage: .downloadScheduled,
            previousVersion: context.runningVersion
        )
        let wait = firmware.retrieveDateTime.timeIntervalSince(context.now)
        if wait > 0 {
            actions += [.persist(job), notify(.downloadScheduled), .scheduleTimer(Self.duration(wait))]
        } else {
            actions += startDownload()
        }
        return (UpdateFirmwareResponse(status: status), actions)
    }

    /// The firmware timer fired: a scheduled download, a retry, or a scheduled install is due.
    mutating func timerFired(in context: Context) -> [Action] {
        switch job?.stage {
        case .downloadScheduled?, .downloadRetry?: startDownload()
        case .installScheduled?: readyToInstall(in: context)
        default: []
        }
    }

    mutating func downloadFinished(file: String?, failure: String?, in context: Context) -> [Action] {
        guard var current = job, current.stage == .downloading else { return [] }
        if let file {
            current.file = file
            current.stage = .verifying
            job = current
            return [
                .persist(current), notify(.downloaded),
                .verify(file: file, signature: current.signature, certificate: current.signingCertificate),
            ]
        }
        current.attemptsLeft -= 1
        if current.attemptsLeft > 0 {
            current.stage = .downloadRetry
            job = current
            return [.persist(current), .scheduleTimer(.seconds(current.retryInterval))]
        }
        return finish(.downloadFailed, extra: [])
    }

    mutating func verified(problem: String?, in context: Context) -> [Action] {
        guard var current = job, current.stage == .verifying else { return [] }
        if let problem {
            return finish(.invalidSignature, extra: [.securityEvent(.invalidFirmwareSignature, problem)])
        }
        var actions = [notify(.signatureVerified)]
        if let installAt = current.installAt, installAt > context.now {
            current.stage = .installScheduled
            job = current
            actions += [
                .persist(current), notify(.installScheduled),
                .scheduleTimer(Self.duration(installAt.timeIntervalSince(context.now))),
            ]
            return actions
        }
        return actions + readyToInstall(in: context)
    }

    /// A transaction ended: the install may be due now, or the EVSE it freed is held.
    mutating func transactionEnded(in context: Context) -> [Action] {
        guard job?.stage == .waitingForTransactions else { return [] }
        return readyToInstall(in: context)
    }

    mutating func installFinished(_ outcome: FirmwareInstallOutcome, in context: Context) -> [Action] {
        guard var current = job, current.stage == .installing else { return [] }
        switch outcome {
        case .rebootRequired(let version):
            current.stage = .rebooting
            current.expectedVersion = version
            job = current
            return [.persist(current), notify(.installRebooting), .restart]
        case .installed(let version):
            // Already running (a part the process does not load, say): the installer's word is the proof.
            let to = version ?? "new version"
            return finish(
                .installed,
                extra: [.securityEvent(.firmwareUpdated, "firmware \(current.previousVersion) -> \(to)")]
            )
        case .failed(let why):
            _ = why  // logged by the actor, which has the installer's output
            return finish(.installationFailed, extra: [])
        }
    }

    /// The station started with a job in the store (a restart after an install, or a power cut): resume it or
    /// report how it ended.
    mutating func resumed(in context: Context) -> [Action] {
        guard var current = job else { return [] }
        switch current.stage {
        case .installing, .rebooting:
            return verifyRunningVersion(in: context)
        case .downloading, .downloadRetry:
            return startDownload()
        case .verifying:
            guard let file = current.file else { return startDownload() }
            return [
                notify(.downloaded),
                .verify(file: file, signature: current.signature, certificate: current.signingCertificate),
            ]
        case .downloadScheduled:
            let wait = max(0, current.retrieveAt.timeIntervalSince(context.now))
            return [notify(.downloadScheduled), .scheduleTimer(Self.duration(wait))]
        case .installScheduled:
            let wait = max(0, (current.installAt ?? context.now).timeIntervalSince(context.now))
            return [notify(.installScheduled), .scheduleTimer(Self.duration(wait))]
        case .waitingForTransactions:
            current.stage = .installScheduled
            job = current
            return readyToInstall(in: context)
        }
    }

    // MARK: steps

    private mutating func startDownload() -> [Action] {
        guard var current = job else { return [] }
        current.stage = .downloading
        job = current
        return [
            .persist(current), notify(.downloading),
            .download(location: current.location, requestId: current.requestId),
        ]
    }

    private mutating func readyToInstall(in context: Context) -> [Action] {
        guard var current = job, let file = current.file else { return [] }
        var actions: [Action] = []
        if !context.busyEVSEs.isEmpty {
            let entering = current.stage != .waitingForTransactions
            current.stage = .waitingForTransactions
            job = current
            if entering {
                actions.append(.persist(current))
                if lastStatus != .installScheduled { actions.append(notify(.installScheduled)) }
            }
            if !context.allowNewSessions {
                let idle = context.evseIds.filter { !context.busyEVSEs.contains($0) }
                if !idle.isEmpty { actions.append(.hold(evseIds: idle)) }
            }
            return actions
        }
        current.stage = .installing
        job = current
        return [.hold(evseIds: context.evseIds), .persist(current), notify(.installing), .install(file: file)]
    }

    /// After the install: Installed (and the FirmwareUpdated security event) when the running version is the
    /// new one, InstallVerificationFailed (after a restart) or InstallationFailed (the install was cut off)
    /// otherwise.
    private mutating func verifyRunningVersion(in context: Context) -> [Action] {
        guard let current = job else { return [] }
        let updated =
            current.expectedVersion.map { $0 == context.runningVersion }
            ?? (context.runningVersion != current.previousVersion)
        if updated {
            return finish(
                .installed,
                extra: [
                    .securityEvent(.firmwareUpdated, "firmware \(current.previousVersion) -> \(context.runningVersion)")
                ]
            )
        }
        return finish(current.stage == .rebooting ? .installVerificationFailed : .installationFailed, extra: [])
    }

    /// Ends the job with its last status.
    private mutating func finish(_ status: FirmwareStatusEnumType, extra: [Action]) -> [Action] {
        guard let current = job else { return [] }
        let last = notify(status)
        job = nil
        return [last] + extra + [.releaseHolds, .discard(requestId: current.requestId), .persist(nil)]
    }

    private mutating func notify(_ status: FirmwareStatusEnumType) -> Action {
        let requestId = job?.requestId ?? 0
        lastStatus = status
        lastRequestId = requestId
        return .notify(status, requestId: requestId)
    }

    /// What a triggered FirmwareStatusNotification says (F06.FR.?, L01): the last status while a job runs,
    /// Idle otherwise.
    var triggeredStatus: FirmwareStatusNotificationRequest {
        guard job != nil, let lastRequestId else { return FirmwareStatusNotificationRequest(status: .idle) }
        return FirmwareStatusNotificationRequest(status: lastStatus, requestId: lastRequestId)
    }

    static func refused(_ status: UpdateFirmwareStatusEnumType, _ reason: String) -> UpdateFirmwareResponse {
        UpdateFirmwareResponse(status: status, statusInfo: StatusInfoType(reasonCode: reason))
    }

    static func duration(_ seconds: TimeInterval) -> Duration { .milliseconds(Int64((seconds * 1000).rounded(.up))) }
}
