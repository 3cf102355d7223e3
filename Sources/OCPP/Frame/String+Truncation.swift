extension String {
    /// The longest prefix of at most `maxScalars` Unicode scalars (code points).
    ///
    /// OCPP-J limits a CALLERROR description to 255 characters, and its JSON schemas count characters as
    /// code points. `prefix(_:)` counts grapheme clusters, which can hold any number of code points (a letter
    /// with 200 combining accents is one `Character`), so it cannot enforce the limit.
    public func truncated(toUnicodeScalars maxScalars: Int) -> String {
        guard unicodeScalars.count > maxScalars else { return self }
        return String(String.UnicodeScalarView(unicodeScalars.prefix(maxScalars)))
    }
}
