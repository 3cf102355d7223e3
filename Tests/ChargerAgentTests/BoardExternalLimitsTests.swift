import ChargerAgent
import HALModbus
import OCPP
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The board file's `externalLimits` section (K11-K13 sources): a Modbus register and a digital input, each
/// checked at load with an error naming the key.
@Suite struct BoardExternalLimitsTests {
    static let board = """
        station: {id: CP-TEST, vendor: Test, model: Bench}
        csms: {url: ws://127.0.0.1:9000/ocpp, securityProfile: 0}
        stateDirectory: /tmp/state
        buses:
          lan:
            tcp: {host: 127.0.0.1, port: 1502}
        inputs:
          ripple: simulated
        evses:
          - {id: 1, connectorType: cType2, maxCurrentA: 32, phases: 3, meter: simulated, contactor: simulated,
             evBoard: simulated}
        externalLimits:
          ems:
            evse: 1
            unit: W
            modbus:
              bus: lan
              unitId: 3
              register: {function: 4, address: 0x10, type: u32, wordOrder: low-first}
              scale: 10
              noLimit: 0
              pollMs: 500
          ripple:
            source: SO
            input: ripple
            limit: 6
        """

    static func parse(_ text: String) throws(BoardConfigError) -> BoardConfig {
        try BoardConfig.parse(yaml: text, file: "board.yaml", metersDirectory: "/nonexistent")
    }

    static func failure(_ old: String, _ new: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        precondition(board.contains(old), "fixture does not contain \(old)")
        do {
            _ = try parse(board.replacingOccurrences(of: old, with: new))
            Issue.record("the board loaded", sourceLocation: sourceLocation)
            return ""
        } catch {
            return error.description
        }
    }

    @Test func aModbusRegisterAndAnInputAreRead() throws {
        let config = try Self.parse(Self.board)
        #expect(config.externalLimits.map(\.name) == ["ems", "ripple"])
        let ems = config.externalLimits[0]
        #expect(ems.source == .ems, "EMS is the default source")
        #expect(ems.evseId == 1)
        #expect(ems.unit == .w)
        #expect(ems.origin == "modbus:ems")
        guard case .modbus(let register) = ems.signal else {
            Issue.record("not a Modbus limit")
            return
        }
        #expect(register.bus == "lan" && register.unitId == 3)
        #expect(
            register.register
                == RegisterSource(function: .readInputRegisters, address: 0x10, type: .u32, wordOrder: .lowFirst)
        )
        #expect(register.poll == .milliseconds(500))
        // 1100 × 10 W; low word first on the wire.
        #expect(register.limit(from: register.register.encode(1100)[...]) == 11_000)
        #expect(register.limit(from: [0, 0][...]) == nil, "noLimit clears")

        let ripple = config.externalLimits[1]
        #expect(ripple.source == .so && ripple.evseId == 0 && ripple.unit == .a)
        #expect(ripple.signal == .input(role: "ripple", limit: 6))
        #expect(ripple.origin == "input:ripple")
    }

    @Test func mistakesNameTheirKey() {
        #expect(Self.failure("source: SO", "source: CSO").contains("externalLimits.ripple.source"))
        #expect(Self.failure("evse: 1\n", "evse: 4\n").contains("no EVSE 4"))
        #expect(Self.failure("bus: lan\n      unitId: 3", "bus: wan\n      unitId: 3").contains("unknown bus \"wan\""))
        #expect(Self.failure("input: ripple", "input: door").contains("unknown input \"door\""))
        #expect(Self.failure("function: 4", "function: 6").contains("must be 3 (holding registers) or 4"))
        #expect(Self.failure("pollMs: 500", "pollMs: 5").contains("100 to 60000"))
        #expect(Self.failure("limit: 6", "limit: -6").contains("externalLimits.ripple.limit"))
        #expect(Self.failure("unit: W", "unit: kW").contains("must be A or W"))
        #expect(Self.failure("\n    limit: 6", "").contains("externalLimits.ripple.limit"))
    }
}
