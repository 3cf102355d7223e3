extension String {
    /// The longest prefix of at most `maxBytes` UTF-8 bytes that ends on a Unicode scalar boundary.
    ///
    /// OCPP-J limits a CALLERROR description to 255 characters. Peers count characters as bytes, code points
    /// or grapheme clusters; a prefix within 255 bytes satisfies all three, and never splits a scalar.
    public func truncated(toUTF8Bytes maxBytes: Int) -> String {
        guard utf8.count > maxBytes else { return self }
        var bytes = 0
        var scalars = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            let width = UTF8.width(scalar)
            guard bytes + width <= maxBytes else { break }
            bytes += width
            scalars.append(scalar)
        }
        return String(scalars)
    }
}
