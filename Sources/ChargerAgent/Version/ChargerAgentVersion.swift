/// The version of this build of charger-agent: BootNotification's `firmwareVersion`, `chargerd --version`,
/// `chargerctl --version` and `charger-sim --version`.
///
/// One hand-kept constant because SwiftPM runs no script at build time (no `git describe`): bump it with
/// every release (README, "Releasing"), so the CSMS and a technician see which firmware a station runs.
public enum ChargerAgentVersion {
    /// Semantic version of the release this tree is (or will become).
    public static let current = "0.1.0"
}
