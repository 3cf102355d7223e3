/// Load sharing (issue 17 item 4): the station's limit (its ChargingStationMaxProfile) shared among the sessions
/// running on its EVSEs.
///
/// A value type on the station's clock: the actor hands it the station's limit now and one `Session` per EVSE
/// taking part, all in W, and gets each EVSE's share back. The rules:
/// - Fair share: the limit is split evenly ("water filling"): an EVSE whose own cap (rating, cable, TxProfile or
///   TxDefaultProfile) or demand is below its even share takes only that, and what it leaves goes evenly to the
///   others. The shares never add up to more than the limit.
/// - What a vehicle does not draw goes to the others: once an EVSE's share has stood for `interval`, a vehicle
///   drawing clearly less (its metered power plus half the headroom below its share) is held at what it draws
///   plus `headroom`; one drawing (almost) all of its share asks for its full cap again. A share that rises is
///   given `interval` before its meter counts again, so a vehicle ramping up is not cut back.
/// - An EVSE taking part gets at least its minimum (AC: 6 A on the phases in use), even if it draws less. One
///   whose even share cannot reach its minimum gets nothing, and its share goes to the others; the highest EVSE
///   id gives way first.
/// - A session that ends leaves the sharing; its share goes to the others at once.
struct LoadSharing: Sendable, Equatable {
    struct Configuration: Sendable, Equatable {
        /// How often the shares are looked at again while sessions share a limit (the `.chargingLimit` timer).
        var interval: Duration = .seconds(10)
        /// The headroom above what a vehicle draws, as a fraction of its EVSE's cap…
        var headroomFraction = 0.05
        /// …and at least this, W.
        var minimumHeadroom = 1_000.0

        func headroom(cap: Double) -> Double { max(minimumHeadroom, headroomFraction * cap) }
    }

    /// One EVSE taking part (a session runs or is about to), powers in W.
    struct Session: Sendable, Equatable {
        var evseId: Int
        /// The most this EVSE may take whatever the others do.
        var cap: Double
        /// Below this it cannot charge (AC: 6 A on the phases in use; DC: 0).
        var minimum: Double = 0
        /// What its meter shows now (nil: not read yet).
        var measured: Double?
    }

    /// What an EVSE was given and since when (time on the station's clock).
    struct Grant: Sendable, Equatable {
        var watts: Double
        var since: Duration
    }

    var configuration = Configuration()
    /// The current shares, by EVSE id.
    private(set) var grants: [Int: Grant] = [:]

    /// Shares `limit` (W) among `sessions` at `now`; every session gets an entry (0: paused).
    mutating func share(_ limit: Double, among sessions: [Session], now: Duration) -> [Int: Double] {
        var demands: [(evseId: Int, demand: Double, minimum: Double)] = []
        for session in sessions {
            // One that charges at all takes at least its minimum; one capped below it cannot charge.
            let wanted = session.cap < session.minimum ? 0 : max(session.minimum, demand(of: session, now: now))
            demands.append((session.evseId, wanted, session.minimum))
        }
        var excluded: Set<Int> = []
        var given: [Int: Double] = [:]
        while true {
            given = Self.waterFill(max(0, limit), demands.filter { !excluded.contains($0.evseId) })
            let short = demands.filter { !excluded.contains($0.evseId) && (given[$0.evseId] ?? 0) < $0.minimum }
            guard let last = short.map(\.evseId).max() else { break }
            excluded.insert(last)
        }
        var next: [Int: Grant] = [:]
        var result: [Int: Double] = [:]
        for session in sessions {
            let watts = given[session.evseId] ?? 0
            result[session.evseId] = watts
            if let old = grants[session.evseId], watts <= old.watts + 0.5 {
                next[session.evseId] = Grant(watts: watts, since: old.since)
            } else {
                next[session.evseId] = Grant(watts: watts, since: now)
            }
        }
        grants = next
        return result
    }

    /// Forgets every share (nothing is shared: no station limit, or no session).
    mutating func reset() { grants = [:] }

    /// What `session` asks for: its cap, or, once its share has stood for `interval` and it draws clearly less,
    /// what it draws plus the headroom.
    func demand(of session: Session, now: Duration) -> Double {
        guard let grant = grants[session.evseId], now - grant.since >= configuration.interval,
            let measured = session.measured
        else { return session.cap }
        let headroom = configuration.headroom(cap: session.cap)
        guard measured + headroom / 2 < grant.watts else { return session.cap }
        return min(session.cap, max(0, measured) + headroom)
    }

    /// Splits `limit` evenly, each taking at most its demand; what one leaves goes evenly to the rest. Ties in
    /// demand go in EVSE id order, so the result does not depend on the order given.
    static func waterFill(_ limit: Double, _ demands: [(evseId: Int, demand: Double, minimum: Double)]) -> [Int: Double]
    {
        let ordered = demands.sorted { ($0.demand, $0.evseId) < ($1.demand, $1.evseId) }
        var remaining = limit
        var result: [Int: Double] = [:]
        for (index, entry) in ordered.enumerated() {
            let even = remaining / Double(ordered.count - index)
            let taken = max(0, min(entry.demand, even))
            result[entry.evseId] = taken
            remaining -= taken
        }
        return result
    }
}
