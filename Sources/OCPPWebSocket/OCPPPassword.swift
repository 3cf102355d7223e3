/// The HTTP Basic password of a charging station (`SecurityCtrlr.BasicAuthPassword`), kept out of logs.
///
/// Every textual form (`description`, `debugDescription`, `dump`) prints `<redacted>`; the only way to
/// read the secret is `revealed`, which the transport uses to build the `Authorization` header.
public struct OCPPPassword: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable, ExpressibleByStringLiteral
{
    /// What every textual form prints instead of the secret; also the marker `Redaction` (ChargerAgent) puts
    /// in place of secrets it finds in text, so a reader meets one word for "a secret was here".
    public static let placeholder = "<redacted>"

    /// The secret itself. Do not log it.
    public let revealed: String

    public init(_ secret: String) { self.revealed = secret }
    public init(stringLiteral secret: String) { self.revealed = secret }

    public var description: String { Self.placeholder }
    public var debugDescription: String { Self.placeholder }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
