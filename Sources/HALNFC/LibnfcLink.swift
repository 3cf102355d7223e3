import CNFC

#if canImport(Glibc)
import Glibc
#endif

/// A failed libnfc call, naming the reader's connstring and what libnfc said.
public struct NFCError: Error, Sendable, Hashable, CustomStringConvertible {
    public var connstring: String
    public var call: String
    /// libnfc's NFC_E* code (negative).
    public var code: Int32

    /// The reader itself is gone or unusable (not one failed look at the field).
    public var meansLost: Bool { cnfc_error_means_lost(code) }

    public var description: String {
        "\(call) \(connstring): \(String(cString: cnfc_error_text(code)))"
    }
}

/// One reader opened through libnfc. Only ever used on its reader's serial queue (libnfc's calls block
/// for the UART's timeouts), hence `@unchecked Sendable`.
final class LibnfcLink: @unchecked Sendable {
    let connstring: String
    private var device: OpaquePointer?

    init(connstring: String) {
        self.connstring = connstring
    }

    deinit {
        close()
    }

    var isOpen: Bool { device != nil }

    /// Opens the reader and makes it an initiator that does not wait for a card; the driver's name for it.
    func open() throws(NFCError) -> String {
        guard let context = LibnfcContext.shared.pointer else {
            throw NFCError(connstring: connstring, call: "nfc_init", code: NFC_ESOFT)
        }
        var error: Int32 = 0
        guard let opened = cnfc_open(context, connstring, &error) else {
            throw NFCError(connstring: connstring, call: "nfc_open", code: error)
        }
        device = opened
        return cnfc_device_name(opened).map { String(cString: $0) } ?? connstring
    }

    func close() {
        guard let device else { return }
        cnfc_close(device)
        self.device = nil
    }

    /// The UID of the ISO/IEC 14443 type A card in the field, first byte first; nil when there is none.
    func pollISO14443A() throws(NFCError) -> [UInt8]? {
        guard let device else { throw NFCError(connstring: connstring, call: "poll", code: NFC_ENOTSUCHDEV) }
        var uid = [UInt8](repeating: 0, count: 10)
        let length = uid.withUnsafeMutableBufferPointer { cnfc_poll_iso14443a(device, $0.baseAddress, 10) }
        if length < 0 {
            throw NFCError(connstring: connstring, call: "nfc_initiator_select_passive_target", code: length)
        }
        return length == 0 ? nil : Array(uid.prefix(Int(length)))
    }
}

/// The process's one libnfc context, never released.
///
/// libnfc 1.8 keeps its list of drivers in a process-wide variable that `nfc_init` fills and `nfc_exit`
/// empties for every context: a second reader (or a test) calling `nfc_exit` would leave every other
/// context with "no driver available". So one context is made on first use and lives as long as the
/// process. Only its pointer is shared; libnfc reads it in `nfc_open`. Hence `@unchecked Sendable`.
final class LibnfcContext: @unchecked Sendable {
    static let shared = LibnfcContext()

    let pointer: OpaquePointer?

    private init() {
        // libnfc writes its own errors to stderr, one per failed open: every retry while a reader is
        // unplugged. The reader logs the loss once itself, so libnfc is quiet unless the environment
        // asks for its log (LIBNFC_LOG_LEVEL=3 when debugging a reader).
        setenv("LIBNFC_LOG_LEVEL", "0", 0)
        pointer = cnfc_init()
    }
}
