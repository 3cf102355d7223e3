import OCPP
import StationCertificates
import X509

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The station's own certificate (A02 by request of the CSMS, A03 renewal by the station): a key made and
/// kept on the station, a CSR for it, the chain the CSMS has signed, and retries while none comes.
///
/// A value: events in (started, the SignCertificate answer, a timer, CertificateSigned), actions out (make a
/// key and send its CSR, send the CSR again, install the chain, timers, security events). The actor does the
/// I/O (key files, the CALL) and the crypto that takes time.
struct CertificateSigning: Sendable, Equatable {
    struct Settings: Sendable, Equatable {
        /// SecurityCtrlr.CertSigningWaitMinimum: the first wait for CertificateSigned, doubled after each try.
        var waitMinimum: Duration
        /// SecurityCtrlr.CertSigningRepeatTimes: how often the CSR is sent again when no certificate comes.
        var repeatTimes: Int
        /// SecurityCtrlr.CertSigningKeyType (this station's variable): the key made for a new CSR.
        var keyType: StationKeyType
        /// SecurityCtrlr.CertRenewalMargin (this station's variable): renew this long before the certificate ends.
        var renewalMargin: Duration
    }

    enum Action: Sendable, Equatable {
        /// Make a new key of this type, keep it as the pending key, send SignCertificate with its CSR.
        case makeKeyAndRequest(StationKeyType)
        /// Send SignCertificate again with a CSR of the pending key.
        case requestAgain
        /// The chain becomes the station certificate, the pending key the station key.
        case install(chainPEM: String)
        case timer(TimerAction)
        case securityEvent(SecurityEventKind, techInfo: String)
    }

    /// A CSR is out (or about to be) and no valid CertificateSigned has come for it.
    private(set) var awaitingCertificate = false
    /// SignCertificate requests sent for the pending key, the first included.
    private(set) var attempts = 0

    /// TriggerMessage(SignChargingStationCertificate) or a renewal: always a new key (A02: the key of a new
    /// request is made for it), dropping a request still open.
    mutating func start(_ settings: Settings) -> [Action] {
        awaitingCertificate = true
        attempts = 0
        return [.timer(.cancel(.certificateSigningRetry)), .makeKeyAndRequest(settings.keyType)]
    }

    /// A SignCertificate went out: `accepted` is the CSMS's answer, nil when none came (timeout, link down).
    /// Accepted or unanswered, the station waits CertSigningWaitMinimum, doubled at each try, for the
    /// certificate; Rejected ends the attempt (TC_A_15: nothing more is sent).
    mutating func requestAnswered(accepted: Bool?, _ settings: Settings) -> [Action] {
        guard awaitingCertificate else { return [] }
        attempts += 1
        if accepted == false {
            awaitingCertificate = false
            return [.timer(.cancel(.certificateSigningRetry))]
        }
        let factor = Int64(1) << Int64(min(attempts - 1, 20))
        return [.timer(.schedule(.certificateSigningRetry, after: settings.waitMinimum * factor))]
    }

    /// No certificate within the wait: the CSR again, at most CertSigningRepeatTimes times.
    mutating func retryDue(_ settings: Settings) -> [Action] {
        guard awaitingCertificate else { return [] }
        guard attempts <= settings.repeatTimes else {
            awaitingCertificate = false
            return []
        }
        return [.requestAgain]
    }

    struct SignedContext: Sendable {
        /// The public key of the pending key, nil when no CSR of the station is open.
        var pendingKey: Certificate.PublicKey?
        /// The installed CSMS roots: when the chain names one as its issuer, it must verify with it.
        var roots: [Certificate]
        var now: Date
    }

    /// CertificateSigned (A02/A03): the chain is checked (parse, validity, each link signed by the next, the
    /// leaf holding the pending key); valid, it is installed and the retries end; invalid, Rejected with an
    /// InvalidChargingStationCertificate security event, and the request stays open.
    mutating func certificateSigned(
        _ request: CertificateSignedRequest,
        in context: SignedContext
    ) -> (CertificateSignedResponse, [Action]) {
        func rejected(_ code: String, _ why: String) -> (CertificateSignedResponse, [Action]) {
            (
                CertificateSignedResponse(
                    status: .rejected,
                    statusInfo: StatusInfoType(reasonCode: code, additionalInfo: String(why.prefix(512)))
                ),
                [.securityEvent(.invalidChargingStationCertificate, techInfo: String(why.prefix(255)))]
            )
        }
        if request.certificateType == .v2gCertificate {
            // No ISO 15118 on this station: it never asks for a V2G certificate.
            return (
                CertificateSignedResponse(
                    status: .rejected,
                    statusInfo: StatusInfoType(reasonCode: "UnsupportedCertType", additionalInfo: "no ISO 15118")
                ), []
            )
        }
        guard let key = context.pendingKey else { return rejected("NoPendingRequest", "no CSR of the station is open") }
        let chain: [Certificate]
        do {
            chain = try CertificateParsing.certificates(pem: request.certificateChain)
        } catch {
            return rejected("InvalidFormat", error.description)
        }
        do {
            try CertificateChecks.checkStationChain(chain, expectedKey: key, roots: context.roots, at: context.now)
        } catch {
            return rejected(error.reasonCode, error.description)
        }
        guard let pem = try? CertificateParsing.pem(chain) else { return rejected("InvalidFormat", "unencodable") }
        awaitingCertificate = false
        return (
            CertificateSignedResponse(status: .accepted),
            [.install(chainPEM: pem), .timer(.cancel(.certificateSigningRetry))]
        )
    }

    /// The chain was valid but could not be stored: Rejected, the pending key kept for the next try.
    mutating func installFailed(_ reason: String) -> CertificateSignedResponse {
        awaitingCertificate = true
        return CertificateSignedResponse(
            status: .rejected,
            statusInfo: StatusInfoType(reasonCode: "StorageFailed", additionalInfo: String(reason.prefix(512)))
        )
    }

    // MARK: A03 renewal

    /// Renewals are looked at again at least this often, so a wall clock set later cannot make one late.
    static let renewalCheckPeriod: Duration = .seconds(24 * 3600)

    /// A03: when the station certificate ends within the margin (and no request is open), start one;
    /// otherwise look again when the margin begins (at most a day from now).
    mutating func renewalDue(notAfter: Date?, now: Date, _ settings: Settings) -> [Action] {
        guard let notAfter else { return [] }
        let margin = Double(settings.renewalMargin.components.seconds)
        let untilRenewal = notAfter.timeIntervalSince(now) - margin
        if untilRenewal <= 0 {
            guard !awaitingCertificate else {
                return [.timer(.schedule(.certificateRenewal, after: Self.renewalCheckPeriod))]
            }
            return start(settings) + [.timer(.schedule(.certificateRenewal, after: Self.renewalCheckPeriod))]
        }
        let wait = min(Duration.seconds(Int64(untilRenewal.rounded(.up))), Self.renewalCheckPeriod)
        return [.timer(.schedule(.certificateRenewal, after: wait))]
    }
}
