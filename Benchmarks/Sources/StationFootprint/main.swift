// Memory per charging station (2 simulated EVSEs, in-memory store, in-memory link): constructed, and
// running (booting, hardware watched, meters polled). Measured as the growth of the resident set
// (/proc/self/statm) over many stations, divided by their number: malloc.h is not in Swift's Glibc module.
import ChargingStation
import Foundation
import Glibc
import HALSimulated
import Logging
import OCPPRPC
import StationStore

/// Resident memory of this process in bytes.
func heapInUse() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}

let count = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 200
let quiet = Logger(label: "footprint", factory: { _ in SwiftLogNoOpLogHandler() })
var stations: [ChargingStation] = []
var links: [(InMemoryTransport, InMemoryTransport)] = []
stations.reserveCapacity(count)
links.reserveCapacity(count)

let baseline = heapInUse()
for index in 0..<count {
    let clock = ContinuousClock()
    let link = InMemoryTransport.pair()
    let simulation = SimulatedStation(evseCount: 2, clock: clock, now: { Date() })
    let session = RPCSession(
        transport: link.0,
        configuration: .init(stationId: "CS-\(index)"),
        clock: clock,
        logger: quiet
    )
    stations.append(
        ChargingStation(
            identity: StationIdentity(stationId: "CS-\(index)", vendorName: "charger-agent", model: "footprint"),
            session: session,
            hardware: simulation.hardware,
            store: InMemoryStationStore(),
            clock: clock,
            logger: quiet
        )
    )
    links.append(link)
}
let constructed = heapInUse()

let tasks = stations.map { station in Task { await station.run() } }
for link in links { link.0.connect() }
try await Task.sleep(for: .seconds(1.5))
let running = heapInUse()

print("RESULT station-constructed \((constructed - baseline) / count) bytes/station (\(count) stations, 2 EVSEs each)")
print("RESULT station-running \((running - baseline) / count) bytes/station (booting, meters polled every 1 s)")
for task in tasks { task.cancel() }
for link in links { link.0.close() }
