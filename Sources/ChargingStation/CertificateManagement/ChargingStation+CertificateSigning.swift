import OCPP
import OCPPRPC
import StationCertificates
import X509

/// Carrying out A02/A03: keys made off the actor, kept in the store's pending-key file (0600), CSRs sent as
/// SignCertificate, the signed chain installed. No key material ever reaches a log line or a message.
extension ChargingStation {
    /// TriggerMessage(SignChargingStationCertificate) (A02) or a due renewal (A03).
    func startCertificateSigning() {
        performSigning(certificateSigning.start(deviceModel.certificateSigningSettings))
    }

    func performSigning(_ actions: [CertificateSigning.Action]) {
        for action in actions {
            switch action {
            case .makeKeyAndRequest(let type):
                startTask { await $0.makeKeyAndRequest(type) }
            case .requestAgain:
                startTask { await $0.requestSigning(key: nil) }
            case .install(let chainPEM):
                // Done in `certificateSigned` before the answer; never reached through here.
                logger.error(
                    "certificate install action outside CertificateSigned",
                    metadata: ["bytes": "\(chainPEM.utf8.count)"]
                )
            case .timer(let action):
                perform([action])
            case .securityEvent(let kind, let techInfo):
                raiseSecurityEvent(kind, techInfo: techInfo)
            }
        }
        stateChanged()
    }

    private func makeKeyAndRequest(_ type: StationKeyType) async {
        let key: StationKey
        do {
            // RSA key generation takes tens of milliseconds or more: not on the actor.
            key = try await Task.detached { try StationKey.generate(type) }.value
            try certificateFiles.storePendingKey(try key.pemForKeyFile())
        } catch {
            logger.error("station key not made", metadata: ["type": "\(type.rawValue)", "error": "\(error)"])
            performSigning(certificateSigning.requestAnswered(accepted: false, deviceModel.certificateSigningSettings))
            return
        }
        logger.info("station key made for a CSR", metadata: ["type": "\(type.rawValue)"])
        await requestSigning(key: key)
    }

    /// Sends SignCertificate with a CSR of `key` (or of the pending key read back from the store).
    private func requestSigning(key: StationKey?) async {
        let settings = deviceModel.certificateSigningSettings
        let csr: String
        do {
            guard let key = try key ?? certificateFiles.pendingKey().map({ try StationKey(pem: $0) }) else {
                logger.warning("no pending key for a CSR")
                performSigning(certificateSigning.requestAnswered(accepted: false, settings))
                return
            }
            csr = try key.signingRequest(commonName: identity.stationId, organization: deviceModel.organizationName)
        } catch {
            logger.error("CSR not made", metadata: ["error": "\(error)"])
            performSigning(certificateSigning.requestAnswered(accepted: false, settings))
            return
        }
        guard registration.maySend(.signCertificate, triggered: true) else {
            performSigning(certificateSigning.requestAnswered(accepted: nil, settings))
            return
        }
        do {
            let response = try await session.call(
                SignCertificateRequest(csr: csr, certificateType: .chargingStationCertificate)
            )
            logger.info("SignCertificate answered", metadata: ["status": "\(response.status.rawValue)"])
            performSigning(certificateSigning.requestAnswered(accepted: response.status == .accepted, settings))
        } catch {
            logger.warning("SignCertificate failed", metadata: ["error": "\(error)"])
            performSigning(certificateSigning.requestAnswered(accepted: nil, settings))
        }
    }

    func certificateSigningRetryDue() {
        performSigning(certificateSigning.retryDue(deviceModel.certificateSigningSettings))
    }

    func certificateRenewalDue() {
        performSigning(
            certificateSigning.renewalDue(
                notAfter: stationCertificateNotAfter(),
                now: now,
                deviceModel.certificateSigningSettings
            )
        )
    }

    /// CertificateSigned: checked, then installed before the answer, so Accepted means the new key and chain
    /// are on disk together.
    func certificateSigned(_ request: CertificateSignedRequest) -> CertificateSignedResponse {
        let pendingKey = (try? certificateFiles.pendingKey()).flatMap { try? StationKey(pem: $0) }?.publicKey
        let roots = installedCertificates().filter { $0.kind == "CSMSRootCertificate" }.flatMap(\.chain)
        let context = CertificateSigning.SignedContext(pendingKey: pendingKey, roots: roots, now: now)
        var (response, actions) = certificateSigning.certificateSigned(request, in: context)
        for action in actions {
            guard case .install(let chainPEM) = action else { continue }
            do {
                try certificateFiles.installStationCertificate(chainPEM)
                logger.notice("station certificate installed; the next connection presents it")
            } catch {
                logger.error("station certificate not installed", metadata: ["error": "\(error)"])
                response = certificateSigning.installFailed("\(error)")
                actions = []
            }
        }
        logger.info("CertificateSigned", metadata: ["status": "\(response.status.rawValue)"])
        performSigning(actions)
        if response.status == .accepted {
            schedule(.certificateRenewal, after: CertificateSigning.renewalCheckPeriod)
        }
        return response
    }
}
