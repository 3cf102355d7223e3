import OCPP
import OCPPRPC
import StationStore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What the firmware and log blocks hold on the actor: the I/O the composition root attached, the jobs as
/// values, the work in flight, the EVSEs held Unavailable, and the status notifications waiting to go out
/// (one at a time, in order).
struct MaintenanceState: Sendable {
    var io: (any StationMaintenance)?
    var firmware = FirmwareUpdate()
    var firmwareWork: Task<Void, Never>?
    var held: Set<Int> = []
    /// The stored job was looked at since the registration was accepted (once per process).
    var firmwareResumed = false
    var log = LogUpload()
    var logWork: Task<Void, Never>?
    var outbox: [MaintenanceMessage] = []
    var sending = false
    /// InstallRebooting is queued: restart once it went out.
    var restartWhenSent = false
}

/// A Firmware- or LogStatusNotification waiting to be sent.
enum MaintenanceMessage: Sendable {
    case firmware(FirmwareStatusNotificationRequest)
    case log(LogStatusNotificationRequest)
}

/// L01 UpdateFirmware: the decisions are `FirmwareUpdate`'s; the actor asks the attached `StationMaintenance`
/// for the certificate check first (I/O), then carries out the actions after the answer.
extension ChargingStation {
    /// Store key: the firmware job (JSON of `FirmwareUpdate.Job`), so a restart resumes it or reports it.
    static let firmwareJobKey = "FirmwareManagement.job"

    /// Hands the station the I/O of firmware updates and log uploads (before `run()`), and restores a
    /// firmware job a restart interrupted; it is resumed once the registration is accepted.
    public func attachMaintenance(_ io: any StationMaintenance) {
        maintenance.io = io
        if let text = try? store.value(forKey: Self.firmwareJobKey) {
            do {
                let job = try JSONDecoder().decode(FirmwareUpdate.Job.self, from: Data(text.utf8))
                maintenance.firmware = FirmwareUpdate(restoring: job)
            } catch {
                logger.error("stored firmware job unreadable; dropped", metadata: ["error": "\(error)"])
                _ = try? store.removeValue(forKey: Self.firmwareJobKey)
            }
        }
    }

    /// The firmware job's request id and stage, for status displays and tests.
    public var firmwareJobStage: (requestId: Int, stage: String)? {
        maintenance.firmware.job.map { ($0.requestId, $0.stage.rawValue) }
    }

    func registerFirmwareManagementHandlers() {
        serve(UpdateFirmwareRequest.self) { station, request, context in
            await station.updateFirmware(request, call: context)
        }
        serve(GetLogRequest.self) { station, request, context in
            await station.getLog(request, call: context)
        }
    }

    var firmwareContext: FirmwareUpdate.Context {
        FirmwareUpdate.Context(
            now: now,
            evseIds: hardware.evses.map(\.id).sorted(),
            busyEVSEs: evsesInTransaction,
            allowNewSessions: deviceModel.allowNewSessionsPendingFirmwareUpdate,
            runningVersion: maintenance.io?.runningFirmwareVersion ?? identity.firmwareVersion ?? "",
            hasInstaller: maintenance.io != nil
        )
    }

    func updateFirmware(_ request: UpdateFirmwareRequest, call: CallContext) async -> UpdateFirmwareResponse {
        var problem: String?
        if let io = maintenance.io, let pem = request.firmware.signingCertificate, !pem.isEmpty,
            request.firmware.signature?.isEmpty == false
        {
            problem = await io.checkSigningCertificate(pem)
        }
        let (response, actions) = maintenance.firmware.request(
            request,
            certificateProblem: problem,
            in: firmwareContext
        )
        logger.notice(
            "UpdateFirmware",
            metadata: [
                "request-id": "\(request.requestId)", "status": "\(response.status.rawValue)",
                "reason": "\(response.statusInfo?.reasonCode ?? problem ?? "")",
            ]
        )
        call.afterResponse { [weak self] in await self?.perform(actions) }
        return response
    }

    /// The registration was accepted: a job a restart interrupted is resumed or reported (once).
    func firmwareResumed() {
        guard !maintenance.firmwareResumed, maintenance.io != nil else { return }
        maintenance.firmwareResumed = true
        perform(maintenance.firmware.resumed(in: firmwareContext))
    }

    func firmwareTimerFired() {
        perform(maintenance.firmware.timerFired(in: firmwareContext))
    }

    /// A transaction ended (the availability block's hook): an install waiting for it may start.
    func firmwareTransactionEnded() {
        perform(maintenance.firmware.transactionEnded(in: firmwareContext))
    }

    private func firmwareDownloaded(requestId: Int, file: String?, failure: String?) {
        guard maintenance.firmware.job?.requestId == requestId else { return }
        if let failure {
            logger.warning("firmware download failed", metadata: ["request-id": "\(requestId)", "error": "\(failure)"])
        }
        perform(maintenance.firmware.downloadFinished(file: file, failure: failure, in: firmwareContext))
    }

    private func firmwareVerified(requestId: Int, problem: String?) {
        guard maintenance.firmware.job?.requestId == requestId else { return }
        if let problem {
            logger.warning(
                "firmware signature refused",
                metadata: ["request-id": "\(requestId)", "reason": "\(problem)"]
            )
        }
        perform(maintenance.firmware.verified(problem: problem, in: firmwareContext))
    }

