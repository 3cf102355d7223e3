// swift-tools-version:6.2
import PackageDescription

/// Our own targets treat every warning as an error; dependencies are left alone.
let strict: [SwiftSetting] = [
    .treatAllWarnings(as: .error),
    .enableUpcomingFeature("ExistentialAny"),
]

/// How the executables are linked on Linux (measured in Benchmarks/chargerd-footprint.md): with lld, relative
/// relocations packed as DT_RELR (glibc 2.36+: Debian 12, Raspberry Pi OS bookworm) instead of 2.8 MB of
/// `.rela.dyn` that the loader reads and applies at every start, no symbol table exported for `dlsym`, which
/// nothing here uses, and the C++ runtime that the Swift runtime needs linked statically (libstdc++.a through
/// the stub in Scripts/link/static-libstdc++, libgcc's unwinder through `-static-libgcc`), so no libstdc++.so
/// or libgcc_s.so is mapped and relocated at start. Still position-independent (ASLR).
let lean: [LinkerSetting] = [
    .unsafeFlags(
        [
            "-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs", "-Xlinker", "--no-export-dynamic",
            "-L", "\(Context.packageDirectory)/Scripts/link/static-libstdc++", "-Xclang-linker", "-static-libgcc",
        ],
        .when(platforms: [.linux])
    )
]

/// chargerd's code layout: the functions that run at boot, while idle and during a session are placed together
/// at the start of the executable (`.text.hot`), so the few pages the kernel maps around each one that runs
/// hold code that runs rather than code that never does. The list is measured, not written:
/// Benchmarks/chargerd_layout.sh profiles the daemon and regenerates Scripts/link/chargerd-hot-text.ld. It needs
/// a release build with function sections (Scripts/lib/release-build.sh); entries that match nothing (a debug
/// build, a renamed function) are ignored, and such functions simply stay in `.text`.
let hotText: [LinkerSetting] = [
    .unsafeFlags(
        ["-Xlinker", "-T", "-Xlinker", "\(Context.packageDirectory)/Scripts/link/chargerd-hot-text.ld"],
        .when(platforms: [.linux])
    )
]

