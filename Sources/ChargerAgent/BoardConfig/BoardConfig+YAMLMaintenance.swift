import YAMLFields

/// The `maintenance` section of a board file: how firmware is installed and logs are uploaded (L01, N01).
///
/// ```yaml
/// maintenance:
///   installer: /usr/local/lib/chargerd/installers/install-deb   # relative: to the board file
///   versionFile: firmware-version                                # optional; relative: to stateDirectory
///   logUpload: put                                               # put (default) or post (multipart)
/// ```
/// Without an installer the station answers UpdateFirmware Rejected; GetLog works either way.
public struct MaintenanceSettings: Sendable, Hashable {
    public enum LogUploadMethod: String, Sendable, Hashable, CaseIterable {
        case put, post
    }

    /// The executable run with the downloaded firmware file (docs/firmware-installers.md).
    public var installer: String?
    /// Where the running firmware version is read at start instead of the build's version (relative: in the
    /// state directory); the simulated installer writes the new version there, so the restarted daemon runs
    /// "on the new version".
    public var versionFile: String?
    public var logUpload: LogUploadMethod

    public init(installer: String? = nil, versionFile: String? = nil, logUpload: LogUploadMethod = .put) {
        self.installer = installer
        self.versionFile = versionFile
        self.logUpload = logUpload
    }
}

extension BoardParser {
    func parseMaintenance(_ value: Any?, at path: String) throws(BoardConfigError) -> MaintenanceSettings {
        guard let value else { return MaintenanceSettings() }
        let fields = try mapping(value, at: path)
        try allowOnly(["installer", "versionFile", "logUpload"], in: fields, at: path)
        let base = BoardConfig.directory(of: file)
        func resolved(_ key: String) throws(BoardConfigError) -> String? {
            guard let value = fields[key] else { return nil }
            let text = try string(value, at: "\(path).\(key)")
            return text.hasPrefix("/") ? text : base + text
        }
        return MaintenanceSettings(
            installer: try resolved("installer"),
            versionFile: try fields["versionFile"].map { value throws(BoardConfigError) in
                try string(value, at: "\(path).versionFile")
            },
            logUpload: try choice(fields["logUpload"], at: "\(path).logUpload", default: .put)
        )
    }
}
