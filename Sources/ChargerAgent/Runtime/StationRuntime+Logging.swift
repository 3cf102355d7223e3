import Logging

extension StationRuntime {
    /// The log levels `--log-level` accepts, from most to least verbose.
    public static let logLevelNames = Logger.Level.allCases.map(\.rawValue)

    /// Sends every logger to stderr, one line per event, at level `name` and above.
    ///
    /// Call once, before building the runtime; swift-log allows a single bootstrap per process.
    /// - Returns: false, bootstrapping nothing, when `name` is not one of `logLevelNames`.
    public static func bootstrapLogging(level name: String) -> Bool {
        guard let level = Logger.Level(rawValue: name.lowercased()) else { return false }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return true
    }
}
