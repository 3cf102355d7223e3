import CModbus
import Dispatch
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a bus is: a serial line (RTU) or a TCP endpoint.
public enum ModbusTransport: Sendable, Hashable, CustomStringConvertible {
    case rtu(RTUSettings)
    case tcp(host: String, port: Int)

    public var description: String {
        switch self {
        case .rtu(let settings): "rtu:\(settings.device)@\(settings.baud)"
        case .tcp(let host, let port): "tcp:\(host):\(port)"
        }
    }
}

/// A serial line's settings.
public struct RTUSettings: Sendable, Hashable {
    public enum Parity: String, Sendable, Hashable {
        case none
        case even
        case odd

        var cValue: CChar {
            switch self {
            case .none: CChar(UInt8(ascii: "N"))
            case .even: CChar(UInt8(ascii: "E"))
            case .odd: CChar(UInt8(ascii: "O"))
            }
        }
    }

    public var device: String
    public var baud: Int
    public var parity: Parity
    public var dataBits: Int
    public var stopBits: Int
    /// Ask the UART driver to drive the RS-485 transceiver (`TIOCSRS485`); a port without it is used as is.
    public var rs485: Bool

    public init(
        device: String,
        baud: Int = 9600,
        parity: Parity = .none,
        dataBits: Int = 8,
        stopBits: Int = 1,
        rs485: Bool = false
    ) {
        self.device = device
        self.baud = baud
        self.parity = parity
        self.dataBits = dataBits
        self.stopBits = stopBits
        self.rs485 = rs485
    }
}

/// How long to wait and how often to try again.
public struct ModbusBusOptions: Sendable, Hashable {
    /// How long a device has to answer one request.
    public var responseTimeout: Duration
    /// Further attempts after a timeout, a garbled answer or a broken link (not after an exception answer).
    public var retries: Int
    /// How long the devices on the bus typically take to start an answer (0: not known).
    ///
    /// Only used to decide which registers are worth reading to save a request on a serial line
    /// (`ModbusTransport.worthwhileGap(turnaround:)`): the longer it is, the more a request costs.
    public var turnaround: Duration

    public init(responseTimeout: Duration = .milliseconds(500), retries: Int = 1, turnaround: Duration = .zero) {
        self.responseTimeout = responseTimeout
        self.retries = max(0, retries)
        self.turnaround = max(.zero, turnaround)
    }
}

extension ModbusTransport {
    /// The longest run of registers a poll does not need that is still cheaper to read than to skip
    /// with a separate request on this link.
    ///
    /// On TCP a request costs a round trip and a spanned register almost nothing: any gap the meter
    /// allows is worth it. On a serial line everything is paid in character times: a spanned register
    /// costs 2 characters; a further request costs its own 8 characters, the answer's 5 header and CRC
    /// characters, two t3.5 silences (3.5 characters each, a fixed 1.75 ms above 19200 baud; Modbus
    /// over serial line 2.5.1.1) and the device's turnaround. At 9600 baud 8N1 with no known
    /// turnaround that is 20 characters: gaps of up to 10 registers are read, longer ones skipped.
    public func worthwhileGap(turnaround: Duration = .zero) -> Int {
        guard case .rtu(let settings) = self else { return RegisterMap.maxRegistersPerRequest }
        let bits = 1 + settings.dataBits + (settings.parity == .none ? 0 : 1) + settings.stopBits
        let character = Double(bits) / Double(max(1, settings.baud))
        let silence = settings.baud > 19_200 ? 0.001_75 : 3.5 * character
        let parts = turnaround.components
        let wait = Double(parts.seconds) + Double(parts.attoseconds) / 1e18
        let requestCost = 13 * character + 2 * silence + wait
        return Int((requestCost / (2 * character)).rounded(.down))
    }
}

/// A Modbus exception code from a device's answer.
public struct ModbusException: Sendable, Hashable, CustomStringConvertible {
    public var code: Int

    public init(code: Int) { self.code = code }

    /// The name the Modbus application protocol gives the code.
    public var name: String {
        switch code {
        case 1: "illegal function"
        case 2: "illegal data address"
        case 3: "illegal data value"
        case 4: "server device failure"
        case 5: "acknowledge"
        case 6: "server device busy"
        case 7: "negative acknowledge"
        case 8: "memory parity error"
        case 10: "gateway path unavailable"
        case 11: "gateway target device failed to respond"
        default: "exception \(code)"
        }
    }

