extension NFCTokenReader {
    /// Opens the reader at `connstring` once and closes it again: libnfc's name for it, or why it did not
    /// open. For `chargerctl diag` with the daemon stopped; while the daemon runs it holds the reader, and
    /// its `status` says the same.
    public static func probe(connstring: String) -> Result<String, NFCError> {
        let link = LibnfcLink(connstring: connstring)
        defer { link.close() }
        return Result { () throws(NFCError) in try link.open() }
    }
}
