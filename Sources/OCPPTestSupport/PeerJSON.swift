import Foundation

/// A JSON value as a peer prints it, with accessors that read well in assertions.
///
/// `value["a"]["b"][0].string`: every step returns `.null` when the path does not exist, so a missing field
/// fails the `#expect` that reads it instead of trapping. `members` tells a field that is `null` from one
/// that is missing.
public enum PeerJSON: Sendable, Equatable, Decodable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([PeerJSON])
    case object([String: PeerJSON])

    public init(from decoder: any Decoder) throws {
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let flag = try? single.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? single.decode(Double.self) {
            self = .number(number)
        } else if let text = try? single.decode(String.self) {
            self = .string(text)
        } else if let elements = try? single.decode([PeerJSON].self) {
            self = .array(elements)
        } else {
            self = .object(try single.decode([String: PeerJSON].self))
        }
    }

    /// One line a peer printed: the JSON value, or the line as a string when it is not JSON (so it still
    /// shows in a failure's transcript).
    public init(line: some Collection<UInt8>) {
        let data = Data(line)
        self = (try? JSONDecoder().decode(PeerJSON.self, from: data)) ?? .string(String(decoding: data, as: UTF8.self))
    }

    public subscript(_ key: String) -> PeerJSON {
        if case .object(let members) = self { members[key] ?? .null } else { .null }
    }

    public subscript(_ index: Int) -> PeerJSON {
        if case .array(let elements) = self, elements.indices.contains(index) { elements[index] } else { .null }
    }

    public var string: String? { if case .string(let text) = self { text } else { nil } }
    public var number: Double? { if case .number(let number) = self { number } else { nil } }
    public var bool: Bool? { if case .bool(let flag) = self { flag } else { nil } }
    /// The value as an integer, if it is a whole number.
    public var int: Int? {
        guard let number, number.rounded() == number, abs(number) < 1e15 else { return nil }
        return Int(number)
    }
    public var elements: [PeerJSON] { if case .array(let elements) = self { elements } else { [] } }
    /// The fields of an object (empty for anything else).
    public var members: [String: PeerJSON] { if case .object(let members) = self { members } else { [:] } }
    public var isNull: Bool { self == .null }
    /// The `event` field every peer line carries.
    public var event: String? { self["event"].string }

    public var description: String {
        switch self {
        case .null: "null"
        case .bool(let flag): "\(flag)"
        case .number(let number): int.map { "\($0)" } ?? "\(number)"
        case .string(let text): "\"\(text)\""
        case .array(let elements): "[" + elements.map(\.description).joined(separator: ",") + "]"
        case .object(let members):
            "{" + members.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}"
        }
    }
}
