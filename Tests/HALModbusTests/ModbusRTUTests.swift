import HAL
import OCPPTestSupport
import Testing

@testable import HALModbus

@Suite("Modbus RTU over a socat pty pair with a pymodbus RTU server", .serialized)
struct ModbusRTUTests {
    /// A pty pair, the server on B and a meter on A (SDM630 map, unit 1).
    struct Rig {
        let pty: PtyPair
        let server: ModbusServerPeer
        let bus: ModbusBus
        let meter: ModbusEnergyMeter

        static func start() async throws -> Rig {
            let map = try RegisterMap.load(
                path: TestEnvironment.metersDirectory.appendingPathComponent("eastron-sdm630-v2.yaml").path
            )
            let pty = try await PtyPair()
            let server: ModbusServerPeer
            do {
                server = try await ModbusServerPeer.rtu(
                    image: RegisterImage(map: map, values: ExpectedValues.values).json(unit: 1),
                    device: pty.b
                )
            } catch {
                pty.stop()
                throw error
            }
            let bus = ModbusBus(
                transport: .rtu(RTUSettings(device: pty.a, baud: 9600, rs485: true)),
                options: ModbusBusOptions(responseTimeout: .milliseconds(300), retries: 1)
            )
            return Rig(pty: pty, server: server, bus: bus, meter: ModbusEnergyMeter(unit: 1, map: map, bus: bus))
        }

        func stop() async {
            await bus.close()
            server.stop()
            pty.stop()
        }

        func expectGoodRead() async throws {
            let reading = try await meter.read()
            #expect(reading.energyImport == 1_234_500)
            #expect(isClose(reading.voltage.l3, 229.8))
        }
    }

    @Test("a good read (RS-485 mode is refused by the pty and the port is used as is)")
    func goodRead() async throws {
        let rig = try await Rig.start()
        do { try await rig.expectGoodRead() } catch { Issue.record(error) }
        await rig.stop()
    }

    @Test("a meter that does not answer is a timeout")
    func timeout() async throws {
        let rig = try await Rig.start()
        do {
            try await rig.server.command("{\"cmd\":\"silent\"}")
            await #expect(throws: MeterError.timeout) { _ = try await rig.meter.read() }
            try await rig.server.command("{\"cmd\":\"normal\"}")
            try await rig.expectGoodRead()
        } catch { Issue.record(error) }
        await rig.stop()
    }

    @Test(
        "exception answers carry the exception's name",
        arguments: [(2, "illegal data address", true), (4, "server device failure", false)]
    )
    func exception(code: Int, name: String, invalidData: Bool) async throws {
        let rig = try await Rig.start()
        do {
            try await rig.server.command("{\"cmd\":\"exception\",\"code\":\(code)}")
            await #expect {
                _ = try await rig.meter.read()
            } throws: { error in
                switch error as? MeterError {
                case .invalidData(let reason): invalidData && reason.contains(name)
                case .communicationFailure(let reason): !invalidData && reason.contains(name)
                default: false
                }
            }
            try await rig.server.command("{\"cmd\":\"normal\"}")
            try await rig.expectGoodRead()
        } catch { Issue.record(error) }
        await rig.stop()
    }

    @Test("an answer with a bad CRC is invalid data, and the next good answer is used")
    func badCRC() async throws {
        let rig = try await Rig.start()
        do {
            try await rig.server.command("{\"cmd\":\"garbage\"}")
            await #expect {
                _ = try await rig.meter.read()
            } throws: { error in
                guard case .invalidData(let reason) = error as? MeterError else { return false }
                return reason.contains("CRC")
            }
            try await rig.server.command("{\"cmd\":\"normal\"}")
            try await rig.expectGoodRead()
        } catch { Issue.record(error) }
        await rig.stop()
    }

    @Test("a server that disappears times out, and is read again when it comes back")
    func disappearsAndComesBack() async throws {
        let rig = try await Rig.start()
        do {
            try await rig.expectGoodRead()
            try await rig.server.command("{\"cmd\":\"stop\"}")
            await #expect(throws: MeterError.timeout) { _ = try await rig.meter.read() }
            try await rig.server.command("{\"cmd\":\"start\"}")
            try await rig.expectGoodRead()
        } catch { Issue.record(error) }
        await rig.stop()
    }

    @Test("a missing serial device is a communication failure naming the device")
    func missingDevice() async throws {
        let bus = ModbusBus(transport: .rtu(RTUSettings(device: "/dev/ttyNoSuchMeter")))
        await #expect {
            try await bus.connect()
        } throws: { error in
            guard case .connectionFailed(let reason) = error as? ModbusError else { return false }
            return reason.contains("/dev/ttyNoSuchMeter")
        }
    }
}
