/// Why the pilot HAT's kernel interfaces could not be opened, read or driven; every case names the path.
public enum PilotHATError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A sysfs file or directory the board file names does not exist (driver not loaded, wrong number,
    /// device-tree overlay missing).
    case missingPath(String, what: String, hint: String? = nil)
    /// Writing a value to a sysfs attribute failed (permissions, a value the driver refuses, not a file).
    case writeFailed(path: String, value: String, reason: String)
    /// Reading a sysfs attribute failed.
    case readFailed(path: String, reason: String)
    /// A sysfs attribute holds something that is not the number it should be.
    case invalidValue(path: String, text: String)
    /// The separate output that drives −12 V (state F) could not be driven; names the line.
    case outputFailed(String)

    public var description: String {
        switch self {
        case .missingPath(let path, let what, let hint): "\(what) \(path) not found\(hint.map { " (\($0))" } ?? "")"
        case .writeFailed(let path, let value, let reason): "cannot write \(value) to \(path): \(reason)"
        case .readFailed(let path, let reason): "cannot read \(path): \(reason)"
        case .invalidValue(let path, let text): "\(path) holds \"\(text)\", not a number"
        case .outputFailed(let reason): "state-F output: \(reason)"
        }
    }
}