    private func firmwareInstalled(requestId: Int, outcome: FirmwareInstallOutcome) {
        guard maintenance.firmware.job?.requestId == requestId else { return }
        logger.notice("firmware installer finished", metadata: ["request-id": "\(requestId)", "outcome": "\(outcome)"])
        perform(maintenance.firmware.installFinished(outcome, in: firmwareContext))
    }

    /// Carries out the firmware block's actions, in order.
    func perform(_ actions: [FirmwareUpdate.Action]) {
        let requestId = maintenance.firmware.job?.requestId ?? 0
        for action in actions {
            switch action {
            case .persist(let job):
                persistFirmwareJob(job)
            case .notify(let status, let id):
                enqueue(.firmware(FirmwareStatusNotificationRequest(status: status, requestId: id)))
            case .securityEvent(let kind, let info):
                raiseSecurityEvent(kind, techInfo: String(info.prefix(255)))
            case .scheduleTimer(let delay):
                schedule(.firmwareUpdate, after: delay)
            case .cancelTimer:
                cancelTimer(.firmwareUpdate)
            case .cancelWork:
                maintenance.firmwareWork?.cancel()
                maintenance.firmwareWork = nil
            case .discard(let id):
                if let io = maintenance.io { Task { await io.discardFirmware(requestId: id) } }
            case .download(let location, let id):
                guard let io = maintenance.io else { continue }
                maintenance.firmwareWork = Task { [weak self] in
                    do {
                        let file = try await io.downloadFirmware(from: location, requestId: id)
                        await self?.firmwareDownloaded(requestId: id, file: file, failure: nil)
                    } catch {
                        guard !Task.isCancelled else { return }
                        await self?.firmwareDownloaded(requestId: id, file: nil, failure: "\(error)")
                    }
                }
            case .verify(let file, let signature, let certificate):
                guard let io = maintenance.io else { continue }
                maintenance.firmwareWork = Task { [weak self] in
                    let problem = await io.verifyFirmware(
                        at: file,
                        signature: signature,
                        signingCertificate: certificate
                    )
                    guard !Task.isCancelled else { return }
                    await self?.firmwareVerified(requestId: requestId, problem: problem)
                }
            case .hold(let evseIds):
                for id in evseIds where !maintenance.held.contains(id) && !availability.isInMaintenance(evseId: id) {
                    maintenance.held.insert(id)
                    perform(availability.maintenanceChanged(evseId: id, active: true, at: now))
                }
            case .releaseHolds:
                for id in maintenance.held.sorted() {
                    perform(availability.maintenanceChanged(evseId: id, active: false, at: now))
                }
                maintenance.held = []
            case .install(let file):
                guard let io = maintenance.io else { continue }
                maintenance.firmwareWork = Task { [weak self] in
                    let outcome = await io.installFirmware(at: file)
                    await self?.firmwareInstalled(requestId: requestId, outcome: outcome)
                }
            case .restart:
                restartForFirmware()
            }
        }
        stateChanged()
    }

    private func persistFirmwareJob(_ job: FirmwareUpdate.Job?) {
        do {
            if let job {
                let data = try JSONEncoder().encode(job)
                try store.setValue(String(decoding: data, as: UTF8.self), forKey: Self.firmwareJobKey)
            } else {
                _ = try store.removeValue(forKey: Self.firmwareJobKey)
            }
        } catch {
            logger.error("could not store the firmware job", metadata: ["error": "\(error)"])
        }
    }

    /// The new firmware runs after a restart: the composition root restarts the process (the next boot says
    /// FirmwareUpdate), and the next station reports Installed or InstallVerificationFailed.
    private func restartForFirmware() {
        do {
            try store.setValue(BootReasonEnumType.firmwareUpdate.rawValue, forKey: Self.resetBootReasonKey)
        } catch {
            logger.error("could not store the restart's boot reason", metadata: ["error": "\(error)"])
        }
        logger.notice("restarting onto the installed firmware")
        // Let InstallRebooting go out first: the restart is asked for once the outbox is empty.
        maintenance.restartWhenSent = true
        if !maintenance.sending { finishRestartIfDue() }
    }

    func finishRestartIfDue() {
        guard maintenance.restartWhenSent, maintenance.outbox.isEmpty else { return }
        maintenance.restartWhenSent = false
        resetChannel.continuation.yield(StationReset(type: .immediate, bootReason: .firmwareUpdate))
    }

    // MARK: the status notifications, in order

    func enqueue(_ message: MaintenanceMessage) {
        maintenance.outbox.append(message)
        guard !maintenance.sending else { return }
        maintenance.sending = true
        startTask { await $0.drainMaintenanceOutbox() }
    }

    private func drainMaintenanceOutbox() async {
        while !maintenance.outbox.isEmpty {
            let message = maintenance.outbox.removeFirst()
            do {
                switch message {
                case .firmware(let request): _ = try await session.call(request)
                case .log(let request): _ = try await session.call(request)
                }
            } catch {
                logger.warning("status notification not delivered", metadata: ["error": "\(error)"])
            }
        }
        maintenance.sending = false
        finishRestartIfDue()
        stateChanged()
    }
}
