import OCPP
import Synchronization

/// Routes control-socket requests to the station they name: one station behind `chargerd`'s socket,
/// hundreds behind `charger-sim`'s.
///
/// A request without "station" goes to the only station; with several it is refused with the list of
/// ids. `stations` is answered here. Stations may be added and removed while the server runs.
public final class ControlRouter: Sendable {
    private let stations: Mutex<[String: any StationControlling]>

    public init(stations: [String: any StationControlling] = [:]) {
        self.stations = Mutex(stations)
    }

    /// Adds (or replaces) the station with `id`.
    public func register(_ id: String, _ controller: any StationControlling) {
        stations.withLock { $0[id] = controller }
    }

    public func unregister(_ id: String) {
        _ = stations.withLock { $0.removeValue(forKey: id) }
    }

    /// The ids served, sorted.
    public var stationIds: [String] { stations.withLock { $0.keys.sorted() } }

    /// Answers one request line (without its newline); never throws: bad input gets an error response.
    public func respond(toLine line: some Collection<UInt8>) async -> ControlResponse {
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes: Array(line))
        } catch {
            return ControlResponse(id: .null, outcome: .failure(ControlRequest.badRequest("not valid JSON")))
        }
        let request: ControlRequest
        do throws(ControlError) {
            request = try ControlRequest(json: value)
        } catch {
            // Echo the id when the line was at least a JSON object with one.
            return ControlResponse(id: value["id"] ?? .null, outcome: .failure(error))
        }
        return await respond(to: request)
    }

    /// Answers one request.
    public func respond(to request: ControlRequest) async -> ControlResponse {
        do throws(ControlError) {
            return ControlResponse(id: request.id, outcome: .success(try await handle(request)))
        } catch {
            return ControlResponse(id: request.id, outcome: .failure(error))
        }
    }

    private func handle(_ request: ControlRequest) async throws(ControlError) -> JSONValue {
        if request.cmd == "stations" {
            return ["stations": .array(stationIds.map { .string($0) })]
        }
        guard request.args.objectValue != nil else {
            throw ControlError(.badArguments, "\"args\" must be a JSON object")
        }
        let controller = try controller(for: request.station)
        return try await controller.handle(command: request.cmd, args: request.args)
    }

    private func controller(for station: String?) throws(ControlError) -> any StationControlling {
        let (found, ids): ((any StationControlling)?, [String]) = stations.withLock { stations in
            if let station { return (stations[station], []) }
            if stations.count == 1, let only = stations.values.first { return (only, []) }
            return (nil, stations.keys.sorted())
        }
        if let found { return found }
        if let station {
            throw ControlError(.unknownStation, "no station '\(station)' here; `stations` lists the ids served")
        }
        if ids.isEmpty { throw ControlError(.unknownStation, "no station is served yet") }
        let shown = ids.prefix(20).joined(separator: ", ") + (ids.count > 20 ? ", … (\(ids.count) in all)" : "")
        throw ControlError(.stationRequired, "this socket serves several stations; name one with \"station\": \(shown)")
    }
}