let package = Package(
    name: "charger-agent",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "OCPP", targets: ["OCPP"]),
        .library(name: "OCPPRPC", targets: ["OCPPRPC"]),
        .library(name: "OCPPWebSocket", targets: ["OCPPWebSocket"]),
        .library(name: "OCPPTestSupport", targets: ["OCPPTestSupport"]),
        .library(name: "StationStore", targets: ["StationStore"]),
        .library(name: "HAL", targets: ["HAL"]),
        .library(name: "HALSimulated", targets: ["HALSimulated"]),
        .library(name: "ChargingStation", targets: ["ChargingStation"]),
        .library(name: "StationCertificates", targets: ["StationCertificates"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
    ],
    targets: [
        // The OCPP 2.0.1 messages (generated from the OCA schemas), constraint checks and the OCPP-J frame codec.
        .target(name: "OCPP", swiftSettings: strict),
        // An RPC session over any message transport: one CALL in flight, correlation, timeouts, handlers.
        .target(
            name: "OCPPRPC",
            dependencies: ["OCPP", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        // The WebSocket link to a CSMS (security profiles 1-3, ping/pong, reconnect back-off).
        .target(
            name: "OCPPWebSocket",
            dependencies: [
                "OCPP", "OCPPRPC",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // What the test targets share (never linked into an executable): a manual clock, bounded waits, the
        // launcher of the Python peers in Tests/Peers, and the scripted CSMS and Modbus server built on it.
        .target(name: "OCPPTestSupport", swiftSettings: strict),
        // Hardware abstraction: protocols and value types only (meter, contactor, pilot, lock, inputs, LEDs, reader).
        .target(name: "HAL", swiftSettings: strict),
        // Headless simulated hardware on an injected clock: EV, meter, contactor, inputs, with fault injection.
        .target(name: "HALSimulated", dependencies: ["HAL"], swiftSettings: strict),
        .testTarget(
            name: "HALSimulatedTests",
            dependencies: ["HALSimulated", "OCPPTestSupport"],
            swiftSettings: strict
        ),
        // Typed access to YAML data files with errors naming the file and key (boards, meter maps, fleets).
        .systemLibrary(name: "CYAML", path: "Sources/CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(
            name: "CSQLite",
            path: "Sources/CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .target(name: "YAMLFields", dependencies: ["CYAML"], swiftSettings: strict),
        // The daemon's few file-system calls (board files, state directory, socket folder) on POSIX, without
        // FileManager's bulk in every boot.
        .target(name: "LocalFiles", swiftSettings: strict),
        // libmodbus, as a system library (Debian: libmodbus-dev).
        .systemLibrary(
            name: "CModbus",
            path: "Sources/CModbus",
            pkgConfig: "libmodbus",
            providers: [.apt(["libmodbus-dev"])]
        ),
        // Energy meters on a Modbus RTU or TCP bus, described by YAML register maps (BoardConfigs/meters).
        .target(
            name: "HALModbus",
            dependencies: [
                "HAL", "CModbus", "YAMLFields", "LocalFiles",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "HALModbusTests", dependencies: ["HALModbus", "OCPPTestSupport"], swiftSettings: strict),
        // What the station must not lose in a power cut: transactions, their message queue, device model, auth.
        .target(
            name: "StationStore",
            dependencies: ["OCPP", "CSQLite"],
            swiftSettings: strict
        ),
        .testTarget(name: "StationStoreTests", dependencies: ["StationStore"], swiftSettings: strict),
        // X.509 certificates, keys and signatures: the certificate store (M), CSRs made on the device (A02/A03),
        // hash data (M03/M04), firmware signature checks (L01). swift-certificates on swift-crypto.
        .target(
            name: "StationCertificates",
            dependencies: [
                "LocalFiles",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: strict
        ),
        // HTTP(S) downloads to a file and uploads from a file, streamed (firmware L01, log upload N01).
        .target(
            name: "HTTPTransfer",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "HTTPTransferTests",
            dependencies: [
                "HTTPTransfer", "StationCertificates", "OCPPTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "StationCertificatesTests",
            dependencies: [
                "StationCertificates", "OCPPTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: strict
        ),
        // The station's behaviour, I/O-free, grouped by OCPP functional block.
        .target(
            name: "ChargingStation",
            dependencies: [
                "OCPP", "OCPPRPC", "HAL", "StationStore", "StationCertificates",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "X509", package: "swift-certificates"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ChargingStationTests",
            dependencies: [
                "ChargingStation", "HALSimulated", "OCPPTestSupport", "StationCertificates",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "OCPPTests", dependencies: ["OCPP", "OCPPTestSupport"], swiftSettings: strict),
        .testTarget(name: "OCPPRPCTests", dependencies: ["OCPPRPC", "OCPPTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "OCPPWebSocketTests",
            dependencies: ["OCPPWebSocket", "OCPPTestSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        // The whole station over the real WebSocket transport against the Python `ocpp` library as CSMS.
        .testTarget(
            name: "StationEndToEndTests",
            dependencies: [
                "ChargingStation", "OCPPWebSocket", "HALSimulated", "StationStore", "OCPPTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // libgpiod v1 (1.6.3), behind a small shim so its bulk structs and flag macros stay in C.
        .systemLibrary(
            name: "CGPIOD",
            path: "Sources/CGPIOD",
            pkgConfig: "libgpiod",
            providers: [.apt(["libgpiod-dev"])]
        ),
        // Contactors with feedback, LED patterns and debounced inputs on GPIO lines.
        .target(name: "HALGPIO", dependencies: ["HAL", "CGPIOD"], swiftSettings: strict),
        .testTarget(name: "HALGPIOTests", dependencies: ["HALGPIO", "OCPPTestSupport"], swiftSettings: strict),
        // EVSE parts on Linux kernel interfaces: the control-pilot HAT (sysfs PWM class, IIO ADC channels).
        .target(name: "HALLinux", dependencies: ["HAL"], swiftSettings: strict),
        .testTarget(name: "HALLinuxTests", dependencies: ["HALLinux", "OCPPTestSupport"], swiftSettings: strict),
        // The Linux input subsystem's event-device ABI (<linux/input.h>, Debian: linux-libc-dev), behind a shim.
        .systemLibrary(name: "CLinuxInput", path: "Sources/CLinuxInput", providers: [.apt(["linux-libc-dev"])]),
        // USB HID keyboard-wedge card readers through their event device (grabbed, decoded, repeats dropped).
        .target(
            name: "HALInput",
            dependencies: ["HAL", "CLinuxInput", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "HALInputTests",
            dependencies: [
                "HALInput", "CLinuxInput", "OCPPTestSupport", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // libnfc (1.8, Debian: libnfc-dev), behind a shim that polls for one ISO 14443 type A card.
        .systemLibrary(name: "CNFC", path: "Sources/CNFC", pkgConfig: "libnfc", providers: [.apt(["libnfc-dev"])]),
        // PN532-class NFC readers through libnfc, polled for ISO 14443 type A cards.
        .target(
            name: "HALNFC",
            dependencies: ["HAL", "CNFC", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "HALNFCTests",
            dependencies: ["HALNFC", "OCPPTestSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        // The composition root: board configs (BoardConfigs/*.yaml) validated at load, and the HAL built from them.
        .target(
            name: "ChargerAgent",
            dependencies: [
                "ChargingStation", "HAL", "HALSimulated", "HALModbus", "HALGPIO", "HALLinux", "HALInput", "HALNFC",
                "OCPPWebSocket", "StationStore", "YAMLFields", "LocalFiles", "HTTPTransfer", "StationCertificates",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                // Imported directly: the control socket (NIO), the CSMS probe (TLS).
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ChargerAgentTests",
            dependencies: ["ChargerAgent", "LocalFiles", "OCPPTestSupport"],
            exclude: ["Snapshots"],
            swiftSettings: strict
        ),
        // Many stations on simulated hardware in one process (BoardConfigs/fleets/*.yaml), EV drivers, site
        // data: what charger-sim runs. Kept out of ChargerAgent so chargerd does not carry it.
        .target(
            name: "FleetSimulation",
            dependencies: [
                "ChargerAgent", "ChargingStation", "HAL", "HALSimulated", "OCPP", "OCPPRPC", "OCPPWebSocket",
                "StationStore", "YAMLFields",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "FleetSimulationTests",
            dependencies: ["FleetSimulation", "ChargerAgent", "HAL", "HALSimulated"],
            swiftSettings: strict
        ),
        // The technician's checks with the daemon stopped (`chargerctl diag --config`, `chargerctl bundle`).
        // The checks chargerd itself answers over its control socket stay in ChargerAgent.
        .target(
            name: "BoardDiagnostics",
            dependencies: ["ChargerAgent", "HAL", "OCPP", "StationStore"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "BoardDiagnosticsTests",
            dependencies: ["BoardDiagnostics", "ChargerAgent", "OCPP", "StationStore"],
            swiftSettings: strict
        ),
        // The daemon: one station on real or simulated hardware, as a board file describes it.
        .executableTarget(
            name: "chargerd",
            dependencies: ["ChargerAgent"],
            swiftSettings: strict,
            linkerSettings: lean + hotText
        ),
        // Field diagnostics and control: the client of chargerd's control socket; probes the board directly
        // when the daemon is stopped.
        .executableTarget(
            name: "chargerctl",
            dependencies: [
                "ChargerAgent", "BoardDiagnostics", "StationCertificates",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict,
            linkerSettings: lean
        ),
        // The fleet simulator: many stations on simulated hardware in one process (BoardConfigs/fleets/*.yaml).
        .executableTarget(
            name: "charger-sim",
            dependencies: [
                "FleetSimulation", "ChargerAgent", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict,
            linkerSettings: lean
        ),
    ],
    swiftLanguageModes: [.v6]
)
