import YAMLFields

/// A simulated fleet (`BoardConfigs/fleets/<fleet>.yaml`): stores with their chargers, and how the
/// simulated EVs behave at them. `charger-sim` runs one station per charger; the bench seeds its charger
/// table from the same file.
public struct FleetConfig: Sendable, Hashable {
    /// The file it was loaded from (for messages).
    public var file: String
    /// The fleet's name (`fleet:`).
    public var name: String
    /// EV behaviour profiles by name.
    public var profiles: [String: EVBehaviourProfile]
    /// The stores, in file order.
    public var stores: [FleetStore]

    public init(file: String, name: String, profiles: [String: EVBehaviourProfile], stores: [FleetStore]) {
        self.file = file
        self.name = name
        self.profiles = profiles
        self.stores = stores
    }

    /// Every charger of every store, in file order.
    public var chargers: [FleetCharger] { stores.flatMap(\.chargers) }
}

/// One store (a site with a location and its chargers).
public struct FleetStore: Sendable, Hashable {
    public var id: String
    public var name: String
    /// WGS 84 degrees.
    public var latitude: Double
    public var longitude: Double
    public var chargers: [FleetCharger]

    public init(id: String, name: String, latitude: Double, longitude: Double, chargers: [FleetCharger]) {
        self.id = id
        self.name = name
        self.latitude = latitude
        self.longitude = longitude
        self.chargers = chargers
    }
}

/// One charger: one OCPP station with one EVSE.
public struct FleetCharger: Sendable, Hashable {
    /// AC (the EV's on-board charger converts) or DC (the charger converts).
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case ac
        case dc
    }

    /// The OCPP identity.
    public var id: String
    /// The store it stands at.
    public var storeId: String
    public var kind: Kind
    /// The most the charger delivers, in kW.
    public var ratedPowerKW: Double
    public var latitude: Double
    public var longitude: Double
    /// A key of `FleetConfig.profiles`: the EVs that come to this charger.
    public var evProfile: String

    public init(
        id: String,
        storeId: String,
        kind: Kind,
        ratedPowerKW: Double,
        latitude: Double,
        longitude: Double,
        evProfile: String
    ) {
        self.id = id
        self.storeId = storeId
        self.kind = kind
        self.ratedPowerKW = ratedPowerKW
        self.latitude = latitude
        self.longitude = longitude
        self.evProfile = evProfile
    }

    /// The phases an AC charger supplies: one up to 7.4 kW (32 A at 230 V), three above. DC: one.
    public var phases: Int {
        kind == .ac && ratedPowerKW > FleetCharger.singlePhaseLimitKW ? 3 : 1
    }

    /// The most a single-phase AC charger delivers (32 A at 230 V), in kW.
    public static let singlePhaseLimitKW = 7.4
    /// The most a three-phase AC charger delivers (32 A at 230 V on three phases), in kW.
    public static let threePhaseLimitKW = 22.1
    /// The most a DC charger of this simulator delivers, in kW.
    public static let dcLimitKW = 400.0
}

/// How the EVs at one charger behave when the fleet runs on its own (not `--manual`).
public struct EVBehaviourProfile: Sendable, Hashable {
    public var name: String
    /// The vehicle's own limit, in kW (the charger's rating limits it further).
    public var maxPowerKW: Double
    /// The phases the vehicle's on-board charger uses (AC); 1 for DC.
    public var phases: Int
    /// Mean arrivals per hour at a free charger (exponential gaps); 0 means nobody comes.
    public var arrivalsPerHour: Double
    /// How long a vehicle stays plugged in, drawn uniformly, in minutes.
    public var dwellMinutes: ClosedRange<Double>
    /// How much energy a vehicle wants, drawn uniformly, in kWh; it stops drawing when full.
    public var energyKWh: ClosedRange<Double>
    /// The token the driver presents at the charger.
    public var idToken: String

    public init(
        name: String,
        maxPowerKW: Double,
        phases: Int,
        arrivalsPerHour: Double,
        dwellMinutes: ClosedRange<Double>,
        energyKWh: ClosedRange<Double>,
        idToken: String
    ) {
        self.name = name
        self.maxPowerKW = maxPowerKW
        self.phases = phases
        self.arrivalsPerHour = arrivalsPerHour
        self.dwellMinutes = dwellMinutes
        self.energyKWh = energyKWh
        self.idToken = idToken
    }
}

/// A fleet file that cannot be used: the file, the key (e.g. `stores[0].chargers[3].ratedPowerKW`), what is
/// wrong and, for YAML syntax, the line.
public typealias FleetConfigError = YAMLFileError
