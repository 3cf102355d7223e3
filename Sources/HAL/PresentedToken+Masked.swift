extension PresentedToken {
    /// The identifier with its middle hidden (`04A2…7F`), for `chargerctl status` and logs.
    ///
    /// A card id is a credential: whoever copies it can charge on its account, so the full id never leaves
    /// the station's authorization path. The first four and last two characters are enough for a
    /// technician at the box to tell which card was read; ids of eight characters or fewer keep only
    /// their last two (a short id with four shown would be nearly whole).
    public var maskedId: String {
        let characters = Array(id)
        if characters.count > 8 {
            return String(characters.prefix(4)) + "…" + String(characters.suffix(2))
        }
        if characters.count > 2 { return "…" + String(characters.suffix(2)) }
        return "…"
    }
}
