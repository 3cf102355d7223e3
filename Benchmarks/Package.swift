// swift-tools-version:6.2
import PackageDescription

// The measured figures live in their own package so that release builds and benchmark-only code stay out
// of the root package. Run everything with Benchmarks/run.sh.
let package = Package(
    name: "charger-agent-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "charger-agent", path: ".."),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        // Encode + decode + validate throughput of OCPP 2.0.1 messages (compared with the Python `ocpp` library).
        .executableTarget(
            name: "OCPPCodecBenchmark",
            dependencies: [.product(name: "OCPP", package: "charger-agent")]
        ),
        // Codec work per queued TransactionEvent from the store to the wire, before and after issue 13.
        .executableTarget(
            name: "QueuedEventBenchmark",
            dependencies: [.product(name: "OCPP", package: "charger-agent")]
        ),
        // The composite schedule (K08) of 10 stacked profiles x 24 periods, µs per schedule.
        .executableTarget(
            name: "CompositeScheduleBenchmark",
            dependencies: [
                .product(name: "ChargingStation", package: "charger-agent"),
                .product(name: "OCPP", package: "charger-agent"),
            ]
        ),
        // Key + CSR generation time on the station (A02/A03): ECDSA P-256 and RSA 2048.
        .executableTarget(
            name: "CSRGenerationBenchmark",
            dependencies: [.product(name: "StationCertificates", package: "charger-agent")]
        ),
        // Heap bytes of one charging station with 2 simulated EVSEs, constructed and running.
        .executableTarget(
            name: "StationFootprint",
            dependencies: [
                .product(name: "ChargingStation", package: "charger-agent"),
                .product(name: "HALSimulated", package: "charger-agent"),
                .product(name: "OCPPRPC", package: "charger-agent"),
                .product(name: "StationStore", package: "charger-agent"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
