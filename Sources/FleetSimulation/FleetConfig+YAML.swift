import YAMLFields

#if canImport(Glibc)
import Glibc
#endif

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension FleetConfig {
    /// How far a charger may stand from its store's point, in metres; further is a typo in a coordinate.
    public static let maximumChargerDistanceMetres = 500.0

    /// Loads and validates a fleet file.
    public static func load(path: String) throws(FleetConfigError) -> FleetConfig {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw FleetConfigError(file: path, key: "", problem: "cannot be read (\(error))")
        }
        return try parse(yaml: text, file: path)
    }

    /// Parses and validates a fleet file's text; `file` names the source in errors.
    public static func parse(yaml: String, file: String) throws(FleetConfigError) -> FleetConfig {
        try FleetParser(file: file).parse(yaml)
    }
}

/// Reads the YAML tree with the same rules (and error wording) as the board-file parser: unknown keys,
/// missing keys and wrong types are reported by their path.
private struct FleetParser: YAMLFieldReader {
    let file: String

    func fail(_ key: String, _ problem: String, line: Int? = nil) -> FleetConfigError {
        FleetConfigError(file: file, key: key, line: line, problem: problem)
    }

    func parse(_ yaml: String) throws(FleetConfigError) -> FleetConfig {
        let top = try loadTopLevelMapping(yaml)
        try allowOnly(["fleet", "profiles", "stores"], in: top, at: "")
        let name = try string(top["fleet"], at: "fleet")
        var profiles: [String: EVBehaviourProfile] = [:]
        let profileFields = try mapping(top["profiles"], at: "profiles")
        guard !profileFields.isEmpty else { throw fail("profiles", "must name at least one EV profile") }
        for (profileName, value) in profileFields.sorted(by: { $0.key < $1.key }) {
            profiles[profileName] = try parseProfile(value, name: profileName, at: "profiles.\(profileName)")
        }
        guard let storeList = top["stores"] else { throw fail("stores", "is missing") }
        guard let storeItems = storeList as? [Any], !storeItems.isEmpty else {
            throw fail("stores", "must be a non-empty list of stores")
        }
        var stores: [FleetStore] = []
        var chargerPaths: [String: String] = [:]
        for (index, item) in storeItems.enumerated() {
            let path = "stores[\(index)]"
            let store = try parseStore(item, at: path, profiles: profiles, chargerPaths: &chargerPaths)
            if let earlier = stores.firstIndex(where: { $0.id == store.id }) {
                throw fail("\(path).id", "duplicate store id \(store.id) (also stores[\(earlier)].id)")
            }
            stores.append(store)
        }
        return FleetConfig(file: file, name: name, profiles: profiles, stores: stores)
    }

    func parseProfile(_ value: Any, name: String, at path: String) throws(FleetConfigError) -> EVBehaviourProfile {
        let fields = try mapping(value, at: path)
        try allowOnly(
            ["maxPowerKW", "phases", "arrivalsPerHour", "dwellMinutes", "energyKWh", "idToken"],
            in: fields,
            at: path
        )
        let maxPower = try number(fields["maxPowerKW"], at: "\(path).maxPowerKW")
        guard maxPower > 0, maxPower <= FleetCharger.dcLimitKW else {
            throw fail(
                "\(path).maxPowerKW",
                "must be above 0 and at most \(FleetCharger.dcLimitKW) kW, not \(maxPower)"
            )
        }
        let phases = try integer(fields["phases"], at: "\(path).phases")
        guard (1...3).contains(phases) else { throw fail("\(path).phases", "must be 1, 2 or 3, not \(phases)") }
        let arrivals = try number(fields["arrivalsPerHour"], at: "\(path).arrivalsPerHour")
        guard arrivals >= 0, arrivals <= 60 else {
            throw fail("\(path).arrivalsPerHour", "must be 0 to 60 arrivals an hour, not \(arrivals)")
        }
        let dwell = try range(fields["dwellMinutes"], at: "\(path).dwellMinutes", unit: "minutes")
        guard dwell.lowerBound >= 1 else {
            throw fail("\(path).dwellMinutes", "a stay must last at least 1 minute, not \(dwell.lowerBound)")
        }
        let energy = try range(fields["energyKWh"], at: "\(path).energyKWh", unit: "kWh")
        guard energy.lowerBound > 0 else {
            throw fail("\(path).energyKWh", "a vehicle must want more than 0 kWh, not \(energy.lowerBound)")
        }
        let token = try string(fields["idToken"], at: "\(path).idToken")
        guard token.count <= 36 else {
            throw fail("\(path).idToken", "must be at most 36 characters (OCPP IdTokenType), not \(token.count)")
        }
        return EVBehaviourProfile(
            name: name,
            maxPowerKW: maxPower,
            phases: phases,
            arrivalsPerHour: arrivals,
            dwellMinutes: dwell,
            energyKWh: energy,
            idToken: token
        )
    }

