import NIOSSL

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension OCPPConnectionConfiguration {
    /// Builds the TLS client context for profiles 2 and 3 (`nil` for 0 and 1).
    func makeSSLContext() throws(OCPPConnectionConfigurationError) -> NIOSSLContext? {
        guard securityProfile.requiresTLS else { return nil }
        return try Self.makeSSLContext(trustRoots: trustRoots, clientCertificate: securityProfile.clientCertificate)
    }

    /// The TLS 1.2 cipher suites the station offers, in OpenSSL names.
    static let tls12CipherSuites = [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES128-GCM-SHA256",
        "ECDHE-RSA-AES256-GCM-SHA384", "AES128-GCM-SHA256", "AES256-GCM-SHA384",
    ].joined(separator: ":")

    /// The one TLS client context of this project, for the link and for the diagnostic probe alike, so the
    /// probe verifies exactly what the station will.
    ///
    /// TLS 1.2 is the floor (A00.FR.308 requires ≥ 1.2), the server certificate is fully verified
    /// (chain and host name) against `trustRoots`, and profile 3 presents the client chain and key.
    /// Files are read here, once, so a missing or broken file is a configuration error up front.
    static func makeSSLContext(
        trustRoots: TrustRoots,
        clientCertificate: ClientCertificate?
    ) throws(OCPPConnectionConfigurationError) -> NIOSSLContext {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        // TLS 1.2 suites: only those Part 2 lists for profiles 2 and 3 (A00.FR.318/319, ECDSA and RSA server
        // keys); a CSMS offering none of them fails with InvalidTLSCipherSuite. TLS 1.3 suites are all AEAD.
        tls.cipherSuites = Self.tls12CipherSuites
        tls.certificateVerification = .fullVerification
        switch trustRoots {
        case .systemDefault:
            tls.trustRoots = .default
        case .pemFiles(let paths):
            var roots: [NIOSSLCertificate] = []
            for path in paths { roots += try Self.loadCertificates(path) }
            tls.trustRoots = .certificates(roots)
        }
        if let client = clientCertificate {
            let chain = try Self.loadCertificates(client.certificateChainPath)
            tls.certificateChain = chain.map { .certificate($0) }
            try Self.checkReadable(client.privateKeyPath)
            do {
                tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: client.privateKeyPath, format: .pem))
            } catch {
                throw .invalidPrivateKey(path: client.privateKeyPath)
            }
        }
        do {
            return try NIOSSLContext(configuration: tls)
        } catch {
            throw .tlsSetupFailed(String(describing: error))
        }
    }

    private static func loadCertificates(_ path: String) throws(OCPPConnectionConfigurationError) -> [NIOSSLCertificate]
    {
        try checkReadable(path)
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMFile(path)
        } catch {
            throw .invalidCertificate(path: path, reason: String(describing: error))
        }
        if certificates.isEmpty { throw .invalidCertificate(path: path, reason: "no PEM certificate found") }
        return certificates
    }

    private static func checkReadable(_ path: String) throws(OCPPConnectionConfigurationError) {
        if access(path, R_OK) != 0 { throw .fileNotReadable(path: path) }
    }
}