    public var description: String { "exception \(code) (\(name))" }
}

/// Why a request on the bus failed.
public enum ModbusError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No answer within the response timeout.
    case timeout
    /// The device answered with an exception.
    case exception(ModbusException)
    /// An answer arrived but was garbled (bad CRC, wrong length or function).
    case invalidResponse(String)
    /// The link could not be opened or broke (missing serial device, refused connection).
    case connectionFailed(String)

    public var description: String {
        switch self {
        case .timeout: "no answer within the response timeout"
        case .exception(let exception): "device answered \(exception)"
        case .invalidResponse(let reason): "invalid answer: \(reason)"
        case .connectionFailed(let reason): "link failed: \(reason)"
        }
    }
}

/// Counters of what a bus did, for diagnostics and measurements.
public struct ModbusBusStatistics: Sendable, Hashable {
    /// Requests put on the wire, retries included.
    public var requests = 0
    public var failures = 0
    public var connects = 0
}

/// The owner of one Modbus bus: all meters on the line share it and their requests go out one at a time.
///
/// libmodbus blocks its caller, so every call runs on this bus's own serial dispatch queue, never on
/// Swift's cooperative pool; the queue also serializes the requests of several meters. After a timeout,
/// a garbled answer or a broken link the request is retried, reconnecting first where the link broke.
public actor ModbusBus {
    public nonisolated let transport: ModbusTransport
    public nonisolated let options: ModbusBusOptions
    let link: ModbusLink
    let queue: DispatchQueue

    public init(transport: ModbusTransport, options: ModbusBusOptions = ModbusBusOptions(), logger: Logger? = nil) {
        self.transport = transport
        self.options = options
        self.link = ModbusLink(
            transport: transport,
            options: options,
            logger: logger ?? Logger(label: "charger-agent.modbus")
        )
        self.queue = DispatchQueue(label: "charger-agent.modbus.\(transport)")
    }

    /// Reads `count` registers (1...125) starting at `address` from device `unit`.
    public func readRegisters(
        unit: UInt8,
        function: FunctionCode,
        address: UInt16,
        count: Int
    ) async throws(ModbusError) -> [UInt16] {
        let link = self.link
        let result: Result<[UInt16], ModbusError> = await withCheckedContinuation { continuation in
            queue.async {
                continuation.resume(
                    returning: link.read(unit: unit, function: function, address: address, count: count)
                )
            }
        }
        return try result.get()
    }

    /// Opens the link now (it is otherwise opened by the first request), to report a missing device at start.
    public func connect() async throws(ModbusError) {
        let link = self.link
        let result: Result<Void, ModbusError> = await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: link.open()) }
        }
        try result.get()
    }

    /// Closes the link; the next request opens it again.
    public func close() async {
        let link = self.link
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            queue.async {
                link.close()
                continuation.resume()
            }
        }
    }

    public var statistics: ModbusBusStatistics {
        get async {
            let link = self.link
            return await withCheckedContinuation { continuation in
                queue.async { continuation.resume(returning: link.statistics) }
            }
        }
    }
}

/// The libmodbus context of one bus. Only ever used on its bus's serial queue, hence `@unchecked Sendable`.
final class ModbusLink: @unchecked Sendable {
    let transport: ModbusTransport
    let options: ModbusBusOptions
    let logger: Logger
    var context: OpaquePointer?
    var statistics = ModbusBusStatistics()

    init(transport: ModbusTransport, options: ModbusBusOptions, logger: Logger) {
        self.transport = transport
        self.options = options
        self.logger = logger
    }

    deinit { close() }

    func close() {
        guard let context else { return }
        modbus_close(context)
        modbus_free(context)
        self.context = nil
    }

