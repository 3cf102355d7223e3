import LocalFiles
import OCPPWebSocket

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension StationRuntime {
    /// The WebSocket transport's configuration from the board's `csms` section, with the secret it
    /// refers to resolved. The password goes into `OCPPPassword`, which never prints its value.
    static func connectionConfiguration(
        for config: BoardConfig,
        environment: [String: String]
    ) throws(StationRuntimeError) -> OCPPConnectionConfiguration {
        let csms = config.csms
        let profile: SecurityProfile
        switch csms.securityProfile {
        case 0:
            profile = .unsecured
        case 1:
            profile = .basicAuth(password: try password(csms.password, environment: environment))
        case 2:
            profile = .tlsWithBasicAuth(password: try password(csms.password, environment: environment))
        case 3:
            guard let certificate = csms.clientCertificate else {
                throw .csms(problem: "securityProfile 3 needs clientCertificate")
            }
            profile = .tlsWithClientCertificate(certificate)
        default:
            throw .csms(problem: "securityProfile \(csms.securityProfile) is not 0-3")
        }
        return OCPPConnectionConfiguration(
            csmsURL: csms.url,
            stationId: config.station.id,
            securityProfile: profile,
            trustRoots: csms.trustRoots.isEmpty ? .systemDefault : .pemFiles(csms.trustRoots)
        )
    }

    /// Reads a secret by reference; errors name the reference, never the value.
    static func password(
        _ reference: SecretReference?,
        environment: [String: String]
    ) throws(StationRuntimeError) -> OCPPPassword {
        guard let reference else {
            throw .secret(key: "csms.password", problem: "this security profile needs a password reference")
        }
        let value: String
        switch reference {
        case .environment(let name):
            guard let found = environment[name], !found.isEmpty else {
                throw .secret(key: "csms.password", problem: "\(reference) is not set or empty")
            }
            value = found
        case .file(let path):
            do {
                value = try LocalFiles.readText(path)
            } catch {
                throw .secret(key: "csms.password", problem: "\(reference) cannot be read (\(error.reason))")
            }
        }
        var secret = Substring(value)
        while let last = secret.last, last == "\n" || last == "\r" { secret = secret.dropLast() }
        guard !secret.isEmpty else { throw .secret(key: "csms.password", problem: "\(reference) is empty") }
        return OCPPPassword(String(secret))
    }
}
