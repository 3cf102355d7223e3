/// The value of a YAML null (`~`, `null`, `Null`, `NULL` or nothing at all after a key).
///
/// A loaded document holds it where a key is present but empty, so a reader can tell `maxGap:` (given, with
/// no value: an error) from a missing `maxGap` (the default). It prints as `null` in error messages.
public struct YAMLNull: Hashable, Sendable, CustomStringConvertible {
    public init() {}

    public var description: String { "null" }
}
