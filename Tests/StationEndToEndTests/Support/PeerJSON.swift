import Foundation

/// A JSON value as the CSMS peer prints it, with accessors that read well in assertions.
///
/// `value["a"]["b"][0].string`: every step returns `nil`-like `.null` when the path does not exist, so a
/// missing field fails the `#expect` that reads it instead of trapping.
enum PeerJSON: Sendable, Equatable, Decodable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([PeerJSON])
    case object([String: PeerJSON])

    init(from decoder: any Decoder) throws {
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

    subscript(_ key: String) -> PeerJSON {
        if case .object(let members) = self { members[key] ?? .null } else { .null }
    }

    subscript(_ index: Int) -> PeerJSON {
        if case .array(let elements) = self, elements.indices.contains(index) { elements[index] } else { .null }
    }

    var string: String? { if case .string(let text) = self { text } else { nil } }
    var number: Double? { if case .number(let number) = self { number } else { nil } }
    /// The value as an integer, if it is a whole number.
    var int: Int? {
        guard let number, number.rounded() == number, abs(number) < 1e15 else { return nil }
        return Int(number)
    }
    var elements: [PeerJSON] { if case .array(let elements) = self { elements } else { [] } }
    var isNull: Bool { self == .null }

    var description: String {
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
