#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The certificate store on disk, in `CertificateStoreLayout` (the link reads trust roots and the station's
/// certificate and key from those paths).
///
/// Every file is written to a temporary name in its folder, fsynced, renamed over its final name and the folder
/// fsynced: a reader (or a kill -9) sees the old file or the new one, never half of one. Key files are created
/// with mode 0600 from the start (no window where the key is readable), certificates 0644.
///
/// Installing a station certificate moves two files; the order makes a crash recoverable: (1) the chain is
/// written whole as `certificate.pem.new`, (2) `pending-key.pem` is renamed to `key.pem`, (3)
/// `certificate.pem.new` to `certificate.pem`. `recover()` (run when the store is opened) finishes steps 2-3
/// when it finds step 1 done, so key and certificate always match again before the link reads them.
public final class CertificateDirectory: CertificateFiles {
    public let layout: CertificateStoreLayout
    let newCertificate: String

    public init(layout: CertificateStoreLayout) {
        self.layout = layout
        newCertificate = layout.stationCertificate + ".new"
    }

    /// Makes the folders of every kind and finishes an installation a crash interrupted.
    public func prepare() throws {
        for kind in Self.kinds { try Self.makeDirectories(layout.folder(kind)) }
        try recover()
    }

    /// The certificate kinds of OCPP 2.0.1 the store keeps (InstallCertificateUse, GetCertificateIdUse and the
    /// station's own certificate).
    public static let kinds = [
        "CSMSRootCertificate", "ManufacturerRootCertificate", "V2GRootCertificate", "MORootCertificate",
        "V2GCertificateChain", "ChargingStationCertificate",
    ]

    public func list(_ kind: String) throws -> [StoredCertificate] {
        let folder = layout.folder(kind)
        guard let directory = opendir(folder) else {
            if errno == ENOENT { return [] }
            throw CertificateFileError("opendir \(folder): \(String(cString: strerror(errno)))")
        }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            // Only certificate files: never the station's keys, never a temporary file.
            guard name.hasSuffix(".pem"), !name.hasPrefix("."), !name.contains("key") else { continue }
            names.append(name)
        }
        return try names.sorted().map {
            StoredCertificate(kind: kind, name: $0, pem: try Self.readFile(folder + "/" + $0))
        }
    }

    public func add(_ certificate: StoredCertificate) throws {
        guard Self.isPlainName(certificate.name) else { throw CertificateFileError("bad name \(certificate.name)") }
        let folder = layout.folder(certificate.kind)
        try Self.makeDirectories(folder)
        try Self.writeAtomically(folder + "/" + certificate.name, Array(certificate.pem.utf8), mode: 0o644)
    }

    public func remove(kind: String, name: String) throws {
        guard Self.isPlainName(name) else { throw CertificateFileError("bad name \(name)") }
        let path = layout.folder(kind) + "/" + name
        if unlink(path) != 0, errno != ENOENT {
            throw CertificateFileError("unlink \(path): \(String(cString: strerror(errno)))")
        }
        try Self.syncDirectory(layout.folder(kind))
    }

    public func stationCertificate() throws -> String? { try Self.readIfPresent(layout.stationCertificate) }
    public func pendingKey() throws -> String? { try Self.readIfPresent(layout.pendingStationKey) }

    public func storePendingKey(_ pem: String) throws {
        try Self.makeDirectories(layout.folder("ChargingStationCertificate"))
        try Self.writeAtomically(layout.pendingStationKey, Array(pem.utf8), mode: 0o600)
    }

    public func installStationCertificate(_ chainPEM: String) throws {
        guard Self.exists(layout.pendingStationKey) else { throw CertificateFileError("no pending key") }
        try Self.writeAtomically(newCertificate, Array(chainPEM.utf8), mode: 0o644)
        try finishInstallation()
    }

    /// Finishes steps 2-3 of an installation (see the type's comment) when step 1 is done.
    public func recover() throws {
        guard Self.exists(newCertificate) else { return }
        try finishInstallation()
    }

    private func finishInstallation() throws {
        let folder = layout.folder("ChargingStationCertificate")
        if Self.exists(layout.pendingStationKey) {
            try Self.renameFile(layout.pendingStationKey, layout.stationKey)
            try Self.syncDirectory(folder)
        }
        try Self.renameFile(newCertificate, layout.stationCertificate)
        try Self.syncDirectory(folder)
    }

    // MARK: POSIX

    static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && !name.contains("/") && !name.hasPrefix(".") && name.hasSuffix(".pem") && !name.contains("key")
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    static func makeDirectories(_ path: String) throws {
        if path.isEmpty || exists(path) { return }
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            try makeDirectories(String(path[..<slash]))
        }
        if mkdir(path, 0o755) != 0, errno != EEXIST {
            throw CertificateFileError("mkdir \(path): \(String(cString: strerror(errno)))")
        }
    }

    static func readFile(_ path: String) throws -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CertificateFileError("open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 8192)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw CertificateFileError("read \(path): \(String(cString: strerror(errno)))")
            }
            bytes.append(contentsOf: chunk[..<count])
            guard bytes.count <= CertificateParsing.maximumBytes else {
                throw CertificateFileError("read \(path): larger than \(CertificateParsing.maximumBytes) bytes")
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func readIfPresent(_ path: String) throws -> String? {
        exists(path) ? try readFile(path) : nil
    }

    static func renameFile(_ from: String, _ to: String) throws {
        if rename(from, to) != 0 {
            throw CertificateFileError("rename \(from): \(String(cString: strerror(errno)))")
        }
    }

    static func syncDirectory(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw CertificateFileError("open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        if fsync(fd) != 0 { throw CertificateFileError("fsync \(path): \(String(cString: strerror(errno)))") }
    }

    /// Writes `bytes` to `path` through a temporary file of mode `mode` in the same folder.
    static func writeAtomically(_ path: String, _ bytes: [UInt8], mode: mode_t) throws {
        let temporary = path + ".tmp"
        _ = unlink(temporary)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw CertificateFileError("open \(temporary): \(String(cString: strerror(errno)))") }
        var ok = false
        defer {
            if !ok { _ = unlink(temporary) }
        }
        // The umask may have taken bits away; the mode is part of the contract (0600 keys, 0644 certificates).
        guard fchmod(fd, mode) == 0 else {
            close(fd)
            throw CertificateFileError("fchmod \(temporary): \(String(cString: strerror(errno)))")
        }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                close(fd)
                throw CertificateFileError("write \(temporary): \(reason)")
            }
            offset += written
        }
        guard fsync(fd) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw CertificateFileError("fsync \(temporary): \(reason)")
        }
        close(fd)
        try renameFile(temporary, path)
        ok = true
        let folder = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        try syncDirectory(folder)
    }
}
