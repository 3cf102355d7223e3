import ArgumentParser
import BoardDiagnostics
import ChargerAgent
import Foundation
import OCPP
import StationCertificates

/// `chargerctl bundle -o FILE.tar.gz`: what support needs, with every secret removed.
struct Bundle: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a support bundle: redacted config, status, diag, store summary and recent logs.",
        discussion: """
            Passwords, keys, tokens and URL credentials are replaced by <redacted>; the values of the secrets the
            board file refers to are also removed wherever they appear.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .shortAndLong, help: "The .tar.gz file to write.")
    var output: String

    @Option(name: .long, help: "The board file (default: the one the running daemon loaded).")
    var config: String?

    @Option(name: .customLong("log-file"), help: "A log file to include when journalctl has no chargerd unit.")
    var logFile: String?

    @Option(name: .customLong("log-lines"), help: "How many recent log lines to include.")
    var logLines: Int = 2000

    func run() async throws {
        let manager = FileManager.default
        let name = "chargerd-bundle-\(Int(Date().timeIntervalSince1970))"
        let work = manager.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        let folder = work.appendingPathComponent(name)
        try manager.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? manager.removeItem(at: work) }

        var notes: [String] = ["chargerctl bundle, \(RFC3339.string(from: Date(), fraction: .none))"]
        var status: JSONValue?
        var diag: JSONValue?
        if let client = try? ControlClient.connect(path: global.socketPath) {
            status = try? CLI.request(client, global, "status")
            diag = try? CLI.request(client, global, "diag")
            notes.append("daemon answered on \(global.socketPath)")
        } else {
            notes.append("daemon not reachable on \(global.socketPath)")
        }
        let configFile = config ?? status?["station"]?["config"]?.stringValue
        var board: BoardConfig?
        if let configFile {
            board = try? BoardConfig.load(path: configFile)
            if diag == nil { diag = await DirectDiagnostics.run(configFile: configFile).jsonValue }
        } else {
            notes.append("no board file: pass --config")
        }
        // The state directory the daemon runs on (its store's folder: --state-dir may differ from the board file).
        let stateDirectory =
            status?["station"]?["store"]?.stringValue.map { ($0 as NSString).deletingLastPathComponent }
            ?? board?.stateDirectory
        let secrets = Self.secretValues(board, stateDirectory: stateDirectory)
        func write(_ file: String, _ text: String) throws {
            var clean = Redaction.text(text)
            for secret in secrets { clean = clean.replacingOccurrences(of: secret, with: Redaction.marker) }
            try clean.write(to: folder.appendingPathComponent(file), atomically: true, encoding: .utf8)
        }

        if let configFile, let text = try? String(contentsOfFile: configFile, encoding: .utf8) {
            try write("config.yaml", text)
        }
        if let status { try write("status.json", status.jsonText) }
        if let diag {
            try write("diag.json", diag.jsonText)
            try write("diag.txt", ControlFormatting(color: false).diag(DiagnosticReport(json: diag)))
        }
        let storePath =
            status?["station"]?["store"]?.stringValue ?? board.map { $0.stateDirectory + "/station.sqlite" }
        if let storePath { try write("store-summary.json", StoreInspector.summary(path: storePath).jsonText) }
        let (logs, source) = await Self.recentLogs(lines: logLines, file: logFile)
        notes.append("logs: \(source)")
        try write("logs.txt", logs)
        try write("README.txt", notes.joined(separator: "\n") + "\n")

        let tar = Process()
        tar.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        tar.arguments = ["tar", "-czf", output, "-C", work.path, name]
        try tar.run()
        tar.waitUntilExit()
        guard tar.terminationStatus == 0 else {
            CLI.printError("tar failed writing \(output) (status \(tar.terminationStatus))")
            throw Exit.failed
        }
        CLI.output("wrote \(output)")
    }

    /// The secret values the board refers to (password by env or file, client key file contents), so they
    /// are removed even where no key names them (a log line, a URL).
    static func secretValues(_ board: BoardConfig?, stateDirectory: String? = nil) -> [String] {
        guard let board else { return [] }
        var values: [String] = []
        switch board.csms.password {
        case .environment(let name)?:
            if let value = ProcessInfo.processInfo.environment[name] { values.append(value) }
        case .file(let path)?:
            if let value = try? String(contentsOfFile: path, encoding: .utf8) { values.append(value) }
        case nil:
            break
        }
        // The board's client key and the keys the station made for its certificate (A02/A03): the bundle never
        // copies a key file, and no line of one may reach it through a log either.
        let layout = CertificateStoreLayout(stateDirectory: stateDirectory ?? board.stateDirectory)
        let keyFiles = [board.csms.clientCertificate?.privateKeyPath, layout.stationKey, layout.pendingStationKey]
        for key in keyFiles.compactMap(\.self) {
            guard let text = try? String(contentsOfFile: key, encoding: .utf8) else { continue }
            values += text.split(separator: "\n").map(String.init).filter { $0.count >= 16 && !$0.hasPrefix("-----") }
        }
        return values.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { $0.count >= 4 }
    }

    /// `journalctl -u chargerd` when there is a journal with that unit (the same source as GetLog's
    /// DiagnosticsLog), else the tail of `file`.
    static func recentLogs(lines: Int, file: String?) async -> (String, String) {
        let journal = await JournalLogSource(unit: "chargerd").lines(last: lines)
        if let text = journal.text { return (text, journal.why) }
        if let file, let text = try? String(contentsOfFile: file, encoding: .utf8) {
            return (
                text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n"),
                file
            )
        }
        return ("(no logs: no journal entries for chargerd and no --log-file)\n", "none")
    }
}
