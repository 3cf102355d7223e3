/// Why a GPIO chip or line could not be opened, requested or used; every case names the chip or line.
public enum GPIOError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No chip answers to this path, name, number or label (for example no `/dev/gpiochip4` on this board).
    case chipNotFound(String)
    /// The chip exists but could not be opened (permissions: the service user needs the `gpio` group).
    case chipUnavailable(String, reason: String)
    /// The chip has no line with this offset or name.
    case lineNotFound(chip: String, line: String)
    /// The line exists but could not be requested (most often: another process holds it).
    case requestFailed(line: String, reason: String)
    /// Reading, driving or waiting on a requested line failed.
    case ioFailure(line: String, reason: String)

    public var description: String {
        switch self {
        case .chipNotFound(let chip): "GPIO chip \(chip) not found"
        case .chipUnavailable(let chip, let reason): "GPIO chip \(chip) cannot be opened: \(reason)"
        case .lineNotFound(let chip, let line): "GPIO chip \(chip) has no line \(line)"
        case .requestFailed(let line, let reason): "GPIO line \(line) cannot be requested: \(reason)"
        case .ioFailure(let line, let reason): "GPIO line \(line) failed: \(reason)"
        }
    }
}
