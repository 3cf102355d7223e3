import FleetSimulation
import Foundation
import Testing

/// The shipped fleet file, found from this file's path.
private let emartJeju: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.appendingPathComponent("BoardConfigs/fleets/emart-jeju.yaml").path
}()

/// A small valid fleet; each bad-file test breaks one thing in it.
private let smallFleet = """
    fleet: test
    profiles:
      ac: {maxPowerKW: 7.4, phases: 1, arrivalsPerHour: 1, dwellMinutes: [30, 60], energyKWh: [5, 10], idToken: T1}
    stores:
      - id: store_a
        name: "Store A"
        latitude: 33.5
        longitude: 126.5
        chargers:
          - {id: a_01, kind: dc, ratedPowerKW: 100, latitude: 33.50005, longitude: 126.50005, evProfile: ac}
          - {id: a_02, kind: ac, ratedPowerKW: 7, latitude: 33.5, longitude: 126.5001, evProfile: ac}
    """

private func parse(_ text: String) throws(FleetConfigError) -> FleetConfig {
    try FleetConfig.parse(yaml: text, file: "fleet.yaml")
}

/// The error `text` gives; fails the test if it loads.
private func error(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> FleetConfigError? {
    do {
        _ = try parse(text)
        Issue.record("the fleet loaded, but an error was expected", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

private func replacing(_ old: String, with new: String) -> String {
    #expect(smallFleet.contains(old), "test fixture lacks \(old)")
    return smallFleet.replacingOccurrences(of: old, with: new)
}

@Suite("Fleet file: the E-Mart Jeju fleet")
struct FleetEmartJejuTests {
    let fleet: FleetConfig

    init() throws {
        fleet = try FleetConfig.load(path: emartJeju)
    }

    @Test("34 chargers at three stores, with the seed's ids")
    func chargers() {
        #expect(fleet.name == "emart-jeju")
        #expect(fleet.chargers.count == 34)
        #expect(fleet.stores.map(\.id) == ["emart_jeju", "emart_shinjeju", "emart_seogwipo"])
        for store in fleet.stores {
            for (index, charger) in store.chargers.enumerated() {
                #expect(charger.id == String(format: "%@_%02d", store.id, index + 1))
                #expect(charger.storeId == store.id)
            }
        }
        #expect(Set(fleet.chargers.map(\.id)).count == 34)
    }

    @Test("Ratings: 7 kW AC and 50/100/200 kW DC; the scenario chargers are big enough")
    func ratings() throws {
        for charger in fleet.chargers {
            switch charger.kind {
            case .ac: #expect(charger.ratedPowerKW == 7, "\(charger.id)")
            case .dc: #expect([50, 100, 200].contains(charger.ratedPowerKW), "\(charger.id)")
            }
        }
        func rating(_ id: String) -> Double? { fleet.chargers.first { $0.id == id }?.ratedPowerKW }
        #expect(try #require(rating("emart_jeju_01")) >= 200)
        #expect(try #require(rating("emart_jeju_02")) >= 100)
        #expect(try #require(rating("emart_shinjeju_01")) >= 50)
        #expect(Set(fleet.chargers.map(\.kind)) == [.ac, .dc])
        #expect(Set(fleet.chargers.filter { $0.kind == .dc }.map(\.ratedPowerKW)) == [50, 100, 200])
    }

    @Test("Store coordinates as in the issue; chargers within a few metres of their store")
    func coordinates() throws {
        let expected: [String: (Double, Double)] = [
            "emart_jeju": (33.5140, 126.5270), "emart_shinjeju": (33.4890, 126.4880),
            "emart_seogwipo": (33.2520, 126.5100),
        ]
        for store in fleet.stores {
            let (latitude, longitude) = try #require(expected[store.id])
            #expect(abs(store.latitude - latitude) < 1e-9 && abs(store.longitude - longitude) < 1e-9)
            for charger in store.chargers {
                // 0.0005° is about 55 m north-south and 46 m east-west on Jeju.
                #expect(abs(charger.latitude - latitude) < 0.0005, "\(charger.id)")
                #expect(abs(charger.longitude - longitude) < 0.0005, "\(charger.id)")
                #expect(charger.latitude != latitude || charger.longitude != longitude, "\(charger.id)")
            }
        }
    }

    @Test("Every charger has an EV profile that makes vehicles come")
    func profiles() {
        for charger in fleet.chargers {
            let profile = fleet.profiles[charger.evProfile]
            #expect(profile != nil, "\(charger.id)")
            #expect((profile?.arrivalsPerHour ?? 0) > 0, "\(charger.id)")
        }
    }

    @Test("--stations repeats the fleet with suffixed ids; --only picks chargers")
    func selection() throws {
        let hundred = try fleet.selectChargers(count: 100)
        #expect(hundred.count == 100)
        #expect(Set(hundred.map(\.id)).count == 100)
        #expect(hundred[0].id == "emart_jeju_01")
        #expect(hundred[34].id == "emart_jeju_01_x1")
        #expect(hundred[34].ratedPowerKW == hundred[0].ratedPowerKW)
        #expect(hundred[99].id == fleet.chargers[99 % 34].id + "_x2")
        #expect(try fleet.selectChargers(count: 3).map(\.id) == ["emart_jeju_01", "emart_jeju_02", "emart_jeju_03"])
        let only = try fleet.selectChargers(only: ["emart_shinjeju_01", "emart_jeju_01"])
        #expect(only.map(\.id) == ["emart_jeju_01", "emart_shinjeju_01"])
        #expect(throws: FleetConfig.SelectionError.unknownCharger(id: "emart_mars_01", file: emartJeju)) {
            try fleet.selectChargers(only: ["emart_jeju_01", "emart_mars_01"])
        }
        #expect(throws: FleetConfig.SelectionError.stationCount(0)) { try fleet.selectChargers(count: 0) }
    }
}

@Suite("Fleet file: validation errors name the file and key")
struct FleetValidationTests {
    @Test("The fixture itself loads")
    func fixtureLoads() throws {
        let fleet = try parse(smallFleet)
        #expect(fleet.chargers.map(\.id) == ["a_01", "a_02"])
        #expect(fleet.chargers[0].phases == 1)
    }

    @Test("A missing file")
    func missingFile() {
        #expect(throws: FleetConfigError.self) { try FleetConfig.load(path: "/nonexistent/fleet.yaml") }
        do {
            _ = try FleetConfig.load(path: "/nonexistent/fleet.yaml")
        } catch {
            #expect(error.file == "/nonexistent/fleet.yaml")
            #expect(error.problem.hasPrefix("cannot be read"))
        }
    }

    @Test("YAML syntax errors carry the line")
    func syntax() {
        let failure = error("fleet: x\nprofiles: {a: [1, 2}\n")
        #expect(failure?.line == 2)
        #expect(failure?.problem.hasPrefix("is not valid YAML") == true)
    }

    @Test("Duplicate charger ids, also across stores")
    func duplicateCharger() {
        let text =
            smallFleet + """

                  - id: store_b
                    name: "Store B"
                    latitude: 33.4
                    longitude: 126.4
                    chargers:
                      - {id: a_02, kind: ac, ratedPowerKW: 7, latitude: 33.4, longitude: 126.4, evProfile: ac}
                """
        let failure = error(text)
        #expect(failure?.key == "stores[1].chargers[0].id")
        #expect(failure?.problem == "duplicate charger id a_02 (also stores[0].chargers[1].id)")
        #expect(failure?.description.hasPrefix("fleet.yaml: stores[1].chargers[0].id: ") == true)
    }

    @Test("Unknown kind, unknown profile, unknown key")
    func unknowns() {
        let kind = error(replacing("kind: dc", with: "kind: hydrogen"))
        #expect(kind?.key == "stores[0].chargers[0].kind")
        #expect(kind?.problem == "must be ac or dc, not \"hydrogen\"")
        let profile = error(
            replacing("longitude: 126.50005, evProfile: ac", with: "longitude: 126.50005, evProfile: bus")
        )
        #expect(profile?.key == "stores[0].chargers[0].evProfile")
        #expect(profile?.problem == "unknown EV profile \"bus\"; profiles has ac")
        let key = error(replacing("    name: \"Store A\"", with: "    name: \"Store A\"\n    city: Jeju"))
        #expect(key?.key == "stores[0].city")
        #expect(key?.problem.hasPrefix("unknown key; expected one of id, name") == true)
    }

    @Test("Ratings out of range for the kind")
    func ratings() {
        let ac = error(replacing("kind: ac, ratedPowerKW: 7", with: "kind: ac, ratedPowerKW: 50"))
        #expect(ac?.key == "stores[0].chargers[1].ratedPowerKW")
        #expect(ac?.problem == "an ac charger must be rated above 0 and at most 22.1 kW, not 50.0")
        let dc = error(replacing("ratedPowerKW: 100", with: "ratedPowerKW: -5"))
        #expect(dc?.key == "stores[0].chargers[0].ratedPowerKW")
        let text = error(replacing("ratedPowerKW: 100", with: "ratedPowerKW: fast"))
        #expect(text?.problem == "must be a number, not \"fast\"")
    }

    @Test("Coordinates: out of range, or a charger far from its store")
    func coordinates() {
        let latitude = error(replacing("    latitude: 33.5\n", with: "    latitude: 133.5\n"))
        #expect(latitude?.key == "stores[0].latitude")
        #expect(latitude?.problem == "must be -90 to 90 degrees, not 133.5")
        let far = error(replacing("latitude: 33.50005,", with: "latitude: 33.6,"))
        #expect(far?.key == "stores[0].chargers[0]")
        #expect(far?.problem.contains("m from its store's point") == true)
        let missing = error(replacing("latitude: 33.5, longitude: 126.5001, ", with: "longitude: 126.5001, "))
        #expect(missing?.key == "stores[0].chargers[1].latitude")
        #expect(missing?.problem == "is missing")
    }

    @Test("Profiles: ranges and limits")
    func profiles() {
        let dwell = error(replacing("dwellMinutes: [30, 60]", with: "dwellMinutes: [60, 30]"))
        #expect(dwell?.key == "profiles.ac.dwellMinutes")
        #expect(dwell?.problem == "must be [low, high] with 0 ≤ low ≤ high, not [60.0, 30.0]")
        let energy = error(replacing("energyKWh: [5, 10]", with: "energyKWh: 5"))
        #expect(energy?.key == "profiles.ac.energyKWh")
        #expect(energy?.problem == "must be [low, high] in kWh, not 5")
        let phases = error(replacing("phases: 1", with: "phases: 4"))
        #expect(phases?.key == "profiles.ac.phases")
        let token = error(replacing("idToken: T1", with: "idToken: \(String(repeating: "X", count: 37))"))
        #expect(token?.key == "profiles.ac.idToken")
    }

    @Test("Identities must fit in a URL")
    func identity() {
        let failure = error(replacing("id: a_01", with: "id: \"a/01\""))
        #expect(failure?.key == "stores[0].chargers[0].id")
        #expect(failure?.problem.contains("may use only letters, digits") == true)
    }

    @Test("Empty stores and a missing fleet name")
    func structure() {
        #expect(error("fleet: x\nprofiles: {}\nstores: []\n")?.key == "profiles")
        let profilesOnly = String(smallFleet.prefix(upTo: smallFleet.range(of: "stores:")!.lowerBound))
        let noStores = error(profilesOnly + "stores: []\n")
        #expect(noStores?.key == "stores")
        #expect(noStores?.problem == "must be a non-empty list of stores")
        #expect(error(replacing("fleet: test\n", with: ""))?.key == "fleet")
    }
}

/// Every fleet file the repository ships loads through the real loader.
@Suite("Shipped fleet files all load")
struct ShippedFleetFileTests {
    @Test("every fleet file")
    func fleets() throws {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        let folder = url.appendingPathComponent("BoardConfigs/fleets").path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let files = names.filter { $0.hasSuffix(".yaml") }.sorted().map { "\(folder)/\($0)" }
        #expect(!files.isEmpty)
        for file in files {
            let fleet = try FleetConfig.load(path: file)
            #expect(!fleet.stores.isEmpty, "\(file)")
        }
    }
}
