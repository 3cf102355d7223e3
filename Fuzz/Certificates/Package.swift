// swift-tools-version:6.2
import PackageDescription

// libFuzzer target for certificate and CSR parsing as they arrive from the CSMS (InstallCertificate's
// certificate, CertificateSigned's chain: PEM or DER). Its own package so the instrumented build stays out of
// the root package's .build; Fuzz/run-certificates.sh builds it with --sanitize fuzzer --sanitize address.
let package = Package(
    name: "charger-agent-certificate-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "charger-agent", path: "../..")],
    targets: [
        .executableTarget(
            name: "CertificateParsingFuzz",
            dependencies: [.product(name: "StationCertificates", package: "charger-agent")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        )
    ],
    swiftLanguageModes: [.v6]
)
