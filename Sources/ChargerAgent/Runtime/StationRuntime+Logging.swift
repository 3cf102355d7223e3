import Logging

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension StationRuntime {
    /// The log levels `--log-level` accepts, from most to least verbose.
    public static let logLevelNames = Logger.Level.allCases.map(\.rawValue)

    /// Sends every logger to stderr through `JournalLogHandler`, one line per event, at level `name` and
    /// above: with `<N>` priority prefixes when stderr is the journal, else with timestamps.
    ///
    /// Call once, before building the runtime; swift-log allows a single bootstrap per process.
    /// - Returns: false, bootstrapping nothing, when `name` is not one of `logLevelNames`.
    public static func bootstrapLogging(
        level name: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Bool {
        guard let level = Logger.Level(rawValue: name.lowercased()) else { return false }
        let format = JournalLogHandler.detectFormat(environment: environment)
        LoggingSystem.bootstrap { label in
            var handler = JournalLogHandler(label: label, format: format)
            handler.logLevel = level
            return handler
        }
        return true
    }
}
