/// Why `chargerd` could not assemble its station from a board file that loaded fine.
///
/// Each case names the board key or the path at fault and what to do; none carries a secret's value.
public enum StationRuntimeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A part of the board this version of the daemon cannot drive yet (a real meter, GPIO lines).
    case notWiredYet(key: String, part: String)
    /// A part of the board cannot be opened: a missing serial device or gpiochip, a line held elsewhere.
    case hardware(key: String, problem: String)
    /// The state directory cannot be created or written.
    case stateDirectory(path: String, problem: String)
    /// The station store in the state directory cannot be opened.
    case store(path: String, problem: String)
    /// A secret the board file refers to is missing or unreadable.
    case secret(key: String, problem: String)
    /// The CSMS settings do not fit together (URL scheme against profile, station id, certificates).
    case csms(problem: String)

    public var description: String {
        switch self {
        case .notWiredYet(let key, let part):
            "\(key): \(part) is not wired into chargerd yet in this version; use a simulated part for now"
        case .hardware(let key, let problem):
            "\(key): \(problem)"
        case .stateDirectory(let path, let problem):
            "state directory \(path): \(problem)"
        case .store(let path, let problem):
            "station store \(path): \(problem)"
        case .secret(let key, let problem):
            "\(key): \(problem)"
        case .csms(let problem):
            "csms: \(problem)"
        }
    }
}
