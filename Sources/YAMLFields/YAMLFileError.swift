/// A data file that cannot be used: the file, the key, what is wrong and, for YAML syntax, the line.
public struct YAMLFileError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// The path of the offending key, e.g. `evses[0].meter.model`; empty for the whole file.
    public var key: String
    /// The 1-based line, when known (YAML syntax errors).
    public var line: Int?
    public var problem: String

    public init(file: String, key: String, line: Int? = nil, problem: String) {
        self.file = file
        self.key = key
        self.line = line
        self.problem = problem
    }

    public var description: String {
        let location = line.map { "\(file):\($0)" } ?? file
        return key.isEmpty ? "\(location): \(problem)" : "\(location): \(key): \(problem)"
    }
}
