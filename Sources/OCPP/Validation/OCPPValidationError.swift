/// A payload broke a constraint of its OCPP 2.0.1 JSON schema.
///
/// `code` is the CALLERROR code the spec assigns to that kind of violation; `path` locates the offending
/// field in JSON-pointer-like dotted form (`idToken.type`, `meterValue[0].sampledValue[3].value`).
public struct OCPPValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: RPCErrorCode
    public var path: String
    public var message: String

    public init(code: RPCErrorCode, path: String, message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    /// One line for a CALLERROR description or a log, at most 255 characters (code points) as OCPP-J requires.
    public var description: String {
        let text = path.isEmpty ? message : "\(path): \(message)"
        return text.truncated(toUnicodeScalars: OCPPFrame.maximumErrorDescriptionLength)
    }

    /// The same error seen from one level up: `key` becomes the first component of the path.
    func nested(in key: String) -> OCPPValidationError {
        var copy = self
        if path.isEmpty {
            copy.path = key
        } else if path.hasPrefix("[") {
            copy.path = key + path
        } else {
            copy.path = key + "." + path
        }
        return copy
    }

    func nested(at index: Int) -> OCPPValidationError {
        var copy = self
        copy.path = path.isEmpty || path.hasPrefix("[") ? "[\(index)]" + path : "[\(index)]." + path
        return copy
    }
}
