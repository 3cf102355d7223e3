import ChargingStation
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a board's firmware installer (and the few other programs GetLog needs: journalctl, tar) and reads
/// its answer, with posix_spawn rather than Foundation's Process, which chargerd does not link.
///
/// The installer contract (docs/firmware-installers.md):
/// - called as `<installer> <firmware file>`, with CHARGERD_STATE_DIR, CHARGERD_RUNNING_VERSION and, when
///   the board names one, CHARGERD_VERSION_FILE in its environment;
/// - exit 0: installed, chargerd must restart to run it (InstallRebooting, then a restart);
///   exit 10: installed and already running, no restart; anything else: InstallationFailed, nothing changed;
/// - stdout and stderr go to chargerd's log; a line `version=<v>` says which version the install brings,
///   which the restarted station compares with the version it runs (Installed or InstallVerificationFailed).
enum InstallerProcess {
    struct Run: Sendable {
        var status: Int32
        var output: String
        var startFailure: String? = nil
    }

    /// Runs `executable` (a path, or a name looked up in PATH) and collects stdout and stderr together
    /// (at most `outputLimit` bytes kept; the rest is read and dropped). Waits on a thread of NIO's pool, not
    /// on the cooperative pool: an installer may take minutes.
    static func run(
        _ executable: String,
        arguments: [String],
        environment: [String: String],
        outputLimit: Int = 1 << 20
    ) async -> Run {
        do {
            return try await NIOThreadPool.singleton.runIfActive {
                spawnAndWait(executable, arguments: arguments, environment: environment, outputLimit: outputLimit)
            }
        } catch {
            return Run(status: -1, output: "", startFailure: "\(executable): \(error)")
        }
    }

    private static func spawnAndWait(
        _ executable: String,
        arguments: [String],
        environment: [String: String],
        outputLimit: Int
    ) -> Run {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return Run(status: -1, output: "", startFailure: "pipe: \(errnoText())") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addclose(&actions, fds[0])
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        posix_spawn_file_actions_adddup2(&actions, fds[1], 2)
        posix_spawn_file_actions_addclose(&actions, fds[1])
        // Nothing else of the daemon's: without this the child inherits every descriptor not opened with
        // O_CLOEXEC (NIO's sockets are not): the control socket's listener, the CSMS connection. An installer
        // that outlives a killed chargerd then kept the old control socket listening, and the restarted
        // daemon's first `chargerctl status` connected to it and waited its whole 30 s read timeout.
        closeInheritedDescriptors(&actions)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, executable, &actions, nil, argv, envp)
        close(fds[1])
        guard spawned == 0 else {
            close(fds[0])
            return Run(status: -1, output: "", startFailure: "\(executable): \(String(cString: strerror(spawned)))")
        }
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fds[0], $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            if output.count < outputLimit { output += buffer[0..<min(count, outputLimit - output.count)] }
        }
        close(fds[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS, spelled out (the C macros are not imported).
        let exited = status & 0x7F == 0
        let code = exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return Run(status: code, output: String(decoding: output, as: UTF8.self))
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }

    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+; the Swift Glibc module does not export it),
    /// looked up once.
    private static let closeFrom: CloseFrom? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
        else { return nil }
        return unsafeBitCast(symbol, to: CloseFrom.self)
    }()

    /// Every descriptor from 3 up is closed in the child: through glibc's closefrom action, or (an older libc)
    /// by marking the daemon's descriptors close-on-exec first.
    private static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
        if let closeFrom, closeFrom(&actions, 3) == 0 { return }
        guard let directory = opendir("/proc/self/fd") else { return }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard let descriptor = Int32(name), descriptor > 2 else { continue }
            let flags = fcntl(descriptor, F_GETFD)
            if flags >= 0 { _ = fcntl(descriptor, F_SETFD, flags | FD_CLOEXEC) }
        }
    }

    static func outcome(of run: Run) -> FirmwareInstallOutcome {
        if let failure = run.startFailure { return .failed(failure) }
        let lines = run.output.split(separator: "\n").map(String.init)
        let version = lines.last { $0.hasPrefix("version=") }.map { String($0.dropFirst("version=".count)) }
        switch run.status {
        case 0: return .rebootRequired(version: version)
        case 10: return .installed(version: version)
        default: return .failed("installer exit \(run.status): \(lines.last ?? "")")
        }
    }
}
