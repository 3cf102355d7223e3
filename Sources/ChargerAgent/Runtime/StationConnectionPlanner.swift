import ChargingStation
import LocalFiles
import Logging
import OCPP
import OCPPWebSocket
import StationCertificates
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The transport's planner in chargerd: each attempt's profile and password come from the station
/// (`ChargingStation.nextLinkChoice`, B10/A05/A01), its TLS material from the state directory.
///
/// Trust roots are every PEM file in the CSMSRootCertificate folder plus the board's `trustRoots` (the
/// system store when both are empty); the client certificate (profile 3) is the station's own
/// certificate and key when both files exist, else the board's `clientCertificate`. Both are read again
/// before every attempt, so a root installed or a certificate signed over OCPP is used by the next
/// connection.
final class StationConnectionPlanner: OCPPConnectionPlanner {
    /// The board's settings: what slot 0 is seeded from, and the fields no profile changes.
    let board: OCPPConnectionConfiguration
    let boardPassword: OCPPPassword?
    let boardTrustRoots: [String]
    let boardClientCertificate: ClientCertificate?
    let layout: CertificateStoreLayout
    private let station = Mutex<ChargingStation?>(nil)
    /// The choice of the attempt under way (one at a time: the transport's loop is sequential).
    private let current = Mutex<ChargingStation.LinkChoice?>(nil)
    private let logger: Logger

    init(board: OCPPConnectionConfiguration, csms: CSMSSettings, stateDirectory: String, logger: Logger) {
        self.board = board
        self.boardPassword = board.securityProfile.basicAuthPassword
        self.boardTrustRoots = csms.trustRoots
        self.boardClientCertificate = csms.clientCertificate
        self.layout = CertificateStoreLayout(stateDirectory: stateDirectory)
        self.logger = logger
    }

    /// The station whose plan this follows; until it is attached the board's settings are used.
    func attach(_ station: ChargingStation) { self.station.withLock { $0 = station } }

    /// Slot 0 as the board file describes it.
    var seed: NetworkConnectionProfileType {
        NetworkConnectionProfileType(
            ocppVersion: .ocpp20,
            ocppTransport: .json,
            ocppCsmsUrl: board.csmsURL,
            messageTimeout: 30,
            securityProfile: board.securityProfile.number,
            ocppInterface: .wired0
        )
    }

    func configurationForNextAttempt() async -> OCPPConnectionConfiguration {
        guard let station = station.withLock({ $0 }) else { return board }
        let choice = await station.nextLinkChoice(seed: seed)
        current.withLock { $0 = choice }
        return configuration(for: choice)
    }

    func linkUp(_ configuration: OCPPConnectionConfiguration) async {
        guard let station = station.withLock({ $0 }), let choice = current.withLock({ $0 }) else { return }
        _ = await station.linkAttemptEnded(choice, .connected)
    }

    func attemptEnded(_ attempt: OCPPConnectionAttempt) async -> OCPPReconnectAdvice {
        guard let station = station.withLock({ $0 }), let choice = current.withLock({ $0 }) else { return .backOff }
        if attempt.failure == .shutdown { return .backOff }
        let outcome: NetworkLinkPlanner.Outcome =
            attempt.connected ? .linkLost : .failed(Self.failure(attempt.failure))
        return await station.linkAttemptEnded(choice, outcome) ? .retryNow : .backOff
    }

    static func failure(_ failure: OCPPConnectionFailure) -> NetworkLinkPlanner.Failure {
        switch failure {
        case .passwordRefused: .passwordRefused
        case .invalidServerCertificate: .invalidCsmsCertificate
        case .tlsVersionTooLow: .tlsVersionTooLow
        case .noSharedCipherSuite: .noSharedCipherSuite
        default: .other
        }
    }

    /// The transport configuration of one choice. A choice that lacks what its profile needs (no password,
    /// no client certificate) gives a configuration the transport refuses, which counts as a failed attempt.
    func configuration(for choice: ChargingStation.LinkChoice) -> OCPPConnectionConfiguration {
        var configuration = board
        configuration.csmsURL = choice.profile.ocppCsmsUrl
        let password = choice.password.map { OCPPPassword($0.revealed) } ?? boardPassword ?? OCPPPassword("")
        switch choice.profile.securityProfile {
        case 0: configuration.securityProfile = .unsecured
        case 1: configuration.securityProfile = .basicAuth(password: password)
        case 2: configuration.securityProfile = .tlsWithBasicAuth(password: password)
        default:
            configuration.securityProfile = .tlsWithClientCertificate(
                clientCertificate() ?? ClientCertificate(certificateChainPath: "", privateKeyPath: "")
            )
        }
        configuration.trustRoots = trustRoots()
        return configuration
    }

    /// Installed CSMS roots plus the board's.
    func trustRoots() -> TrustRoots {
        let folder = layout.folder("CSMSRootCertificate")
        let installed = LocalFiles.names(inDirectory: folder).filter { $0.hasSuffix(".pem") }.sorted()
            .map { folder + "/" + $0 }
        let all = installed + boardTrustRoots
        return all.isEmpty ? .systemDefault : .pemFiles(all)
    }

    /// The station's own certificate and key when both exist, else the board's.
    func clientCertificate() -> ClientCertificate? {
        if access(layout.stationCertificate, R_OK) == 0 && access(layout.stationKey, R_OK) == 0 {
            return ClientCertificate(certificateChainPath: layout.stationCertificate, privateKeyPath: layout.stationKey)
        }
        return boardClientCertificate
    }
}
