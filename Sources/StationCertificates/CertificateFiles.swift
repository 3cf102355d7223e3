import Synchronization

/// One certificate (or chain) file of the store: its kind (the OCPP enumeration value), file name and PEM text.
public struct StoredCertificate: Sendable, Equatable {
    public var kind: String
    public var name: String
    public var pem: String

    public init(kind: String, name: String, pem: String) {
        self.kind = kind
        self.name = name
        self.pem = pem
    }
}

/// Why the store could not read or write: the operation, the path and the system's reason. Never file content.
public struct CertificateFileError: Error, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The file I/O of certificate management, behind a small protocol so the station's decisions stay pure and
/// its tests run on `InMemoryCertificateFiles`. `CertificateDirectory` keeps `CertificateStoreLayout`.
public protocol CertificateFiles: Sendable {
    /// The files of one kind (`CSMSRootCertificate`, `V2GCertificateChain`, ...), in name order.
    func list(_ kind: String) throws -> [StoredCertificate]
    /// Writes a certificate file (mode 0644, whole or not at all).
    func add(_ certificate: StoredCertificate) throws
    /// Removes a certificate file; a missing one is not an error.
    func remove(kind: String, name: String) throws
    /// The chain the CSMS signed for the station, nil before the first one.
    func stationCertificate() throws -> String?
    /// The key of a CSR not answered yet (mode 0600), nil when there is none.
    func pendingKey() throws -> String?
    /// Keeps the key of a new CSR until its certificate comes (mode 0600, whole or not at all).
    func storePendingKey(_ pem: String) throws
    /// The signed chain becomes the station certificate and the pending key the station key, such that a
    /// crash at any point leaves the old pair or the new pair (after `recover()`), never a mix or half a file.
    func installStationCertificate(_ chainPEM: String) throws
}

/// The store in memory, for tests and stations without a state directory.
public final class InMemoryCertificateFiles: CertificateFiles {
    struct State {
        var files: [String: [String: String]] = [:]
        var stationCertificate: String?
        var stationKey: String?
        var pendingKey: String?
    }

    let state = Mutex(State())

    public init() {}

    public func list(_ kind: String) throws -> [StoredCertificate] {
        state.withLock { state in
            var files = state.files[kind] ?? [:]
            // As on disk: the station's certificate is a file of its kind.
            if kind == "ChargingStationCertificate", let station = state.stationCertificate {
                files["certificate.pem"] = station
            }
            return files.sorted { $0.key < $1.key }.map { StoredCertificate(kind: kind, name: $0.key, pem: $0.value) }
        }
    }

    public func add(_ certificate: StoredCertificate) throws {
        state.withLock { $0.files[certificate.kind, default: [:]][certificate.name] = certificate.pem }
    }

    public func remove(kind: String, name: String) throws {
        _ = state.withLock { $0.files[kind]?.removeValue(forKey: name) }
    }

    public func stationCertificate() throws -> String? { state.withLock { $0.stationCertificate } }
    public func pendingKey() throws -> String? { state.withLock { $0.pendingKey } }
    /// The station's key (tests check that the pending key became it).
    public func stationKey() -> String? { state.withLock { $0.stationKey } }

    public func storePendingKey(_ pem: String) throws { state.withLock { $0.pendingKey = pem } }

    public func installStationCertificate(_ chainPEM: String) throws {
        try state.withLock { state in
            guard let key = state.pendingKey else { throw CertificateFileError("no pending key") }
            state.stationKey = key
            state.stationCertificate = chainPEM
            state.pendingKey = nil
        }
    }
}