    func open() -> Result<Void, ModbusError> {
        if context != nil { return .success(()) }
        let created: OpaquePointer?
        switch transport {
        case .rtu(let settings):
            created = modbus_new_rtu(
                settings.device,
                Int32(settings.baud),
                settings.parity.cValue,
                Int32(settings.dataBits),
                Int32(settings.stopBits)
            )
        case .tcp(let host, let port):
            created = modbus_new_tcp_pi(host, String(port))
        }
        guard let created else {
            return .failure(.connectionFailed("\(transport): \(Self.describe(cmodbus_errno()))"))
        }
        let timeout = options.responseTimeout.components
        let microseconds = timeout.attoseconds / 1_000_000_000_000
        modbus_set_response_timeout(created, UInt32(timeout.seconds), UInt32(microseconds))
        statistics.connects += 1
        if modbus_connect(created) != 0 {
            let error = cmodbus_errno()
            modbus_free(created)
            let target =
                switch transport {
                case .rtu(let settings): "serial device \(settings.device)"
                case .tcp(let host, let port): "\(host):\(port)"
                }
            return .failure(.connectionFailed("cannot open \(target): \(Self.describe(error))"))
        }
        if case .rtu(let settings) = transport, settings.rs485 {
            if modbus_rtu_set_serial_mode(created, Int32(MODBUS_RTU_RS485)) != 0 {
                // A pty or a USB adapter with automatic direction control has no RS-485 ioctl; it works as is.
                logger.notice(
                    "RS-485 mode not available; using the port as is",
                    metadata: ["device": "\(settings.device)", "error": "\(Self.describe(cmodbus_errno()))"]
                )
            }
        }
        context = created
        return .success(())
    }

    func read(unit: UInt8, function: FunctionCode, address: UInt16, count: Int) -> Result<[UInt16], ModbusError> {
        guard (1...RegisterMap.maxRegistersPerRequest).contains(count) else {
            return .failure(.invalidResponse("cannot read \(count) registers in one request"))
        }
        return attempting(unit: unit, what: "read") { context in
            var registers = [UInt16](repeating: 0, count: count)
            let received = registers.withUnsafeMutableBufferPointer { buffer in
                switch function {
                case .readHoldingRegisters:
                    modbus_read_registers(context, Int32(address), Int32(count), buffer.baseAddress)
                case .readInputRegisters:
                    modbus_read_input_registers(context, Int32(address), Int32(count), buffer.baseAddress)
                }
            }
            if received == Int32(count) { return .success(registers) }
            return .failure(
                received < 0 ? Self.classify(cmodbus_errno()) : .invalidResponse("\(received) of \(count) registers")
            )
        }
    }

    /// Runs one request on `unit` with the bus's retries: (re)opens the link, counts requests and failures, and
    /// after a failure makes sure a late or partial answer is not taken for the next request's. An exception
    /// answer is final (the device understood and refused).
    func attempting<T>(
        unit: UInt8,
        what: String,
        _ request: (OpaquePointer) -> Result<T, ModbusError>
    ) -> Result<T, ModbusError> {
        var lastError = ModbusError.timeout
        for attempt in 0...options.retries {
            if case .failure(let error) = open() {
                lastError = error
                statistics.failures += 1
                continue
            }
            guard let context else { continue }
            modbus_set_slave(context, Int32(unit))
            statistics.requests += 1
            let error: ModbusError
            switch request(context) {
            case .success(let value): return .success(value)
            case .failure(let failure): error = failure
            }
            statistics.failures += 1
            lastError = error
            switch error {
            case .exception:
                return .failure(error)
            case .connectionFailed:
                close()
            case .timeout, .invalidResponse:
                // A late or partial answer must not be taken for the next request's.
                if case .tcp = transport {
                    close()
                } else {
                    modbus_flush(context)
                }
            }
            logger.debug(
                "Modbus request failed",
                metadata: [
                    "bus": "\(transport)", "unit": "\(unit)", "request": "\(what)", "attempt": "\(attempt + 1)",
                    "error": "\(error)",
                ]
            )
        }
        return .failure(lastError)
    }

    static func classify(_ error: Int32) -> ModbusError {
        if error == ETIMEDOUT { return .timeout }
        if error > CMODBUS_ENOBASE && error <= CMODBUS_EMBXGTAR {
            return .exception(ModbusException(code: Int(error - CMODBUS_ENOBASE)))
        }
        if error == CMODBUS_EMBBADCRC { return .invalidResponse("bad CRC") }
        if error == CMODBUS_EMBBADDATA || error == CMODBUS_EMBBADEXC || error == CMODBUS_EMBMDATA
            || error == CMODBUS_EMBBADSLAVE || error == CMODBUS_EMBUNKEXC
        {
            return .invalidResponse(describe(error))
        }
        return .connectionFailed(describe(error))
    }

    static func describe(_ error: Int32) -> String {
        guard let text = modbus_strerror(error) else { return "error \(error)" }
        return String(cString: text)
    }
}