    func parseStore(
        _ value: Any,
        at path: String,
        profiles: [String: EVBehaviourProfile],
        chargerPaths: inout [String: String]
    ) throws(FleetConfigError) -> FleetStore {
        let fields = try mapping(value, at: path)
        try allowOnly(["id", "name", "latitude", "longitude", "chargers"], in: fields, at: path)
        let id = try string(fields["id"], at: "\(path).id")
        let name = try string(fields["name"], at: "\(path).name")
        let (latitude, longitude) = try coordinates(fields, at: path)
        guard let chargerList = fields["chargers"] else { throw fail("\(path).chargers", "is missing") }
        guard let items = chargerList as? [Any], !items.isEmpty else {
            throw fail("\(path).chargers", "must be a non-empty list of chargers")
        }
        var chargers: [FleetCharger] = []
        for (index, item) in items.enumerated() {
            let at = "\(path).chargers[\(index)]"
            let charger = try parseCharger(item, at: at, storeId: id, profiles: profiles)
            if let earlier = chargerPaths[charger.id] {
                throw fail("\(at).id", "duplicate charger id \(charger.id) (also \(earlier).id)")
            }
            chargerPaths[charger.id] = at
            let distance = Self.distanceMetres(
                from: (latitude, longitude),
                to: (charger.latitude, charger.longitude)
            )
            guard distance <= FleetConfig.maximumChargerDistanceMetres else {
                throw fail(
                    at,
                    "stands \(Int(distance.rounded())) m from its store's point (at most "
                        + "\(Int(FleetConfig.maximumChargerDistanceMetres)) m); check latitude and longitude"
                )
            }
            chargers.append(charger)
        }
        return FleetStore(id: id, name: name, latitude: latitude, longitude: longitude, chargers: chargers)
    }

    func parseCharger(
        _ value: Any,
        at path: String,
        storeId: String,
        profiles: [String: EVBehaviourProfile]
    ) throws(FleetConfigError) -> FleetCharger {
        let fields = try mapping(value, at: path)
        try allowOnly(["id", "kind", "ratedPowerKW", "latitude", "longitude", "evProfile"], in: fields, at: path)
        let id = try string(fields["id"], at: "\(path).id")
        if let problem = Self.identityProblem(id) { throw fail("\(path).id", problem) }
        let kindName = try string(fields["kind"], at: "\(path).kind")
        guard let kind = FleetCharger.Kind(rawValue: kindName) else {
            throw fail("\(path).kind", "must be ac or dc, not \"\(kindName)\"")
        }
        let rating = try number(fields["ratedPowerKW"], at: "\(path).ratedPowerKW")
        let limit = kind == .ac ? FleetCharger.threePhaseLimitKW : FleetCharger.dcLimitKW
        guard rating > 0, rating <= limit else {
            throw fail(
                "\(path).ratedPowerKW",
                "an \(kind.rawValue) charger must be rated above 0 and at most \(limit) kW, not \(rating)"
            )
        }
        let (latitude, longitude) = try coordinates(fields, at: path)
        let profile = try string(fields["evProfile"], at: "\(path).evProfile")
        guard profiles[profile] != nil else {
            throw fail(
                "\(path).evProfile",
                "unknown EV profile \"\(profile)\"; profiles has \(profiles.keys.sorted().joined(separator: ", "))"
            )
        }
        return FleetCharger(
            id: id,
            storeId: storeId,
            kind: kind,
            ratedPowerKW: rating,
            latitude: latitude,
            longitude: longitude,
            evProfile: profile
        )
    }

    func coordinates(_ fields: [String: Any], at path: String) throws(FleetConfigError) -> (Double, Double) {
        let latitude = try number(fields["latitude"], at: "\(path).latitude")
        guard (-90...90).contains(latitude) else {
            throw fail("\(path).latitude", "must be -90 to 90 degrees, not \(latitude)")
        }
        let longitude = try number(fields["longitude"], at: "\(path).longitude")
        guard (-180...180).contains(longitude) else {
            throw fail("\(path).longitude", "must be -180 to 180 degrees, not \(longitude)")
        }
        return (latitude, longitude)
    }

    /// What makes `id` unusable as an OCPP identity (the last segment of the CSMS URL), or nil.
    static func identityProblem(_ id: String) -> String? {
        if id.utf8.count > 48 { return "an OCPP identity is at most 48 characters, not \(id.utf8.count)" }
        let allowed = id.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                || "-_.".unicodeScalars.contains(scalar)
        }
        return allowed ? nil : "\"\(id)\" may use only letters, digits, '-', '_' and '.' (it is part of a URL)"
    }

    /// Great-circle distance on a spherical Earth; plenty for "a few metres from the store".
    static func distanceMetres(from a: (Double, Double), to b: (Double, Double)) -> Double {
        let radians = Double.pi / 180
        let dLat = (b.0 - a.0) * radians
        let dLon = (b.1 - a.1) * radians
        let h =
            sin(dLat / 2) * sin(dLat / 2) + cos(a.0 * radians) * cos(b.0 * radians) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * 6_371_000 * asin(min(1, h.squareRoot()))
    }

    // MARK: - Scalars

    /// `[low, high]` with low ≤ high, both ≥ 0.
    func range(_ value: Any?, at path: String, unit: String) throws(FleetConfigError) -> ClosedRange<Double> {
        guard let value else { throw fail(path, "is missing") }
        guard let items = value as? [Any], items.count == 2 else {
            throw fail(path, "must be [low, high] in \(unit), not \(describe(value))")
        }
        let low = try number(items[0], at: "\(path)[0]")
        let high = try number(items[1], at: "\(path)[1]")
        guard low >= 0, low <= high else {
            throw fail(path, "must be [low, high] with 0 ≤ low ≤ high, not [\(low), \(high)]")
        }
        return low...high
    }
}
