extension FleetConfig {
    /// Why a selection of stations cannot be made.
    public enum SelectionError: Error, Sendable, Hashable, CustomStringConvertible {
        case unknownCharger(id: String, file: String)
        case emptySelection
        case stationCount(Int)

        public var description: String {
            switch self {
            case .unknownCharger(let id, let file): "--only: \(file) has no charger \"\(id)\""
            case .emptySelection: "--only: no charger selected"
            case .stationCount(let count): "--stations: must be 1 or more, not \(count)"
            }
        }
    }

    /// The chargers to run: the listed ones (`only`), or `count` stations made by repeating the fleet.
    ///
    /// The first copy keeps the file's ids; copy k (k ≥ 1) suffixes each id with `_x<k>`, so a scale run
    /// of 10,000 stations has unique identities and keeps each charger's kind, rating and EV profile.
    public func selectChargers(count: Int? = nil, only: [String]? = nil) throws(SelectionError) -> [FleetCharger] {
        var chosen = chargers
        if let only {
            let wanted = Set(only)
            for id in only where !chosen.contains(where: { $0.id == id }) {
                throw .unknownCharger(id: id, file: file)
            }
            chosen = chosen.filter { wanted.contains($0.id) }
            guard !chosen.isEmpty else { throw .emptySelection }
        }
        guard let count else { return chosen }
        guard count >= 1 else { throw .stationCount(count) }
        guard !chosen.isEmpty else { throw .emptySelection }
        return (0..<count).map { index in
            var charger = chosen[index % chosen.count]
            let copy = index / chosen.count
            if copy > 0 { charger.id += "_x\(copy)" }
            return charger
        }
    }
}
