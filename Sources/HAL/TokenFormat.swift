/// How what a card reader delivers (typed characters or UID bytes) becomes the idToken the station sends.
///
/// Readers disagree about the same card: a PN532 hands over the UID bytes as the card sent them, a
/// keyboard-wedge reader types them as hexadecimal, or as one decimal number, sometimes with the bytes
/// reversed. The board file says which, so the CSMS sees one idToken per card whatever reader read it.
public struct TokenFormat: Sendable, Hashable {
    /// How a keyboard-wedge reader writes the card's identifier.
    public enum Encoding: String, Sendable, Hashable, CaseIterable {
        /// Hexadecimal digits (either case); sent in upper case.
        case hex
        /// One decimal number, the UID's bytes as a big-endian integer; sent as upper-case hexadecimal.
        case decimal
        /// Any characters, sent as they were typed (PIN pads, printed card numbers).
        case text
    }

    /// The order of the UID's bytes in the idToken, relative to the order the reader gives them.
    public enum ByteOrder: String, Sendable, Hashable, CaseIterable {
        case asRead
        case reversed
    }

    /// The longest idToken OCPP 2.0.1 accepts (IdTokenType.idToken, identifierString 36).
    public static let maxLength = 36

    public var type: TokenType
    public var encoding: Encoding
    /// Applies to `hex` and `decimal`; `text` is sent as typed.
    public var byteOrder: ByteOrder
    /// For `decimal`: the UID's length in bytes, so leading zero bytes are kept (decimal 1193046 with 4
    /// bytes is 00123456); `nil` uses as few whole bytes as the number needs.
    public var uidBytes: Int?

    public init(
        type: TokenType = .iso14443,
        encoding: Encoding = .hex,
        byteOrder: ByteOrder = .asRead,
        uidBytes: Int? = nil
    ) {
        self.type = type
        self.encoding = encoding
        self.byteOrder = byteOrder
        self.uidBytes = uidBytes
    }

    /// The token for the characters a keyboard-wedge reader typed before Enter.
    ///
    /// The error says what was wrong without repeating the characters: a token is not written to logs.
    public func token(fromTyped text: String) throws(TokenFormatError) -> PresentedToken {
        let typed = text.trimmingSpaces
        guard !typed.isEmpty else { throw .empty }
        let id: String
        switch encoding {
        case .text:
            id = typed
        case .hex:
            guard typed.utf8.allSatisfy(\.isHexDigit) else { throw .notHex(length: typed.utf8.count) }
            var digits = typed.uppercased()
            if byteOrder == .reversed {
                if digits.utf8.count % 2 == 1 { digits = "0" + digits }
                id = Self.hex(Self.bytes(ofHex: digits).reversed())
            } else {
                id = digits
            }
        case .decimal:
            guard typed.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
                throw .notDecimal(length: typed.utf8.count)
            }
            guard let number = UInt64(typed) else { throw .tooLarge(digits: typed.utf8.count) }
            var bytes: [UInt8] = []
            var rest = number
            repeat {
                bytes.insert(UInt8(truncatingIfNeeded: rest), at: 0)
                rest >>= 8
            } while rest > 0
            if let uidBytes {
                guard bytes.count <= uidBytes else { throw .tooManyBytes(bytes.count, expected: uidBytes) }
                bytes.insert(contentsOf: [UInt8](repeating: 0, count: uidBytes - bytes.count), at: 0)
            }
            id = Self.hex(byteOrder == .reversed ? bytes.reversed() : bytes)
        }
        guard id.utf8.count <= Self.maxLength else { throw .tooLong(id.utf8.count) }
        return PresentedToken(id: id, type: type)
    }

    /// The token for a UID read as bytes (libnfc's `abtUid`, first byte first): upper-case hexadecimal.
    public func token(fromUID uid: [UInt8]) throws(TokenFormatError) -> PresentedToken {
        guard !uid.isEmpty else { throw .empty }
        let id = Self.hex(byteOrder == .reversed ? uid.reversed() : uid)
        guard id.utf8.count <= Self.maxLength else { throw .tooLong(id.utf8.count) }
        return PresentedToken(id: id, type: type)
    }

    /// Bytes as upper-case hexadecimal, two digits each.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var text: [UInt8] = []
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The bytes of an even-length string of hexadecimal digits.
    private static func bytes(ofHex digits: String) -> [UInt8] {
        let nibbles = digits.utf8.map { $0.hexValue }
        return stride(from: 0, to: nibbles.count, by: 2).map { nibbles[$0] << 4 | nibbles[$0 + 1] }
    }
}

/// Why what a reader delivered is not a token. Never carries the characters themselves.
public enum TokenFormatError: Error, Sendable, Hashable, CustomStringConvertible {
    case empty
    case notHex(length: Int)
    case notDecimal(length: Int)
    /// More decimal digits than a 64-bit UID holds.
    case tooLarge(digits: Int)
    /// The decimal number needs more bytes than the configured UID length.
    case tooManyBytes(Int, expected: Int)
    case tooLong(Int)

    public var description: String {
        switch self {
        case .empty: "an empty line (Enter alone)"
        case .notHex(let length): "\(length) characters that are not all hexadecimal digits"
        case .notDecimal(let length): "\(length) characters that are not all decimal digits"
        case .tooLarge(let digits): "a \(digits)-digit number, larger than a UID of 8 bytes"
        case .tooManyBytes(let count, let expected): "a number of \(count) bytes, more than the \(expected) configured"
        case .tooLong(let length): "\(length) characters, more than the \(TokenFormat.maxLength) OCPP allows"
        }
    }
}

extension UInt8 {
    fileprivate var isHexDigit: Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(self)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(self)
    }

    /// The value of a hexadecimal digit already checked by `isHexDigit`.
    fileprivate var hexValue: UInt8 {
        switch self {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): self - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): self - UInt8(ascii: "a") + 10
        default: self - UInt8(ascii: "A") + 10
        }
    }
}

extension String {
    /// Without leading and trailing spaces and tabs (readers pad some fields).
    fileprivate var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
